/*
 * source.c - loading MOF files: encodings, BOMs, and line lookup.
 */
#include "source.h"

#include "arena.h"
#include "mofrt.h"
#include "utf8.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool source_is_stdin(const char *path)
{
    return strcmp(path, "-") == 0;
}

bool source_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* `path` with "./", "//" and "dir/.." folded ("a/./b//../c" is "a/c"):
 * how a memory table's paths are matched.  Returns false when the result
 * does not fit in `size`. */
static bool fold_path(const char *path, char *out, size_t size)
{
    size_t n = 0, root = path[0] == '/';
    if (size < 2)
        return false;
    if (root)
        out[n++] = '/';
    for (const char *p = path; *p;) {
        while (*p == '/')
            p++;
        size_t len = strcspn(p, "/");
        if (len == 0)
            break;
        size_t last = n; /* where the last part kept starts */
        while (last > root && out[last - 1] != '/')
            last--;
        bool last_is_up = n - last == 2 && out[last] == '.' && out[last + 1] == '.';
        if (len == 1 && p[0] == '.') {
            /* "a/./b" is "a/b" */
        } else if (len == 2 && p[0] == '.' && p[1] == '.' && n > root && !last_is_up) {
            n = last > root ? last - 1 : root; /* "a/b/.." is "a" */
        } else {
            if (n + len + 2 > size)
                return false;
            if (n > root)
                out[n++] = '/';
            memcpy(out + n, p, len);
            n += len;
        }
        p += len;
    }
    out[n] = '\0';
    return true;
}

static const source_memory_file *find_in_memory(const source_set *set, const char *path)
{
    char folded[4096], entry[4096];
    if (!fold_path(path, folded, sizeof folded))
        return NULL;
    for (size_t i = 0; i < set->memory_count; i++)
        if (fold_path(set->memory[i].path, entry, sizeof entry) && strcmp(entry, folded) == 0)
            return &set->memory[i];
    return NULL;
}

bool source_exists(const source_set *set, const char *path)
{
    return set->memory ? find_in_memory(set, path) != NULL : source_file_exists(path);
}

const char *source_canonical(const source_set *set, const char *path, char *buf, size_t size)
{
    if (set->memory)
        return fold_path(path, buf, size) ? buf : NULL;
    /* The device and inode: one stat, where realpath reads every link
     * of every folder on the way (the CIM Schema is 1,600 files). */
    struct stat st;
    if (stat(path, &st) != 0)
        return NULL;
    int n = snprintf(buf, size, "%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
    return n > 0 && (size_t)n < size ? buf : NULL;
}

static void free_file(source_file *f)
{
    free(f->path);
    free(f->name);
    free(f->text);
    free(f->line_starts);
    free(f->encoding_error);
    free(f);
}

void source_set_free(source_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        free_file(set->files[i]);
    free(set->files);
    set->files = NULL;
    set->count = 0;
}

/* What decoding found wrong, if anything: the first problem only. */
typedef struct decode_problem {
    char message[200];
    size_t offset;      /* in the decoded text */
    bool found;
} decode_problem;

static void note_problem(decode_problem *p, size_t offset, const char *message)
{
    if (p->found)
        return;
    p->found = true;
    p->offset = offset;
    snprintf(p->message, sizeof p->message, "%s", message);
}

static const uint32_t replacement = 0xFFFD;

/* UTF-16 (after its BOM) to UTF-8.  An unpaired surrogate becomes U+FFFD;
 * an odd byte at the end is dropped; both are noted in `problem`. */
static char *utf16_to_utf8(const unsigned char *in, size_t n, bool big_endian, size_t *out_len,
                           decode_problem *problem)
{
    char *out = xmalloc(n / 2 * 3 + 2);
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned long u = big_endian ? (unsigned long)(in[i] << 8 | in[i + 1])
                                     : (unsigned long)(in[i + 1] << 8 | in[i]);
        unsigned long lo = 0;
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < n)
            lo = big_endian ? (unsigned long)(in[i + 2] << 8 | in[i + 3])
                            : (unsigned long)(in[i + 3] << 8 | in[i + 2]);
        if (u >= 0xD800 && u < 0xDC00 && lo >= 0xDC00 && lo <= 0xDFFF) {
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            char message[120];
            snprintf(message, sizeof message, "invalid UTF-16: unpaired surrogate 0x%04lX", u);
            note_problem(problem, o, message);
            u = replacement;
        }
        if (u == 0)
            u = ' '; /* a NUL would end the text early; the scanner reports it */
        o += mofrt_utf8_encode((uint32_t)u, out + o);
    }
    if (n % 2)
        note_problem(problem, o, "invalid UTF-16: the file ends in the middle of a character (an odd number of bytes)");
    out[o] = out[o + 1] = '\0';
    *out_len = o;
    return out;
}

