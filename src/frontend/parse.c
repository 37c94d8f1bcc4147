/*
 * parse.c - runs the scanner and grammar over a file, implements the grammar
 * actions (grammar_support.h), and follows #pragma include across files.
 */
#include "parse.h"

#include "mof.tab.h"
#include "mof.lex.h"
#include "grammar_support.h"
#include "hash.h"
#include "utf8.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- syntax errors -------------------------------------------------------- */

/* The source text a location covers, when it is on one line. */
static size_t location_text(const mof_location *loc, char *out, size_t size)
{
    if (!loc->file || loc->first_line != loc->last_line || size == 0)
        return 0;
    size_t len;
    const char *line = source_line(loc->file, loc->first_line, &len);
    size_t start = source_column_offset(loc->file, loc->first_line, loc->first_column);
    size_t end = start, col = (size_t)loc->first_column;
    while (end < len && end - start < size && (int)col <= loc->last_column) {
        end++;
        while (end < len && ((unsigned char)line[end] & 0xC0) == 0x80)
            end++;
        col++;
    }
    size_t n = end - start < size - 1 ? end - start : size - 1;
    memcpy(out, line + start, n);
    out[n] = '\0';
    return n;
}

static bool has_name(const char *const *names, size_t count, const char *name)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* The tokens that start a value. */
static bool is_value_token(const char *name)
{
    static const char *const values[] = {"integer", "real number", "string", "char16 literal", "'true'", "'false'",
                                         "'null'", "alias", "'{'", "'-'", "'+'", "'instance'"};
    return has_name(values, sizeof values / sizeof values[0], name);
}

/* Keywords that are names wherever a name is expected. */
static bool is_name_token(const char *name)
{
    static const char *const words[] = {"data type", "'class'", "'instance'", "'of'", "'qualifier'",
                                        "'as'", "'true'", "'false'", "'null'"};
    return has_name(words, sizeof words / sizeof words[0], name);
}

/* "what was expected" in a MOF author's words: the tokens bison lists,
 * with the many that start a value said as "a value", the keywords that
 * can be names folded into "a name", and the two states with long lists
 * (a class body, the top level) said as what they are. */
static void describe_expected(const char *const *names, size_t count, char *out, size_t size)
{
    out[0] = '\0';
    if (has_name(names, count, "'}'") && has_name(names, count, "data type") && has_name(names, count, "identifier")) {
        snprintf(out, size, "a property, reference or method declaration, or '}'");
        return;
    }
    if (has_name(names, count, "'#pragma'")) {
        snprintf(out, size, "a declaration ('class', 'instance of', 'qualifier' or '#pragma')");
        return;
    }
    bool values = has_name(names, count, "integer") && has_name(names, count, "string");
    bool any_name = has_name(names, count, "identifier");
    const char *items[64];
    size_t n = 0;
    if (values)
        items[n++] = "a value";
    if (any_name)
        items[n++] = "a name";
    for (size_t i = 0; i < count && n < sizeof items / sizeof items[0]; i++) {
        if ((values && is_value_token(names[i])) || strcmp(names[i], "identifier") == 0 ||
            (any_name && is_name_token(names[i])) || strcmp(names[i], "error") == 0)
            continue;
        items[n++] = strcmp(names[i], "data type") == 0 ? "a data type" : names[i];
    }
    size_t used = 0;
    for (size_t i = 0; i < n && used < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        used += (size_t)snprintf(out + used, size - used, "%s%s", sep, items[i]);
    }
}

/* ---- what is not MOF v2 ------------------------------------------------------ */

#define MOF3_UNSUPPORTED "MOF 3.0 (DSP0221) syntax is not supported (mofgen reads MOF v2, DSP0004)"

