/*
 * diag.c - formatting diagnostics and the named-warning switches.
 */
#include "diag.h"

#include "arena.h"
#include "suggest.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct warning_info {
    const char *name;
    bool on_by_default;
    bool quirk;
    const char *summary;
} warning_info;

static const warning_info warnings[W__COUNT] = {
#define X(id, name, on, quirk, summary) [W_##id] = {name, on, quirk, summary},
    MOFGEN_WARNINGS(X)
#undef X
};

const char *diag_warning_name(warning_id id) { return warnings[id].name; }
const char *diag_warning_summary(warning_id id) { return warnings[id].summary; }
bool diag_warning_is_quirk(warning_id id) { return warnings[id].quirk; }

void diag_init(diag_engine *d, FILE *stream)
{
    memset(d, 0, sizeof *d);
    d->stream = stream;
    d->max_errors = 100;
    d->max_warnings = 1000;
    for (int i = 0; i < W__COUNT; i++)
        d->enabled[i] = warnings[i].on_by_default;
}

static int find_warning(const char *name)
{
    for (int i = 0; i < W__COUNT; i++)
        if (strcmp(warnings[i].name, name) == 0)
            return i;
    return -1;
}

int diag_option(diag_engine *d, const char *opt)
{
    if (strcmp(opt, "-w") == 0) {
        d->suppress_all = true;
        return 0;
    }
    if (strcmp(opt, "-Werror") == 0) {
        d->all_as_error = true;
        return 0;
    }
    if (strcmp(opt, "--strict") == 0) {
        d->strict = true;
        for (int i = 0; i < W__COUNT; i++)
            if (warnings[i].quirk) {
                d->enabled[i] = true;
                d->as_error[i] = true;
            }
        return 0;
    }
    if (strcmp(opt, "-Wall") == 0 || strcmp(opt, "-Wextra") == 0) {
        /* As gcc users write them: every warning on (they all are by default). */
        for (int i = 0; i < W__COUNT; i++)
            d->enabled[i] = true;
        return 0;
    }
    if (strncmp(opt, "-W", 2) != 0)
        return -1;
    const char *rest = opt + 2;
    bool negate = strncmp(rest, "no-", 3) == 0;
    if (negate)
        rest += 3;
    bool error_form = strncmp(rest, "error=", 6) == 0;
    if (error_form)
        rest += 6;
    int id = find_warning(rest);
    if (id < 0)
        return -1;
    if (error_form) {
        d->as_error[id] = !negate;
        d->no_error[id] = negate;
        if (!negate)
            d->enabled[id] = true;
    } else {
        d->enabled[id] = !negate;
    }
    return 0;
}

const char *diag_option_suggestion(const char *option, char *out, size_t size)
{
    if (strncmp(option, "-W", 2) != 0)
        return NULL;
    /* The prefix stays as typed; the warning name after it is the typo. */
    static const char *const prefixes[] = {"-Wno-error=", "-Werror=", "-Wno-", "-W"};
    const char *prefix = "-W";
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (strncmp(option, prefixes[i], strlen(prefixes[i])) == 0) {
            prefix = prefixes[i];
            break;
        }
    const char *typed = option + strlen(prefix);
    suggestion s;
    suggest_begin(&s, typed);
    for (int i = 0; i < W__COUNT; i++)
        suggest_consider(&s, warnings[i].name);
    if (strcmp(prefix, "-W") == 0) {
        suggest_consider(&s, "all");
        suggest_consider(&s, "extra");
        suggest_consider(&s, "error");
    }
    const char *hint = suggest_result(&s);
    if (!hint)
        return NULL;
    snprintf(out, size, "%s%s", prefix, hint);
    return out;
}

/* A line longer than this many characters is quoted only around the
 * column: a generated MOF file with everything on one line would otherwise
 * print the whole file with every diagnostic. */
enum { EXCERPT_BEFORE = 60, EXCERPT_AFTER = 100 };

