/*
 * include.c - reading a set of MOF files and everything they #pragma include.
 *
 * Includes are spliced in place, so the declarations come out in the order a
 * reader of the files would meet them.  A name is resolved against the
 * including file's folder first, then each -I folder in order.  A file that
 * is already being read is a cycle (an error); one that was read before is
 * skipped with a warning, so a shared qualifiers.mof can be named twice.
 */
#include "parse.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct include_state {
    arena *arena;
    diag_engine *diag;
    source_set *sources;
    const parse_options *opts;
    ast_unit *out;
    ptr_vec open_files; /* char *: canonical paths of the files being read */
    ptr_vec open_names; /* char *: their names as diagnostics show them */
    /* The canonical paths of the files read: a set, open addressing with
     * linear probing, at most half full (a schema is thousands of files). */
    struct {
        const char **slots;
        size_t size, count;
    } done_files;
    unsigned max_depth;
    unsigned long long input_left; /* bytes all files together may still take */
} include_state;

static bool contains(const ptr_vec *v, const char *path)
{
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->items[i], path) == 0)
            return true;
    return false;
}

static size_t path_hash(const char *path)
{
    size_t h = 14695981039346656037u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)path; *p; p++)
        h = (h ^ *p) * 1099511628211u;
    return h;
}

static size_t done_slot(const include_state *st, const char *path)
{
    size_t mask = st->done_files.size - 1, i = path_hash(path) & mask;
    while (st->done_files.slots[i] && strcmp(st->done_files.slots[i], path) != 0)
        i = (i + 1) & mask;
    return i;
}

static bool is_done(const include_state *st, const char *path)
{
    return st->done_files.size && st->done_files.slots[done_slot(st, path)];
}

static void add_done(include_state *st, const char *path)
{
    if ((st->done_files.count + 1) * 2 > st->done_files.size) {
        const char **old = st->done_files.slots;
        size_t old_size = st->done_files.size;
        st->done_files.size = old_size ? old_size * 2 : 64;
        st->done_files.slots = arena_alloc(st->arena, st->done_files.size * sizeof *old);
        for (size_t i = 0; i < old_size; i++)
            if (old[i])
                st->done_files.slots[done_slot(st, old[i])] = old[i];
    }
    size_t i = done_slot(st, path);
    if (!st->done_files.slots[i]) {
        st->done_files.slots[i] = path;
        st->done_files.count++;
    }
}

static char *dir_of(arena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == path)
        return arena_strdup(a, "/");
    return slash ? arena_strndup(a, path, (size_t)(slash - path)) : arena_strdup(a, ".");
}

/* DIR/NAME, with one '/' between them however many DIR ends with ("-I
 * idir/" names "idir/c.mof", not "idir//c.mof"). */
static char *join_path(arena *a, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (n == 1 && dir[0] == '/')
        return arena_printf(a, "/%s", name);
    return arena_printf(a, "%.*s/%s", (int)n, dir, name);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* NAME under DIR with each path component matched ignoring case, as on
 * the Windows machines schemas are written on ("core/cim_x.mof" for
 * "Core/CIM_X.mof"); NULL when nothing matches.  Where a folder holds
 * several spellings (Foo.mof and FOO.MOF) they are tried in byte order,
 * so the result does not depend on the order the folder lists them in. */
static char *find_ignoring_case(arena *a, const char *dir, const char *name)
{
    while (*name == '/')
        name++;
    if (!*name)
        return source_file_exists(dir) ? arena_strdup(a, dir) : NULL;
    const char *slash = strchr(name, '/');
    size_t n = slash ? (size_t)(slash - name) : strlen(name);
    char *part = arena_printf(a, "%.*s", (int)n, name);
    ptr_vec matches = {0};
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));)
        if (strcasecmp(e->d_name, part) == 0)
            ptr_vec_push(a, &matches, arena_strdup(a, e->d_name));
    if (d)
        closedir(d);
    if (matches.count > 1)
        qsort(matches.items, matches.count, sizeof *matches.items, compare_names);
    for (size_t i = 0; i < matches.count; i++) {
        char *found = find_ignoring_case(a, join_path(a, dir, matches.items[i]), name + n);
        if (found)
            return found;
    }
    return NULL;
}

/* The file NAME names from FROM: in FROM's folder, then each -I folder.
 * Failing that, as a Windows tool would find it: with '\' as a separator
 * and ignoring case (and a warning, since that file is not portable). */
/* The folders an include in FROM is looked for in, in order: FROM's own,
 * then each -I folder.  Their number in *count. */
