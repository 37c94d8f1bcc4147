/*
 * checks.c - the semantic checks: a table of named functions (all_checks,
 * at the end) that each look at one aspect of the resolved model and only
 * report.  Everything that fills the model (ValueMap parsing, class names,
 * pragmas, instance values) happened before, in model_build; what failed
 * there is marked invalid, and the checks skip it.
 */
#include "checks.h"

#include "qualifiers.h"
#include "suggest.h"
#include "utf8.h"
#include "value_map.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- values against types ---------------------------------------------------- */

static bool integer_fits(cim_type t, uint64_t magnitude, bool negative)
{
    bool is_signed;
    uint64_t pos, neg;
    if (!cim_integer_range(t, &is_signed, &pos, &neg))
        return false;
    return negative ? magnitude <= neg : magnitude <= pos;
}

#define REASON_SIZE 320 /* room for "not a valid datetime: " and a mofrt_error message */

/* Checks a scalar literal against a type; returns a reason, or NULL if fine.
 * A reason that needs words of its own (a datetime's) is written to `why`. */
static const char *scalar_mismatch(const ast_value *v, cim_type t, bool is_reference, bool embedded,
                                   char why[REASON_SIZE])
{
    if (v->kind == VAL_NULL)
        return NULL;
    if (is_reference)
        return v->kind == VAL_STRING || v->kind == VAL_ALIAS ? NULL : "a reference takes an object path string or an alias";
    if (embedded)
        return v->kind == VAL_STRING || v->kind == VAL_ALIAS || v->kind == VAL_INSTANCE
                   ? NULL
                   : "an embedded object takes an instance, a string or an alias";
    switch (t) {
    case CIM_BOOLEAN:
        return v->kind == VAL_BOOLEAN ? NULL : "expected TRUE or FALSE";
    case CIM_STRING:
        return v->kind == VAL_STRING ? NULL : "expected a string";
    case CIM_CHAR16:
        return v->kind == VAL_CHAR16 ? NULL : "expected a char16 literal such as 'a'";
    case CIM_REAL32:
    case CIM_REAL64:
        if (v->kind == VAL_INTEGER)
            return NULL;
        if (v->kind != VAL_REAL)
            return "expected a number";
        /* real32: what matters is that it rounds to a finite float
         * (3.4028235e38, FLT_MAX as usually printed, is above FLT_MAX). */
        if (!isfinite(v->u.real) || (t == CIM_REAL32 && !isfinite((float)v->u.real)))
            return "out of range for the type";
        return NULL;
    case CIM_DATETIME: {
        if (v->kind != VAL_STRING)
            return "expected a datetime string";
        mofrt_datetime dt;
        mofrt_error err;
        if (mofrt_datetime_parse_dmtf(v->u.text, v->length, &dt, &err) == 0)
            return NULL;
        snprintf(why, REASON_SIZE, "not a valid datetime: %s", err.message);
        return why;
    }
    case CIM_NONE:
        return NULL;
    default:
        if (v->kind != VAL_INTEGER)
            return "expected an integer";
        if (!integer_fits(t, v->u.magnitude, v->negative))
            return "out of range for the type";
        return NULL;
    }
}

static void check_value(diag_engine *diag, const ast_value *v, cim_type t, bool is_array, bool is_reference,
                        bool embedded, const char *what, const char *name)
{
    if (v->kind == VAL_NULL)
        return;
    if (v->kind == VAL_ARRAY) {
        if (!is_array) {
            diag_error(diag, AST_WHERE(v), "%s '%s' is not an array but is given a list of values", what, name);
            return;
        }
        if (is_array && v->count > 0 && v->u.items[0]->kind == VAL_ARRAY) {
            diag_error(diag, AST_WHERE(v), "%s '%s' is given a list of lists; CIM arrays have one dimension", what, name);
            return;
        }
        for (size_t i = 0; i < v->count; i++) {
            char text[REASON_SIZE];
            const char *why = scalar_mismatch(v->u.items[i], t, is_reference, embedded, text);
            if (why)
                diag_error(diag, AST_WHERE(v->u.items[i]), "bad value for %s '%s': %s (%s)", what, name, why,
                           is_reference ? "reference" : embedded ? "object" : cim_type_name(t));
        }
        return;
    }
    char text[REASON_SIZE];
    const char *why = scalar_mismatch(v, t, is_reference, embedded, text);
    if (why)
        diag_error(diag, AST_WHERE(v), "bad value for %s '%s': %s (%s)", what, name, why,
                   is_reference ? "reference" : embedded ? "object" : cim_type_name(t));
}

