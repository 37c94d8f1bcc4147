/*
 * import_doc.c - SDK reference pages to MOF (import_doc.h).
 *
 * A page is read in four steps:
 *   1. md_page_parse: the Markdown structure (headings, paragraphs, code,
 *      tables), every piece of text with its page offset;
 *   2. the Syntax block is put back at its own lines of an otherwise blank
 *      copy of the page and parsed by parse_file, so the dialect quirks are
 *      handled (and reported, at the page's own line and column) by the
 *      compiler's front end, and the declarations come out as an AST;
 *   3. the Properties (Parameters) section is walked property by property:
 *      a "### `Name`" heading or a "`Name`" paragraph starts one, then the
 *      "Data type:", "Access type:", "Qualifiers:" lines, the description,
 *      value and bit tables; the Methods table links to method pages, read
 *      the same way;
 *   4. the class is written as MOF, then compiled in-process (parse_file,
 *      model_build) as a check of this file's own work.
 */
#include "import_doc.h"

#include "arena.h"
#include "checks.h"
#include "emit.h"
#include "mdpage.h"
#include "model.h"
#include "output.h"
#include "parse.h"
#include "utf8.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- one page being read ------------------------------------------------- */

typedef struct page {
    arena *a;
    diag_engine *diag;
    source_set *sources;
    const source_file *file;
    md_page md;
    size_t *line_starts;
    size_t line_count;
    ptr_vec *corrections; /* char *: "LINE:COL: what was corrected" (the class page's list) */
    const char *title;    /* the H1 */
    size_t h1;            /* its block */
} page;

/* A value or bit table row, as it will be written. */
typedef struct table_row {
    char *value; /* ValueMap entry, or the bit position for BitMap */
    char *name;  /* Values / BitValues entry */
} table_row;

typedef struct doc_table {
    bool bits;
    ptr_vec rows; /* table_row * */
} doc_table;

/* A property or parameter: the Syntax block's declaration plus the prose. */
typedef struct member {
    const char *name;
    ast_type type;           /* from the Syntax block, perhaps corrected */
    ast_array_kind array;
    uint64_t array_size;
    const ast_value *default_value;
    ptr_vec qualifiers;      /* char *: qualifier texts in the page's order */
    char *description;
    char *default_text;      /* a default read from the prose */
    doc_table *table;
    bool documented;
    bool announces;          /* "Possible values are:" */
    bool wants_values;       /* [valuemap]/[bitmap] in its qualifiers */
    bool access_read, access_write; /* from "Access type:" */
    size_t announce_offset, table_offset;
    size_t heading_offset;   /* where its description starts */
} member;

typedef struct method {
    const char *name;
    ast_type type;
    bool returns_void;
    member **params;
    size_t param_count;
    char *description;
} method;

/* ---- locations ------------------------------------------------------------ */

static void index_lines(page *p)
{
    const char *t = p->file->text;
    size_t n = 1;
    for (size_t i = 0; i < p->file->length; i++)
        n += t[i] == '\n';
    p->line_starts = arena_alloc(p->a, n * sizeof *p->line_starts);
    p->line_starts[0] = 0;
    p->line_count = 1;
    for (size_t i = 0; i < p->file->length; i++)
        if (t[i] == '\n')
            p->line_starts[p->line_count++] = i + 1;
}

static mof_location locate(const page *p, size_t offset)
{
    if (offset > p->file->length)
        offset = p->file->length;
    size_t lo = 0, hi = p->line_count;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    int column = 1 + (int)utf8_count(p->file->text + p->line_starts[lo], offset - p->line_starts[lo]);
    mof_location loc = {p->file, (int)lo + 1, column, (int)lo + 1, column};
    return loc;
}