/* UTF-32 (after its BOM) to UTF-8: rare, but unambiguous with a BOM, and
 * read as UTF-16 it would be nonsense.  A unit that is no Unicode scalar
 * value becomes U+FFFD; bytes past the last whole unit are dropped. */
static char *utf32_to_utf8(const unsigned char *in, size_t n, bool big_endian, size_t *out_len,
                           decode_problem *problem)
{
    char *out = xmalloc(n / 4 * 4 + 2);
    size_t o = 0;
    for (size_t i = 0; i + 3 < n; i += 4) {
        uint32_t u = big_endian ? (uint32_t)in[i] << 24 | (uint32_t)in[i + 1] << 16 | (uint32_t)in[i + 2] << 8 | in[i + 3]
                                : (uint32_t)in[i + 3] << 24 | (uint32_t)in[i + 2] << 16 | (uint32_t)in[i + 1] << 8 | in[i];
        if (u > 0x10FFFF || (u >= 0xD800 && u <= 0xDFFF)) {
            char message[120];
            snprintf(message, sizeof message, "invalid UTF-32: 0x%08lX is not a Unicode character", (unsigned long)u);
            note_problem(problem, o, message);
            u = replacement;
        }
        if (u == 0)
            u = ' '; /* as in UTF-16: the scanner reports it */
        o += mofrt_utf8_encode(u, out + o);
    }
    if (n % 4)
        note_problem(problem, o, "invalid UTF-32: the file ends in the middle of a character");
    out[o] = out[o + 1] = '\0';
    *out_len = o;
    return out;
}

/* How many bytes at the start of `s` are ASCII, eight at a time. */
static size_t ascii_run(const unsigned char *s, size_t n)
{
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, s + i, 8);
        if (word & 0x8080808080808080u)
            break;
    }
    while (i < n && s[i] < 0x80)
        i++;
    return i;
}

/* Well-formed UTF-8 is kept in `s` (taken over: a big file is not
 * copied); each byte that is not becomes U+FFFD in a new text, and the
 * first is noted in `problem`.  `s` has room for two bytes past `n`. */
static char *sanitize_utf8(unsigned char *s, size_t n, size_t *out_len, decode_problem *problem)
{
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        i += ascii_run(s + i, n - i);
        if (i == n)
            break;
        size_t used = s[i] < 0x80 ? 1 : mofrt_utf8_decode((const char *)s + i, n - i, &cp);
        if (used == 0)
            break;
        i += used;
    }
    if (i == n) { /* the common case: all good */
        s[n] = s[n + 1] = '\0';
        *out_len = n;
        return (char *)s;
    }
    char message[160];
    snprintf(message, sizeof message,
             "invalid UTF-8 (byte 0x%02X); MOF files must be UTF-8, or UTF-16 with a byte-order mark", s[i]);
    note_problem(problem, i, message);
    char *out = xmalloc(i + (n - i) * 3 + 2);
    memcpy(out, s, i);
    size_t o = i;
    while (i < n) {
        size_t used = s[i] < 0x80 ? 1 : mofrt_utf8_decode((const char *)s + i, n - i, &cp);
        if (used == 0) {
            o += mofrt_utf8_encode(replacement, out + o);
            i++;
        } else {
            memcpy(out + o, s + i, used);
            o += used;
            i += used;
        }
    }
    out[o] = out[o + 1] = '\0';
    *out_len = o;
    free(s);
    return out;
}