/* ---- the checks ---------------------------------------------------------------- */

typedef struct check_context {
    diag_engine *diag;
    arena *arena;
    const model *m;
    name_table *warned_unknown; /* qualifier names already reported unknown */
} check_context;

static const char *const known_flavors[] = {
    "EnableOverride", "DisableOverride", "Restricted", "ToSubclass", "ToInstance", "Translatable",
    "NotToInstance", "NotToSubclass", "Amended", /* the last three: WMI */
};

static const char *const known_scopes[] = {"class", "association", "indication", "property", "reference",
                                           "method", "parameter", "qualifier", "any"};

static void check_value_for(check_context *cx, const ast_value *v, const model_property *p, const char *what);

static bool is_one_of(const char *word, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcasecmp(word, words[i]) == 0)
            return true;
    return false;
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Flavors that say opposite things (DSP0004's flavor pairs). */
static const char *const opposite_flavors[][2] = {
    {"EnableOverride", "DisableOverride"}, {"ToSubclass", "Restricted"}, {"ToSubclass", "NotToSubclass"},
    {"ToInstance", "NotToInstance"}, {"Translatable", "NotTranslatable"},
};

/* Each flavor against the first earlier one of each opposite pair: one
 * pass, however long the list. */
static void check_flavors(check_context *cx, const ptr_vec *flavors, const char *qualifier)
{
    const char *first[COUNT_OF(opposite_flavors)][2] = {{0}};
    for (size_t i = 0; flavors && i < flavors->count; i++) {
        const ast_name *name = flavors->items[i];
        const char *f = name->text;
        for (size_t o = 0; o < COUNT_OF(opposite_flavors); o++)
            for (int side = 0; side < 2; side++) {
                if (strcasecmp(f, opposite_flavors[o][side]) != 0)
                    continue;
                const char *earlier = first[o][!side];
                if (earlier)
                    diag_error(cx->diag, &name->loc, "flavor '%s' contradicts '%s' on qualifier '%s'", f, earlier,
                               qualifier);
                if (!first[o][side])
                    first[o][side] = f;
            }
        if (is_one_of(f, known_flavors, COUNT_OF(known_flavors)))
            continue;
        const char *hint = suggest_closest(f, known_flavors, COUNT_OF(known_flavors));
        diag_error(cx->diag, &name->loc, "unknown flavor '%s' for qualifier '%s'%s%s%s", f, qualifier,
                   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    }
}

/* Qualifier declarations: a known type, known scopes and flavors, and a
 * default value of the declared type. */
static void check_qualifier_decls(check_context *cx)
{
    for (size_t i = 0; i < cx->m->qualifier_decls.count; i++) {
        const ast_qualifier_decl *d = cx->m->qualifier_decls.items[i];
        if (d->type.intrinsic == CIM_NONE) {
            const char *hint = model_type_suggestion(d->type.spelling ? d->type.spelling : "");
            diag_error(cx->diag, &d->type.loc, "qualifier '%s' has type '%s'; qualifiers take an intrinsic type%s%s%s",
                       d->name, d->type.spelling ? d->type.spelling : "?", hint ? "; did you mean '" : "",
                       hint ? hint : "", hint ? "'?" : "");
            continue;
        }
        for (size_t k = 0; k < d->scopes.count; k++) {
            const ast_name *scope = d->scopes.items[k];
            const char *s = scope->text;
            if (is_one_of(s, known_scopes, COUNT_OF(known_scopes)))
                continue;
            const char *hint = suggest_closest(s, known_scopes, COUNT_OF(known_scopes));
            diag_error(cx->diag, &scope->loc, "unknown scope '%s' in qualifier '%s'%s%s%s", s, d->name,
                       hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        }
        check_flavors(cx, &d->flavors, d->name);
        if (!d->default_value)
            continue;
        model_property shape = {.name = d->name, .type = d->type.intrinsic, .array = d->array,
                                .array_size = d->array_size};
        check_value_for(cx, d->default_value, &shape, "qualifier");
    }
}

/* Qualifiers whose value mofgen reads (or checks values against): an
 * undeclared one keeps the standard type, whatever its value says. */
static bool qualifier_has_meaning(const char *name)
{
    static const char *const meaningful[] = {
        "Abstract", "Association", "BitMap", "BitValues", "Description", "EmbeddedInstance", "EmbeddedObject",
        "In", "Indication", "Key", "MaxLen", "MaxValue", "MinLen", "MinValue", "Out", "Override", "Read",
        "Required", "ValueMap", "Values", "Write",
    };
    return is_one_of(name, meaningful, COUNT_OF(meaningful));
}

/* True when qualifier value `v` has the shape and type of `info`. */
static bool qualifier_value_fits(const ast_value *v, const qualifier_info *info)
{
    if (v->kind == VAL_ARRAY && !info->array)
        return false;
    size_t count = v->kind == VAL_ARRAY ? v->count : 1;
    for (size_t i = 0; i < count; i++) {
        char why[REASON_SIZE];
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.items[i] : v;
        if (info->type != CIM_NONE && scalar_mismatch(item, info->type, false, false, why))
            return false;
    }
    return true;
}

/* "a string", "a list of values", for messages. */
static const char *value_kind_text(const ast_value *v)
{
    switch (v->kind) {
    case VAL_BOOLEAN: return "a boolean";
    case VAL_INTEGER: return "an integer";
    case VAL_REAL: return "a real number";
    case VAL_STRING: return "a string";
    case VAL_CHAR16: return "a char16";
    case VAL_ARRAY: return "a list of values";
    default: return "of another kind";
    }
}

/* The declared or standard qualifier closest to an unknown `name`. */
static const char *qualifier_suggestion(const model *m, const char *name)
{
    suggestion s;
    suggest_begin(&s, name);
    for (size_t i = 0; i < m->qualifier_decls.count; i++)
        suggest_consider(&s, ((const ast_qualifier_decl *)m->qualifier_decls.items[i])->name);
    qualifier_suggest_standard(&s);
    return suggest_result(&s);
}

/* Whether qualifier i of the list has a namesake (with a place) before it. */
static bool given_before(const ptr_vec *qualifiers, size_t i)
{
    const ast_qualifier *q = ((const model_qualifier *)qualifiers->items[i])->ast;
    for (size_t k = 0; k < i; k++) {
        const ast_qualifier *earlier = ((const model_qualifier *)qualifiers->items[k])->ast;
        if (earlier->loc.file && model_same_qualifier_name(earlier->name, q->name))
            return true;
    }
    return false;
}

static void check_qualifier_list(check_context *cx, const ptr_vec *qualifiers, unsigned scope, const char *element)
{
    /* A list of a few qualifiers is searched for repeats as it goes; a long
     * one (generated MOF) through a table, so that the check stays linear. */
    enum { SHORT_LIST = 16 };
    name_table *given = qualifiers->count > SHORT_LIST ? name_table_new_scratch() : NULL;
    for (size_t i = 0; i < qualifiers->count; i++) {
        const ast_qualifier *q = ((const model_qualifier *)qualifiers->items[i])->ast;
        if (!q->loc.file)
            continue;
        if (given ? name_table_get(given, q->name) != NULL : given_before(qualifiers, i))
            diag_error(cx->diag, &q->loc, "qualifier '%s' is given twice", q->name);
        else if (given)
            name_table_put(given, q->name, (void *)q);
        check_flavors(cx, q->flavors, q->name);
        qualifier_info info;
        if (!qualifier_lookup(cx->m, q->name, &info)) {
            if (!name_table_get(cx->warned_unknown, q->name)) {
                name_table_put(cx->warned_unknown, q->name, (void *)q);
                const char *hint = qualifier_suggestion(cx->m, q->name);
                diag_warning(cx->diag, W_UNKNOWN_QUALIFIER, &q->loc,
                             "qualifier '%s' is neither declared nor a standard qualifier%s%s%s", q->name,
                             hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
            }
            continue;
        }
        if (q->value && !name_table_get(cx->m->qualifier_index, q->name) && !qualifier_has_meaning(q->name) &&
            !qualifier_value_fits(q->value, &info)) {
            /* mofcomp types a qualifier the file does not declare from its
             * value (WMI MOF writes locale("MS\\0x409"), Counter("Name")):
             * another qualifier than the standard one, scope included. */
            diag_warning(cx->diag, W_QUALIFIER_TYPE, AST_WHERE(q->value),
                         "qualifier '%s' is not declared and its value is %s, not %s%s as the standard qualifier's; "
                         "typed from its value", q->name, value_kind_text(q->value), cim_type_name(info.type),
                         info.array ? "[]" : "");
            continue;
        }
        if (info.scopes && !(info.scopes & scope))
            diag_warning(cx->diag, W_QUALIFIER_SCOPE, &q->loc, "qualifier '%s' does not apply to a %s", q->name,
                         element);
        if (!q->value)
            continue;
        if (!info.array && q->value->kind == VAL_ARRAY) {
            diag_error(cx->diag, AST_WHERE(q->value), "qualifier '%s' takes one value, not a list", q->name);
            continue;
        }
        if (info.type != CIM_NONE)
            check_value(cx->diag, q->value, info.type, true, false, false, "qualifier", q->name);
    }
    name_table_free(given);
}

static unsigned class_scope(const model_class *c)
{
    return SCOPE_CLASS | (c->association ? SCOPE_ASSOCIATION : 0) | (c->indication ? SCOPE_INDICATION : 0);
}

static void check_own_qualifiers(check_context *cx, const model_property *p, unsigned scope, const char *element)
{
    /* Only the qualifiers written on this element: inherited ones were
     * checked where they were written. */
    ptr_vec own = {0};
    for (size_t i = 0; i < p->qualifiers.count; i++) {
        const model_qualifier *q = p->qualifiers.items[i];
        if (q->owner == p)
            ptr_vec_push(cx->arena, &own, (void *)q);
    }
    check_qualifier_list(cx, &own, scope, element);
    /* DSP0004: MinLen/MaxLen apply to strings, MinValue/MaxValue to
     * numbers; and to intervals, as the CIM Schema itself writes
     * MinValue(1), MaxValue(365) on a datetime counted in PUnit("day"). */
    bool is_number = !p->is_reference && !p->embedded &&
                     ((p->type >= CIM_UINT8 && p->type <= CIM_REAL64) || p->type == CIM_DATETIME);
    bool is_string = !p->is_reference && (p->type == CIM_STRING || p->embedded);
    /* (When its type is not known, which limits apply is not either.) */
    for (size_t i = 0; !p->invalid && i < own.count; i++) {
        const model_qualifier *q = own.items[i];
        bool length = strcasecmp(q->ast->name, "MinLen") == 0 || strcasecmp(q->ast->name, "MaxLen") == 0;
        bool value = strcasecmp(q->ast->name, "MinValue") == 0 || strcasecmp(q->ast->name, "MaxValue") == 0;
        if ((length && !is_string) || (value && !is_number))
            diag_error(cx->diag, &q->ast->loc, "%s applies to %s; '%s' is %s", q->ast->name,
                       length ? "strings" : "numbers and datetimes", p->name,
                       p->is_reference ? "a reference" : p->embedded ? "an embedded object" : cim_type_name(p->type));
    }
    ptr_vec_release(cx->arena, &own);
}

static void check_class_qualifiers(void *context, model_class *c)
{
    check_context *cx = context;
    if (c->placeholder || c->invalid)
        return;
    ptr_vec own = {0};
    for (size_t k = 0; k < c->qualifiers.count; k++)
        if (((model_qualifier *)c->qualifiers.items[k])->owner == c)
            ptr_vec_push(cx->arena, &own, c->qualifiers.items[k]);
    check_qualifier_list(cx, &own, class_scope(c), c->association ? "association" : "class");
    ptr_vec_release(cx->arena, &own);
}

static void check_property_qualifiers(void *context, model_class *c, model_property *p, model_parameter *param)
{
    if (c->invalid)
        return;
    if (param)
        check_own_qualifiers(context, p, SCOPE_PARAMETER, "parameter");
    else
        check_own_qualifiers(context, p, p->is_reference ? SCOPE_REFERENCE : SCOPE_PROPERTY,
                             p->is_reference ? "reference" : "property");
}

static void check_method_qualifiers(void *context, model_class *c, model_method *m)
{
    if (!c->invalid)
        check_own_qualifiers(context, m->result, SCOPE_METHOD, "method");
}

/* Each qualifier written on a class, property, method or parameter: known,
 * given once, of its type and scope, with known flavors. */
static void check_qualifiers(check_context *cx)
{
    model_each_own_member(cx->m, &(model_visitor){.klass = check_class_qualifiers, .property = check_property_qualifiers,
                                                  .method = check_method_qualifiers,
                                                  .parameter = check_property_qualifiers}, cx);
}

/* A value the generated decoders and setters would refuse is refused here
 * too: every literal given to a ValueMap property must be in its map. */
static void check_value_map_values(check_context *cx, const ast_value *v, const model_property *p, const char *what)
{
    diag_engine *diag = cx->diag;
    if (p->enum_count == 0 || p->enum_open)
        return;
    size_t count = v->kind == VAL_ARRAY ? v->count : 1;
    for (size_t i = 0; i < count; i++) {
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.items[i] : v;
        if ((item->kind != VAL_INTEGER && item->kind != VAL_STRING) || value_map_allows(cx->arena, p, item))
            continue;
        char allowed[200];
        size_t used = 0;
        for (size_t k = 0; k < p->enum_count && used + 8 < sizeof allowed; k++)
            used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s\"%s\"", k ? ", " : "",
                                     model_entry_value_map(&p->enum_entries[k]));
        diag_error(diag, AST_WHERE(item), "bad value for %s '%s': not in its ValueMap {%s}", what, p->name, allowed);
    }
}

/* The integer value of limit qualifier `name` (MinLen, MaxValue, ...) of
 * `p`, inherited ones included; NULL when there is none. */
static const model_qualifier *limit_qualifier(const model_property *p, const char *name, map_bound *b)
{
    const model_qualifier *q = model_find_qualifier(&p->qualifiers, name);
    if (!q || !q->ast->value || q->ast->value->kind != VAL_INTEGER)
        return NULL;
    b->negative = q->ast->value->negative && q->ast->value->u.magnitude != 0;
    b->magnitude = q->ast->value->u.magnitude;
    return q;
}

static double bound_as_double(map_bound b)
{
    return b.negative ? -(double)b.magnitude : (double)b.magnitude;
}

/* DSP0004: MinLen and MaxLen bound the characters of each string,
 * MinValue and MaxValue each number.  `v` has the right type already. */
static void check_value_limits(diag_engine *diag, const ast_value *v, const model_property *p, const char *what)
{
    map_bound min_len, max_len, min_value, max_value;
    bool has_min_len = limit_qualifier(p, "MinLen", &min_len), has_max_len = limit_qualifier(p, "MaxLen", &max_len);
    bool has_min = limit_qualifier(p, "MinValue", &min_value), has_max = limit_qualifier(p, "MaxValue", &max_value);
    if (!has_min_len && !has_max_len && !has_min && !has_max)
        return;
    size_t count = v->kind == VAL_ARRAY ? v->count : 1;
    for (size_t i = 0; i < count; i++) {
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.items[i] : v;
        if (item->kind == VAL_STRING && p->type == CIM_STRING) {
            size_t chars = utf8_count(item->u.text, item->length);
            map_bound n = {false, chars};
            if (has_max_len && map_bound_compare(n, max_len) > 0)
                diag_error(diag, AST_WHERE(item), "bad value for %s '%s': %zu character%s, more than its MaxLen(%s)", what,
                           p->name, chars, chars == 1 ? "" : "s", map_bound_text_static(max_len));
            else if (has_min_len && map_bound_compare(n, min_len) < 0)
                diag_error(diag, AST_WHERE(item), "bad value for %s '%s': %zu character%s, fewer than its MinLen(%s)", what,
                           p->name, chars, chars == 1 ? "" : "s", map_bound_text_static(min_len));
        } else if (item->kind == VAL_INTEGER || item->kind == VAL_REAL) {
            map_bound n = {item->kind == VAL_INTEGER && item->negative && item->u.magnitude != 0,
                           item->kind == VAL_INTEGER ? item->u.magnitude : 0};
            bool above = has_max && (item->kind == VAL_INTEGER ? map_bound_compare(n, max_value) > 0
                                                                : item->u.real > bound_as_double(max_value));
            bool below = has_min && (item->kind == VAL_INTEGER ? map_bound_compare(n, min_value) < 0
                                                                : item->u.real < bound_as_double(min_value));
            char number[32];
            if (item->kind == VAL_INTEGER)
                snprintf(number, sizeof number, "%s%llu", n.negative ? "-" : "", (unsigned long long)n.magnitude);
            else
                snprintf(number, sizeof number, "%g", item->u.real);
            if (above || below)
                diag_error(diag, AST_WHERE(item), "bad value for %s '%s': %s is %s its %s(%s)", what, p->name, number,
                           above ? "above" : "below", above ? "MaxValue" : "MinValue",
                           map_bound_text_static(above ? max_value : min_value));
        }
    }
}

/* A value for property or parameter `p`: its type, the shape of an array
 * (a list, no more elements than a fixed size), its ValueMap and limits. */
static void check_value_for(check_context *cx, const ast_value *v, const model_property *p, const char *what)
{
    diag_engine *diag = cx->diag;
    if (p->array != ARRAY_NONE && v->kind != VAL_ARRAY && v->kind != VAL_NULL) {
        diag_error(diag, AST_WHERE(v), "%s '%s' is an array: give a list of values, such as {...}", what, p->name);
        return;
    }
    if (p->array == ARRAY_FIXED && v->kind == VAL_ARRAY && v->count > p->array_size) {
        diag_error(diag, AST_WHERE(v), "%zu values for %s '%s', which holds at most %llu", (size_t)v->count, what,
                   p->name, (unsigned long long)p->array_size);
        return;
    }
    unsigned errors = diag->errors;
    check_value(diag, v, p->type, p->array != ARRAY_NONE, p->is_reference, p->embedded, what, p->name);
    if (diag->errors == errors)
        check_value_map_values(cx, v, p, what);
    if (diag->errors == errors)
        check_value_limits(diag, v, p, what);
}

static void check_default(void *context, model_class *c, model_property *p, model_parameter *param)
{
    check_context *cx = context;
    if (p->default_value && !p->invalid && !c->invalid)
        check_value_for(cx, p->default_value, p, param ? "parameter" : "property");
}

/* Default values of properties and parameters, against their types. */
static void check_defaults(check_context *cx)
{
    model_each_own_member(cx->m, &(model_visitor){.property = check_default, .parameter = check_default}, cx);
}

/* An alias is defined once (by an instance or a class, "as $name") and
 * every $name used as a value is defined somewhere in the compilation. */
static void define_alias(check_context *cx, name_table *aliases, const char *alias, const mof_location *at)
{
    const mof_location *first = name_table_get(aliases, alias);
    if (first) {
        diag_error(cx->diag, at, "alias '$%s' is defined twice", alias);
        diag_note(cx->diag, first, "first defined here");
        return;
    }
    name_table_put(aliases, alias, (void *)at);
}

static void check_alias_uses(check_context *cx, const name_table *aliases, const ast_value *v)
{
    if (!v)
        return;
    if (v->kind == VAL_ALIAS && !name_table_get(aliases, v->u.alias))
        diag_error(cx->diag, AST_WHERE(v), "alias '$%s' is not defined", v->u.alias);
    for (size_t i = 0; v->kind == VAL_ARRAY && i < v->count; i++)
        check_alias_uses(cx, aliases, v->u.items[i]);
    for (size_t i = 0; v->kind == VAL_INSTANCE && i < v->u.instance->properties.count; i++)
        check_alias_uses(cx, aliases, ((const ast_property_value *)v->u.instance->properties.items[i])->value);
}

typedef struct alias_context {
    check_context *cx;
    const name_table *aliases;
} alias_context;

static void check_default_aliases(void *context, model_class *c, model_property *p, model_parameter *param)
{
    (void)c;
    (void)param;
    const alias_context *ac = context;
    check_alias_uses(ac->cx, ac->aliases, p->default_value);
}

static void check_aliases(check_context *cx)
{
    name_table *aliases = name_table_new(cx->arena);
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        if (!c->placeholder && c->ast->alias)
            define_alias(cx, aliases, c->ast->alias, &c->loc);
    }
    for (size_t i = 0; i < cx->m->instances.count; i++) {
        const ast_instance *ai = ((model_instance *)cx->m->instances.items[i])->ast;
        if (ai->alias)
            define_alias(cx, aliases, ai->alias, &ai->loc);
    }
    for (size_t i = 0; i < cx->m->instances.count; i++) {
        const ast_instance *ai = ((model_instance *)cx->m->instances.items[i])->ast;
        for (size_t k = 0; k < ai->properties.count; k++)
            check_alias_uses(cx, aliases, ((ast_property_value *)ai->properties.items[k])->value);
    }
    model_each_own_member(cx->m, &(model_visitor){.property = check_default_aliases},
                          &(alias_context){cx, aliases});
}

/* An instance's values against its class: each property exists, is given
 * once and has a value of its type, and each key has a value; an embedded
 * instance is of its property's class or a subclass of it. */
static void check_instance(check_context *cx, const model_instance *mi)
{
    const model_class *cls = mi->class_ref;
    const ast_instance *ai = mi->ast;
    if (!cls)
        return; /* its class is not known: warned when it was resolved */
    const model_property *holder = mi->holder;
    if (holder && holder->class_ref) {
        const model_class *up = cls;
        while (up && up != holder->class_ref)
            up = up->superclass;
        if (!up)
            diag_error(cx->diag, &ai->loc, "'%s' holds a %s, not a %s", holder->name, holder->class_ref->name,
                       cls->name);
    }
    if (cls->abstract)
        diag_error(cx->diag, &ai->loc, "class '%s' is abstract: it has no instances", ai->class_name);
    name_table *given = name_table_new_scratch(); /* property name -> its first value */
    for (size_t k = 0; k < ai->properties.count; k++) {
        const ast_property_value *pv = ai->properties.items[k];
        const model_property *p = mi->values[k];
        if (!p) {
            if (!cls->incomplete) /* else it may be inherited: the superclass warning said so */
                diag_error(cx->diag, &pv->loc, "class '%s' has no property '%s'", cls->name, pv->name);
            continue;
        }
        if (name_table_get(given, pv->name))
            diag_error(cx->diag, &pv->loc, "property '%s' is given twice", pv->name);
        else
            name_table_put(given, pv->name, (void *)pv);
        if (!p->invalid)
            check_value_for(cx, pv->value, p, "property");
    }
    /* Keys identify an instance: each needs a value (or a default). */
    for (size_t j = 0; j < mi->keys->count; j++) {
        const model_property *p = mi->keys->items[j];
        const ast_property_value *pv = name_table_get(given, p->name);
        bool has_value = (p->default_value && p->default_value->kind != VAL_NULL) || (pv && pv->value->kind != VAL_NULL);
        if (!has_value)
            diag_error(cx->diag, &ai->loc, "instance of '%s' gives no value for its key property '%s'", cls->name,
                       p->name);
    }
    name_table_free(given);
}

/* Instances declared in the MOF and those written inside values. */
static void check_instances(check_context *cx)
{
    for (size_t i = 0; i < cx->m->instances.count; i++)
        check_instance(cx, cx->m->instances.items[i]);
    for (size_t i = 0; i < cx->m->embedded_instances.count; i++)
        check_instance(cx, cx->m->embedded_instances.items[i]);
}

/* CIM names are case-insensitive and properties and methods share them. */
static void check_member_names(check_context *cx)
{
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        if (!c->methods.count || c->invalid)
            continue;
        name_table *properties = name_table_new_scratch();
        for (size_t j = 0; j < c->properties.count; j++)
            name_table_put(properties, ((model_property *)c->properties.items[j])->name, c->properties.items[j]);
        for (size_t k = 0; k < c->methods.count; k++) {
            const model_method *m = c->methods.items[k];
            const model_property *p = name_table_get(properties, m->name);
            if (!p || (m->origin != c && p->origin != c))
                continue;
            const mof_location *later = m->origin == c ? &m->loc : p->loc;
            diag_error(cx->diag, later, "class '%s' has a property and a method called '%s'", c->name, m->name);
            diag_note(cx->diag, m->origin == c ? p->loc : &m->loc, "the %s is declared here",
                      m->origin == c ? "property" : "method");
        }
        name_table_free(properties);
    }
}

/* DSP0004: an association relates at least two things through its
 * references, and a class is not both an association and an indication. */
static void check_class_kinds(check_context *cx)
{
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        if (c->placeholder || c->invalid)
            continue;
        if (c->association && c->indication)
            diag_error(cx->diag, &c->loc, "class '%s' is both an association and an indication", c->name);
        size_t references = 0;
        for (size_t k = 0; k < c->properties.count; k++)
            references += ((const model_property *)c->properties.items[k])->is_reference;
        if (c->association && references < 2 && !c->incomplete) /* the others may be inherited */
            diag_error(cx->diag, &c->loc, "association '%s' has %zu reference%s; an association has at least two",
                       c->name, references, references == 1 ? "" : "s");
    }
}

