/*
 * instances.c - resolution of instance values (model_resolve_instances):
 * each instance, and each instance written inside a value (a literal, or
 * MOF text in a string), gets its class and, for each value, the property
 * it sets; values WBEM servers read as something else than they say are
 * converted to what they mean.  What does not resolve is reported here and
 * left with no class, so the checks skip it.
 */
#include "model.h"

#include "parse.h"
#include "utf8.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct resolver {
    diag_engine *diag;
    arena *arena;
    model *m;
    name_table *lookups; /* "namespace:class" -> instance_lookup * */
} resolver;

static void resolve_embedded(resolver *rs, const model_property *p, const ast_value *v);

/* ---- MOF instance text in string values ------------------------------------ */

/* Where each byte of a decoded string literal was written: its value is
 * parsed as MOF in a file of its own, and what that parse and the checks
 * report is moved back into the literal.  Without a place per byte (a
 * literal the walk below does not reproduce byte for byte) every location
 * is the literal's. */
typedef struct string_places {
    const source_file *text_file; /* the decoded text, parsed */
    mof_location literal;
    size_t length;
    arena *arena;           /* for the locations moved that a value holds far (ast_value_set_where) */
    int *line, *column;     /* per decoded byte; NULL: all at `literal` */
    size_t *line_starts;    /* of the decoded text */
    size_t line_count;
} string_places;

/* Decodes one escape at `s` (after the '\\') into `out`; returns the
 * number of source bytes after the backslash, or 0 when it is not one. */
static size_t escape_bytes(const char *s, size_t n, char out[4], size_t *produced)
{
    static const char plain[] = "btnfr\"'\\", meaning[] = "\b\t\n\f\r\"'\\";
    const char *hit = n ? strchr(plain, s[0]) : NULL;
    if (hit && s[0]) {
        out[0] = meaning[hit - plain];
        *produced = 1;
        return 1;
    }
    if (n < 2 || (s[0] != 'x' && s[0] != 'X'))
        return 0;
    uint32_t c = 0;
    size_t k = 1;
    for (; k < n && k <= 4 && isxdigit((unsigned char)s[k]); k++)
        c = c * 16 + (uint32_t)(isdigit((unsigned char)s[k]) ? s[k] - '0' : tolower((unsigned char)s[k]) - 'a' + 10);
    if (k == 1)
        return 0;
    *produced = mofrt_utf8_encode(c, out);
    return *produced ? k : 0;
}

/* Fills places->line/column by walking the literal (and the literals
 * joined to it) in the source; false when the walk does not give back the
 * decoded text. */
static bool walk_literal(string_places *sp, const char *decoded)
{
    const source_file *f = sp->literal.file;
    size_t line_length;
    const char *line_text = source_line(f, sp->literal.first_line, &line_length);
    if (!line_length)
        return false;
    size_t pos = (size_t)(line_text - f->text), out = 0;
    int line = sp->literal.first_line, column = 1;
    uint32_t code_point;
    while (column < sp->literal.first_column && pos < f->length) {
        size_t n = mofrt_utf8_decode(f->text + pos, f->length - pos, &code_point);
        pos += n ? n : 1;
        column++;
    }
    for (;;) {
        if (pos >= f->length || f->text[pos] != '"')
            return false;
        pos++, column++;
        while (pos < f->length && f->text[pos] != '"') {
            char bytes[4];
            size_t produced = 1, consumed = 1;
            if (f->text[pos] == '\\') {
                size_t after = escape_bytes(f->text + pos + 1, f->length - pos - 1, bytes, &produced);
                if (!after)
                    return false;
                consumed = after + 1;
            } else {
                size_t n = mofrt_utf8_decode(f->text + pos, f->length - pos, &code_point);
                produced = consumed = n ? n : 1;
                memcpy(bytes, f->text + pos, produced > 4 ? 4 : produced);
            }
            for (size_t k = 0; k < produced; k++) {
                if (out >= sp->length || decoded[out] != bytes[k])
                    return false;
                sp->line[out] = line;
                sp->column[out++] = column;
            }
            if (f->text[pos] == '\n') {
                line++;
                column = 1;
            } else {
                column += f->text[pos] == '\\' ? (int)consumed : 1;
            }
            pos += consumed;
        }
        if (pos >= f->length)
            return false;
        pos++, column++;
        /* "a" "b": adjacent literals are one string */
        size_t next = pos;
        int next_line = line, next_column = column;
        while (next < f->length && isspace((unsigned char)f->text[next])) {
            if (f->text[next] == '\n')
                next_line++, next_column = 1;
            else
                next_column++;
            next++;
        }
        if (out == sp->length || next >= f->length || f->text[next] != '"')
            return out == sp->length;
        pos = next, line = next_line, column = next_column;
    }
}