/* Prints the quoted source line and a caret under the location. */
static void print_excerpt(FILE *out, const mof_location *loc)
{
    if (!source_text(loc->file))
        return; /* no longer the file that was parsed */
    size_t len;
    const char *line = source_line(loc->file, loc->first_line, &len);
    if (len == 0 && loc->first_line > 1 && (size_t)loc->first_line > loc->file->line_count)
        return;
    int first = loc->first_column > EXCERPT_BEFORE ? loc->first_column - EXCERPT_BEFORE : 1;
    size_t start = source_column_offset(loc->file, loc->first_line, first);
    size_t end = utf8_skip(line, len, start, (size_t)(loc->first_column - first) + EXCERPT_AFTER);
    const char *before = start > 0 ? "..." : "", *after = end < len ? "..." : "";
    fprintf(out, "%5d | %s%.*s%s\n      | %s", loc->first_line, before, (int)(end - start), line + start, after,
            start > 0 ? "   " : "");
    /* Walk code points so the caret lines up under multi-byte characters. */
    int column = first;
    size_t i = start;
    while (i < end && column < loc->first_column) {
        fputc(line[i] == '\t' ? '\t' : ' ', out);
        i = utf8_skip(line, len, i, 1);
        column++;
    }
    fputc('^', out);
    if (loc->last_line == loc->first_line)
        for (int c = loc->first_column + 1; c <= loc->last_column && c < loc->first_column + EXCERPT_AFTER; c++)
            fputc('~', out);
    fputc('\n', out);
}

/* For a diagnostic in an included file, the chain of includes that led to
 * it, innermost first, the way gcc prints it:
 *
 *   In file included from b.mof:2,
 *                    from a.mof:1:
 *
 * Printed once for a run of diagnostics in one file. */
static void print_include_chain(diag_engine *d, FILE *out, const source_file *file)
{
    if (file == d->last_file)
        return;
    d->last_file = file;
    const char *lead = "In file included from ";
    for (const source_file *f = file; f && f->included_from; f = f->included_from) {
        fprintf(out, "%s%s:%d", lead, f->included_from->name, f->include_location.first_line);
        lead = ",\n                 from ";
    }
    if (file && file->included_from)
        fputs(":\n", out);
}

static void print_diagnostic(diag_engine *d, diag_severity sev, const mof_location *loc, const char *message)
{
    static const char *const labels[] = {"note", "warning", "error"};
    FILE *out = d->stream;
    print_include_chain(d, out, loc ? loc->file : NULL);
    if (loc && loc->file && loc->first_line <= 0) /* the file as a whole */
        fprintf(out, "%s: %s: ", loc->file->name, labels[sev]);
    else if (loc && loc->file)
        fprintf(out, "%s:%d:%d: %s: ", loc->file->name, loc->first_line, loc->first_column, labels[sev]);
    else
        fprintf(out, "mofgen: %s: ", labels[sev]);
    fputs(message, out);
    fputc('\n', out);
    if (loc && loc->file && loc->first_line > 0)
        print_excerpt(out, loc);
}

/* ---- showing, and --max-errors ------------------------------------------------ */

/* The last step of every diagnostic: print it, or hide it past the error
 * limit.  The limit counts errors as they are printed, so with diagnostics
 * held and sorted (diag_sort_begin) it keeps the first N in source order,
 * not the first N raised.  After the N-th error nothing more is printed
 * but that error's own notes, and one note saying so. */
static void show(diag_engine *d, diag_severity sev, const mof_location *loc, const char *message, bool preformatted)
{
    if (sev == DIAG_NOTE) {
        if (!d->last_shown)
            return;
    } else {
        d->last_shown = false;
        if (d->limit_reported)
            return;
        if (d->max_errors && d->shown_errors >= d->max_errors) {
            d->limit_reported = true;
            char note[64];
            snprintf(note, sizeof note, "too many errors (%u); not reporting more", d->max_errors);
            print_diagnostic(d, DIAG_NOTE, NULL, note);
            return;
        }
        d->last_shown = true;
        if (sev == DIAG_ERROR)
            d->shown_errors++;
    }
    if (preformatted) {
        print_include_chain(d, d->stream, NULL);
        fprintf(d->stream, "%s\n", message);
    } else {
        print_diagnostic(d, sev, loc, message);
    }
}

/* ---- holding diagnostics back (diag_sort_begin) ------------------------------ */

typedef struct held_diagnostic {
    diag_severity severity;
    bool has_location;
    bool preformatted; /* `message` is the whole line (diag_file_error) */
    mof_location location;
    char *message;
    size_t primary; /* a note: the diagnostic it explains; else itself */
} held_diagnostic;

struct diag_hold {
    held_diagnostic *items;
    size_t count, capacity;
};

/* Keeps a diagnostic in hold `h`, which owns `message` from now on. */
static void hold_add(struct diag_hold *h, diag_severity sev, const mof_location *loc, char *message, bool preformatted)
{
    if (h->count == h->capacity) {
        h->capacity = h->capacity ? 2 * h->capacity : 16;
        held_diagnostic *grown = xrealloc(h->items, h->capacity * sizeof *grown);
        h->items = grown;
    }
    size_t primary = sev == DIAG_NOTE && h->count ? h->items[h->count - 1].primary : h->count;
    h->items[h->count] = (held_diagnostic){sev, loc != NULL, preformatted, loc ? *loc : (mof_location){0}, message,
                                           primary};
    h->count++;
}