/* UTF-16 without a BOM: NUL bytes in most of the even or odd positions,
 * where text (ASCII in the main) has its zero high bytes.  Returns 'L'
 * (little-endian), 'B' (big-endian) or 0. */
static char utf16_without_bom(const unsigned char *s, size_t n)
{
    size_t pairs = n / 2, even_zeros = 0, odd_zeros = 0;
    if (pairs < 2 || !memchr(s, 0, n)) /* text has no NUL: the common case, found fast */
        return 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even_zeros += s[i] == 0;
        odd_zeros += s[i + 1] == 0;
    }
    if (odd_zeros * 2 >= pairs && even_zeros * 8 <= odd_zeros)
        return 'L';
    if (even_zeros * 2 >= pairs && odd_zeros * 8 <= even_zeros)
        return 'B';
    return 0;
}

static void position_of(const char *text, size_t offset, int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            ++*line;
            *column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

static source_file *add_file(source_set *set, const char *path, const char *name, char *text, size_t length)
{
    source_file *f = xmalloc(sizeof *f);
    memset(f, 0, sizeof *f);
    f->path = xstrdup(path);
    f->name = xstrdup(name);
    f->text = text;
    f->length = length;
    set->files = xrealloc(set->files, (set->count + 1) * sizeof *set->files);
    f->order = set->count;
    set->files[set->count++] = f;
    return f;
}

/* A text decoded from UTF-16 or UTF-32: `raw` is done with. */
static char *transcoded(unsigned char *raw, char *text)
{
    free(raw);
    return text;
}

/* Returns UTF-8 text without a BOM, taking over `raw` (malloc'ed, with
 * room for two bytes past `n`); any problem is noted in `problem` (the
 * text then holds what could be decoded). */
static char *decode_text(unsigned char *raw, size_t n, size_t *out_len, decode_problem *problem)
{
    /* UTF-32LE's BOM begins like UTF-16LE's: test it first. */
    if (n >= 4 && ((raw[0] == 0xFF && raw[1] == 0xFE && raw[2] == 0 && raw[3] == 0) ||
                   (raw[0] == 0 && raw[1] == 0 && raw[2] == 0xFE && raw[3] == 0xFF)))
        return transcoded(raw, utf32_to_utf8(raw + 4, n - 4, raw[0] == 0, out_len, problem));
    if (n >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF)))
        return transcoded(raw, utf16_to_utf8(raw + 2, n - 2, raw[0] == 0xFE, out_len, problem));
    char order = utf16_without_bom(raw, n);
    if (order) {
        /* Decoded anyway, so the message can quote the first line. */
        char message[200];
        snprintf(message, sizeof message,
                 "the file looks like UTF-16 (%s-endian) without a byte-order mark (a NUL byte in every "
                 "character); save it as UTF-8, or as UTF-16 with a byte-order mark",
                 order == 'L' ? "little" : "big");
        note_problem(problem, 0, message);
        return transcoded(raw, utf16_to_utf8(raw, n, order == 'B', out_len, problem));
    }
    size_t skip = (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) ? 3 : 0;
    if (skip)
        memmove(raw, raw + skip, n - skip);
    return sanitize_utf8(raw, n - skip, out_len, problem);
}

/* Adds the file, with the decoding problem (if any) recorded in it;
 * takes over `raw` (see decode_text). */
static source_file *add_decoded(source_set *set, const char *path, const char *name, unsigned char *raw, size_t n)
{
    decode_problem problem = {0};
    size_t length;
    char *text = decode_text(raw, n, &length, &problem);
    source_file *f = add_file(set, path, name, text, length);
    f->size_read = n;
    f->ascii = ascii_run((const unsigned char *)text, length) == length;
    if (problem.found) {
        f->encoding_error = xstrdup(problem.message);
        position_of(text, problem.offset, &f->encoding_line, &f->encoding_column);
    }
    return f;
}