static const char **search_dirs(include_state *st, const source_file *from, size_t *count)
{
    *count = st->opts->include_dir_count + 1;
    const char **dirs = arena_alloc(st->arena, *count * sizeof *dirs);
    dirs[0] = dir_of(st->arena, from->path);
    for (size_t i = 1; i < *count; i++)
        dirs[i] = st->opts->include_dirs[i - 1];
    return dirs;
}

static const char *resolve(include_state *st, const source_file *from, const char *name, const mof_location *at)
{
    size_t dir_count;
    const char **dirs = search_dirs(st, from, &dir_count);
    if (name[0] == '/')
        return source_exists(st->sources, name) ? name : NULL;
    for (size_t i = 0; i < dir_count; i++) {
        char *candidate = join_path(st->arena, dirs[i], name);
        if (source_exists(st->sources, candidate))
            return candidate;
    }
    char *portable = arena_strdup(st->arena, name);
    for (char *c = portable; *c; c++)
        if (*c == '\\')
            *c = '/';
    for (size_t i = 0; i < dir_count; i++) {
        char *candidate;
        if (st->sources->memory) { /* no folders to list: '\' read as '/' only */
            candidate = join_path(st->arena, dirs[i], portable);
            if (!source_exists(st->sources, candidate))
                candidate = NULL;
        } else {
            candidate = find_ignoring_case(st->arena, dirs[i], portable);
        }
        if (candidate) {
            diag_warning(st->diag, W_INCLUDE_PATH, at, "'%s' is found as '%s' only %s", name, candidate,
                         strcmp(portable, name) != 0 ? "with '\\' read as '/'" : "by ignoring case");
            return candidate;
        }
    }
    return NULL;
}

/* Why NAME could not be read from any folder: the gcc-style note. */
static void explain_missing(include_state *st, const source_file *from, const char *name)
{
    size_t dir_count;
    const char **dirs = search_dirs(st, from, &dir_count);
    for (size_t i = 0; i < dir_count; i++) {
        char *candidate = name[0] == '/' ? arena_strdup(st->arena, name) : join_path(st->arena, dirs[i], name);
        struct stat info;
        if (stat(candidate, &info) == 0 && !S_ISREG(info.st_mode)) {
            diag_note(st->diag, NULL, "'%s' is %s, not a MOF file", candidate,
                      S_ISDIR(info.st_mode) ? "a folder" : "a device or other special file");
            return;
        }
        if (name[0] == '/')
            return;
    }
    char *where = arena_printf(st->arena, "'%s'", dirs[0]);
    for (size_t i = 1; i < dir_count; i++)
        where = arena_printf(st->arena, "%s, '%s'", where, dirs[i]);
    diag_note(st->diag, NULL, "looked in %s%s", where, st->opts->include_dir_count ? "" : "; add folders to search with -I DIR");
}

/* The first place NAME would be found that is a symbolic link leading
 * round in a circle (stat fails with ELOOP), or NULL: "cannot find" would
 * send the user looking for a file that is there. */
static const char *symlink_loop(include_state *st, const source_file *from, const char *name)
{
    size_t dir_count;
    const char **dirs = search_dirs(st, from, &dir_count);
    for (size_t i = 0; i < dir_count; i++) {
        char *candidate = name[0] == '/' ? arena_strdup(st->arena, name) : join_path(st->arena, dirs[i], name);
        struct stat info;
        if (stat(candidate, &info) != 0 && errno == ELOOP)
            return candidate;
        if (name[0] == '/')
            break;
    }
    return NULL;
}

/* The name diagnostics use: as written relative to the including file. */
static char *display_name(arena *a, const source_file *from, const char *resolved)
{
    (void)from;
    const char *p = resolved;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    return arena_strdup(a, p);
}

static void read_file(include_state *st, const char *path, const char *name, const source_file *from,
                      const mof_location *at);

static void handle_include(include_state *st, const source_file *from, const ast_pragma *p)
{
    if (p->arguments.count == 1 && ((ast_value *)p->arguments.items[0])->kind == VAL_NULL)
        return; /* a string literal with an error, reported where it is */
    if (p->arguments.count != 1 || ((ast_value *)p->arguments.items[0])->kind != VAL_STRING) {
        diag_error(st->diag, &p->loc, "#pragma include takes one string: #pragma include(\"file.mof\")");
        return;
    }
    const char *name = ((ast_value *)p->arguments.items[0])->u.text;
    const mof_location *at = AST_WHERE((const ast_value *)p->arguments.items[0]);
    if (!name[0]) {
        diag_error(st->diag, at, "#pragma include(\"\") names no file");
        return;
    }
    const char *path = resolve(st, from, name, at);
    const char *loop = path ? NULL : symlink_loop(st, from, name);
    if (loop) {
        diag_error(st->diag, at, "cannot read included file '%s': '%s' is a symbolic link loop (%s)", name, loop,
                   strerror(ELOOP));
        return;
    }
    if (!path) {
        diag_error(st->diag, at, "cannot find included file '%s'", name);
        explain_missing(st, from, name);
        return;
    }
    read_file(st, path, display_name(st->arena, from, path), from, &p->loc);
}

