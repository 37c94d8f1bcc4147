/*
 * source.c - loading MOF files: encodings, BOMs, and line lookup.
 */
#include "source.h"

#include "arena.h"
#include "mofrt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

bool source_file_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

void source_set_free(source_set *set)
{
    for (size_t i = 0; i < set->count; i++) {
        source_file *f = set->files[i];
        free(f->path);
        free(f->name);
        free(f->text);
        free(f->line_starts);
        free(f);
    }
    free(set->files);
    set->files = NULL;
    set->count = 0;
}

/* UTF-16 (after its BOM) to UTF-8.  Returns NULL on an unpaired surrogate. */
static char *utf16_to_utf8(const unsigned char *in, size_t n, bool big_endian, size_t *out_len)
{
    char *out = xmalloc(n / 2 * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned long u = big_endian ? (unsigned long)(in[i] << 8 | in[i + 1])
                                     : (unsigned long)(in[i + 1] << 8 | in[i]);
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
            unsigned long lo = big_endian ? (unsigned long)(in[i + 2] << 8 | in[i + 3])
                                          : (unsigned long)(in[i + 3] << 8 | in[i + 2]);
            if (lo < 0xDC00 || lo > 0xDFFF) {
                free(out);
                return NULL;
            }
            u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            i += 2;
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            free(out);
            return NULL;
        }
        if (u == 0)
            u = ' '; /* a NUL would end the text early; the scanner reports it */
        o += mofrt_utf8_encode((uint32_t)u, out + o);
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* Offset of the first byte that is not well-formed UTF-8, or `n`. */
static size_t utf8_invalid_offset(const unsigned char *s, size_t n)
{
    size_t i = 0;
    uint32_t cp;
    while (i < n) {
        size_t used = s[i] < 0x80 ? 1 : mofrt_utf8_decode((const char *)s + i, n - i, &cp);
        if (used == 0)
            return i;
        i += used;
    }
    return n;
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
    set->files[set->count++] = f;
    return f;
}

/* Takes ownership of `raw`; returns UTF-8 text or NULL with `why` set. */
static char *decode_text(unsigned char *raw, size_t n, size_t *out_len, char *why, size_t why_size)
{
    if (n >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF))) {
        char *text = utf16_to_utf8(raw + 2, n - 2, raw[0] == 0xFE, out_len);
        free(raw);
        if (!text)
            snprintf(why, why_size, "invalid UTF-16: unpaired surrogate");
        return text;
    }
    size_t skip = (n >= 3 && raw[0] == 0xEF && raw[1] == 0xBB && raw[2] == 0xBF) ? 3 : 0;
    size_t bad = utf8_invalid_offset(raw + skip, n - skip);
    if (bad != n - skip) {
        int line, column;
        position_of((const char *)raw + skip, bad, &line, &column);
        snprintf(why, why_size, "invalid UTF-8 at line %d, column %d (byte 0x%02X); MOF files must be UTF-8 or UTF-16 with a BOM",
                 line, column, raw[skip + bad]);
        free(raw);
        return NULL;
    }
    memmove(raw, raw + skip, n - skip);
    raw[n - skip] = '\0';
    *out_len = n - skip;
    return (char *)raw;
}

source_file *source_load(source_set *set, const char *path, const char *name, char *why, size_t why_size)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        snprintf(why, why_size, "%s", strerror(errno));
        return NULL;
    }
    size_t cap = 64 * 1024, n = 0;
    unsigned char *raw = xmalloc(cap + 1);
    size_t got;
    while ((got = fread(raw + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            cap *= 2;
            raw = xrealloc(raw, cap + 1);
        }
    }
    bool failed = ferror(fp);
    int saved = errno;
    fclose(fp);
    if (failed) {
        free(raw);
        snprintf(why, why_size, "%s", strerror(saved ? saved : EIO));
        return NULL;
    }
    size_t length;
    char *text = decode_text(raw, n, &length, why, why_size);
    if (!text)
        return NULL;
    return add_file(set, path, name, text, length);
}

source_file *source_add_text(source_set *set, const char *name, const char *text, size_t length)
{
    char why[160];
    unsigned char *raw = xmalloc(length + 1);
    memcpy(raw, text, length);
    size_t out_len;
    char *decoded = decode_text(raw, length, &out_len, why, sizeof why);
    if (!decoded)
        return NULL;
    return add_file(set, name, name, decoded, out_len);
}

static void index_lines(source_file *f)
{
    size_t count = 1;
    for (size_t i = 0; i < f->length; i++)
        count += f->text[i] == '\n';
    f->line_starts = xmalloc(count * sizeof *f->line_starts);
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
    if (!f->line_starts)
        index_lines(f);
    if (line < 1 || (size_t)line > f->line_count) {
        *length = 0;
        return "";
    }
    size_t start = f->line_starts[line - 1];
    size_t end = start;
    while (end < f->length && f->text[end] != '\n')
        end++;
    if (end > start && f->text[end - 1] == '\r')
        end--;
    *length = end - start;
    return f->text + start;
}