/* The checks, in the order they run: a dtc-style table, where dtc lists
 * each check's prerequisites; here there are none to list.  No check reads
 * what another finds: each reads only the model, which model_build resolved
 * completely before any runs.  What a check would
 * otherwise need to be sure of is settled per node by resolution: a class
 * whose inheritance is a cycle, a property whose type did not resolve and
 * an instance whose class is not known are marked (invalid, or no
 * class_ref), reported there once, and skipped here, instead of piling up
 * follow-on errors.  The order only decides which of two equal reports
 * comes first where it matters (the first unknown qualifier is reported,
 * not every one); diagnostics are printed in source order anyway. */
typedef void check_fn(check_context *cx);

static check_fn *const all_checks[] = {
    check_class_kinds,      /* association references, association vs indication */
    check_qualifier_decls,  /* declared types, scopes, flavors, defaults */
    check_qualifiers,       /* each qualifier use: known, once, its type and scope */
    check_defaults,         /* default values against their property's type */
    check_member_names,     /* a property and a method of one name */
    check_instances,        /* instance values, keys, embedded instances' classes */
    check_aliases,          /* each $alias defined once and used defined */
};

void checks_run(diag_engine *diag, arena *a, const model *m)
{
    check_context cx = {.diag = diag, .arena = a, .m = m, .warned_unknown = name_table_new(a)};
    for (size_t i = 0; i < sizeof all_checks / sizeof all_checks[0]; i++)
        all_checks[i](&cx);
}
