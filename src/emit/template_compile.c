/*
 * template_compile.c - mofgen_tmplc, the build-time tool that compiles the
 * built-in templates to C.
 *
 *     mofgen_tmplc OUTPUT.inc TEMPLATE.tmpl...
 *
 * Each template is parsed by template.c, as mofgen parses it, and its tree
 * is written out as one C function that renders it: text becomes a call
 * with a constant length, a name a chain of lookups by key number, a block
 * a C block.  template.c includes OUTPUT.inc and uses a function only for
 * a template whose text is the one it was compiled from (the file holds
 * that text too), so a --template-dir copy that differs is still rendered
 * from its own tree.  What the functions call (ct_find, ct_put, ...) is
 * defined in template.c, next to the renderer they stand in for.
 *
 * The functions report no errors: where the tree would fail (a missing
 * name, a boolean printed) they return -1 and the tree renders the file
 * again, with the message.  The output is written to OUTPUT.inc.tmp and
 * renamed, so a failed run leaves no half-written file for the build.
 */
#include "template.h"
#include "template_tree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the distinct names the templates use, numbered in order of use ---- */

typedef struct key_list {
    const char **names;
    size_t count, capacity;
} key_list;

static size_t key_index(key_list *keys, uint32_t key)
{
    const char *name = tmpl_key_name(key);
    for (size_t i = 0; i < keys->count; i++)
        if (strcmp(keys->names[i], name) == 0)
            return i;
    if (keys->count == keys->capacity) {
        keys->capacity = keys->capacity ? 2 * keys->capacity : 64;
        keys->names = realloc(keys->names, keys->capacity * sizeof *keys->names);
        if (!keys->names) {
            fputs("mofgen_tmplc: out of memory\n", stderr);
            exit(1);
        }
    }
    keys->names[keys->count] = name;
    return keys->count++;
}

/* ---- writing C ---- */

typedef struct writer {
    FILE *out;
    key_list keys;
    unsigned next_id; /* numbers the variables of one function's blocks */
} writer;

static void indent(writer *w, unsigned depth)
{
    for (unsigned i = 0; i < depth; i++)
        fputs("    ", w->out);
}

static void line(writer *w, unsigned depth, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void line(writer *w, unsigned depth, const char *fmt, ...)
{
    indent(w, depth);
    va_list args;
    va_start(args, fmt);
    vfprintf(w->out, fmt, args);
    va_end(args);
    fputc('\n', w->out);
}

/* `n` bytes as a C string literal: octal escapes for anything but plain
 * printable ASCII (and for '?', so no trigraph forms), lines cut after
 * each '\n' so the file stays readable. */
static void literal(writer *w, const char *s, size_t n)
{
    fputc('"', w->out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '?')
            fputc(c, w->out);
        else
            fprintf(w->out, "\\%03o", c);
        if (c == '\n' && i + 1 < n)
            fputs("\"\n        \"", w->out);
    }
    fputc('"', w->out);
}

static void filters(writer *w, const node *n)
{
    if (n->filter_count == 0) {
        fputs("NULL, 0", w->out);
        return;
    }
    fputs("(const unsigned char[]){", w->out);
    for (unsigned i = 0; i < n->filter_count; i++)
        fprintf(w->out, "%s%u", i ? ", " : "", n->filters[i]);
    fprintf(w->out, "}, %u", n->filter_count);
}

/* The expression for the entry a name names, looked up from scope `sc`. */
static void lookup(writer *w, const node *n, const char *sc)
{
    for (unsigned k = n->path_count; k-- > 1;)
        fputs("ct_child(", w->out);
    fprintf(w->out, "ct_find(%s, ct_keys[%zu])", sc, key_index(&w->keys, n->path[0]));
    for (unsigned k = 1; k < n->path_count; k++)
        fprintf(w->out, ", ct_keys[%zu])", key_index(&w->keys, n->path[k]));
}

/* Declares `const map_entry *v<id>`: the entry of `n`'s name, or of its
 * @-name (the second letter tells which: @index, @number, @first, @last). */
static void entry(writer *w, unsigned depth, const template *t, const node *n, const char *sc, unsigned id)
{
    if (n->path_count == 0) {
        line(w, depth, "map_entry t%u;", id);
        line(w, depth, "char d%u[24];", id);
        line(w, depth, "const map_entry *v%u = ct_at_name(%s, '%c', &t%u, d%u, sizeof d%u);", id, sc,
             t->text[n->text.offset + 1], id, id, id);
        return;
    }
    indent(w, depth);
    fprintf(w->out, "const map_entry *v%u = ", id);
    lookup(w, n, sc);
    fputs(";\n", w->out);
}

