/*
 * instance_data.c - the instances a MOF declares, lowered to constant C values
 * of their class's struct (class_data.h): each literal in the C spelling
 * of its member's type, a reference to an aliased instance as its object
 * path, and what has no constant C form left absent with a warning.
 */
#include "class_data.h"
#include "codec_data.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* The C spelling of one scalar literal for a member of runtime type `rt`;
 * strings are returned raw (the template escapes them) with *is_string. */
static const char *literal_text(arena *a, const spellings *sp, const ast_value *v, mofrt_type rt, bool *is_string)
{
    *is_string = false;
    switch (v->kind) {
    case VAL_BOOLEAN: return spell(a, sp, v->u.boolean ? SPELL_LITERAL_TRUE : SPELL_LITERAL_FALSE, NULL);
    case VAL_INTEGER:
        if (rt == MOFRT_REAL32 || rt == MOFRT_REAL64)
            return spell(a, sp, SPELL_LITERAL_REAL,
                         arena_printf(a, "%s%" PRIu64 ".0", v->negative ? "-" : "", v->u.magnitude));
        if (v->negative)
            return v->u.magnitude == (uint64_t)INT64_MAX + 1
                       ? spell(a, sp, SPELL_LITERAL_INT64_MIN, NULL)
                       : spell(a, sp, SPELL_LITERAL_NEGATIVE, arena_printf(a, "%" PRIu64, v->u.magnitude));
        return spell(a, sp, SPELL_LITERAL_UNSIGNED, arena_printf(a, "%" PRIu64, v->u.magnitude));
    case VAL_REAL: return spell(a, sp, SPELL_LITERAL_REAL, arena_printf(a, "%.17g", v->u.real));
    case VAL_CHAR16: return arena_printf(a, "%u", (unsigned)v->u.char16);
    case VAL_STRING:
        *is_string = true;
        return v->u.text;
    default: return NULL;
    }
}

/* The value of key property `p` in instance `mi` (or its default). */
static const ast_value *key_value(const model_instance *mi, const model_property *p)
{
    for (size_t k = 0; k < mi->ast->properties.count; k++) {
        const ast_property_value *pv = mi->ast->properties.items[k];
        if (strcasecmp(pv->name, p->name) == 0)
            return pv->value;
    }
    return p->default_value;
}

/* The object path (DSP0004: Class.Key1="a",Key2=5) of the instance that
 * `alias` names, for a reference property's value; NULL when the alias
 * names no instance of a known class or a key has no literal value. */
static const char *object_path(arena *a, const model *m, const char *alias)
{
    const model_instance *target = NULL;
    for (size_t i = 0; i < m->instances.count && !target; i++) {
        const model_instance *mi = m->instances.items[i];
        if (mi->ast->alias && strcasecmp(mi->ast->alias, alias) == 0)
            target = mi;
    }
    if (!target || !target->class_ref)
        return NULL;
    const model_class *c = target->class_ref;
    char *path = arena_strdup(a, c->name);
    bool any_key = false;
    for (size_t i = 0; i < c->properties.count; i++) {
        const model_property *p = c->properties.items[i];
        if (!p->key)
            continue;
        const ast_value *v = key_value(target, p);
        const char *text;
        if (!v)
            return NULL;
        if (v->kind == VAL_STRING) {
            char *quoted = arena_alloc(a, 2 * v->length + 3), *q = quoted;
            *q++ = '"';
            for (const char *s = v->u.text; *s; s++) {
                if (*s == '"' || *s == '\\')
                    *q++ = '\\';
                *q++ = *s;
            }
            *q++ = '"';
            text = quoted;
        } else if (v->kind == VAL_INTEGER) {
            text = arena_printf(a, "%s%" PRIu64, v->negative ? "-" : "", v->u.magnitude);
        } else if (v->kind == VAL_BOOLEAN) {
            text = v->u.boolean ? "TRUE" : "FALSE";
        } else {
            return NULL;
        }
        path = arena_printf(a, "%s%c%s=%s", path, any_key ? ',' : '.', p->name, text);
        any_key = true;
    }
    return any_key ? path : arena_printf(a, "%s=@", path); /* a singleton */
}

/* The first ancestor of `c` that is not declared (c->incomplete). */
static const model_class *undeclared_ancestor(const model_class *c)
{
    while (c->superclass && !c->placeholder)
        c = c->superclass;
    return c;
}