void grammar_stop(parse_context *ctx, const mof_location *loc, const char *fmt, ...)
{
    if (ctx->stopped)
        return;
    char message[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(message, sizeof message, fmt, ap);
    va_end(ap);
    diag_error(ctx->diag, loc, "%s; mofgen stops reading this file here", message);
    ctx->stopped = true;
    mof_scanner_stop(ctx->scanner);
}

void grammar_end_declaration(parse_context *ctx)
{
    ctx->complete_decls = ctx->unit->decls.count;
}

/* What a word that starts a MOF 3.0 (DSP0221) declaration declares, or
 * NULL: MOF v2 has no declaration that starts with a name. */
static const char *mof3_declaration(const char *word)
{
    static const struct {
        const char *word, *what;
    } words[] = {
        {"structure", "'structure' declares a MOF 3.0 structure"},
        {"enumeration", "'enumeration' declares a MOF 3.0 enumeration"},
        {"association", "'association' as a declaration is MOF 3.0 (MOF v2 writes '[Association] class')"},
        {"indication", "'indication' as a declaration is MOF 3.0 (MOF v2 writes '[Indication] class')"},
        {"value", "'value of' is a MOF 3.0 structure value"},
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcasecmp(word, words[i].word) == 0)
            return words[i].what;
    return NULL;
}

/* The byte offset of column `column` in `text` (one line). */
static size_t column_offset(const char *text, size_t len, int column)
{
    return column > 1 ? utf8_skip(text, len, 0, (size_t)column - 1) : 0;
}

/* What "structure S {" or "enumeration E : uint32 {" declares when it
 * opens at `at` (the '{' or ':', or white space before it) inside a class
 * body, where the grammar reads "structure S" as a property; else NULL.
 * Read from the source line: the grammar has no such production. */
static const char *nested_mof3_declaration(const mof_location *at)
{
    if (!at->file)
        return NULL;
    size_t len;
    const char *text = source_line(at->file, at->first_line, &len);
    size_t next = column_offset(text, len, at->first_column);
    while (next < len && isspace((unsigned char)text[next]))
        next++;
    if (next >= len || (text[next] != '{' && text[next] != ':'))
        return NULL;
    /* The two words before `at`: a name, and the keyword before it. */
    size_t end = column_offset(text, len, at->first_column), start = end;
    for (int word = 0; word < 2; word++) {
        end = start;
        while (end > 0 && isspace((unsigned char)text[end - 1]))
            end--;
        start = end;
        while (start > 0 && (isalnum((unsigned char)text[start - 1]) || text[start - 1] == '_'))
            start--;
        if (start == end)
            return NULL;
    }
    char keyword[16];
    if (end - start >= sizeof keyword)
        return NULL;
    memcpy(keyword, text + start, end - start);
    keyword[end - start] = '\0';
    return strcasecmp(keyword, "structure") == 0 || strcasecmp(keyword, "enumeration") == 0
               ? mof3_declaration(keyword)
               : NULL;
}

/* A syntax error that is a MOF 3.0 construct: the stop that says so. */
static bool stop_at_mof3(parse_context *ctx, const mof_location *loc, const char *unexpected, const char *text,
                         const char *const *expected, size_t count)
{
    const char *what = NULL;
    if (strcmp(unexpected, "identifier") == 0 && has_name(expected, count, "'class'"))
        what = mof3_declaration(text); /* where a declaration starts */
    else if (strcmp(unexpected, "identifier") == 0 && has_name(expected, count, "'instance'") &&
             strcasecmp(text, "value") == 0)
        what = mof3_declaration(text); /* "X = value of S { ... };" */
    else if (strcmp(unexpected, "identifier") == 0 && has_name(expected, count, "','") &&
             (strcasecmp(text, "scope") == 0 || strcasecmp(text, "policy") == 0))
        what = "a qualifier declaration with 'Scope' or 'Policy' not after a ',' is MOF 3.0 (MOF v2 writes "
               "'Qualifier Name : type = value, Scope(...), Flavor(...);')";
    else if (strcmp(unexpected, "'{'") == 0 || strcmp(unexpected, "':'") == 0)
        what = nested_mof3_declaration(loc);
    if (!what)
        return false;
    grammar_stop(ctx, loc, MOF3_UNSUPPORTED ": %s", what);
    return true;
}

/* Bison's own messages: "memory exhausted" is its stack, which only
 * nesting grows (lists are left-recursive). */
void grammar_parser_error(parse_context *ctx, const mof_location *loc, const char *message)
{
    if (ctx->stopped)
        return;
    if (strcmp(message, "memory exhausted") == 0)
        diag_error(ctx->diag, loc, "nested too deeply for the parser's stack (--max-depth %u allows more "
                   "than it holds; lower it)", ctx->max_depth);
    else
        diag_error(ctx->diag, loc, "%s", message);
}

/* "unexpected identifier 'Foo'; expected ';' or '['", at the token; a
 * keyword as the user spelt it ('As', not 'as'). */
void grammar_syntax_error(parse_context *ctx, const mof_location *loc, const char *unexpected,
                          const char *const *expected, size_t count)
{
    if (ctx->stopped)
        return;
    if (diag_error_hidden(ctx->diag)) { /* past --max-errors: counted, not worded */
        diag_error(ctx->diag, loc, "syntax error");
        return;
    }
    char text[64], wanted[512];
    if (ctx->stopped)
        return; /* what follows a stop is not read */
    bool keyword = unexpected[0] == '\'' && unexpected[1] >= 'a' && unexpected[1] <= 'z';
    bool has_text = location_text(loc, text, sizeof text) > 0;
    if (has_text && stop_at_mof3(ctx, loc, unexpected, text, expected, count))
        return;
    char found[128];
    if (keyword && has_text)
        snprintf(found, sizeof found, "'%s'", text); /* 'As' as written */
    else if (unexpected[0] != '\'' && strcmp(unexpected, "end of file") != 0 && has_text)
        snprintf(found, sizeof found, "%s '%s'", unexpected, text); /* identifier 'Foo' */
    else
        snprintf(found, sizeof found, "%s", unexpected); /* ';', end of file */
    describe_expected(expected, count, wanted, sizeof wanted);
    diag_error(ctx->diag, loc, "unexpected %s%s%s", found,
               wanted[0] ? "; expected " : "", wanted);
}

/* ---- quirks ----------------------------------------------------------------- */

void grammar_warn_extra_semi(parse_context *ctx, const mof_location *loc, const char *where)
{
    diag_warning(ctx->diag, W_EXTRA_SEMI, loc, "extra ';' %s", where);
}

/* `before` is the symbol ahead of the missing ';': point just past it. */
void grammar_warn_missing_semicolon(parse_context *ctx, const mof_location *before, const char *what)
{
    if (ctx->stopped)
        return; /* the end of input is where reading stopped */
    mof_location at = *before;
    at.first_line = at.last_line;
    at.first_column = at.last_column = before->last_column + 1;
    if (nested_mof3_declaration(&at))
        return; /* "structure S {" in a class: the stop at '{' says what it is */
    diag_warning(ctx->diag, W_MISSING_SEMICOLON, &at, "expected ';' %s", what);
}

void grammar_warn_comma(parse_context *ctx, const mof_location *loc)
{
    diag_warning(ctx->diag, W_COMMA_SEPARATOR, loc, "declaration ended by ',' instead of ';'");
}

void grammar_trailing_text(parse_context *ctx, const mof_location *loc, bool array_brackets)
{
    if (!array_brackets) {
        diag_warning(ctx->diag, W_TRAILING_TEXT, loc, "text after the declaration is ignored");
        return;
    }
    /* "String Names;[]": the author meant an array. */
    ast_class *c = ctx->current_class;
    ast_feature *last = c && c->features.count ? c->features.items[c->features.count - 1] : NULL;
    if (last && last->kind == FEATURE_PROPERTY && last->array == ARRAY_NONE) {
        last->array = ARRAY_VARIABLE;
        diag_warning(ctx->diag, W_TRAILING_TEXT, loc, "'[]' after ';'; '%s' is taken as an array", last->name);
    } else {
        diag_warning(ctx->diag, W_TRAILING_TEXT, loc, "'[]' after the declaration is ignored");
    }
}

void grammar_warn_dangling_colon(parse_context *ctx, const mof_location *loc)
{
    diag_warning(ctx->diag, W_DANGLING_COLON, loc, "':' with no superclass after it");
}

void grammar_warn_prefix_array(parse_context *ctx, const mof_location *loc, const char *name)
{
    diag_warning(ctx->diag, W_PREFIX_ARRAY, loc, "array brackets belong after the name in MOF: write '%s[]'", name);
}

void grammar_warn_ref_colon(parse_context *ctx, const mof_location *loc, const char *class_name, const char *name)
{
    diag_warning(ctx->diag, W_REF_COLON, loc, "'ref:%s' is not MOF; write '%s REF %s'", class_name, class_name, name);
}

void grammar_warn_array_size(parse_context *ctx, const mof_location *loc, const char *text)
{
    diag_warning(ctx->diag, W_ARRAY_SIZE, loc, "array size '%s' is not a number; taken as a variable-length array",
                 text);
}

char *grammar_join_split_name(parse_context *ctx, const char *first, const char *second, const mof_location *loc)
{
    char *joined = arena_printf(ctx->arena, "%s%s", first, second);
    diag_warning(ctx->diag, W_SPLIT_NAME, loc, "class name broken by a space; read as '%s'", joined);
    return joined;
}

/* ---- classes ---------------------------------------------------------------- */

static void add_decl(parse_context *ctx, ast_decl_kind kind, void *node)
{
    ast_decl *d = arena_alloc(ctx->arena, sizeof *d);
    d->kind = kind;
    switch (kind) {
    case DECL_CLASS: d->u.class_decl = node; break;
    case DECL_INSTANCE: d->u.instance = node; break;
    case DECL_QUALIFIER: d->u.qualifier = node; break;
    case DECL_PRAGMA: d->u.pragma = node; break;
    }
    ptr_vec_push(ctx->arena, &ctx->unit->decls, d);
}

/* No "[word]" waits for the next feature any more. */
static void clear_pending(parse_context *ctx)
{
    ctx->pending_qualifiers = (ptr_vec){0};
    ctx->pending_from = NULL;
}

ast_class *grammar_begin_class(parse_context *ctx, ptr_vec *qualifiers, char *name, const mof_location *name_loc,
                               char *alias, char *superclass, const mof_location *super_loc,
                               const mof_location *keyword_loc)
{
    ast_class *c = arena_alloc(ctx->arena, sizeof *c);
    c->qualifiers = *qualifiers;
    c->name = name;
    c->loc = name ? *name_loc : *keyword_loc;
    c->alias = alias;
    c->superclass = superclass;
    if (superclass)
        c->superclass_loc = *super_loc;
    ctx->current_class = c;
    clear_pending(ctx); /* left by a class whose body broke off */
    if (!name) {
        /* Nothing can refer to a class without a name: read it, drop it. */
        diag_error(ctx->diag, keyword_loc, "class declaration has no name");
        return c;
    }
    add_decl(ctx, DECL_CLASS, c);
    return c;
}

void grammar_class_parens(parse_context *ctx, ast_class *c, const mof_location *loc)
{
    diag_warning(ctx->diag, W_CLASS_PARENS, loc, "'()' instead of a class body; '%s' is declared with no properties",
                 c->name ? c->name : "the class");
}

void grammar_add_feature(parse_context *ctx, ast_feature *f)
{
    if (ctx->current_class)
        ptr_vec_push(ctx->arena, &ctx->current_class->features, f);
}

ast_type grammar_intrinsic_type(parse_context *ctx, cim_type type, char *spelling, const mof_location *loc)
{
    (void)ctx;
    return (ast_type){.intrinsic = type, .spelling = spelling, .loc = *loc};
}

ast_type grammar_class_type(parse_context *ctx, char *class_name, const mof_location *loc)
{
    if (strcasecmp(class_name, "Integer") == 0 || strcasecmp(class_name, "OctetString") == 0)
        grammar_stop(ctx, loc, MOF3_UNSUPPORTED ": '%s' is a MOF 3.0 type%s", class_name,
                     strcasecmp(class_name, "Integer") == 0 ? " (MOF v2 has uint8 to uint64 and sint8 to sint64)"
                                                            : " (MOF v2 has uint8[] with [OctetString])");
    return (ast_type){.intrinsic = CIM_NONE, .class_name = class_name, .spelling = class_name, .loc = *loc};
}

ast_type grammar_reference_type(parse_context *ctx, char *class_name, const mof_location *loc)
{
    ast_type t = grammar_class_type(ctx, class_name, loc);
    t.is_reference = true;
    t.spelling = arena_printf(ctx->arena, "%s REF", class_name);
    return t;
}

array_spec grammar_fixed_array(parse_context *ctx, uint64_t size, bool overflow, const mof_location *loc)
{
    if (overflow || size == 0 || size > UINT32_MAX) {
        diag_error(ctx->diag, loc, "array size must be between 1 and %lu", (unsigned long)UINT32_MAX);
        return (array_spec){ARRAY_VARIABLE, 0, NULL, *loc};
    }
    return (array_spec){ARRAY_FIXED, size, NULL, *loc};
}

static ast_feature *new_feature(parse_context *ctx, ast_feature_kind kind, const ast_type *type, char *name,
                                const mof_location *loc)
{
    ast_feature *f = arena_alloc(ctx->arena, sizeof *f);
    f->kind = kind;
    f->type = *type;
    f->name = name;
    f->loc = *loc;
    return f;
}

/* The array part of `feature` (the property or reference declared at
 * `name_loc`; NULL for a parameter).  "[word]" is the documentation quirk
 * "Dummy[key]" (a variable array, with a warning), unless it opens the next
 * line after a declaration missing its ';': "String X\n [key] String Y;"
 * means Y is the key, so the word becomes the next feature's qualifier (the
 * missing ';' is warned about as such).  A parameter's "[word]" is always
 * an array size. */
static ast_array_kind take_array(parse_context *ctx, const array_spec *array, const mof_location *name_loc,
                                 ast_feature *feature)
{
    if (!array->word)
        return array->kind;
    if (feature && array->word_loc.first_line > name_loc->last_line && ctx->current_class) {
        ast_qualifier *q = grammar_qualifier(ctx, array->word, &array->word_loc, NULL, &(ptr_vec){0});
        clear_pending(ctx);
        ptr_vec_push(ctx->arena, &ctx->pending_qualifiers, q);
        ctx->pending_from = feature;
        return ARRAY_NONE;
    }
    grammar_warn_array_size(ctx, &array->word_loc, array->word);
    return ARRAY_VARIABLE;
}

void grammar_end_class(parse_context *ctx)
{
    if (ctx->pending_qualifiers.count) {
        ast_feature *last = ctx->pending_from;
        const ast_qualifier *word = ctx->pending_qualifiers.items[0];
        last->array = ARRAY_VARIABLE;
        grammar_warn_array_size(ctx, &word->loc, word->name);
        clear_pending(ctx);
    }
}

ast_feature *grammar_feature_qualifiers(parse_context *ctx, ast_feature *f, ptr_vec *qualifiers)
{
    f->qualifiers = *qualifiers;
    if (ctx->pending_qualifiers.count && ctx->pending_from != f) {
        /* "[key]" then the next feature's own list: both apply, in order. */
        ptr_vec merged = ctx->pending_qualifiers;
        for (size_t i = 0; i < qualifiers->count; i++)
            ptr_vec_push(ctx->arena, &merged, qualifiers->items[i]);
        f->qualifiers = merged;
        clear_pending(ctx);
    }
    return f;
}

ast_feature *grammar_property(parse_context *ctx, const ast_type *type, char *name, const mof_location *loc,
                              const array_spec *array, ast_value *default_value)
{
    ast_feature *f = new_feature(ctx, FEATURE_PROPERTY, type, name, loc);
    f->array = take_array(ctx, array, loc, f);
    f->array_size = array->size;
    f->default_value = default_value;
    return f;
}

ast_feature *grammar_reference(parse_context *ctx, char *class_name, const mof_location *class_loc, char *name,
                               const mof_location *loc, const array_spec *array, ast_value *default_value)
{
    ast_type t = grammar_reference_type(ctx, class_name, class_loc);
    ast_feature *f = new_feature(ctx, FEATURE_REFERENCE, &t, name, loc);
    f->array = take_array(ctx, array, loc, f);
    f->array_size = array->size;
    f->default_value = default_value;
    return f;
}

ast_feature *grammar_method(parse_context *ctx, const ast_type *type, char *name, const mof_location *loc,
                            ptr_vec *parameters)
{
    ast_feature *f = new_feature(ctx, FEATURE_METHOD, type, name, loc);
    f->parameters = *parameters;
    return f;
}

ast_parameter *grammar_parameter(parse_context *ctx, ptr_vec *qualifiers, const ast_type *type, char *name,
                                 const mof_location *loc, const array_spec *array, ast_value *default_value)
{
    ast_parameter *p = arena_alloc(ctx->arena, sizeof *p);
    p->qualifiers = *qualifiers;
    p->type = *type;
    p->name = name;
    p->loc = *loc;
    p->array = take_array(ctx, array, loc, NULL);
    p->array_size = array->size;
    p->default_value = default_value;
    return p;
}

ast_name *grammar_name(parse_context *ctx, char *text, const mof_location *loc)
{
    ast_name *n = arena_alloc(ctx->arena, sizeof *n);
    n->text = text;
    n->loc = *loc;
    return n;
}

ast_qualifier *grammar_qualifier(parse_context *ctx, char *name, const mof_location *loc, ast_value *value,
                                 ptr_vec *flavors)
{
    ast_qualifier *q = arena_alloc(ctx->arena, sizeof *q);
    q->name = name;
    q->loc = *loc;
    q->value = value;
    if (flavors->count) {
        q->flavors = arena_alloc(ctx->arena, sizeof *q->flavors);
        *q->flavors = *flavors;
    }
    return q;
}

/* ---- values ------------------------------------------------------------------ */

ast_value *grammar_value(parse_context *ctx, ast_value_kind kind, const mof_location *loc)
{
    ast_value *v = arena_alloc(ctx->arena, sizeof *v);
    v->kind = (uint8_t)kind;
    ast_value_set_where(ctx->arena, v, loc);
    return v;
}

ast_value *grammar_integer(parse_context *ctx, uint64_t magnitude, bool overflow, int radix, bool negative,
                           const mof_location *loc)
{
    ast_value *v = grammar_value(ctx, VAL_INTEGER, loc);
    v->u.magnitude = magnitude;
    v->overflow = overflow;
    v->radix = radix;
    v->negative = negative && magnitude != 0;
    if (overflow)
        diag_error(ctx->diag, loc, "integer literal is too large for 64 bits");
    return v;
}

/* The slot of `text` in the table, or the empty one where it would go.
 * The bytes are compared with strncmp: interned texts hold no NUL. */
static size_t intern_slot(char *const *slots, size_t size, const char *text, size_t length)
{
    size_t mask = size - 1, i = (size_t)hash_text(text, length, HASH_EXACT) & mask;
    while (slots[i] && (strncmp(slots[i], text, length) != 0 || slots[i][length] != '\0'))
        i = (i + 1) & mask;
    return i;
}

char *grammar_intern(parse_context *ctx, const char *text, size_t length)
{
    if (length > PARSE_INTERN_MAX || memchr(text, '\0', length))
        return arena_strndup(ctx->arena, text, length);
    if ((ctx->interned.count + 1) * 2 > ctx->interned.size) {
        size_t size = ctx->interned.size ? ctx->interned.size * 2 : 128;
        char **slots = xmalloc(size * sizeof *slots);
        memset(slots, 0, size * sizeof *slots);
        for (size_t i = 0; i < ctx->interned.size; i++) {
            char *old = ctx->interned.slots[i];
            if (old)
                slots[intern_slot(slots, size, old, strlen(old))] = old;
        }
        free(ctx->interned.slots);
        ctx->interned.slots = slots;
        ctx->interned.size = size;
    }
    size_t i = intern_slot(ctx->interned.slots, ctx->interned.size, text, length);
    if (!ctx->interned.slots[i]) {
        ctx->interned.slots[i] = arena_strndup(ctx->arena, text, length);
        ctx->interned.count++;
    }
    return ctx->interned.slots[i];
}

ast_value *grammar_string_value(parse_context *ctx, const char *text, size_t length, const mof_location *loc)
{
    ast_value *v = grammar_value(ctx, VAL_STRING, loc);
    v->u.text = grammar_intern(ctx, text, length);
    v->length = length;
    return v;
}

/* The scanner's literal (NUL-terminated, in the scratch or, when big, in
 * the arena) is kept as `single` while it stands alone. */
void grammar_string_begin(parse_context *ctx, const char *text, size_t length, bool broken)
{
    ctx->pieces.single = text;
    ctx->pieces.length = length;
    ctx->pieces.broken = broken;
}

void grammar_string_append(parse_context *ctx, const char *text, size_t length, bool broken)
{
    ctx->pieces.broken = ctx->pieces.broken || broken;
    if (ctx->pieces.single) {
        const char *first = ctx->pieces.single;
        size_t first_length = ctx->pieces.length;
        ctx->pieces.single = NULL;
        ctx->pieces.length = 0;
        grammar_string_append(ctx, first, first_length, false);
    }
    if (ctx->pieces.capacity - ctx->pieces.length < length + 1) {
        size_t capacity = ctx->pieces.capacity ? ctx->pieces.capacity : 256;
        while (capacity - ctx->pieces.length < length + 1)
            capacity *= 2;
        ctx->pieces.text = xrealloc(ctx->pieces.text, capacity);
        ctx->pieces.capacity = capacity;
    }
    memcpy(ctx->pieces.text + ctx->pieces.length, text, length);
    ctx->pieces.length += length;
}

/* The string value is built: no scanned literal is needed any more (the
 * token after the string, read to see that it ended, is not a string). */
ast_value *grammar_string_end(parse_context *ctx, const mof_location *loc)
{
    ast_value *v;
    if (!ctx->pieces.broken && ctx->pieces.length > UINT32_MAX) {
        /* Only with --max-input-size past 4G: ast_value holds 32-bit lengths. */
        diag_error(ctx->diag, loc, "a string of %zu bytes; strings of 4 GiB and more are not supported",
                   ctx->pieces.length);
        ctx->pieces.broken = true;
    }
    if (ctx->pieces.broken) {
        /* As '{ error }' does: a NULL, about which the checks say nothing more. */
        v = grammar_value(ctx, VAL_NULL, loc);
    } else if (ctx->pieces.single && ctx->pieces.length >= PARSE_BIG_LITERAL) {
        /* Only a literal scanned into the arena decodes to this many bytes. */
        v = grammar_value(ctx, VAL_STRING, loc);
        v->u.text = (char *)ctx->pieces.single;
        v->length = ctx->pieces.length;
    } else if (ctx->pieces.single) {
        v = grammar_string_value(ctx, ctx->pieces.single, ctx->pieces.length, loc);
    } else {
        v = grammar_string_value(ctx, ctx->pieces.text ? ctx->pieces.text : "", ctx->pieces.length, loc);
    }
    ctx->pieces.single = NULL;
    arena_reset(ctx->scratch);
    return v;
}

ast_value *grammar_array_value(parse_context *ctx, ptr_vec *items, const mof_location *loc)
{
    ast_value *v = grammar_value(ctx, VAL_ARRAY, loc);
    if (items) {
        ptr_vec_fit(ctx->arena, items);
        v->u.items = (ast_value **)items->items;
        v->count = items->count;
    }
    return v;
}

ast_value *grammar_alias_value(parse_context *ctx, char *alias, const mof_location *loc)
{
    ast_value *v = grammar_value(ctx, VAL_ALIAS, loc);
    v->u.alias = alias;
    return v;
}

/* ---- instances, qualifier declarations, pragmas ---------------------------- */

void grammar_begin_instance(parse_context *ctx, ptr_vec *qualifiers, char *class_name, const mof_location *loc,
                            char *alias)
{
    ast_instance *inst = arena_alloc(ctx->arena, sizeof *inst);
    inst->qualifiers = *qualifiers;
    inst->class_name = class_name;
    inst->loc = *loc;
    inst->alias = alias;
    ctx->current_instance = inst;
    add_decl(ctx, DECL_INSTANCE, inst);
}

ast_value *grammar_begin_embedded(parse_context *ctx, char *class_name, const mof_location *loc)
{
    ast_instance *inst = arena_alloc(ctx->arena, sizeof *inst);
    inst->class_name = class_name;
    inst->loc = *loc;
    inst->enclosing = ctx->current_instance;
    ctx->current_instance = inst;
    ast_value *v = grammar_value(ctx, VAL_INSTANCE, loc);
    v->u.instance = inst;
    return v;
}

ast_value *grammar_end_embedded(parse_context *ctx, ast_value *value)
{
    ctx->current_instance = value->u.instance->enclosing;
    return value;
}

void grammar_add_property_value(parse_context *ctx, ptr_vec *qualifiers, char *name, const mof_location *loc,
                                ast_value *value)
{
    ast_property_value *pv = arena_alloc(ctx->arena, sizeof *pv);
    pv->qualifiers = *qualifiers;
    pv->name = name;
    pv->loc = *loc;
    pv->value = value;
    if (ctx->current_instance)
        ptr_vec_push(ctx->arena, &ctx->current_instance->properties, pv);
}

void grammar_valueless_property(parse_context *ctx, ptr_vec *qualifiers, char *name, const mof_location *loc)
{
    diag_warning(ctx->diag, W_VALUELESS_PROPERTY, loc, "'%s' has no value; read as '%s = NULL'", name, name);
    grammar_add_property_value(ctx, qualifiers, name, loc, grammar_value(ctx, VAL_NULL, loc));
}

void grammar_qualifier_decl_part(parse_context *ctx, qualifier_decl_parts *parts, char *part,
                                 const mof_location *loc, ptr_vec *names)
{
    ptr_vec *into = NULL;
    if (strcasecmp(part, "policy") == 0) {
        grammar_stop(ctx, loc, MOF3_UNSUPPORTED ": 'Policy' is MOF 3.0 (MOF v2 writes 'Flavor(...)')");
        return;
    }
    if (strcasecmp(part, "scope") == 0)
        into = &parts->scopes;
    else if (strcasecmp(part, "flavor") == 0)
        into = &parts->flavors;
    if (!into) {
        diag_error(ctx->diag, loc, "expected 'Scope' or 'Flavor' in a qualifier declaration, not '%s'", part);
        return;
    }
    for (size_t i = 0; i < names->count; i++)
        ptr_vec_push(ctx->arena, into, names->items[i]);
}

void grammar_qualifier_decl(parse_context *ctx, char *name, const mof_location *loc, const ast_type *type,
                            const array_spec *array, ast_value *default_value, const qualifier_decl_parts *parts)
{
    ast_qualifier_decl *q = arena_alloc(ctx->arena, sizeof *q);
    q->name = name;
    q->loc = *loc;
    q->type = *type;
    q->array = array->kind;
    q->array_size = array->size;
    q->default_value = default_value;
    q->scopes = parts->scopes;
    q->flavors = parts->flavors;
    add_decl(ctx, DECL_QUALIFIER, q);
}

/* The pragmas that mean nothing without their parameter, each with an
 * example of it (DSP0004 and WMI's). */
static const char *pragma_example(const char *name)
{
    static const struct {
        const char *name, *example;
    } pragmas[] = {
        {"classflags", "(\"forceupdate\")"},   {"comment", "(\"text\")"},
        {"deleteclass", "(\"ClassName\", FAIL)"}, {"deleteinstance", "(\"ClassName.Key=1\", FAIL)"},
        {"include", "(\"file.mof\")"},         {"instanceflags", "(\"updateonly\")"},
        {"instancelocale", "(\"en_US\")"},     {"locale", "(\"en_US\")"},
        {"namespace", "(\"root/cimv2\")"},      {"nonlocal", "(\"//host/root/cimv2\")"},
        {"nonlocaltype", "(\"type\")"},        {"source", "(\"//host/root/cimv2\")"},
        {"sourcetype", "(\"type\")"},
    };
    for (size_t i = 0; i < sizeof pragmas / sizeof pragmas[0]; i++)
        if (strcasecmp(name, pragmas[i].name) == 0)
            return pragmas[i].example;
    return NULL;
}

void grammar_pragma(parse_context *ctx, char *name, const mof_location *loc, ptr_vec *arguments)
{
    const char *example = pragma_example(name);
    if (example && (!arguments || arguments->count == 0)) {
        /* Dropped: nothing downstream should guess what it meant. */
        diag_error(ctx->diag, loc, "'#pragma %s' needs a parameter: #pragma %s%s", name, name, example);
        return;
    }
    ast_pragma *p = arena_alloc(ctx->arena, sizeof *p);
    p->name = name;
    p->loc = *loc;
    if (arguments)
        p->arguments = *arguments;
    add_decl(ctx, DECL_PRAGMA, p);
}

/* ---- driving the parser ------------------------------------------------------ */

unsigned parse_file(arena *a, diag_engine *diag, const source_file *file, ast_unit *unit, unsigned max_depth)
{
    unsigned before = diag->errors;
    parse_context ctx = {.arena = a, .diag = diag, .file = file, .unit = unit, .line = 1, .column = 1,
                         .ascii = file->ascii,
                         .max_depth = max_depth ? max_depth : PARSE_DEFAULT_MAX_DEPTH,
                         .complete_decls = unit->decls.count};
    yyscan_t scanner;
    if (mof_lex_init_extra(&ctx, &scanner) != 0) {
        diag_plain_error(diag, "cannot initialise the scanner");
        return 1;
    }
    ctx.scanner = scanner;
    ctx.scratch = arena_new();
    /* Scanned in place (the text ends in the two NULs flex wants), not
     * copied: a file can be hundreds of megabytes. */
    YY_BUFFER_STATE buffer = mof__scan_buffer(file->text, file->length + 2, scanner);
    int rc = mof_parse(scanner, &ctx);
    mof_scanner_release(scanner);
    mof__delete_buffer(buffer, scanner);
    mof_lex_destroy(scanner);
    free(ctx.pieces.text);
    free(ctx.interned.slots);
    arena_free(ctx.scratch);
    if (ctx.stopped) /* the declaration it stopped in is not whole */
        unit->decls.count = ctx.complete_decls;
    if (rc != 0 && diag->errors == before)
        diag_plain_error(diag, "%s: parsing failed", file->name);
    return diag->errors - before;
}

/* The scanner alone over a file, every token read and dropped: what
 * bench/bench_scan.c measures against a whole parse. */
size_t parse_scan_only(arena *a, diag_engine *diag, const source_file *file)
{
    parse_context ctx = {.arena = a, .diag = diag, .file = file, .line = 1, .column = 1, .ascii = file->ascii,
                         .max_depth = UINT_MAX};
    yyscan_t scanner;
    if (mof_lex_init_extra(&ctx, &scanner) != 0)
        return 0;
    ctx.scanner = scanner;
    ctx.scratch = arena_new();
    YY_BUFFER_STATE buffer = mof__scan_buffer(file->text, file->length + 2, scanner);
    MOF_STYPE value;
    MOF_LTYPE loc;
    size_t tokens = 0;
    while (mof_lex(&value, &loc, scanner) > 0) {
        tokens++;
        arena_reset(ctx.scratch); /* no string value is built from them */
    }
    mof_scanner_release(scanner);
    mof__delete_buffer(buffer, scanner);
    mof_lex_destroy(scanner);
    free(ctx.interned.slots);
    arena_free(ctx.scratch);
    return tokens;
}