/* A correction: a warning at `offset`, and a line of the .mof's comment. */
static void correction(page *p, warning_id id, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
static void correction(page *p, warning_id id, size_t offset, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    mof_location loc = locate(p, offset);
    diag_warning(p->diag, id, &loc, "%s", message);
    ptr_vec_push(p->a, p->corrections, arena_printf(p->a, "%s:%d:%d: %s [-W%s]", p->file->name, loc.first_line,
                                                    loc.first_column, message, diag_warning_name(id)));
}

static void page_error(page *p, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void page_error(page *p, size_t offset, const char *fmt, ...)
{
    char message[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    mof_location loc = locate(p, offset);
    diag_error(p->diag, &loc, "%s", message);
}

/* ---- small text helpers --------------------------------------------------- */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* A copy of `s` (n bytes) with backticks and '*' emphasis left out, runs of
 * white space made one space, and no white space at either end. */
static char *clean(arena *a, const char *s, size_t n)
{
    char *out = arena_alloc(a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '`')
            continue;
        if (is_blank(c)) {
            if (k > 0 && out[k - 1] != ' ')
                out[k++] = ' ';
            continue;
        }
        out[k++] = c;
    }
    while (k > 0 && out[k - 1] == ' ')
        k--;
    out[k] = '\0';
    return out;
}

static bool starts_with_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* strcasestr, which is not POSIX. */
static const char *find_ci(const char *haystack, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *h = haystack; *h; h++)
        if (strncasecmp(h, needle, n) == 0)
            return h;
    return NULL;
}

static bool is_identifier(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

/* Parses a whole integer: decimal (maybe negative) or 0x hex. */
static bool parse_integer(const char *s, int64_t *value, bool *negative, uint64_t *magnitude)
{
    const char *c = s;
    bool neg = *c == '-';
    if (neg)
        c++;
    int base = 10;
    if (c[0] == '0' && (c[1] == 'x' || c[1] == 'X')) {
        base = 16;
        c += 2;
    }
    if (!*c || !isxdigit((unsigned char)*c))
        return false;
    char *end;
    errno = 0;
    uint64_t m = strtoull(c, &end, base);
    if (*end || errno == ERANGE || (base == 10 && !isdigit((unsigned char)*c)))
        return false;
    for (const char *d = c; d < end; d++)
        if (base == 10 && !isdigit((unsigned char)*d))
            return false;
    if (negative)
        *negative = neg;
    if (magnitude)
        *magnitude = m;
    if (value)
        *value = neg ? -(int64_t)m : (int64_t)m;
    return true;
}

static bool is_integer_type(cim_type t) { return t >= CIM_UINT8 && t <= CIM_SINT64; }

static unsigned type_bits(cim_type t)
{
    switch (t) {
    case CIM_UINT8: case CIM_SINT8: return 8;
    case CIM_UINT16: case CIM_SINT16: return 16;
    case CIM_UINT32: case CIM_SINT32: return 32;
    default: return 64;
    }
}

/* The spelling written for an intrinsic type. */
static const char *type_spelling(cim_type t)
{
    static const char *const names[] = {
        [CIM_BOOLEAN] = "Boolean", [CIM_UINT8] = "UInt8",     [CIM_SINT8] = "SInt8",   [CIM_UINT16] = "UInt16",
        [CIM_SINT16] = "SInt16",   [CIM_UINT32] = "UInt32",   [CIM_SINT32] = "SInt32", [CIM_UINT64] = "UInt64",
        [CIM_SINT64] = "SInt64",   [CIM_REAL32] = "Real32",   [CIM_REAL64] = "Real64", [CIM_CHAR16] = "Char16",
        [CIM_STRING] = "String",   [CIM_DATETIME] = "DateTime",
    };
    return t > CIM_NONE && t <= CIM_DATETIME ? names[t] : NULL;
}

static cim_type type_from_name(const char *name)
{
    for (int t = CIM_BOOLEAN; t <= CIM_DATETIME; t++)
        if (strcasecmp(name, type_spelling((cim_type)t)) == 0)
            return (cim_type)t;
    return CIM_NONE;
}

/* ---- the page's structure ------------------------------------------------ */

/* The blocks of the section under the level-2 heading whose text starts
 * with `name`: [*first, *end).  False when there is none. */
static bool find_section(const page *p, const char *name, size_t *first, size_t *end)
{
    for (size_t i = 0; i < p->md.count; i++) {
        const md_block *b = &p->md.blocks[i];
        if (b->kind != MD_HEADING || b->level != 2 || !starts_with_ci(clean(p->a, b->text.text, b->text.length), name))
            continue;
        size_t k = i + 1;
        while (k < p->md.count && !(p->md.blocks[k].kind == MD_HEADING && p->md.blocks[k].level <= 2))
            k++;
        *first = i + 1;
        *end = k;
        return true;
    }
    return false;
}

static const md_block *find_syntax_block(const page *p)
{
    size_t first, end;
    if (find_section(p, "Syntax", &first, &end))
        for (size_t i = first; i < end; i++)
            if (p->md.blocks[i].kind == MD_CODE)
                return &p->md.blocks[i];
    return NULL;
}

/* The first paragraph after the H1, as a description. */
static char *lead_paragraph(const page *p)
{
    for (size_t i = p->h1 + 1; i < p->md.count; i++) {
        const md_block *b = &p->md.blocks[i];
        if (b->kind == MD_HEADING)
            break;
        if (b->kind == MD_PARAGRAPH && !b->quoted)
            return clean(p->a, b->text.text, b->text.length);
    }
    return NULL;
}

/* ---- the Syntax block through the MOF parser ------------------------------ */

/* One line of the text handed to the parser. */
typedef struct line_buf {
    char **lines;
    size_t count;
} line_buf;

/* The page with everything but the code block's text blanked, one string
 * per page line, so what the parser reports is at the page's line and
 * column. */
static line_buf code_lines(const page *p, const md_block *code)
{
    line_buf lb = {arena_alloc(p->a, p->line_count * sizeof(char *)), p->line_count};
    for (size_t i = 0; i < lb.count; i++)
        lb.lines[i] = "";
    if (code->end <= code->offset)
        return lb;
    /* The code is whole lines of the page, verbatim. */
    mof_location first = locate(p, code->offset);
    mof_location last = locate(p, code->end - 1);
    for (int line = first.first_line; line <= last.first_line; line++) {
        size_t s = p->line_starts[line - 1];
        size_t e = (size_t)line < p->line_count ? p->line_starts[line] - 1 : p->file->length;
        lb.lines[line - 1] = arena_strndup(p->a, p->file->text + s, e - s);
    }
    return lb;
}

static char *join_lines(const page *p, const line_buf *lb, size_t *length)
{
    size_t n = 0;
    for (size_t i = 0; i < lb->count; i++)
        n += strlen(lb->lines[i]) + 1;
    char *text = arena_alloc(p->a, n + 1);
    size_t k = 0;
    for (size_t i = 0; i < lb->count; i++) {
        size_t m = strlen(lb->lines[i]);
        memcpy(text + k, lb->lines[i], m);
        k += m;
        text[k++] = '\n';
    }
    text[k] = '\0';
    *length = k;
    return text;
}

/* Parses the text of `lb` as MOF, reporting at the page's lines.  What the
 * parser warns of is also recorded as corrections.  Returns the unit, or
 * NULL after errors. */
/* A diagnostic engine `d` writing to a memory stream (*report, closed by
 * the caller), with the options of `like`, or all warnings off when NULL. */
static FILE *private_engine(diag_engine *d, char **report, size_t *length, const diag_engine *like)
{
    FILE *stream = open_memstream(report, length);
    if (!stream)
        abort();
    diag_init(d, stream);
    if (!like) {
        diag_option(d, "-w");
        return stream;
    }
    memcpy(d->enabled, like->enabled, sizeof d->enabled);
    memcpy(d->as_error, like->as_error, sizeof d->as_error);
    memcpy(d->no_error, like->no_error, sizeof d->no_error);
    d->all_as_error = like->all_as_error;
    d->suppress_all = like->suppress_all;
    d->strict = like->strict;
    return stream;
}

static ast_unit *parse_block(page *p, const line_buf *lb, bool fatal, char **first_error)
{
    size_t length;
    char *text = join_lines(p, lb, &length);
    source_file *f = source_add_text(p->sources, p->file->name, text, length);
    if (!f)
        return NULL;
    /* The front end reports to a private engine with the same options, so
     * its warnings can be listed in the .mof's comment too. */
    char *report = NULL;
    size_t report_length = 0;
    diag_engine private;
    FILE *stream = private_engine(&private, &report, &report_length, p->diag);
    ast_unit *unit = arena_alloc(p->a, sizeof *unit);
    parse_file(p->a, &private, f, unit, 0);
    fclose(stream);
    if (!fatal && private.errors) {
        /* A method page mofgen cannot read leaves the method out; the class
         * page's caller says so. */
        char *e = strstr(report, ": error: ");
        if (first_error && e) {
            char *start = e;
            while (start > report && start[-1] != '\n')
                start--;
            *first_error = arena_strndup(p->a, start, strcspn(start, "\n"));
        }
        free(report);
        return NULL;
    }
    fputs(report, p->diag->stream);
    p->diag->errors += private.errors;
    p->diag->warnings += private.warnings;
    size_t prefix = strlen(p->file->name) + 1;
    for (char *line = report; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *warning = strstr(line, ": warning: ");
        if (strncmp(line, p->file->name, prefix - 1) == 0 && line[prefix - 1] == ':' && warning)
            ptr_vec_push(p->a, p->corrections, arena_printf(p->a, "%.*s: %s", (int)(warning - line), line,
                                                            warning + strlen(": warning: ")));
        line = nl ? nl + 1 : NULL;
    }
    free(report);
    return private.errors ? NULL : unit;
}

/* ---- qualifiers ------------------------------------------------------------ */

/* SDK qualifier spellings and the DSP0004/WMI names written for them. */
static const struct {
    const char *page, *mof;
} qualifier_names[] = {
    {"key", "key"},           {"read", "read"},         {"write", "write"},       {"in", "In"},
    {"out", "Out"},           {"id", "ID"},             {"not_null", "not_null"}, {"notnull", "not_null"},
    {"lazy", "lazy"},         {"large", "Large"},       {"optional", "Optional"}, {"required", "Required"},
    {"bits", "bits"},         {"deprecated", "Deprecated"}, {"max", "Max"},       {"maxlen", "MaxLen"},
    {"allowedlen", "AllowedLen"}, {"sizelimit", "SizeLimit"}, {"enumeration", "enumeration"},
    {"unique", "Unique"},     {"secret", "Secret"},     {"retval", "retval"},
};

/* Flags the pages write to say that a table follows; the table itself
 * becomes the qualifier. */
static bool is_table_flag(const char *name)
{
    return strcasecmp(name, "valuemap") == 0 || strcasecmp(name, "values") == 0 ||
           strcasecmp(name, "bitmap") == 0 || strcasecmp(name, "bitvalues") == 0;
}

static bool has_qualifier(const member *m, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < m->qualifiers.count; i++) {
        const char *q = m->qualifiers.items[i];
        if (strncasecmp(q, name, n) == 0 && (q[n] == '\0' || q[n] == '(' || q[n] == ' ' || q[n] == ':'))
            return true;
    }
    return false;
}

/* One qualifier as the page writes it ("max(15)", "id(\"0\")",
 * "Not_Null:ToInstance") in MOF. */
static char *map_qualifier(page *p, const char *q, size_t offset)
{
    size_t n = 0;
    while (q[n] && (isalnum((unsigned char)q[n]) || q[n] == '_'))
        n++;
    if (n == 0)
        return NULL;
    const char *rest = q + n;
    while (*rest == ' ')
        rest++;
    const char *name = arena_strndup(p->a, q, n);
    for (size_t i = 0; i < sizeof qualifier_names / sizeof qualifier_names[0]; i++)
        if (strcasecmp(name, qualifier_names[i].page) == 0)
            name = qualifier_names[i].mof;
    if (*rest == '\0')
        return arena_strdup(p->a, name);
    if (*rest == ':') {
        const char *flavor = rest + 1;
        while (*flavor == ' ')
            flavor++;
        if (is_identifier(flavor))
            return arena_printf(p->a, "%s : %s", name, flavor);
    }
    if (*rest == '(' && rest[strlen(rest) - 1] == ')') {
        char *arg = arena_strndup(p->a, rest + 1, strlen(rest) - 2);
        size_t al = strlen(arg);
        /* A number written as a string where the qualifier is an integer. */
        if ((strcmp(name, "ID") == 0 || strcmp(name, "Max") == 0 || strcmp(name, "MaxLen") == 0) && al >= 2 &&
            arg[0] == '"' && arg[al - 1] == '"') {
            arg[al - 1] = '\0';
            arg++;
        }
        int64_t v;
        if (parse_integer(arg, &v, NULL, NULL) || (arg[0] == '"' && arg[strlen(arg) - 1] == '"' && strlen(arg) >= 2))
            return arena_printf(p->a, "%s(%s)", name, arg);
        return arena_printf(p->a, "%s(\"%s\")", name, arg);
    }
    correction(p, W_DOC_QUALIFIER, offset, "qualifier '%s' is not understood; left out", q);
    return NULL;
}

/* Reads "[a, b(1), c:Flavor]" (or "None") into `m`'s qualifiers. */
static void read_qualifiers(page *p, member *m, const char *text, size_t offset)
{
    char *s = clean(p->a, text, strlen(text));
    size_t n = strlen(s);
    if (n == 0 || strcasecmp(s, "none") == 0 || strcasecmp(s, "none.") == 0)
        return;
    if (s[0] == '[' && s[n - 1] == ']') {
        s[n - 1] = '\0';
        s++;
    } else if (s[0] == '[' || !is_identifier(s)) {
        correction(p, W_DOC_QUALIFIER, offset, "qualifiers '%s' are not a '[...]' list; left out", s);
        return;
    }
    int depth = 0;
    bool quoted = false;
    char *start = s;
    for (char *c = s;; c++) {
        if (*c == '"')
            quoted = !quoted;
        else if (!quoted && *c == '(')
            depth++;
        else if (!quoted && *c == ')')
            depth--;
        if (*c != '\0' && (*c != ',' || depth > 0 || quoted))
            continue;
        bool last = *c == '\0';
        *c = '\0';
        char *q = clean(p->a, start, strlen(start));
        if (*q) {
            char word[64];
            size_t w = 0;
            while (q[w] && (isalnum((unsigned char)q[w]) || q[w] == '_') && w + 1 < sizeof word) {
                word[w] = q[w];
                w++;
            }
            word[w] = '\0';
            if (strcasecmp(q, "none") == 0) {
                /* "[None]" */
            } else if (is_table_flag(word)) {
                m->wants_values = true;
            } else if (strcasecmp(word, "description") == 0) {
                correction(p, W_DOC_QUALIFIER, offset, "qualifier 'Description' of '%s' is left out: the page's text "
                           "is its description", m->name);
            } else {
                char *mapped = map_qualifier(p, q, offset);
                char *mapped_name = mapped ? arena_strndup(p->a, mapped, strcspn(mapped, "( :")) : NULL;
                if (mapped && has_qualifier(m, mapped_name))
                    correction(p, W_DOC_QUALIFIER, offset, "qualifier '%s' of '%s' is listed twice; written once", mapped_name,
                               m->name);
                else if (mapped)
                    ptr_vec_push(p->a, &m->qualifiers, mapped);
            }
        }
        if (last)
            break;
        start = c + 1;
    }
}

/* "Read-only", "Read/Write", ...: adds read/write where the qualifiers do
 * not already say so.  Some pages write qualifiers here instead. */
static void read_access(page *p, member *m, const char *text, size_t offset)
{
    char *s = clean(p->a, text, strlen(text));
    if (s[0] == '[') {
        correction(p, W_DOC_QUALIFIER, offset, "'Access type:' of '%s' lists qualifiers ('%s'); read as its qualifiers",
                   m->name, s);
        read_qualifiers(p, m, s, offset);
        return;
    }
    if (starts_with_ci(s, "read/write") || starts_with_ci(s, "read-write") || starts_with_ci(s, "read write") ||
        starts_with_ci(s, "read and write"))
        m->access_read = m->access_write = true;
    else if (starts_with_ci(s, "read"))
        m->access_read = true;
    else if (starts_with_ci(s, "write"))
        m->access_write = true;
    else
        correction(p, W_DOC_QUALIFIER, offset, "'Access type: %s' of '%s' is not an access type; left out", s, m->name);
}

/* The access type's read and write join the qualifiers, first, where the
 * qualifiers do not already say so. */
static void apply_access(page *p, member *m)
{
    ptr_vec list = {0};
    if (m->access_read && !has_qualifier(m, "read"))
        ptr_vec_push(p->a, &list, "read");
    if (m->access_write && !has_qualifier(m, "write"))
        ptr_vec_push(p->a, &list, "write");
    for (size_t i = 0; i < m->qualifiers.count; i++)
        ptr_vec_push(p->a, &list, m->qualifiers.items[i]);
    m->qualifiers = list;
}

/* ---- value and bit tables -------------------------------------------------- */

static char *cell_text(page *p, const md_block *t, size_t row, size_t col)
{
    if (col >= t->cols)
        return "";
    const md_text *c = &t->cells[row * t->cols + col];
    return clean(p->a, c->text, c->length);
}

static size_t cell_offset(const md_block *t, size_t row, size_t col)
{
    const md_text *c = &t->cells[row * t->cols + (col < t->cols ? col : 0)];
    return c->pieces ? c->offsets[0] : t->offset;
}

/* A Values name from a description cell: "NAME. Text" gives NAME (and the
 * text goes to *rest); a plain description is the name as a whole. */
static char *value_name(page *p, char *cell, char **rest)
{
    *rest = NULL;
    size_t n = 0;
    while (cell[n] && (isalnum((unsigned char)cell[n]) || cell[n] == '_'))
        n++;
    bool upper = n > 0;
    for (size_t i = 0; i < n; i++)
        if (islower((unsigned char)cell[i]))
            upper = false;
    if (upper && n > 1 && (cell[n] == '.' || cell[n] == ':' || cell[n] == ' ' || cell[n] == '\0')) {
        const char *r = cell + n;
        while (*r == '.' || *r == ':' || *r == ' ' || *r == '-')
            r++;
        if (cell[n] == ' ' && r == cell + n + 1 && *r != '\0')
            return cell; /* "AN ENTIRE SENTENCE" */
        if (*r)
            *rest = arena_strdup(p->a, r);
        return arena_strndup(p->a, cell, n);
    }
    return cell;
}

static bool table_is_bits(page *p, const md_block *t)
{
    const char *head = cell_text(p, t, 0, 0);
    if (find_ci(head, "bit") || find_ci(head, "hexadecimal") || find_ci(head, "mask"))
        return true;
    if (t->rows > 1) {
        const char *first = cell_text(p, t, 1, 0);
        return strncasecmp(first, "0x", 2) == 0 && strchr(first, '(') != NULL;
    }
    return false;
}

/* The values a value cell gives: "5", "0x10", "5 (0x5)", "GREEN(0)"
 * (then *name is GREEN), "900 (15 Minutes)", "0 or 1", "1000,1001".  At
 * most `max` of them; returns how many, 0 when the cell holds no number. */
static size_t cell_values(page *p, const char *cell, char **values, size_t max, char **name, bool *mismatch)
{
    *name = NULL;
    *mismatch = false;
    char *s = arena_strdup(p->a, cell);
    char *paren = strchr(s, '(');
    if (paren && paren > s && (isalpha((unsigned char)s[0]) || s[0] == '_')) {
        /* NAME(N) */
        char *close = strchr(paren, ')');
        char *head = clean(p->a, s, (size_t)(paren - s));
        char *inner = close ? clean(p->a, paren + 1, (size_t)(close - paren - 1)) : NULL;
        int64_t v;
        if (inner && is_identifier(head) && parse_integer(inner, &v, NULL, NULL)) {
            *name = head;
            values[0] = inner;
            return 1;
        }
        return 0;
    }
    if (paren == s) {
        /* "(0x0)" */
        char *close = strchr(paren, ')');
        char *inner = close ? clean(p->a, paren + 1, (size_t)(close - paren - 1)) : "";
        if (!parse_integer(inner, NULL, NULL, NULL))
            return 0;
        values[0] = inner;
        return 1;
    }
    if (paren) {
        /* "N (something)": the number before, checked against a number inside */
        char *close = strchr(paren, ')');
        char *head = clean(p->a, s, (size_t)(paren - s));
        char *inner = close ? clean(p->a, paren + 1, (size_t)(close - paren - 1)) : "";
        int64_t a, b;
        if (!parse_integer(head, &a, NULL, NULL))
            return 0;
        if (parse_integer(inner, &b, NULL, NULL) && a != b)
            *mismatch = true;
        values[0] = head;
        return 1;
    }
    size_t n = 0;
    for (char *tok = s; *tok && n < max;) {
        size_t len = strcspn(tok, ",");
        char *word = clean(p->a, tok, len);
        /* "0 or 1" */
        char *or = strstr(word, " or ");
        if (or) {
            char *left = clean(p->a, word, (size_t)(or - word));
            char *right = clean(p->a, or + 4, strlen(or + 4));
            if (!parse_integer(left, NULL, NULL, NULL) || !parse_integer(right, NULL, NULL, NULL) || n + 2 > max)
                return 0;
            values[n++] = left;
            values[n++] = right;
        } else {
            if (!parse_integer(word, NULL, NULL, NULL))
                return 0;
            values[n++] = word;
        }
        tok += len;
        if (*tok == ',')
            tok++;
    }
    return n;
}

typedef enum table_kind { TABLE_READ, TABLE_PROSE, TABLE_BAD } table_kind;

/* A bit cell: "0x00000020 (5)" (the bit from the parentheses, checked
 * against the mask), "0x40000000 (1073741824)" (the mask twice), "5",
 * "0x20".  -1 when it is none of those. */
static long cell_bit(page *p, const char *value, uint64_t *mask_out, bool *has_mask_out)
{
    uint64_t mask = 0, inner = 0;
    bool has_mask = false, has_inner = false;
    long bit = -1;
    *mask_out = 0;
    *has_mask_out = false;
    const char *paren = strchr(value, '(');
    char *head = clean(p->a, value, paren ? (size_t)(paren - value) : strlen(value));
    if (paren) {
        const char *close = strchr(paren, ')');
        char *in = close ? clean(p->a, paren + 1, (size_t)(close - paren - 1)) : "";
        has_inner = parse_integer(in, NULL, NULL, &inner);
    }
    if (strncasecmp(head, "0x", 2) == 0)
        has_mask = parse_integer(head, NULL, NULL, &mask);
    else if (!paren && parse_integer(head, NULL, NULL, &mask))
        return mask < 64 ? (long)mask : -1;
    if (has_inner && has_mask && inner == mask && mask)
        has_inner = false; /* the mask in decimal */
    if (has_inner)
        bit = inner < 64 ? (long)inner : -1;
    else if (has_mask && mask && (mask & (mask - 1)) == 0)
        for (bit = 0; !(mask & ((uint64_t)1 << bit)); bit++)
            ;
    *mask_out = mask;
    *has_mask_out = has_mask && has_inner;
    return bit;
}

static void add_description(page *p, member *m, const char *text);

/* Adds table `t` to `m`'s description, row by row: what a table that is
 * not a value table says. */
static void table_as_prose(page *p, member *m, const md_block *t)
{
    for (size_t r = 1; r < t->rows; r++) {
        char *line = NULL;
        for (size_t c = 0; c < t->cols; c++) {
            char *cell = cell_text(p, t, r, c);
            if (!*cell)
                continue;
            line = line ? arena_printf(p->a, "%s: %s", line, cell) : cell;
        }
        if (line)
            add_description(p, m, arena_printf(p->a, "%s%s", line, strchr(".;:", line[strlen(line) - 1]) ? "" : ";"));
    }
}

/* Reads table `t` for member `m`: its rows as ValueMap/Values or
 * BitMap/BitValues (TABLE_READ), or, when it holds no values at all, as
 * description (TABLE_PROSE).  TABLE_BAD after an error. */
static table_kind read_table(page *p, member *m, const md_block *t, doc_table **out)
{
    doc_table *dt = arena_alloc(p->a, sizeof *dt);
    dt->bits = table_is_bits(p, t);
    *out = NULL;
    cim_type type = m->type.intrinsic;
    size_t value_col = 0, name_col = t->cols > 1 ? 1 : 0;
    char *values[16];
    char *inner_name;
    bool mismatch;
    size_t numeric[2] = {0, 0};
    for (size_t r = 1; r < t->rows; r++)
        for (size_t c = 0; c < 2 && c < t->cols; c++) {
            uint64_t mask;
            bool has_mask;
            numeric[c] += dt->bits ? cell_bit(p, cell_text(p, t, r, c), &mask, &has_mask) >= 0
                                   : cell_values(p, cell_text(p, t, r, c), values, 16, &inner_name, &mismatch) > 0;
        }
    /* "|Name|Value|": the numbers in the second column. */
    if (!dt->bits && numeric[0] == 0 && numeric[1] == t->rows - 1 && t->rows > 1) {
        value_col = 1;
        name_col = 0;
    } else if (t->cols >= 3) {
        name_col = 1;
    }
    const char *head = cell_text(p, t, 0, value_col);
    size_t first_row = 1;
    /* "|||" then "|**Value**|**State**|": the header is the first row */
    if (!*head && t->rows > 1 && find_ci(cell_text(p, t, 1, value_col), "value")) {
        head = cell_text(p, t, 1, value_col);
        first_row = 2;
    }
    bool says_value = find_ci(head, "value") != NULL && t->cols >= 2;
    /* "0xC0000000 (3221225472)": masks that are not single bits make a
     * table of values written in hex */
    if (dt->bits && numeric[0] + first_row - 1 < t->rows - 1) {
        size_t masks = 0;
        for (size_t r = first_row; r < t->rows; r++)
            masks += cell_values(p, cell_text(p, t, r, 0), values, 16, &inner_name, &mismatch) > 0 &&
                     strncasecmp(cell_text(p, t, r, 0), "0x", 2) == 0;
        if (masks == t->rows - first_row) {
            dt->bits = false;
            numeric[0] = masks;
        }
    }
    bool integer = is_integer_type(type);
    if (!integer && !(type == CIM_STRING && !dt->bits && says_value)) {
        correction(p, W_DOC_TABLE, t->offset, "the table under '%s' cannot be a %s table of a %s property; its rows are "
                   "added to the description", m->name, dt->bits ? "bit" : "value",
                   m->type.spelling ? m->type.spelling : "class-typed");
        table_as_prose(p, m, t);
        return TABLE_PROSE;
    }
    if (integer && numeric[value_col] == 0 && !says_value) {
        correction(p, W_DOC_TABLE, t->offset, "the table under '%s' lists no %s; its rows are added to the description",
                   m->name, dt->bits ? "bit positions" : "numbers");
        table_as_prose(p, m, t);
        return TABLE_PROSE;
    }
    for (size_t r = first_row; r < t->rows; r++) {
        char *value = cell_text(p, t, r, value_col);
        char *rest = NULL;
        char *name = value_name(p, cell_text(p, t, r, name_col), &rest);
        size_t at = cell_offset(t, r, value_col);
        if (!*value && !*name)
            continue;
        size_t n = 1;
        if (dt->bits) {
            uint64_t mask;
            bool has_mask;
            long bit = cell_bit(p, value, &mask, &has_mask);
            if (bit < 0 || bit >= (long)type_bits(type)) {
                page_error(p, at, "'%s' in the bit table of '%s' is not a bit position of a %u-bit value", value,
                           m->name, type_bits(type));
                return TABLE_BAD;
            }
            if (has_mask && mask != (uint64_t)1 << bit)
                correction(p, W_DOC_BITS, at,
                           "the mask 0x%" PRIX64 " of '%s' is not bit %ld (0x%" PRIX64 "); bit %ld is used, as the "
                           "parentheses say",
                           mask, name, bit, (uint64_t)1 << bit, bit);
            values[0] = arena_printf(p->a, "%ld", bit);
        } else if (integer) {
            n = cell_values(p, value, values, 16, &inner_name, &mismatch);
            if (n == 0 && numeric[value_col] > 0) {
                /* one odd row in a table of numbers */
                correction(p, W_DOC_TABLE, at, "'%s' in the value table of '%s' is not a number; the row is added to "
                           "the description", value, m->name);
                add_description(p, m, arena_printf(p->a, "%s: %s.", value, name));
                continue;
            }
            if (n == 0) {
                page_error(p, at, "'%s' in the value table of '%s' is not a number (the property is %s)", value,
                           m->name, type_spelling(type));
                return TABLE_BAD;
            }
            if (mismatch)
                correction(p, W_DOC_TABLE, at, "the value '%s' of '%s' gives two different numbers; the first is used",
                           value, m->name);
            if (inner_name) {
                if (*name && strcmp(name, inner_name) != 0)
                    rest = rest ? arena_printf(p->a, "%s %s", name, rest) : name;
                name = inner_name;
            }
        } else {
            values[0] = value;
        }
        for (size_t k = 0; k < n; k++) {
            table_row *row = arena_alloc(p->a, sizeof *row);
            row->value = values[k];
            if (integer && !dt->bits) {
                bool negative;
                uint64_t magnitude;
                parse_integer(values[k], NULL, &negative, &magnitude);
                row->value = negative ? arena_printf(p->a, "-%" PRIu64, magnitude) : arena_printf(p->a, "%" PRIu64, magnitude);
            }
            bool duplicate = false;
            for (size_t i = 0; i < dt->rows.count; i++)
                duplicate = duplicate || strcmp(((table_row *)dt->rows.items[i])->value, row->value) == 0;
            if (duplicate) {
                correction(p, W_DOC_TABLE, at, "'%s' is listed twice in the table of '%s'; the second row is left out",
                           value, m->name);
                continue;
            }
            row->name = *name ? name : row->value;
            ptr_vec_push(p->a, &dt->rows, row);
        }
        if (rest) {
            const char *sep = m->description && *m->description ? " " : "";
            m->description = arena_printf(p->a, "%s%s%s: %s", m->description ? m->description : "", sep, name, rest);
        }
    }
    *out = dt;
    return TABLE_READ;
}

/* ---- the Properties / Parameters section ---------------------------------- */

static member *find_member(member **members, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcasecmp(members[i]->name, name) == 0)
            return members[i];
    return NULL;
}