static void body(writer *w, unsigned depth, const template *t, const node_list *list, const char *sc);

static void branches(writer *w, unsigned depth, const template *t, const node *n, size_t first, const char *sc)
{
    const node *branch = &n->children.items[first];
    if (branch->is_else) {
        body(w, depth, t, &branch->children, sc);
        return;
    }
    unsigned id = w->next_id++;
    entry(w, depth, t, branch, sc, id);
    line(w, depth, "int b%u = ct_truth(v%u);", id, id);
    line(w, depth, "if (b%u < 0)", id);
    line(w, depth + 1, "return -1;");
    line(w, depth, "if (b%u %s 0) {", id, branch->negate ? "==" : "!=");
    body(w, depth + 1, t, &branch->children, sc);
    if (first + 1 < n->children.count) {
        line(w, depth, "} else {");
        branches(w, depth + 1, t, n, first + 1, sc);
    }
    line(w, depth, "}");
}

static void section(writer *w, unsigned depth, const template *t, const node *n, const char *sc)
{
    unsigned id = w->next_id++;
    char inner[32];
    snprintf(inner, sizeof inner, "s%u", id);
    line(w, depth, "{");
    entry(w, depth + 1, t, n, sc, id);
    if (n->kind == NODE_WITH) {
        line(w, depth + 1, "const tmpl_value *m%u = ct_section(v%u, VALUE_MAP);", id, id);
        line(w, depth + 1, "if (!m%u)", id);
        line(w, depth + 2, "return -1;");
        line(w, depth + 1, "const scope x%u = {.map = m%u, .outer = %s};", id, id, sc);
        line(w, depth + 1, "const scope *s%u = &x%u;", id, id);
        body(w, depth + 1, t, &n->children, inner);
    } else {
        line(w, depth + 1, "const tmpl_value *l%u = ct_section(v%u, VALUE_LIST);", id, id);
        line(w, depth + 1, "if (!l%u)", id);
        line(w, depth + 2, "return -1;");
        line(w, depth + 1, "for (size_t i%u = 0, n%u = l%u->as.list.count; i%u < n%u; i%u++) {", id, id, id, id, id, id);
        line(w, depth + 2, "const scope x%u = {.map = l%u->as.list.items[i%u], .outer = %s, .is_item = true, "
                           ".index = i%u, .count = n%u};", id, id, id, sc, id, id);
        line(w, depth + 2, "const scope *s%u = &x%u;", id, id);
        body(w, depth + 2, t, &n->children, inner);
        line(w, depth + 1, "}");
    }
    line(w, depth, "}");
}

static void body(writer *w, unsigned depth, const template *t, const node_list *list, const char *sc)
{
    for (size_t i = 0; i < list->count; i++) {
        const node *n = &list->items[i];
        const char *text = t->text + n->text.offset;
        switch (n->kind) {
        case NODE_TEXT:
        case NODE_LITERAL:
            if (n->text.length == 0)
                break;
            indent(w, depth);
            if (n->kind == NODE_TEXT || n->filter_count == 0) {
                fputs("ct_text(r, ", w->out);
                literal(w, text, n->text.length);
                fprintf(w->out, ", %zu);\n", n->text.length);
            } else {
                fputs("filter_chain(r, ", w->out);
                filters(w, n);
                fputs(", ", w->out);
                literal(w, text, n->text.length);
                fprintf(w->out, ", %zu);\n", n->text.length);
            }
            break;
        case NODE_VALUE: {
            unsigned id = w->next_id++;
            line(w, depth, "{");
            entry(w, depth + 1, t, n, sc, id);
            indent(w, depth + 1);
            fprintf(w->out, "if (ct_put(r, v%u, ", id);
            filters(w, n);
            fputs(") != 0)\n", w->out);
            line(w, depth + 2, "return -1;");
            line(w, depth, "}");
            break;
        }
        case NODE_EACH:
        case NODE_WITH: section(w, depth, t, n, sc); break;
        case NODE_IF:
            line(w, depth, "{");
            branches(w, depth + 1, t, n, 0, sc);
            line(w, depth, "}");
            break;
        case NODE_INCLUDE:
            line(w, depth, "if (ct_include(r, ct_keys[%zu], %s) != 0)", key_index(&w->keys, n->path[0]), sc);
            line(w, depth + 1, "return -1;");
            break;
        case NODE_BRANCH: break; /* only inside NODE_IF */
        }
    }
}

static void write_function(writer *w, size_t index, const template *t)
{
    w->next_id = 1;
    /* The name in a comment, where it cannot end one. */
    fprintf(w->out, "/* %s */\n", strstr(t->name, "*/") || strchr(t->name, '\n') ? "(a template)" : t->name);
    fprintf(w->out, "static int ct_render_%zu(renderer *r, const scope *s0)\n{\n    (void)s0;\n", index);
    body(w, 1, t, &t->root, "s0");
    fputs("    return 0;\n}\n\n", w->out);
}