enum { MAX_INCLUDE_DEPTH = 200 };

static void read_file(include_state *st, const char *path, const char *name, const source_file *from,
                      const mof_location *at)
{
    /* Each level is a parse in progress on the stack (some kilobytes), so
     * --max-depth raises this only up to MAX_INCLUDE_DEPTH; real schemas
     * nest includes a few deep (the CIM Schema: 2). */
    unsigned limit = st->max_depth < MAX_INCLUDE_DEPTH ? st->max_depth : MAX_INCLUDE_DEPTH;
    if (st->open_files.count >= limit) {
        diag_error(st->diag, at, "including '%s' nests #pragma include %zu deep; at most %u levels are allowed%s", name,
                   (size_t)st->open_files.count + 1, limit, limit < MAX_INCLUDE_DEPTH ? " (--max-depth raises the limit)" : "");
        return;
    }
    char canonical_buf[PATH_MAX];
    const char *canonical = source_is_stdin(path) ? SOURCE_STDIN_NAME
                                                  : source_canonical(st->sources, path, canonical_buf, sizeof canonical_buf);
    if (!canonical)
        canonical = path;
    if (contains(&st->open_files, canonical)) {
        /* The whole cycle, from the file that is being read again. */
        size_t first = 0;
        while (strcmp(st->open_files.items[first], canonical) != 0)
            first++;
        char *cycle = arena_strdup(st->arena, "");
        for (size_t i = first; i < st->open_names.count; i++)
            cycle = arena_printf(st->arena, "%s%s -> ", cycle, (const char *)st->open_names.items[i]);
        diag_error(st->diag, at, "'%s' includes itself (include cycle): %s%s", name, cycle, name);
        return;
    }
    if (is_done(st, canonical)) {
        diag_warning(st->diag, W_DUPLICATE_INCLUDE, at, "'%s' was already read; skipped", name);
        return;
    }
    char why[256];
    source_file *file = source_load(st->sources, path, name, st->input_left, why, sizeof why);
    if (!file) {
        if (at)
            diag_error(st->diag, at, "cannot read '%s': %s", name, why);
        else
            diag_plain_error(st->diag, "cannot read '%s': %s", name, why);
        return;
    }
    st->input_left -= file->size_read < st->input_left ? file->size_read : st->input_left;
    file->included_from = from;
    if (at)
        file->include_location = *at;
    char *key = arena_strdup(st->arena, canonical);
    if (file->encoding_error) {
        /* Reported once, at the first bad byte; the rest is not parsed. */
        mof_location where = {file, file->encoding_line, file->encoding_column, file->encoding_line,
                              file->encoding_column};
        diag_error(st->diag, &where, "%s", file->encoding_error);
        add_done(st, key);
        return;
    }
    ptr_vec_push(st->arena, &st->open_files, key);
    ptr_vec_push(st->arena, &st->open_names, file->name);

    ast_unit local = {0};
    parse_file(st->arena, st->diag, file, &local, st->max_depth);
    for (size_t i = 0; i < local.decls.count; i++) {
        ast_decl *d = local.decls.items[i];
        if (d->kind == DECL_PRAGMA && strcasecmp(d->u.pragma->name, "include") == 0)
            handle_include(st, file, d->u.pragma);
        else
            ptr_vec_push(st->arena, &st->out->decls, d);
    }
    st->open_files.count--;
    st->open_names.count--;
    add_done(st, key);
}

ast_unit *parse_files(arena *a, diag_engine *diag, source_set *sources, const char *const *paths,
                      size_t path_count, const parse_options *opts)
{
    static const parse_options no_options = {0};
    include_state st = {.arena = a, .diag = diag, .sources = sources, .opts = opts ? opts : &no_options};
    st.max_depth = st.opts->max_depth ? st.opts->max_depth : PARSE_DEFAULT_MAX_DEPTH;
    st.input_left = st.opts->max_input_size ? st.opts->max_input_size : SOURCE_DEFAULT_MAX_INPUT;
    st.out = arena_alloc(a, sizeof *st.out);
    /* A file's diagnostics after an include line come out after the
     * included file's, as a reader meets them. */
    diag_sort_begin(diag);
    for (size_t i = 0; i < path_count; i++)
        read_file(&st, paths[i], source_is_stdin(paths[i]) ? SOURCE_STDIN_NAME : paths[i], NULL, NULL);
    diag_sort_end(diag);
    return st.out;
}