static void add_instance(emit_ctx *ctx, tmpl_value *list, const model_instance *mi, size_t number)
{
    arena *a = ctx->arena;
    const spellings *sp = ctx->spellings;
    const model_class *c = ctx->cls;
    diag_engine *diag = ctx->diag;
    tmpl_value *instance = tmpl_list_add_map(list);
    const char *label = mi->ast->alias ? names_c_identifier(a, mi->ast->alias) : arena_printf(a, "%zu", number);
    const char *instance_c = arena_printf(a, "%s_%s", ctx->class_c, names_claim(ctx->globals, arena_printf(a, "instance_%s", label)));
    tmpl_set_string(instance, "c_name", instance_c);
    tmpl_value *members = tmpl_set_list(instance, "members");
    tmpl_value *omitted = tmpl_set_list(instance, "omitted"); /* values said with -Winstance-value */
    name_scope *scope = names_scope_new(a);
    /* Member names as the class struct spells them. */
    const char **c_names = arena_alloc(a, (c->properties.count + 1) * sizeof *c_names);
    const char **count_names = arena_alloc(a, (c->properties.count + 1) * sizeof *count_names);
    const char **has_names = arena_alloc(a, (c->properties.count + 1) * sizeof *has_names);
    for (size_t i = 0; i < c->properties.count; i++) {
        const model_property *p = c->properties.items[i];
        c_names[i] = names_claim(scope, names_c_identifier(a, p->name));
        if (p->array != ARRAY_NONE)
            count_names[i] = names_claim(scope, arena_printf(a, "%s_count", c_names[i]));
        has_names[i] = codec_presence_member(a, scope, model_runtime_type(p), p->array != ARRAY_NONE, c_names[i]);
    }
    for (size_t k = 0; k < mi->ast->properties.count; k++) {
        const ast_property_value *pv = mi->ast->properties.items[k];
        size_t i = 0;
        while (i < c->properties.count && strcasecmp(((model_property *)c->properties.items[i])->name, pv->name) != 0)
            i++;
        const model_property *p = i < c->properties.count ? c->properties.items[i] : NULL;
        mofrt_type rt = p ? model_runtime_type(p) : MOFRT_STRING;
        const ast_value *value = pv->value;
        if (!p) {
            /* A property the class may inherit from an undeclared superclass. */
            diag_warning(diag, W_INSTANCE_VALUE, &pv->loc,
                         "class '%s' declares no property '%s' (what it inherits from undeclared '%s' is unknown); "
                         "%s leaves it out", c->name, pv->name, undeclared_ancestor(c)->name, instance_c);
            tmpl_value *omitted_value = tmpl_list_add_map(omitted);
            tmpl_set_string(omitted_value, "name", pv->name);
            tmpl_set_bool(omitted_value, "undeclared", true);
            tmpl_set_string(omitted_value, "ancestor", undeclared_ancestor(c)->name);
            continue;
        }
        if (value->kind == VAL_NULL)
            continue;
        /* A reference to an aliased instance is its object path. */
        if (value->kind == VAL_ALIAS && rt == MOFRT_REFERENCE) {
            const char *path = object_path(a, ctx->model, value->u.alias);
            if (path) {
                ast_value *string = ast_value_new_at(a, VAL_STRING, value);
                string->u.text = (char *)path;
                string->length = strlen(path);
                value = string;
            }
        }
        /* An embedded instance (or an alias that names none with literal
         * keys) has no constant C form: left absent, and said so. */
        bool aliases = value->kind == VAL_ALIAS || value->kind == VAL_INSTANCE;
        for (size_t e = 0; value->kind == VAL_ARRAY && e < value->count; e++)
            aliases = aliases || value->u.items[e]->kind == VAL_ALIAS || value->u.items[e]->kind == VAL_INSTANCE;
        if (aliases || (rt == MOFRT_INSTANCE && p->class_ref)) {
            diag_warning(diag, W_INSTANCE_VALUE, AST_WHERE(value),
                         "the value of '%s' has no constant C form; %s leaves it absent", p->name, instance_c);
            tmpl_value *omitted_value = tmpl_list_add_map(omitted);
            tmpl_set_string(omitted_value, "name", p->name);
            tmpl_set_bool(omitted_value, "undeclared", false);
            tmpl_set_string(omitted_value, "ancestor", "");
            continue;
        }
        tmpl_value *member = tmpl_list_add_map(members);
        tmpl_set_string(member, "c_name", c_names[i]);
        codec_set_presence(member, has_names[i]);
        tmpl_set_bool(member, "is_datetime", rt == MOFRT_DATETIME);
        bool array = value->kind == VAL_ARRAY;
        tmpl_set_bool(member, "is_array", array);
        tmpl_value *elements = tmpl_set_list(member, "elements");
        size_t n = array ? value->count : 1;
        for (size_t e = 0; e < n; e++) {
            const ast_value *v = array ? value->u.items[e] : value;
            bool is_string;
            const char *text = literal_text(a, sp, v, rt, &is_string);
            tmpl_value *element = tmpl_list_add_map(elements);
            tmpl_set_string(element, "text", text ? text : "0");
            tmpl_set_bool(element, "is_string", is_string);
        }
        if (array) {
            tmpl_set_string(member, "element_type", rt == MOFRT_DATETIME ? spell(a, sp, SPELL_TYPE_DATETIME, NULL)
                                                : rt == MOFRT_STRING || rt == MOFRT_REFERENCE || rt == MOFRT_INSTANCE
                                                    ? spell(a, sp, SPELL_TYPE_STRING, NULL)
                                                    : spell_type(sp, rt));
            tmpl_set_string(member, "count_name", count_names[i]);
            tmpl_set_stringf(member, "count", "%zu", n);
            tmpl_set_bool(member, "empty", n == 0);
        }
    }
}

void class_data_add_instances(emit_ctx *ctx, tmpl_value *class_map)
{
    const model *m = ctx->model;
    tmpl_value *list = tmpl_set_list(class_map, "instances");
    size_t number = 0;
    for (size_t i = 0; i < m->instances.count; i++) {
        const model_instance *mi = m->instances.items[i];
        if (mi->class_ref == ctx->cls)
            add_instance(ctx, list, mi, ++number);
    }
    tmpl_set_bool(class_map, "has_instances", number > 0);
}