/* A place in the decoded text (line, column) as a byte offset. */
static size_t decoded_offset(const string_places *sp, int line, int column)
{
    if (line < 1 || (size_t)line > sp->line_count)
        return sp->length ? sp->length - 1 : 0;
    size_t at = utf8_skip(sp->text_file->text, sp->length, sp->line_starts[line - 1],
                          column > 1 ? (size_t)column - 1 : 0);
    return at < sp->length ? at : (sp->length ? sp->length - 1 : 0);
}

static void move_location(void *context, mof_location *loc)
{
    const string_places *sp = context;
    if (loc->file != sp->text_file)
        return;
    if (!sp->line || !sp->length) {
        *loc = sp->literal;
        return;
    }
    size_t first = decoded_offset(sp, loc->first_line, loc->first_column);
    size_t last = decoded_offset(sp, loc->last_line, loc->last_column);
    *loc = (mof_location){sp->literal.file, sp->line[first], sp->column[first], sp->line[last], sp->column[last]};
    if (loc->last_line < loc->first_line || (loc->last_line == loc->first_line && loc->last_column < loc->first_column))
        loc->last_line = loc->first_line, loc->last_column = loc->first_column;
}

static void move_value_locations(const string_places *sp, ast_value *v);

static void move_qualifier_locations(const string_places *sp, const ptr_vec *qualifiers)
{
    for (size_t k = 0; k < qualifiers->count; k++) {
        ast_qualifier *q = qualifiers->items[k];
        move_location((void *)sp, &q->loc);
        move_value_locations(sp, q->value);
        for (size_t f = 0; q->flavors && f < q->flavors->count; f++)
            move_location((void *)sp, &((ast_name *)q->flavors->items[f])->loc);
    }
}

static void move_instance_locations(const string_places *sp, ast_instance *ai)
{
    move_location((void *)sp, &ai->loc);
    for (size_t i = 0; i < ai->properties.count; i++) {
        ast_property_value *pv = ai->properties.items[i];
        move_location((void *)sp, &pv->loc);
        move_value_locations(sp, pv->value);
        move_qualifier_locations(sp, &pv->qualifiers);
    }
    move_qualifier_locations(sp, &ai->qualifiers);
}

static void move_value_locations(const string_places *sp, ast_value *v)
{
    if (!v)
        return;
    mof_location at = *AST_WHERE(v);
    move_location((void *)sp, &at);
    ast_value_set_where(sp->arena, v, &at);
    for (size_t i = 0; v->kind == VAL_ARRAY && i < v->count; i++)
        move_value_locations(sp, v->u.items[i]);
    if (v->kind == VAL_INSTANCE)
        move_instance_locations(sp, v->u.instance);
}

/* True when string `v` starts (after white space) with "instance of". */
static bool holds_instance_text(const ast_value *v)
{
    const char *s = v->u.text;
    while (isspace((unsigned char)*s))
        s++;
    if (strncasecmp(s, "instance", 8) != 0 || !isspace((unsigned char)s[8]))
        return false;
    for (s += 8; isspace((unsigned char)*s); s++)
        ;
    return strncasecmp(s, "of", 2) == 0 && (isspace((unsigned char)s[2]) || !s[2]);
}

/* The instance a string value of an embedded object holds as MOF text
 * ("instance of X { ... };", DSP0004's way to write one in a string),
 * parsed with its diagnostics placed in the literal; NULL when the text
 * does not parse to one instance (said so). */