static int write_set(FILE *out, const tmpl_set *set)
{
    /* The functions first, into memory: the key table they index goes
     * before them, and is known only once they are written. */
    char *functions = NULL;
    size_t functions_length = 0;
    FILE *mem = open_memstream(&functions, &functions_length);
    if (!mem)
        return -1;
    writer w = {.out = mem};
    for (size_t i = 0; i < set->count; i++)
        write_function(&w, i, &set->items[i]);
    if (fclose(mem) != 0)
        return -1;
    w.out = out;
    fputs("/* compiled_templates.inc - the built-in templates compiled to C by mofgen_tmplc\n"
          " * (src/emit/template_compile.c), for template.c.  Generated at build time. */\n\n",
          out);
    fprintf(out, "static const char *const ct_key_names[%zu] = {\n", w.keys.count);
    for (size_t i = 0; i < w.keys.count; i++) {
        fputs("    ", out);
        literal(&w, w.keys.names[i], strlen(w.keys.names[i]));
        fputs(",\n", out);
    }
    fprintf(out, "};\nstatic uint32_t ct_keys[%zu]; /* their key numbers */\n\n", w.keys.count);
    fputs("static void compiled_keys_intern(void)\n{\n"
          "    static bool done;\n"
          "    for (size_t i = 0; !done && i < sizeof ct_keys / sizeof ct_keys[0]; i++)\n"
          "        ct_keys[i] = key_intern(ct_key_names[i], strlen(ct_key_names[i]));\n"
          "    done = true;\n}\n\n",
          out);
    fwrite(functions, 1, functions_length, out);
    free(functions);
    fprintf(out, "static const size_t compiled_template_count = %zu;\n", set->count);
    fputs("static const compiled_entry compiled_templates[] = {\n", out);
    for (size_t i = 0; i < set->count; i++) {
        const template *t = &set->items[i];
        fputs("    {", out);
        literal(&w, t->name, strlen(t->name));
        fputs(",\n     ", out);
        literal(&w, t->text, t->length);
        fprintf(out, ",\n     %zu, ct_render_%zu},\n", t->length, i);
    }
    fputs("};\n", out);
    free(w.keys.names);
    return ferror(out) ? -1 : 0;
}

/* ---- the tool ---- */

static char *read_all(const char *path, size_t *length)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t capacity = 4096, n = 0;
    char *text = malloc(capacity);
    size_t got;
    while (text && (got = fread(text + n, 1, capacity - n, f)) > 0) {
        n += got;
        if (n == capacity)
            text = realloc(text, capacity *= 2);
    }
    if (!text || ferror(f)) {
        free(text);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *length = n;
    return text;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: mofgen_tmplc OUTPUT.inc TEMPLATE.tmpl...\n", stderr);
        return 2;
    }
    tmpl_set *set = tmpl_set_new();
    char **sources = calloc((size_t)argc, sizeof *sources);
    if (!sources)
        return 1;
    for (int i = 2; i < argc; i++) {
        size_t length = 0;
        sources[i - 2] = read_all(argv[i], &length);
        if (!sources[i - 2]) {
            fprintf(stderr, "mofgen_tmplc: cannot read %s\n", argv[i]);
            return 1;
        }
        const char *slash = strrchr(argv[i], '/');
        const char *name = slash ? slash + 1 : argv[i];
        tmpl_error err;
        if (tmpl_set_add(set, name, sources[i - 2], length, &err) != 0) {
            fprintf(stderr, "%s:%u:%u: error: %s\n", argv[i], err.line, err.column, err.message);
            return 1;
        }
        if (set->count != (size_t)(i - 1)) {
            fprintf(stderr, "mofgen_tmplc: %s: two templates of that name\n", argv[i]);
            return 1;
        }
    }
    char temp[4096];
    if (snprintf(temp, sizeof temp, "%s.tmp", argv[1]) >= (int)sizeof temp) {
        fputs("mofgen_tmplc: output path too long\n", stderr);
        return 1;
    }
    FILE *out = fopen(temp, "w");
    if (!out || write_set(out, set) != 0 || fclose(out) != 0 || rename(temp, argv[1]) != 0) {
        fprintf(stderr, "mofgen_tmplc: cannot write %s\n", argv[1]);
        remove(temp);
        return 1;
    }
    for (int i = 0; i < argc - 2; i++)
        free(sources[i]);
    free(sources);
    tmpl_set_free(set);
    return 0;
}