/* The name a block starts a property with, or NULL: "### `Name`" or a
 * paragraph whose first line is "`Name`". */
static char *member_heading(page *p, const md_block *b, size_t *rest)
{
    *rest = b->text.length;
    if (b->kind == MD_HEADING && b->level >= 3) {
        char *name = clean(p->a, b->text.text, b->text.length);
        return is_identifier(name) ? name : NULL;
    }
    if (b->kind != MD_PARAGRAPH || b->quoted)
        return NULL;
    const char *t = b->text.text;
    size_t n = strcspn(t, "\n");
    size_t i = 0;
    while (i < n && is_blank(t[i]))
        i++;
    size_t j = n;
    while (j > i && is_blank(t[j - 1]))
        j--;
    if (j - i < 3 || t[i] != '`' || t[j - 1] != '`')
        return NULL;
    char *name = arena_strndup(p->a, t + i + 1, j - i - 2);
    if (!is_identifier(name))
        return NULL;
    *rest = n;
    return name;
}

/* Drops a last sentence ending in ':' ("Possible values are:") from a
 * description; true when there was one. */
static bool drop_announcement(char *d)
{
    size_t n = strlen(d);
    if (n == 0 || d[n - 1] != ':')
        return false;
    size_t i = n - 1;
    while (i > 0 && !(d[i - 1] == '.' && d[i] == ' '))
        i--;
    while (i > 0 && d[i - 1] == ' ')
        i--;
    d[i] = '\0';
    if (i > 0 && d[i - 1] == ' ')
        d[i - 1] = '\0';
    return true;
}