static ast_instance *parse_instance_text(resolver *rs, const ast_value *v)
{
    const mof_location literal = *AST_WHERE(v);
    if (!literal.file)
        return NULL;
    source_file *text_file = arena_alloc(rs->arena, sizeof *text_file);
    *text_file = *literal.file;
    text_file->origin = (struct source_origin){0}; /* its text is the literal's, never read again */
    text_file->released = text_file->changed = false;
    text_file->text = arena_alloc(rs->arena, v->length + 2); /* zeroed: ends in the two NULs flex scans to */
    memcpy(text_file->text, v->u.text, v->length);
    text_file->length = v->length;
    text_file->line_starts = NULL;
    text_file->encoding_error = NULL;
    string_places sp = {.text_file = text_file, .literal = literal, .length = v->length, .arena = rs->arena};
    sp.line_starts = xmalloc((sp.length + 2) * sizeof *sp.line_starts);
    sp.line = xmalloc((sp.length + 1) * sizeof *sp.line);
    sp.column = xmalloc((sp.length + 1) * sizeof *sp.column);
    sp.line_starts[sp.line_count++] = 0;
    for (size_t i = 0; i < sp.length; i++)
        if (text_file->text[i] == '\n')
            sp.line_starts[sp.line_count++] = i + 1;
    if (!walk_literal(&sp, text_file->text)) {
        free(sp.line);
        free(sp.column);
        sp.line = sp.column = NULL;
    }
    ast_unit *unit = arena_alloc(rs->arena, sizeof *unit);
    rs->diag->map_location = move_location;
    rs->diag->map_context = &sp;
    unsigned errors = parse_file(rs->arena, rs->diag, text_file, unit, 0);
    ast_instance *found = NULL;
    for (size_t i = 0; i < unit->decls.count; i++) {
        const ast_decl *d = unit->decls.items[i];
        if (d->kind == DECL_INSTANCE && !found) {
            found = d->u.instance;
            move_instance_locations(&sp, found);
        } else if (!errors) {
            mof_location at = d->kind == DECL_CLASS       ? d->u.class_decl->loc
                              : d->kind == DECL_INSTANCE  ? d->u.instance->loc
                              : d->kind == DECL_QUALIFIER ? d->u.qualifier->loc
                                                          : d->u.pragma->loc;
            move_location(&sp, &at);
            diag_error(rs->diag, &at, "an embedded object's string holds one instance, and nothing more");
            errors++;
        }
    }
    rs->diag->map_location = NULL;
    rs->diag->map_context = NULL;
    free(text_file->line_starts); /* the parser's messages quote tokens: an index of its lines */
    text_file->line_starts = NULL;
    free(sp.line_starts);
    free(sp.line);
    free(sp.column);
    return errors ? NULL : found;
}

/* ---- values read as what they mean ------------------------------------------ */

/* A one-character string given for a char16 (WBEM servers take it): the
 * character; NULL when `v` is not such a string. */
static ast_value *char16_of_string(resolver *rs, const model_property *p, ast_value *v)
{
    uint32_t c;
    if (v->kind != VAL_STRING || v->length == 0 ||
        mofrt_utf8_decode(v->u.text, v->length, &c) != v->length || c > 0xFFFF)
        return NULL;
    diag_warning(rs->diag, W_STRING_FOR_CHAR16, AST_WHERE(v),
                 "a string for char16 property '%s'; read as the character '%s'", p->name, v->u.text);
    ast_value *one = ast_value_new_at(rs->arena, VAL_CHAR16, v);
    one->u.char16 = c;
    return one;
}

/* Instance values WBEM servers accept as meaning something else than they
 * say, converted to what they mean (the const C data and --dump-model
 * show the result): a single value for an array property is a list of
 * one, a one-character string for a char16 is that character. */
static void convert_instance_value(resolver *rs, ast_property_value *pv, const model_property *p)
{
    ast_value *v = pv->value;
    if (p->array != ARRAY_NONE && v->kind != VAL_ARRAY && v->kind != VAL_NULL) {
        diag_warning(rs->diag, W_SCALAR_FOR_ARRAY, AST_WHERE(v),
                     "'%s' is an array, given a single value; read as a list of that one value", p->name);
        ast_value *list = ast_value_new_at(rs->arena, VAL_ARRAY, v);
        list->u.items = arena_alloc(rs->arena, sizeof *list->u.items);
        list->u.items[0] = v;
        list->count = 1;
        pv->value = v = list;
    }
    if (p->type != CIM_CHAR16 || p->is_reference || p->embedded)
        return;
    if (v->kind != VAL_ARRAY) {
        ast_value *c = char16_of_string(rs, p, v);
        pv->value = c ? c : v;
        return;
    }
    for (size_t i = 0; i < v->count; i++) {
        ast_value *c = char16_of_string(rs, p, v->u.items[i]);
        if (c)
            v->u.items[i] = c;
    }
}

/* What checking instances of one class needs: its properties by name and
 * its keys, made once per class however many instances it has. */
typedef struct instance_lookup {
    name_table *properties;
    ptr_vec keys; /* model_property * */
} instance_lookup;

