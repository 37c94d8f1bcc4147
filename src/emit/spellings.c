/*
 * spellings.c - reading templates/c_spellings.tmpl (spellings.h).
 */
#include "spellings.h"
#include "arena.h" /* out_of_memory */

#include "builtin_templates.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct spelling_name {
    const char *name;
    int placeholders;
} spelling_names[SPELLING_COUNT] = {
#define MOFGEN_SPELLING_ROW(id, name, placeholders) [SPELL_##id] = {name, placeholders},
    MOFGEN_SPELLINGS(MOFGEN_SPELLING_ROW)
#undef MOFGEN_SPELLING_ROW
};

/* The CIM name of each runtime type: the key c_spellings.tmpl spells it
 * under ("type.uint32", "runtime.uint32"). */
static const char *const type_keys[] = {
    [MOFRT_BOOLEAN] = "boolean", [MOFRT_UINT8] = "uint8",     [MOFRT_SINT8] = "sint8",   [MOFRT_UINT16] = "uint16",
    [MOFRT_SINT16] = "sint16",   [MOFRT_UINT32] = "uint32",   [MOFRT_SINT32] = "sint32", [MOFRT_UINT64] = "uint64",
    [MOFRT_SINT64] = "sint64",   [MOFRT_REAL32] = "real32",   [MOFRT_REAL64] = "real64", [MOFRT_CHAR16] = "char16",
    [MOFRT_STRING] = "string",   [MOFRT_DATETIME] = "datetime", [MOFRT_REFERENCE] = "reference",
    [MOFRT_INSTANCE] = "instance",
};
#define TYPE_COUNT (sizeof type_keys / sizeof type_keys[0])

struct spellings {
    char *text[SPELLING_COUNT];
    /* The part before and after the "%s" of a text that has one. */
    size_t hole[SPELLING_COUNT];
    /* "type.X" and "runtime.X" by runtime type, looked up once at load:
     * they are spelt for every property. NULL where the table has none. */
    const char *type[TYPE_COUNT], *runtime[TYPE_COUNT];
};

static int spelling_index(const char *name, size_t length)
{
    for (size_t i = 0; i < SPELLING_COUNT; i++)
        if (strlen(spelling_names[i].name) == length && memcmp(spelling_names[i].name, name, length) == 0)
            return (int)i;
    return -1;
}

const char *spell(arena *a, const spellings *sp, spelling_id id, const char *arg)
{
    const char *text = sp->text[id];
    if (!spelling_names[id].placeholders)
        return text;
    size_t before = sp->hole[id], after = strlen(text + before + 2), n = arg ? strlen(arg) : 0;
    char *s = arena_alloc_bytes(a, before + n + after + 1);
    memcpy(s, text, before);
    memcpy(s + before, arg, n);
    memcpy(s + before + n, text + before + 2, after + 1);
    return s;
}

static const char *spell_of(const char *const *group, mofrt_type t)
{
    if ((size_t)t >= TYPE_COUNT || !group[t])
        abort(); /* a type with no spelling of that kind: a bug in the emitter */
    return group[t];
}

const char *spell_type(const spellings *sp, mofrt_type t)
{
    return spell_of(sp->type, t);
}

const char *spell_runtime(const spellings *sp, mofrt_type t)
{
    return spell_of(sp->runtime, t);
}

/* Fills sp->type, sp->runtime and sp->hole from the table just read. */
static void index_spellings(spellings *sp)
{
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        char key[64];
        int i;
        snprintf(key, sizeof key, "type.%s", type_keys[t]);
        sp->type[t] = (i = spelling_index(key, strlen(key))) >= 0 ? sp->text[i] : NULL;
        snprintf(key, sizeof key, "runtime.%s", type_keys[t]);
        sp->runtime[t] = (i = spelling_index(key, strlen(key))) >= 0 ? sp->text[i] : NULL;
    }
    for (size_t i = 0; i < SPELLING_COUNT; i++) {
        const char *hole = strstr(sp->text[i], "%s");
        sp->hole[i] = hole ? (size_t)(hole - sp->text[i]) : 0;
    }
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* Reads the table's lines ('name "text"', '#' comments) into `sp`,
 * replacing what is there; `file` names it in errors.  0 or -1. */