static void add_description(page *p, member *m, const char *text)
{
    if (!*text)
        return;
    if (!m->description || !*m->description)
        m->description = arena_strdup(p->a, text);
    else
        m->description = arena_printf(p->a, "%s %s", m->description, text);
}

/* The type "Data type:" names: "`UInt32`", "**String**", "`String` Array". */
static void check_data_type(page *p, member *m, const char *text, size_t offset)
{
    char *s = clean(p->a, text, strlen(text));
    for (char *c = s; *c; c++)
        if (*c == '*')
            *c = ' ';
    s = clean(p->a, s, strlen(s));
    bool array = false;
    size_t n = strlen(s);
    if (n > 6 && strcasecmp(s + n - 6, " array") == 0) {
        array = true;
        s[n - 6] = '\0';
    } else if (n > 2 && strcmp(s + n - 2, "[]") == 0) {
        array = true;
        s[n - 2] = '\0';
    }
    char *space = strchr(s, ' ');
    if (space)
        *space = '\0';
    if (!*s)
        return;
    cim_type doc = type_from_name(s);
    const char *syntax = m->type.spelling ? m->type.spelling : "?";
    if (m->type.intrinsic != CIM_NONE) {
        if (doc != m->type.intrinsic && !(m->type.is_reference))
            correction(p, W_DOC_TYPE, offset, "'Data type: %s' of '%s' disagrees with the Syntax block's '%s'; '%s' is used",
                       s, m->name, syntax, type_spelling(m->type.intrinsic));
    } else if (doc != CIM_NONE && !m->type.is_reference && model_type_suggestion(syntax)) {
        /* "UIt32": a typo of a type, not a class name */
        correction(p, W_DOC_TYPE, offset, "the Syntax block types '%s' as '%s', which is not a type; 'Data type: %s' is used",
                   m->name, syntax, type_spelling(doc));
        m->type.intrinsic = doc;
        m->type.class_name = NULL;
        m->type.spelling = (char *)type_spelling(doc);
    } else if (doc != CIM_NONE && !m->type.is_reference) {
        correction(p, W_DOC_TYPE, offset, "'Data type: %s' of '%s' disagrees with the Syntax block's class '%s'; the "
                   "Syntax block is followed", s, m->name, syntax);
    }
    if (array != (m->array != ARRAY_NONE) && m->type.intrinsic != CIM_NONE)
        correction(p, W_DOC_TYPE, offset, "'Data type: %s%s' of '%s' disagrees with the Syntax block, which %s; the "
                   "Syntax block is followed",
                   s, array ? " Array" : "", m->name, m->array != ARRAY_NONE ? "declares an array" : "declares no array");
}