/* Hands a finished diagnostic on: to the hold around hold number `level`
 * when there is one (level 0 is the outermost), else to show(). */
static void deliver(diag_engine *d, size_t level, diag_severity sev, const mof_location *loc, char *message,
                    bool preformatted)
{
    if (level > 0) {
        hold_add(&d->holds[level - 1], sev, loc, message, preformatted);
        return;
    }
    show(d, sev, loc, message, preformatted);
    free(message);
}

/* Where a diagnostic is in the text as read, includes expanded: the
 * position in the input file, then in each file included on the way
 * (outermost first).  Comparing two such paths level by level gives source
 * order across files: what comes before a #pragma include, then what is in
 * the file it includes, then what follows. */
typedef struct place_step {
    size_t file_order;
    int line, column;
} place_step;

typedef struct sort_entry {
    place_step *steps; /* NULL: no place (sorted last) */
    size_t depth;
    size_t primary, index;
} sort_entry;

static void entry_place(sort_entry *e, const held_diagnostic *item)
{
    e->steps = NULL;
    e->depth = 0;
    if (!item->has_location || !item->location.file)
        return;
    for (const source_file *f = item->location.file; f; f = f->included_from)
        e->depth++;
    e->steps = xmalloc(e->depth * sizeof *e->steps);
    size_t level = e->depth;
    int line = item->location.first_line, column = item->location.first_column;
    for (const source_file *f = item->location.file; f; f = f->included_from) {
        e->steps[--level] = (place_step){f->order, line, column};
        line = f->include_location.first_line;
        column = f->include_location.first_column;
    }
}

static int compare_steps(const sort_entry *a, const sort_entry *b)
{
    if (!a->steps || !b->steps)
        return (a->steps == NULL) - (b->steps == NULL);
    for (size_t i = 0; i < a->depth && i < b->depth; i++) {
        const place_step *x = &a->steps[i], *y = &b->steps[i];
        if (x->file_order != y->file_order)
            return x->file_order < y->file_order ? -1 : 1;
        if (x->line != y->line)
            return x->line < y->line ? -1 : 1;
        if (x->column != y->column)
            return x->column < y->column ? -1 : 1;
    }
    return (a->depth > b->depth) - (a->depth < b->depth); /* at the #pragma before inside its file */
}

static int compare_entries(const void *pa, const void *pb)
{
    const sort_entry *a = pa, *b = pb;
    int c = compare_steps(a, b);
    if (c)
        return c;
    if (a->primary != b->primary)
        return a->primary < b->primary ? -1 : 1;
    return (a->index > b->index) - (a->index < b->index);
}

/* Sorts the held diagnostics into source order, stably; a note keeps the
 * place of the diagnostic it explains, and stays right after it. */
static void hold_sort(struct diag_hold *h)
{
    size_t n = h->count ? h->count : 1;
    sort_entry *entries = xmalloc(n * sizeof *entries);
    held_diagnostic *sorted = xmalloc(n * sizeof *sorted);
    for (size_t i = 0; i < h->count; i++) {
        entry_place(&entries[i], &h->items[h->items[i].primary]);
        entries[i].primary = h->items[i].primary;
        entries[i].index = i;
    }
    qsort(entries, h->count, sizeof *entries, compare_entries);
    for (size_t i = 0; i < h->count; i++) {
        sorted[i] = h->items[entries[i].index];
        free(entries[i].steps);
    }
    free(entries);
    free(h->items);
    h->items = sorted;
    h->capacity = n;
}

void diag_sort_begin(diag_engine *d)
{
    if (d->hold_count == d->hold_capacity) {
        d->hold_capacity = d->hold_capacity ? 2 * d->hold_capacity : 8;
        struct diag_hold *grown = xrealloc(d->holds, d->hold_capacity * sizeof *grown);
        d->holds = grown;
    }
    d->holds[d->hold_count++] = (struct diag_hold){0};
}

void diag_sort_end(diag_engine *d)
{
    if (!d->hold_count)
        return;
    size_t level = d->hold_count - 1;
    struct diag_hold h = d->holds[level];
    hold_sort(&h);
    for (size_t i = 0; i < h.count; i++) {
        held_diagnostic *item = &h.items[i];
        deliver(d, level, item->severity, item->has_location ? &item->location : NULL, item->message,
                item->preformatted);
    }
    free(h.items);
    if (--d->hold_count == 0) {
        free(d->holds);
        d->holds = NULL;
        d->hold_capacity = 0;
        if (d->warning_note_pending) {
            d->warning_note_pending = false;
            print_diagnostic(d, DIAG_NOTE, NULL, d->warning_note);
        }
    }
}