static int spellings_read(spellings *sp, const char *text, size_t length, const char *file, diag_engine *diag)
{
    unsigned line = 1;
    char *value = NULL;
    for (size_t i = 0; i < length; line++) {
        size_t end = i;
        while (end < length && text[end] != '\n')
            end++;
        size_t k = i;
        while (k < end && is_blank(text[k]))
            k++;
        if (k == end || text[k] == '#') {
            i = end + 1;
            continue;
        }
        size_t name_at = k;
        while (k < end && !is_blank(text[k]))
            k++;
        int index = spelling_index(text + name_at, k - name_at);
        if (index < 0) {
            diag_file_error(diag, file, line, (unsigned)(name_at - i + 1), "unknown name '%.*s'", (int)(k - name_at),
                            text + name_at);
            goto fail;
        }
        const char *name = spelling_names[index].name;
        while (k < end && (text[k] == ' ' || text[k] == '\t'))
            k++;
        if (k >= end || text[k] != '"') {
            diag_file_error(diag, file, line, (unsigned)(k - i + 1), "expected a quoted text after '%s'", name);
            goto fail;
        }
        value = malloc(end - k + 1);
        if (!value)
            out_of_memory();
        size_t n = 0, q = k + 1;
        for (; q < end && text[q] != '"'; q++) {
            /* A NUL would end the text early (an empty type once made the
             * emitter read before it), and no C text needs the others (a
             * CRLF line's CR is its end: an unclosed quote says so). */
            if ((unsigned char)text[q] < 0x20 && text[q] != '\t' && !(text[q] == '\r' && q + 1 == end)) {
                diag_file_error(diag, file, line, (unsigned)(q - i + 1),
                                "control character 0x%02X in the quoted text", (unsigned char)text[q]);
                goto fail;
            }
            if (text[q] == '\\' && (q + 1 >= end || (text[q + 1] != '"' && text[q + 1] != '\\'))) {
                diag_file_error(diag, file, line, (unsigned)(q - i + 1), "unknown escape: the only escapes are \\\" and \\\\");
                goto fail;
            }
            value[n++] = text[q] == '\\' ? text[++q] : text[q];
        }
        value[n] = '\0';
        bool closed = q < end;
        size_t after = q + 1;
        while (after < end && is_blank(text[after]))
            after++;
        if (closed && after < end && text[after] != '#') {
            diag_file_error(diag, file, line, (unsigned)(after - i + 1), "unexpected text after the quoted text");
            goto fail;
        }
        if (closed && n == 0) {
            diag_file_error(diag, file, line, (unsigned)(k - i + 1), "the text of '%s' is empty", name);
            goto fail;
        }
        if (!closed) {
            diag_file_error(diag, file, line, (unsigned)(k - i + 1), "the text is not closed by '\"'");
            goto fail;
        }
        /* Exactly the "%s" holes the name takes, and no other '%'. */
        int holes = 0;
        bool stray_percent = false;
        for (const char *h = value; (h = strchr(h, '%')); h++) {
            if (h[1] == 's')
                holes++;
            else
                stray_percent = true;
        }
        if (stray_percent || holes != spelling_names[index].placeholders) {
            diag_file_error(diag, file, line, (unsigned)(k - i + 1), "'%s' takes %s", name,
                            spelling_names[index].placeholders ? "one %s and no other '%'" : "no '%'");
            goto fail;
        }
        free(sp->text[index]);
        sp->text[index] = value;
        value = NULL;
        i = end + 1;
    }
    return 0;
fail:
    free(value);
    return -1;
}

void spellings_free(spellings *sp)
{
    if (!sp)
        return;
    for (size_t i = 0; i < SPELLING_COUNT; i++)
        free(sp->text[i]);
    free(sp);
}

spellings *spellings_load(const template_source *ts, diag_engine *diag)
{
    static const char name[] = "c_spellings.tmpl";
    spellings *sp = calloc(1, sizeof *sp);
    if (!sp)
        out_of_memory();
    for (size_t i = 0; i < mofgen_builtin_template_count; i++) {
        const builtin_template *bt = &mofgen_builtin_templates[i];
        if (strcmp(bt->name, name) != 0)
            continue;
        if (spellings_read(sp, bt->text, bt->length, name, diag) != 0)
            goto fail;
        if (ts->paths[i]) {
            char *text;
            size_t length;
            int got = template_read_file(ts->paths[i], &text, &length, diag);
            if (got < 0)
                goto fail;
            int rc = got == 0 ? spellings_read(sp, text, length, ts->paths[i], diag) : 0;
            free(text);
            if (rc != 0)
                goto fail;
        }
    }
    for (size_t i = 0; i < SPELLING_COUNT; i++)
        if (!sp->text[i]) {
            diag_file_error(diag, name, 0, 0, "no text for '%s'", spelling_names[i].name);
            goto fail;
        }
    index_spellings(sp);
    return sp;
fail:
    spellings_free(sp);
    return NULL;
}