/* "4 GiB", "100 MiB", "512 bytes" for the limit message. */
static void size_text(unsigned long long n, char *out, size_t size)
{
    static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && n >= 1024 && n % 1024 == 0) {
        n /= 1024;
        u++;
    }
    snprintf(out, size, "%llu %s", n, units[u]);
}

/* What says a regular file is still the one read: the tests make and
 * ccache make, with the inode and change time for a file replaced by
 * another of the same size within the same second. */
static struct source_origin file_origin(const struct stat *info)
{
    struct source_origin o = {.rereadable = true,
                              .size = (unsigned long long)info->st_size,
                              .device = (unsigned long long)info->st_dev,
                              .inode = (unsigned long long)info->st_ino};
#if defined(__APPLE__)
    o.mtime_sec = info->st_mtimespec.tv_sec, o.mtime_nsec = info->st_mtimespec.tv_nsec;
    o.ctime_sec = info->st_ctimespec.tv_sec, o.ctime_nsec = info->st_ctimespec.tv_nsec;
#elif defined(_WIN32)
    /* No inode, whole seconds, st_ctime the creation time: a file rewritten
     * at its size within a second would look the same, so its text stays. */
    o.rereadable = false;
#else
    o.mtime_sec = info->st_mtim.tv_sec, o.mtime_nsec = info->st_mtim.tv_nsec;
    o.ctime_sec = info->st_ctim.tv_sec, o.ctime_nsec = info->st_ctim.tv_nsec;
#endif
    return o;
}

source_file *source_load(source_set *set, const char *path, const char *name, unsigned long long limit, char *why,
                         size_t why_size)
{
    if (set->memory) {
        const source_memory_file *m = find_in_memory(set, path);
        if (!m) {
            snprintf(why, why_size, "%s", strerror(ENOENT));
            return NULL;
        }
        unsigned char *raw = xmalloc(m->length + 2); /* decoded in place, with the scanner's end marks */
        memcpy(raw, m->text, m->length);
        source_file *f = add_decoded(set, path, name, raw, m->length);
        f->origin.rereadable = true;
        f->origin.memory = m;
        return f;
    }
    bool from_stdin = source_is_stdin(path);
    FILE *fp = from_stdin ? stdin : fopen(path, "rb");
    if (!fp) {
        snprintf(why, why_size, "%s", strerror(errno));
        return NULL;
    }
    /* Sized from the file when it says (one buffer, no doublings to copy
     * through); a device or pipe grows it as it goes.  Two bytes more for
     * the scanner's end marks, one to see a file grow past its size. */
    struct stat info;
    bool regular = fstat(fileno(fp), &info) == 0 && S_ISREG(info.st_mode);
    size_t cap = regular && info.st_size > 0 && (unsigned long long)info.st_size < limit
                     ? (size_t)info.st_size + 1
                     : 64 * 1024;
    size_t n = 0;
    unsigned char *raw = xmalloc_huge(cap + 2);
    size_t got;
    bool too_big = false;
    while ((got = fread(raw + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n > limit) {
            too_big = true;
            break;
        }
        if (n == cap) {
            cap *= 2;
            raw = xrealloc(raw, cap + 2);
        }
    }
    bool failed = ferror(fp);
    int saved = errno;
    if (!from_stdin)
        fclose(fp);
    if (too_big) {
        free(raw);
        char limit_text[40];
        size_text(limit, limit_text, sizeof limit_text);
        snprintf(why, why_size, "the input is over the limit of %s for all input files together (--max-input-size "
                 "raises it)", limit_text);
        return NULL;
    }
    if (failed) {
        free(raw);
        snprintf(why, why_size, "%s", strerror(saved ? saved : EIO));
        return NULL;
    }
    source_file *f = add_decoded(set, path, name, raw, n);
    if (regular && !from_stdin && (unsigned long long)info.st_size == n)
        f->origin = file_origin(&info);
    return f;
}

source_file *source_add_text(source_set *set, const char *name, const char *text, size_t length)
{
    unsigned char *raw = xmalloc(length + 2);
    memcpy(raw, text, length);
    source_file *f = add_decoded(set, name, name, raw, length);
    if (f->encoding_error) {
        /* The caller has no way to report it: refuse the text, as before. */
        set->count--;
        free_file(f);
        return NULL;
    }
    return f;
}

void source_release_texts(source_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        source_file *f = set->files[i];
        if (f->origin.rereadable && f->text) {
            free(f->text);
            f->text = NULL;
            f->released = true;
        }
    }
}