/* A "Possible values" table for a member announcing one and the nearest
 * earlier member that announced a table and got none. */
static void attach_table(page *p, member **members, size_t count, member *under, const md_block *t, size_t *left,
                         size_t *prose)
{
    member *target = under;
    if (!under || (!under->announces && under->table == NULL) || under->table) {
        member *announcer = NULL;
        for (size_t i = 0; i < count && members[i] != under; i++)
            if (members[i]->announces && !members[i]->table)
                announcer = members[i];
        if (announcer && (!under || !under->announces || under->table)) {
            if (under)
                correction(p, W_DOC_TABLE, t->offset,
                           "this table is printed under '%s', but '%s' announces it (\"Possible values are:\"); it is "
                           "attached to '%s'",
                           under->name, announcer->name, announcer->name);
            target = announcer;
        }
    }
    if (!target || target->table) {
        correction(p, W_DOC_TABLE, t->offset, "a table no property announces%s%s%s; left out",
                   under ? " (under '" : "", under ? under->name : "", under ? "', which has one already)" : "");
        ++*left;
        return;
    }
    doc_table *dt;
    table_kind kind = read_table(p, target, t, &dt);
    target->table = dt;
    target->table_offset = t->offset;
    if (kind == TABLE_PROSE)
        ++*prose;
}

static void read_default(page *p, member *m);
static member *new_member(page *p, const char *name, const ast_type *type, ast_array_kind array, uint64_t size,
                          const ast_value *def, const ptr_vec *qualifiers);

static bool same_table(const doc_table *a, const doc_table *b)
{
    if (a->bits != b->bits || a->rows.count != b->rows.count)
        return false;
    for (size_t i = 0; i < a->rows.count; i++) {
        const table_row *x = a->rows.items[i], *y = b->rows.items[i];
        if (strcmp(x->value, y->value) != 0 || strcmp(x->name, y->name) != 0)
            return false;
    }
    return true;
}

/* Folds `again`, a second description of `m` (read into a member of its
 * own), into `m`: its qualifiers, access, text and table where the first
 * lacks them.  One located warning names both places. */
static void merge_repeat(page *p, member *m, member *again, size_t *tables_repeated, size_t *tables_left)
{
    mof_location first = locate(p, m->heading_offset);
    bool same_text = !again->description || (m->description && strcmp(m->description, again->description) == 0);
    for (size_t i = 0; i < again->qualifiers.count; i++)
        if (!has_qualifier(m, again->qualifiers.items[i])) {
            ptr_vec_push(p->a, &m->qualifiers, again->qualifiers.items[i]);
            same_text = false;
        }
    same_text = same_text && again->access_read == m->access_read && again->access_write == m->access_write;
    m->access_read |= again->access_read;
    m->access_write |= again->access_write;
    if (!same_text && again->description && m->description && find_ci(m->description, again->description) == NULL)
        add_description(p, m, again->description);
    else if (!m->description)
        m->description = again->description;
    const char *table = "";
    if (again->table && !m->table) {
        m->table = again->table;
        m->table_offset = again->table_offset;
        table = ", its table included";
        same_text = false;
    } else if (again->table && same_table(m->table, again->table)) {
        ++*tables_repeated;
        table = " (table included)";
    } else if (again->table) {
        mof_location t = locate(p, m->table_offset);
        correction(p, W_DOC_TABLE, again->table_offset, "'%s' has a table at %d:%d and a different one here; this "
                   "one is left out", m->name, t.first_line, t.first_column);
        ++*tables_left;
        same_text = false;
    }
    correction(p, W_DOC_PAGE, again->heading_offset, "'%s' is described a second time (first at %d:%d)%s; %s%s", m->name,
               first.first_line, first.first_column, same_text ? ", the same as the first" : ", differently",
               same_text ? "merged into it" : "the two are merged", table);
}

/* Walks blocks [first, end) for the members' prose.  A member described
 * twice is read into a copy of its own (`again`), merged at its end. */
static void read_members(page *p, size_t first, size_t end, member **members, size_t count, size_t *tables_left,
                         size_t *tables_prose, size_t *tables_repeated)
{
    member *m = NULL, *original = NULL;
    for (size_t i = first; i <= end; i++) {
        size_t rest = 0;
        char *name = i < end ? member_heading(p, &p->md.blocks[i], &rest) : NULL;
        if ((name || i == end) && original) {
            merge_repeat(p, original, m, tables_repeated, tables_left);
            original = NULL;
        }
        if (i == end)
            break;
        const md_block *b = &p->md.blocks[i];
        if (name) {
            m = find_member(members, count, name);
            if (m && m->documented) {
                original = m;
                m = new_member(p, m->name, &m->type, m->array, m->array_size, NULL, NULL);
                m->heading_offset = b->offset;
            } else if (!m) {
                mof_location loc = locate(p, b->offset);
                diag_warning(p->diag, W_DOC_PAGE, &loc, "'%s' is described here but not in the Syntax block; left out",
                             name);
                ptr_vec_push(p->a, p->corrections,
                             arena_printf(p->a, "%s:%d:%d: '%s' is described but not in the Syntax block; left out",
                                          p->file->name, loc.first_line, loc.first_column, name));
            } else {
                m->documented = true;
                m->heading_offset = b->offset;
            }
            if (rest >= b->text.length)
                continue;
        }
        if (b->kind == MD_TABLE) {
            if (m || count)
                attach_table(p, members, count, m, b, tables_left, tables_prose);
            continue;
        }
        if (!m || b->quoted || b->kind == MD_CODE || b->kind == MD_HEADING)
            continue;
        /* line by line: the "Data type:" lines, else description */
        const char *t = b->text.text;
        size_t pos = name ? rest + 1 : 0;
        while (pos < b->text.length) {
            size_t n = strcspn(t + pos, "\n");
            char *line = clean(p->a, t + pos, n);
            size_t at = md_text_offset(&b->text, pos);
            while (is_blank(p->file->text[at]) && at + 1 < p->file->length)
                at++;
            if (starts_with_ci(line, "Data type:"))
                check_data_type(p, m, line + 10, at + 11);
            else if (starts_with_ci(line, "Access type:"))
                read_access(p, m, line + 12, at + 13);
            else if (starts_with_ci(line, "Qualifiers:"))
                read_qualifiers(p, m, line + 11, at + 12);
            else if (*line) {
                if (b->kind == MD_ITEM)
                    line = arena_printf(p->a, "%s%s", line, strchr(".;:", line[strlen(line) - 1]) ? "" : ";");
                add_description(p, m, line);
            }
            pos += n + 1;
        }
        if (m->description && drop_announcement(m->description)) {
            m->announces = true;
            m->announce_offset = b->offset;
        } else if (m->description && find_ci(m->description, "possible values") && b->kind == MD_PARAGRAPH) {
            m->announces = true;
            m->announce_offset = b->offset;
        }
    }
    for (size_t i = 0; i < count; i++) {
        apply_access(p, members[i]);
        if (members[i]->documented)
            read_default(p, members[i]);
    }
}

/* "The default value is 0." where the value parses as the type. */
static void read_default(page *p, member *m)
{
    if (!m->description || m->array != ARRAY_NONE || m->default_value)
        return;
    const char *at = find_ci(m->description, "default value is ");
    if (!at)
        return;
    at += strlen("default value is ");
    size_t n = 0;
    if (at[0] == '"') {
        const char *close = strchr(at + 1, '"');
        if (!close)
            return;
        n = (size_t)(close - at) + 1;
    } else {
        while (at[n] && !is_blank(at[n]) && at[n] != ',' && at[n] != ';' && at[n] != ')')
            n++;
        while (n > 0 && at[n - 1] == '.')
            n--;
    }
    char *word = arena_strndup(p->a, at, n);
    cim_type t = m->type.intrinsic;
    int64_t v;
    if (is_integer_type(t)) {
        if (!parse_integer(word, &v, NULL, NULL)) {
            /* a Values name: its value */
            for (size_t i = 0; m->table && !m->table->bits && i < m->table->rows.count; i++) {
                table_row *r = m->table->rows.items[i];
                if (strcasecmp(r->name, word) == 0)
                    word = r->value;
            }
            if (!parse_integer(word, &v, NULL, NULL))
                return;
        }
        if (t >= CIM_UINT8 && t <= CIM_UINT64 && (t % 2) == 0 && word[0] == '-')
            return;
        if (m->table && !m->table->bits) {
            bool listed = false;
            for (size_t i = 0; i < m->table->rows.count; i++)
                listed = listed || strcmp(((table_row *)m->table->rows.items[i])->value, word) == 0;
            if (!listed)
                return;
        }
        m->default_text = word;
    } else if (t == CIM_BOOLEAN) {
        if (strcasecmp(word, "true") == 0 || strcasecmp(word, "false") == 0)
            m->default_text = strcasecmp(word, "true") == 0 ? "true" : "false";
    } else if (t == CIM_STRING && word[0] == '"' && n >= 2) {
        if (!m->table)
            m->default_text = word;
    }
}

/* Members from a feature list (a class's properties or a method's
 * parameters). */
static member *new_member(page *p, const char *name, const ast_type *type, ast_array_kind array, uint64_t size,
                          const ast_value *def, const ptr_vec *qualifiers)
{
    member *m = arena_alloc(p->a, sizeof *m);
    m->name = name;
    m->type = *type;
    m->array = array;
    m->array_size = size;
    m->default_value = def;
    for (size_t i = 0; qualifiers && i < qualifiers->count; i++) {
        const ast_qualifier *q = qualifiers->items[i];
        const char *mapped = q->name;
        for (size_t k = 0; k < sizeof qualifier_names / sizeof qualifier_names[0]; k++)
            if (strcasecmp(q->name, qualifier_names[k].page) == 0)
                mapped = qualifier_names[k].mof;
        if (!q->value && !has_qualifier(m, mapped))
            ptr_vec_push(p->a, &m->qualifiers, (char *)mapped);
    }
    return m;
}