static instance_lookup *lookup_for(resolver *rs, const model_class *cls)
{
    /* One class name may be two classes, in two namespaces. */
    const char *key = arena_printf(rs->arena, "%s:%s", cls->namespace_name ? cls->namespace_name : "", cls->name);
    instance_lookup *l = name_table_get(rs->lookups, key);
    if (l)
        return l;
    l = arena_alloc(rs->arena, sizeof *l);
    l->properties = name_table_new(rs->arena);
    for (size_t j = 0; j < cls->properties.count; j++) {
        model_property *p = cls->properties.items[j];
        name_table_put(l->properties, p->name, p);
        if (p->key)
            ptr_vec_push(rs->arena, &l->keys, p);
    }
    name_table_put(rs->lookups, key, l);
    return l;
}

/* An instance's values against its class: each property exists, is given
 * once and has a value of its type, and each key has a value. */
/* ---- resolution ----------------------------------------------------------------- */

/* Fills in the property each value of `mi` (whose class is known) sets,
 * converts the values, and resolves the instances written inside them. */
static void resolve_body(resolver *rs, model_instance *mi)
{
    const ast_instance *ai = mi->ast;
    instance_lookup *lookup = lookup_for(rs, mi->class_ref);
    mi->keys = &lookup->keys;
    mi->values = arena_alloc(rs->arena, (ai->properties.count ? ai->properties.count : 1) * sizeof *mi->values);
    for (size_t k = 0; k < ai->properties.count; k++) {
        ast_property_value *pv = ai->properties.items[k];
        const model_property *p = name_table_get(lookup->properties, pv->name);
        mi->values[k] = p;
        if (!p)
            continue; /* reported by the checks */
        convert_instance_value(rs, pv, p);
        if (p->embedded)
            resolve_embedded(rs, p, pv->value);
    }
}

/* The instances a value of embedded property `p` holds: instance literals
 * and "instance of X { ... };" strings, each with its class. */
static void resolve_embedded(resolver *rs, const model_property *p, const ast_value *v)
{
    size_t count = v->kind == VAL_ARRAY ? v->count : 1;
    for (size_t i = 0; i < count; i++) {
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.items[i] : v;
        const ast_instance *inner = item->kind == VAL_INSTANCE                            ? item->u.instance
                                    : item->kind == VAL_STRING && holds_instance_text(item) ? parse_instance_text(rs, item)
                                                                                          : NULL;
        if (!inner)
            continue;
        const char *ns = p->origin->namespace_name;
        model_class *c = model_find_class_in(rs->m, ns, inner->class_name);
        if (!c || c->placeholder) {
            diag_warning(rs->diag, W_UNDECLARED_CLASS, &inner->loc, "instance of undeclared class '%s' is not checked",
                         inner->class_name);
            model_note_other_namespaces(rs->diag, rs->m, ns, inner->class_name);
            continue;
        }
        model_instance *mi = arena_alloc(rs->arena, sizeof *mi);
        *mi = (model_instance){.ast = inner, .namespace_name = ns, .class_ref = c, .holder = p};
        ptr_vec_push(rs->arena, &rs->m->embedded_instances, mi);
        resolve_body(rs, mi);
    }
}

static void resolve_default(void *context, model_class *c, model_property *p, model_parameter *param)
{
    (void)c;
    (void)param;
    if (p->embedded && p->default_value)
        resolve_embedded(context, p, p->default_value);
}

void model_resolve_instances(diag_engine *diag, arena *a, model *m)
{
    resolver rs = {.diag = diag, .arena = a, .m = m, .lookups = name_table_new(a)};
    for (size_t i = 0; i < m->instances.count; i++) {
        model_instance *mi = m->instances.items[i];
        const ast_instance *ai = mi->ast;
        mi->class_ref = model_find_class_in(m, mi->namespace_name, ai->class_name);
        if (mi->class_ref && mi->class_ref->placeholder)
            mi->class_ref = NULL; /* a name only ever used as a superclass */
        if (!mi->class_ref) {
            /* WMI MOF registers providers with instances of system classes
             * (__Win32Provider) that no MOF declares: nothing to check. */
            diag_warning(diag, W_UNDECLARED_CLASS, &ai->loc, "instance of undeclared class '%s' is not checked",
                         ai->class_name);
            model_note_other_namespaces(diag, m, mi->namespace_name, ai->class_name);
            continue;
        }
        resolve_body(&rs, mi);
    }
    /* Default values of embedded properties and parameters hold instances too. */
    model_each_own_member(m, &(model_visitor){.property = resolve_default, .parameter = resolve_default}, &rs);
}