/* The bytes of a released file, as first read: NULL when they cannot be
 * read, or the file is not the same one (see file_origin). */
static unsigned char *read_again(const source_file *f, size_t *n)
{
    const struct source_origin *o = &f->origin;
    if (o->memory) {
        unsigned char *raw = xmalloc(o->memory->length + 2);
        memcpy(raw, o->memory->text, o->memory->length);
        *n = o->memory->length;
        return raw;
    }
    FILE *fp = fopen(f->path, "rb");
    if (!fp)
        return NULL;
    struct stat info;
    unsigned char *raw = NULL;
    if (fstat(fileno(fp), &info) == 0 && S_ISREG(info.st_mode)) {
        struct source_origin now = file_origin(&info);
        if (now.size == o->size && now.device == o->device && now.inode == o->inode &&
            now.mtime_sec == o->mtime_sec && now.mtime_nsec == o->mtime_nsec && now.ctime_sec == o->ctime_sec &&
            now.ctime_nsec == o->ctime_nsec) {
            raw = xmalloc_huge((size_t)o->size + 3);
            *n = fread(raw, 1, (size_t)o->size + 1, fp);
            if (*n != o->size || ferror(fp)) {
                free(raw);
                raw = NULL;
            }
        }
    }
    fclose(fp);
    return raw;
}

const char *source_text(const source_file *cf)
{
    source_file *f = (source_file *)cf; /* the text is a cache once released */
    if (f->text || !f->released || f->changed)
        return f->text;
    size_t n, length;
    unsigned char *raw = read_again(f, &n);
    decode_problem problem = {0};
    char *text = raw ? decode_text(raw, n, &length, &problem) : NULL;
    if (!text || length != f->length) {
        free(text);
        f->changed = true;
        return NULL;
    }
    f->text = text;
    return text;
}

static void index_lines(source_file *f)
{
    size_t count = 1;
    for (size_t i = 0; i < f->length; i++)
        count += f->text[i] == '\n';
    f->line_starts = xmalloc_huge(count * sizeof *f->line_starts);
    f->line_starts[0] = 0;
    size_t k = 1;
    for (size_t i = 0; i < f->length; i++)
        if (f->text[i] == '\n')
            f->line_starts[k++] = i + 1;
    f->line_count = count;
}

const char *source_line(const source_file *cf, int line, size_t *length)
{
    source_file *f = (source_file *)cf; /* the line index is a cache */
    if (!source_text(f)) {
        *length = 0;
        return "";
    }
    if (!f->line_starts)
        index_lines(f);
    if (line < 1 || (size_t)line > f->line_count) {
        *length = 0;
        return "";
    }
    size_t start = f->line_starts[line - 1];
    size_t end = (size_t)line < f->line_count ? f->line_starts[line] - 1 : f->length; /* at its '\n' */
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *length = end - start;
    return f->text + start;
}

size_t source_column_offset(const source_file *cf, int line, int column)
{
    source_file *f = (source_file *)cf; /* the cursor is a cache */
    size_t length;
    const char *text = source_line(f, line, &length);
    size_t at = 0;
    int col = 1;
    if (f->cursor_line == line && f->cursor_column <= column) {
        at = f->cursor_offset;
        col = f->cursor_column;
    }
    if (col < column) {
        size_t from = at;
        at = utf8_skip(text, length, from, (size_t)(column - col));
        col = at < length ? column : col + (int)utf8_count(text + from, at - from);
    }
    f->cursor_line = line;
    f->cursor_column = col;
    f->cursor_offset = at;
    return at;
}