/* ---- writing MOF ------------------------------------------------------------ */

static void write_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        switch (*s) {
        case '"': fputs("\\\"", out); break;
        case '\\': fputs("\\\\", out); break;
        case '\n': fputs("\\n", out); break;
        case '\t': fputs("\\t", out); break;
        default:
            if ((unsigned char)*s < 0x20)
                fprintf(out, "\\x%04X", (unsigned char)*s);
            else
                fputc(*s, out);
        }
    }
    fputc('"', out);
}

static void write_value(FILE *out, const ast_value *v)
{
    switch (v->kind) {
    case VAL_NULL: fputs("NULL", out); break;
    case VAL_BOOLEAN: fputs(v->u.boolean ? "true" : "false", out); break;
    case VAL_INTEGER:
        fprintf(out, "%s%" PRIu64, v->negative ? "-" : "", v->u.magnitude);
        break;
    case VAL_REAL: fprintf(out, "%.17g", v->u.real); break;
    case VAL_STRING: write_string(out, v->u.text); break;
    case VAL_CHAR16: fprintf(out, "'\\x%04" PRIX32 "'", v->u.char16); break;
    case VAL_ARRAY:
        fputc('{', out);
        for (size_t i = 0; i < v->count; i++) {
            if (i)
                fputs(", ", out);
            write_value(out, v->u.items[i]);
        }
        fputc('}', out);
        break;
    default: fputs("NULL", out); break;
    }
}

static void write_type(FILE *out, const ast_type *t)
{
    if (t->intrinsic != CIM_NONE)
        fputs(type_spelling(t->intrinsic), out);
    else if (t->is_reference)
        fprintf(out, "%s REF", t->class_name ? t->class_name : "Object");
    else
        fputs(t->class_name ? t->class_name : "Object", out);
}

static void write_list(FILE *out, const char *name, const doc_table *t, bool values)
{
    fprintf(out, "%s{", name);
    for (size_t i = 0; i < t->rows.count; i++) {
        const table_row *r = t->rows.items[i];
        if (i)
            fputs(", ", out);
        write_string(out, values ? r->name : r->value);
    }
    fputc('}', out);
}

/* "[q, ..., Description(...), ValueMap{...}, Values{...}]" before a member. */
static void write_qualifiers(FILE *out, const member *m, const char *indent)
{
    bool any = m->qualifiers.count || m->description || m->table;
    if (!any)
        return;
    fputc('[', out);
    const char *sep = "";
    for (size_t i = 0; i < m->qualifiers.count; i++) {
        fprintf(out, "%s%s", sep, (const char *)m->qualifiers.items[i]);
        sep = ", ";
    }
    if (m->description && *m->description) {
        fprintf(out, "%s\n%s Description(", *sep ? "," : "", indent);
        write_string(out, m->description);
        fputc(')', out);
        sep = ", ";
    }
    if (m->table) {
        fprintf(out, "%s\n%s ", *sep ? "," : "", indent);
        write_list(out, m->table->bits ? "BitMap" : "ValueMap", m->table, false);
        fprintf(out, ",\n%s ", indent);
        write_list(out, m->table->bits ? "BitValues" : "Values", m->table, true);
    }
    fprintf(out, "]\n%s", indent);
}

static void write_member(FILE *out, const member *m, const char *indent)
{
    write_qualifiers(out, m, indent);
    write_type(out, &m->type);
    fprintf(out, " %s", m->name);
    if (m->array == ARRAY_VARIABLE)
        fputs("[]", out);
    else if (m->array == ARRAY_FIXED)
        fprintf(out, "[%" PRIu64 "]", m->array_size);
    if (m->default_value) {
        fputs(" = ", out);
        write_value(out, m->default_value);
    } else if (m->default_text) {
        fprintf(out, " = %s", m->default_text);
    }
}

/* ---- method pages ------------------------------------------------------------ */

static bool load_page(page *p, arena *a, diag_engine *diag, source_set *sources, const char *path, ptr_vec *corrections,
                      const mof_location *from)
{
    memset(p, 0, sizeof *p);
    p->a = a;
    p->diag = diag;
    p->sources = sources;
    p->corrections = corrections;
    char why[256];
    source_file *f = source_load(sources, path, path, SOURCE_DEFAULT_MAX_INPUT, why, sizeof why);
    if (!f) {
        if (from)
            diag_error(diag, from, "cannot read '%s': %s", path, why);
        else
            diag_plain_error(diag, "cannot read '%s': %s", path, why);
        return false;
    }
    p->file = f;
    index_lines(p);
    if (f->encoding_error) {
        mof_location loc = {f, f->encoding_line ? f->encoding_line : 1, f->encoding_column ? f->encoding_column : 1,
                            0, 0};
        loc.last_line = loc.first_line;
        loc.last_column = loc.first_column;
        diag_error(diag, &loc, "%s", f->encoding_error);
        return false;
    }
    if (md_page_parse(a, f->text, f->length, &p->md) != 0) {
        diag_error(diag, &(mof_location){f, 1, 1, 1, 1}, "the page is not Markdown md4c can read");
        return false;
    }
    p->h1 = (size_t)-1;
    for (size_t i = 0; i < p->md.count; i++)
        if (p->md.blocks[i].kind == MD_HEADING && p->md.blocks[i].level == 1) {
            p->h1 = i;
            p->title = clean(a, p->md.blocks[i].text.text, p->md.blocks[i].text.length);
            break;
        }
    if (p->h1 == (size_t)-1) {
        diag_error(diag, &(mof_location){f, 1, 1, 1, 1}, "the page has no '# Title' heading: it is not an SDK reference page");
        return false;
    }
    return true;
}

/* Where a Methods table link points: the link as written, relative to the
 * page, else a file of its name in the page's own folder (a copy of the
 * pages lacks the site's "../../../develop/reference/..." tree). */
static char *resolve_link(page *p, const char *link)
{
    const char *path = p->file->path;
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    char *hash = strchr(link, '#');
    char *target = arena_strndup(p->a, link, hash ? (size_t)(hash - link) : strlen(link));
    char *candidate = arena_printf(p->a, "%.*s%s", (int)dir, path, target);
    if (source_file_exists(candidate))
        return candidate;
    const char *base = strrchr(target, '/');
    candidate = arena_printf(p->a, "%.*s%s", (int)dir, path, base ? base + 1 : target);
    return source_file_exists(candidate) ? candidate : NULL;
}

/* Method pages write "uint32 M { [IN] T a [OUT] T b };" or a parameter
 * list with ';' or nothing between parameters, or a ',' after the last:
 * made the declaration they mean, "uint32 M([IN] T a, [OUT] T b);", in
 * place (the lines keep their numbers). */
static void fix_parameter_list(page *p, line_buf *lb)
{
    size_t open_line = 0, close_line = 0;
    char *open = NULL, *close = NULL;
    for (size_t i = 0; i < lb->count; i++) {
        char *c = strpbrk(lb->lines[i], "{(");
        if (c && !open) {
            open = c;
            open_line = i;
        }
        char *e = strrchr(lb->lines[i], *lb->lines[i] && open && *open == '{' ? '}' : ')');
        if (e && open) {
            close = e;
            close_line = i;
        }
    }
    if (!open || !close || close_line <= open_line)
        return;
    for (size_t i = open_line; i <= close_line; i++)
        lb->lines[i] = arena_strdup(p->a, lb->lines[i]);
    open = strpbrk(lb->lines[open_line], "{(");
    close = strrchr(lb->lines[close_line], *open == '{' ? '}' : ')');
    *open = '(';
    *close = ')';
    size_t last = 0;
    for (size_t i = open_line + 1; i < close_line; i++) {
        const char *s = lb->lines[i];
        while (is_blank(*s))
            s++;
        if (*s)
            last = i;
    }
    /* "String Last)": the closing line holds a parameter too */
    bool close_has_parameter = false;
    for (const char *c = lb->lines[close_line]; c < close; c++)
        close_has_parameter = close_has_parameter || !is_blank(*c);
    /* "String Last)" and then ");": a ')' too many */
    if (!close_has_parameter && last) {
        char *s = lb->lines[last];
        size_t n = strlen(s);
        while (n > 0 && is_blank(s[n - 1]))
            n--;
        if (n > 0 && s[n - 1] == ')' && !strchr(s, '(')) {
            correction(p, W_DOC_PAGE, p->line_starts[last] + n - 1, "a ')' too many in the Syntax block (the "
                       "parameter list closes on line %zu); left out", close_line + 1);
            s[n - 1] = ' ';
        }
    }
    /* ");" and then "};": a class body's end after the method's */
    for (size_t i = close_line + 1; i < lb->count; i++) {
        char *s = lb->lines[i];
        while (is_blank(*s))
            s++;
        size_t n = strlen(s);
        while (n > 0 && is_blank(s[n - 1]))
            n--;
        if (*s == '}' && (n == 1 || (n == 2 && s[1] == ';'))) {
            correction(p, W_DOC_PAGE, p->line_starts[i] + (size_t)(s - lb->lines[i]),
                       "a '%.*s' after the method's ')' in the Syntax block closes nothing; left out", (int)n, s);
            lb->lines[i] = "";
        } else if (*s) {
            break;
        }
    }
    for (size_t i = open_line + 1; i <= last; i++) {
        char *s = lb->lines[i];
        size_t n = strlen(s);
        while (n > 0 && is_blank(s[n - 1]))
            n--;
        if (n == 0)
            continue;
        if (s[n - 1] == ';' || s[n - 1] == ',')
            n--;
        lb->lines[i] = arena_printf(p->a, "%.*s%s%s", (int)n, s, i < last || close_has_parameter ? "," : " ",
                                    s + n + (s[n] == ';' || s[n] == ','));
    }
}