/* A message formatted, with " [OPTION]" after it when `option` is given. */
static char *format_message(const char *option, const char *fmt, va_list ap)
{
    va_list again;
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    size_t size = (size_t)(n < 0 ? 0 : n) + (option ? strlen(option) + 3 : 0) + 1;
    char *message = xmalloc(size);
    vsnprintf(message, size, fmt, again);
    va_end(again);
    if (option) {
        size_t used = strlen(message);
        snprintf(message + used, size - used, " [%s]", option);
    }
    return message;
}

/* Formats a diagnostic, then shows it or, while a hold is open, keeps it. */
static void report(diag_engine *d, diag_severity sev, const char *option, const mof_location *loc, const char *fmt,
                   va_list ap)
{
    if (!d->stream)
        return;
    mof_location mapped;
    if (loc && d->map_location) {
        mapped = *loc;
        d->map_location(d->map_context, &mapped);
        loc = &mapped;
    }
    deliver(d, d->hold_count, sev, loc, format_message(option, fmt, ap), false);
}

/* As over_limit, for warnings: past --max-warnings they are counted, not
 * formatted or printed (a schema generated wrong can have millions). */
static bool over_warning_limit(diag_engine *d)
{
    if (d->max_warnings == 0 || d->warnings < d->max_warnings)
        return false;
    if (!d->warning_limit_reported && d->stream) {
        snprintf(d->warning_note, sizeof d->warning_note,
                 "too many warnings (%u); not reporting more (--max-warnings raises the limit)", d->max_warnings);
        if (d->hold_count)
            d->warning_note_pending = true;
        else
            print_diagnostic(d, DIAG_NOTE, NULL, d->warning_note);
    }
    d->warning_limit_reported = true;
    return true;
}

bool diag_error_hidden(const diag_engine *d)
{
    return !d->stream || (d->max_errors != 0 && d->errors >= d->max_errors);
}

void diag_error(diag_engine *d, const mof_location *loc, const char *fmt, ...)
{
    d->errors++;
    d->last_suppressed = false;
    va_list ap;
    va_start(ap, fmt);
    report(d, DIAG_ERROR, NULL, loc, fmt, ap);
    va_end(ap);
}

void diag_warning(diag_engine *d, warning_id id, const mof_location *loc, const char *fmt, ...)
{
    d->last_suppressed = true; /* until it is shown */
    if (!d->enabled[id])
        return;
    /* -w wins over -Werror and -Werror=NAME, as in gcc; only --strict's
     * quirk errors are errors in their own right. */
    bool strict_error = d->strict && warnings[id].quirk && d->as_error[id];
    if (d->suppress_all && !strict_error)
        return;
    bool as_error = d->as_error[id] || (d->all_as_error && !d->no_error[id]);
    char option[80];
    if (strict_error)
        snprintf(option, sizeof option, "-W%s, --strict", warnings[id].name);
    else
        snprintf(option, sizeof option, as_error ? "-Werror=%s" : "-W%s", warnings[id].name);
    if (as_error)
        d->errors++;
    else {
        bool quiet = over_warning_limit(d); /* past --max-warnings: counted, not formatted */
        d->warnings++;
        if (quiet)
            return;
    }
    d->last_suppressed = false;
    va_list ap;
    va_start(ap, fmt);
    report(d, as_error ? DIAG_ERROR : DIAG_WARNING, option, loc, fmt, ap);
    va_end(ap);
}

void diag_note(diag_engine *d, const mof_location *loc, const char *fmt, ...)
{
    if (d->last_suppressed)
        return;
    va_list ap;
    va_start(ap, fmt);
    report(d, DIAG_NOTE, NULL, loc, fmt, ap);
    va_end(ap);
}

void diag_file_error(diag_engine *d, const char *file, unsigned line, unsigned column, const char *fmt, ...)
{
    d->errors++;
    d->last_suppressed = false;
    if (!d->stream)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *text = format_message(NULL, fmt, ap);
    va_end(ap);
    size_t size = strlen(file) + strlen(text) + 64;
    char *message = xmalloc(size);
    if (line)
        snprintf(message, size, "%s:%u:%u: error: %s", file, line, column, text);
    else
        snprintf(message, size, "%s: error: %s", file, text);
    free(text);
    deliver(d, d->hold_count, DIAG_ERROR, NULL, message, true);
}

void diag_plain_error(diag_engine *d, const char *fmt, ...)
{
    d->errors++;
    d->last_suppressed = false;
    va_list ap;
    va_start(ap, fmt);
    report(d, DIAG_ERROR, NULL, NULL, fmt, ap);
    va_end(ap);
}