/* Reads the method page `path` linked from class page `cp`. */
static method *read_method(page *cp, const char *path, size_t link_offset, bool *skipped)
{
    *skipped = false;
    page p;
    mof_location from = locate(cp, link_offset);
    if (!load_page(&p, cp->a, cp->diag, cp->sources, path, cp->corrections, &from))
        return NULL;
    const md_block *code = find_syntax_block(&p);
    if (!code) {
        page_error(&p, p.md.blocks[p.h1].offset, "the method page has no Syntax block");
        return NULL;
    }
    line_buf lb = code_lines(&p, code);
    fix_parameter_list(&p, &lb);
    /* Wrapped in a class, on page lines the code does not use. */
    mof_location start = locate(&p, code->offset);
    size_t before = (size_t)start.first_line - 1;
    size_t after = before;
    while (after < lb.count && *lb.lines[after])
        after++;
    for (size_t i = before; i < lb.count; i++)
        if (*lb.lines[i])
            after = i + 1;
    if (before < 1 || after >= lb.count) {
        page_error(&p, code->offset, "the method page's Syntax block has no room around it");
        return NULL;
    }
    lb.lines[before - 1] = "class mofgen_method {";
    lb.lines[after] = "};";
    char *why = NULL;
    ast_unit *unit = parse_block(&p, &lb, false, &why);
    if (!unit) {
        correction(cp, W_DOC_PAGE, link_offset, "the Syntax block of the method page is not MOF mofgen can read (%s); "
                   "the method is left out", why ? why : "?");
        *skipped = true;
        return NULL;
    }
    const ast_feature *f = NULL;
    for (size_t i = 0; i < unit->decls.count; i++) {
        const ast_decl *d = unit->decls.items[i];
        if (d->kind == DECL_CLASS)
            for (size_t k = 0; k < d->u.class_decl->features.count && !f; k++)
                if (((ast_feature *)d->u.class_decl->features.items[k])->kind == FEATURE_METHOD)
                    f = d->u.class_decl->features.items[k];
    }
    if (!f) {
        page_error(&p, code->offset, "the method page's Syntax block declares no method");
        return NULL;
    }
    method *m = arena_alloc(p.a, sizeof *m);
    m->name = f->name;
    /* "# MoveMembersEx Method in Class ..." over "SInt32 MoveMembers(": a
     * Syntax block copied from another method's page; the title names it */
    const char *in_class = find_ci(p.title, " method in class ");
    char *titled = in_class ? arena_strndup(p.a, p.title, (size_t)(in_class - p.title)) : NULL;
    if (titled && is_identifier(titled) && strcasecmp(titled, f->name) != 0) {
        correction(&p, W_DOC_PAGE, p.line_starts[f->loc.first_line - 1] + (size_t)f->loc.first_column - 1,
                   "the Syntax block names the method '%s', but the page's title names it '%s'; '%s' is used", f->name,
                   titled, titled);
        m->name = titled;
    }
    m->type = f->type;
    m->returns_void = f->type.intrinsic == CIM_NONE && f->type.spelling && strcasecmp(f->type.spelling, "void") == 0;
    m->param_count = f->parameters.count;
    m->params = arena_alloc(p.a, (m->param_count + 1) * sizeof *m->params);
    size_t kept = 0;
    for (size_t i = 0; i < m->param_count; i++) {
        const ast_parameter *ap = f->parameters.items[i];
        if (strcasecmp(ap->name, "ReturnValue") == 0) {
            correction(&p, W_DOC_PAGE, p.line_starts[ap->loc.first_line - 1] + (size_t)ap->loc.first_column - 1,
                       "'ReturnValue' is listed as a parameter of '%s'; it is the method's return value, left out of "
                       "the parameters", m->name);
            continue;
        }
        m->params[kept++] = new_member(&p, ap->name, &ap->type, ap->array, ap->array_size, ap->default_value,
                                       &ap->qualifiers);
    }
    m->param_count = kept;
    size_t first, end, left = 0;
    if (find_section(&p, "Parameters", &first, &end))
        read_members(&p, first, end, m->params, m->param_count, &left, &left, &left);
    m->description = lead_paragraph(&p);
    return m;
}

static void write_method(FILE *out, const method *m)
{
    fputs("    ", out);
    if (m->description) {
        fputs("[Description(", out);
        write_string(out, m->description);
        fputs(")]\n    ", out);
    }
    if (m->returns_void)
        fputs("void", out);
    else
        write_type(out, &m->type);
    fprintf(out, " %s(", m->name);
    for (size_t i = 0; i < m->param_count; i++) {
        fputs(i ? ",\n        " : "\n        ", out);
        write_member(out, m->params[i], "        ");
    }
    fputs(");\n", out);
}

/* ---- a class page ------------------------------------------------------------- */

/* The page's title names a method or something else than a class: say so. */
static bool is_method_title(const char *title) { return find_ci(title, " method in class ") != NULL; }

/* "class {" (SMS_MIFGroup): the name from the page title. */
static void name_nameless_class(page *p, line_buf *lb, const char *name)
{
    for (size_t i = 0; i < lb->count; i++) {
        const char *s = lb->lines[i];
        while (is_blank(*s))
            s++;
        if (!*s)
            continue;
        if (strncasecmp(s, "class", 5) != 0)
            return;
        const char *r = s + 5;
        while (is_blank(*r))
            r++;
        if (*r == '\0' || *r == '{' || *r == ':') {
            size_t at = (size_t)(s - lb->lines[i]) + 5;
            lb->lines[i] = arena_printf(p->a, "%.*s %s%s", (int)at, lb->lines[i], name, lb->lines[i] + at);
            correction(p, W_DOC_PAGE, p->line_starts[i] + at, "the Syntax block's class has no name; '%s' from the "
                       "page's title is used", name);
        }
        return;
    }
}

/* Whether the code's first word is 'class' (after any '[qualifiers]'):
 * structures, enumerations and COM methods print C++ there. */
/* True when the Syntax block starts a class: "class", or a qualifier list
 * and then "class".  Else `*lang` is set to a language tag the block starts
 * with ("[IDL]", "[C++]", "[VBScript]"), NULL when it has none, and
 * `*first` to its first line of code (after the tag). */
static bool declares_class(page *p, const md_block *code, char **lang, char **first)
{
    const char *t = code->text.text, *end = t + code->text.length;
    *lang = NULL;
    while (t < end && is_blank(*t))
        t++;
    if (t < end && *t == '[') {
        const char *q = t + 1;
        bool quoted = false;
        for (; q < end && (quoted || *q != ']'); q++)
            if (*q == '"' && q[-1] != '\\')
                quoted = !quoted;
        const char *after = q + (q < end);
        while (after < end && is_blank(*after))
            after++;
        if (end - after >= 5 && strncasecmp(after, "class", 5) == 0 && !(isalnum((unsigned char)after[5]) || after[5] == '_'))
            return true;
        /* "[IDL]": one word (letters, '+', ' ') and a line of its own */
        char *tag = clean(p->a, t + 1, (size_t)(q - t - 1));
        bool word = *tag && strspn(tag, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+# ") == strlen(tag);
        if (word && memchr(q, '\n', (size_t)(after - q))) {
            *lang = tag;
            t = after;
        }
    } else if (end - t >= 5 && strncasecmp(t, "class", 5) == 0 && !(isalnum((unsigned char)t[5]) || t[5] == '_')) {
        return true;
    }
    *first = clean(p->a, t, strcspn(t, "\r\n"));
    return false;
}

static char *write_class(page *p, const ast_class *c, member **props, size_t count, method **methods,
                         size_t method_count, const char *description, size_t *length)
{
    char *text = NULL;
    FILE *out = open_memstream(&text, length);
    if (!out)
        abort();
    fprintf(out, "// %s, imported by 'mofgen import-doc' from\n// %s (\"%s\").\n", c->name, p->file->name, p->title);
    if (p->corrections->count) {
        fputs("//\n// Where the page contradicts itself or MOF, it was corrected (each also a warning):\n", out);
        for (size_t i = 0; i < p->corrections->count; i++) {
            /* the class page's own as "line L:C", a method page's with its name */
            const char *c = p->corrections->items[i];
            size_t n = strlen(p->file->name);
            if (strncmp(c, p->file->name, n) == 0 && c[n] == ':')
                fprintf(out, "//  - line %s\n", c + n + 1);
            else
                fprintf(out, "//  - %s\n", c);
        }
    } else {
        fputs("// The page needed no corrections.\n", out);
    }
    fputc('\n', out);
    if (description) {
        fputs("[Description(", out);
        write_string(out, description);
        fputs(")]\n", out);
    }
    fprintf(out, "class %s", c->name);
    if (c->superclass)
        fprintf(out, " : %s", c->superclass);
    fputs("\n{\n", out);
    for (size_t i = 0; i < count; i++) {
        fputs(i ? "\n    " : "    ", out);
        write_member(out, props[i], "    ");
        fputs(";\n", out);
    }
    for (size_t i = 0; i < method_count; i++) {
        fputc('\n', out);
        write_method(out, methods[i]);
    }
    fputs("};\n", out);
    fclose(out);
    return text;
}

/* Compiles what was written (parse and checks, no output): a mistake of
 * the importer's own is an error here rather than in the user's build. */
static bool compiles(page *p, const char *name, const char *text, size_t length)
{
    char *report = NULL;
    size_t report_length = 0;
    diag_engine d;
    FILE *stream = private_engine(&d, &report, &report_length, NULL);
    source_set set = {0};
    arena *a = arena_new();
    source_file *f = source_add_text(&set, name, text, length);
    bool ok = f != NULL;
    if (ok) {
        ast_unit *unit = arena_alloc(a, sizeof *unit);
        parse_file(a, &d, f, unit, 0);
        if (!d.errors)
            checks_run(&d, a, model_build(a, &d, unit));
        ok = d.errors == 0;
    }
    fclose(stream);
    if (!ok)
        diag_error(p->diag, &(mof_location){p->file, 1, 1, 1, 1},
                   "the MOF written for this page does not compile (a bug in import-doc):\n%s", report);
    free(report);
    source_set_free(&set);
    arena_free(a);
    return ok;
}

static bool class_page(page *p, arena *a, diag_engine *diag, source_set *sources, const char *path, import_stats *st,
                       import_result *out)
{
    ptr_vec *corrections = arena_alloc(a, sizeof *corrections);
    if (!load_page(p, a, diag, sources, path, corrections, NULL))
        return false;
    size_t title_at = p->md.blocks[p->h1].offset;
    if (is_method_title(p->title)) {
        page_error(p, title_at, "'%s' is a method page, not a class page; import the class page that links to it",
                   p->title);
        return false;
    }
    const md_block *code = find_syntax_block(p);
    if (!code) {
        page_error(p, title_at, "the page has no Syntax block (a '## Syntax' heading with a code block under it): it "
                   "is not a class page");
        return false;
    }
    if (!code->closed) {
        page_error(p, code->offset, "the Syntax block is never closed: the page is truncated");
        return false;
    }
    char *lang, *first_line;
    if (!declares_class(p, code, &lang, &first_line)) {
        if (lang)
            page_error(p, code->offset, "the Syntax block is %s code, not MOF ('%s'): this is not a class page "
                       "(a COM or scripting interface's page has no WMI class to import)", lang, first_line);
        else if (strchr(first_line, '(') || strstr(first_line, "::"))
            page_error(p, code->offset, "the Syntax block is a function declaration, not a MOF class ('%s'): this is "
                       "not a class page", first_line);
        else
            page_error(p, code->offset, "the Syntax block declares no class ('%s'): this is not a class page",
                       first_line);
        return false;
    }
    line_buf lb = code_lines(p, code);
    char title_name[256];
    snprintf(title_name, sizeof title_name, "%.*s", (int)strcspn(p->title, " "), p->title);
    name_nameless_class(p, &lb, title_name);
    ast_unit *unit = parse_block(p, &lb, true, NULL);
    if (!unit)
        return false;
    const ast_class *c = NULL;
    for (size_t i = 0; i < unit->decls.count && !c; i++) {
        const ast_decl *d = unit->decls.items[i];
        if (d->kind == DECL_CLASS)
            c = d->u.class_decl;
    }
    if (!c) {
        page_error(p, code->offset, "the Syntax block declares no class: this is not a class page");
        return false;
    }
    /* the properties, in the Syntax block's order */
    size_t count = 0;
    member **props = arena_alloc(a, (c->features.count + 1) * sizeof *props);
    size_t method_count = 0;
    method **methods = arena_alloc(a, (c->features.count + 1) * sizeof *methods);
    for (size_t i = 0; i < c->features.count; i++) {
        const ast_feature *f = c->features.items[i];
        if (f->kind == FEATURE_METHOD) {
            method *m = arena_alloc(a, sizeof *m);
            m->name = f->name;
            m->type = f->type;
            m->param_count = f->parameters.count;
            m->params = arena_alloc(a, (m->param_count + 1) * sizeof *m->params);
            for (size_t k = 0; k < m->param_count; k++) {
                const ast_parameter *ap = f->parameters.items[k];
                m->params[k] = new_member(p, ap->name, &ap->type, ap->array, ap->array_size, ap->default_value,
                                          &ap->qualifiers);
            }
            methods[method_count++] = m;
            continue;
        }
        props[count++] = new_member(p, f->name, &f->type, f->array, f->array_size, f->default_value, &f->qualifiers);
    }
    size_t first, end;
    size_t tables_left = 0, tables_prose = 0, tables_repeated = 0;
    if (find_section(p, "Properties", &first, &end))
        read_members(p, first, end, props, count, &tables_left, &tables_prose, &tables_repeated);
    for (size_t i = 0; i < count; i++) {
        member *m = props[i];
        if (m->wants_values && !m->table)
            correction(p, W_DOC_TABLE, title_at, "the qualifiers of '%s' say it has a value table, but the page prints "
                       "none", m->name);
    }
    /* methods linked from the Methods section, each page read once */
    size_t links = 0, link_count = 0, link_capacity = 0;
    const char **link_targets = NULL;
    size_t *link_offsets = NULL;
    if (find_section(p, "Methods", &first, &end))
        for (size_t i = first; i < end; i++) {
            const md_block *t = &p->md.blocks[i];
            if (t->kind != MD_TABLE)
                continue;
            for (size_t r = 1; r < t->rows; r++) {
                const md_text *cell = &t->cells[r * t->cols];
                if (!cell->link)
                    continue;
                links++;
                size_t at = cell->pieces ? cell->offsets[0] : t->offset;
                char *target = resolve_link(p, cell->link);
                if (!target) {
                    correction(p, W_DOC_PAGE, at, "the method page '%s' is not in the page's folder; the method is "
                               "left out", cell->link);
                    continue;
                }
                size_t seen = 0;
                while (seen < link_count && strcmp(link_targets[seen], target) != 0)
                    seen++;
                if (seen < link_count) {
                    mof_location was = locate(p, link_offsets[seen]);
                    correction(p, W_DOC_PAGE, at, "the method page '%s' is linked a second time (first at %d:%d); read "
                               "once", cell->link, was.first_line, was.first_column);
                    continue;
                }
                if (link_count == link_capacity) {
                    link_capacity = link_capacity ? 2 * link_capacity : 16;
                    const char **targets = arena_alloc(a, link_capacity * sizeof *targets);
                    size_t *offsets = arena_alloc(a, link_capacity * sizeof *offsets);
                    if (link_count) {
                        memcpy(targets, link_targets, link_count * sizeof *targets);
                        memcpy(offsets, link_offsets, link_count * sizeof *offsets);
                    }
                    link_targets = targets;
                    link_offsets = offsets;
                }
                link_targets[link_count] = target;
                link_offsets[link_count++] = at;
                bool skipped;
                method *m = read_method(p, target, at, &skipped);
                if (!m && skipped)
                    continue;
                if (!m)
                    return false;
                bool dup = false;
                for (size_t k = 0; k < method_count; k++)
                    dup = dup || strcasecmp(methods[k]->name, m->name) == 0;
                bool method_dup = dup;
                for (size_t k = 0; k < count; k++)
                    dup = dup || strcasecmp(props[k]->name, m->name) == 0;
                if (dup) {
                    correction(p, W_DOC_PAGE, at, "method '%s' has the name of a %s already in the class; left out",
                               m->name, method_dup ? "method" : "property");
                    continue;
                }
                method **grown = arena_alloc(a, (method_count + 2) * sizeof *grown);
                memcpy(grown, methods, method_count * sizeof *grown);
                methods = grown;
                methods[method_count++] = m;
            }
        }
    size_t length;
    char *text = write_class(p, c, props, count, methods, method_count, lead_paragraph(p), &length);
    if (!compiles(p, c->name, text, length)) {
        free(text);
        return false;
    }
    if (st) {
        st->properties += count;
        for (size_t i = 0; i < count; i++)
            if (props[i]->table) {
                if (props[i]->table->bits)
                    st->bit_tables++;
                else
                    st->value_tables++;
            }
        st->tables_left += tables_left;
        st->tables_prose += tables_prose;
        st->tables_repeated += tables_repeated;
        st->methods += method_count;
        st->method_links += links;
    }
    out->class_name = xstrdup(c->name);
    out->mof = text;
    out->length = length;
    return true;
}

int import_doc_page(const char *path, diag_engine *diag, import_stats *stats, import_result *out)
{
    memset(out, 0, sizeof *out);
    arena *a = arena_new();
    source_set sources = {0};
    page p;
    unsigned errors = diag->errors;
    bool ok = class_page(&p, a, diag, &sources, path, stats, out) && diag->errors == errors;
    if (!ok)
        import_result_free(out);
    source_set_free(&sources);
    arena_free(a);
    return ok ? 0 : -1;
}

void import_result_free(import_result *r)
{
    free(r->class_name);
    free(r->mof);
    memset(r, 0, sizeof *r);
}

int import_doc_run(const char *const *pages, size_t count, const char *output_dir, diag_engine *diag, FILE *out)
{
    emit_result files = {xmalloc((count + 1) * sizeof *files.files), 0};
    bool failed = false;
    for (size_t i = 0; i < count; i++) {
        import_result r;
        if (import_doc_page(pages[i], diag, NULL, &r) != 0) {
            failed = true;
            continue;
        }
        size_t n = strlen(r.class_name) + 5;
        char *file = xmalloc(n);
        snprintf(file, n, "%s.mof", r.class_name);
        for (size_t k = 0; k < files.count; k++)
            if (strcasecmp(files.files[k].name, file) == 0) {
                diag_plain_error(diag, "'%s' declares class %s, which an earlier page declares too", pages[i],
                                 r.class_name);
                failed = true;
            }
        files.files[files.count++] = (emit_file){.name = file, .content = r.mof, .length = r.length};
        free(r.class_name);
    }
    int status = 1;
    if (!failed && !diag->errors)
        status = output_commit(&files, output_dir ? output_dir : ".", false, diag, out) == 0 ? 0 : 1;
    emit_result_free(&files);
    return status;
}
