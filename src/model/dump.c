/*
 * dump.c - JSON views of the AST and the model (dump.h).  Keys come in a
 * fixed order and numbers in a fixed format, so dumps diff cleanly.
 */
#include "dump.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

static void json_string(FILE *out, const char *s)
{
    if (!s) {
        fputs("null", out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(out, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", out);
        else if (c == '\t')
            fputs("\\t", out);
        else if (c < 0x20)
            fprintf(out, "\\u%04x", c);
        else
            fputc(c, out);
    }
    fputc('"', out);
}

static void json_location(FILE *out, const mof_location *loc)
{
    fputs("{\"file\": ", out);
    json_string(out, loc->file ? loc->file->name : NULL);
    fprintf(out, ", \"line\": %d, \"column\": %d}", loc->first_line, loc->first_column);
}

static void json_value(FILE *out, const ast_value *v);

/* One {"name": ..., "value": ...} of a list: a property value or a qualifier. */
static void json_name_value(FILE *out, bool first, const char *name, const ast_value *value)
{
    fputs(first ? "{\"name\": " : ", {\"name\": ", out);
    json_string(out, name);
    fputs(", \"value\": ", out);
    json_value(out, value);
    fputc('}', out);
}

static const char *array_kind(ast_array_kind k)
{
    return k == ARRAY_NONE ? "none" : k == ARRAY_FIXED ? "fixed" : "variable";
}

/* A qualifier declaration: name, type, default, scopes and flavors. */
static void json_qualifier_decl(FILE *out, const ast_qualifier_decl *q)
{
    fputs("{\"kind\": \"qualifier\", \"name\": ", out);
    json_string(out, q->name);
    fputs(", \"type\": ", out);
    json_string(out, q->type.spelling);
    fprintf(out, ", \"array\": \"%s\", \"default\": ", array_kind(q->array));
    json_value(out, q->default_value);
    fputs(", \"scopes\": [", out);
    for (size_t i = 0; i < q->scopes.count; i++) {
        if (i)
            fputs(", ", out);
        json_string(out, ((const ast_name *)q->scopes.items[i])->text);
    }
    fputs("], \"flavors\": [", out);
    for (size_t i = 0; i < q->flavors.count; i++) {
        if (i)
            fputs(", ", out);
        json_string(out, ((const ast_name *)q->flavors.items[i])->text);
    }
    fputs("], \"location\": ", out);
    json_location(out, &q->loc);
    fputc('}', out);
}

/* An instance's class, alias and property values. */
static void json_instance(FILE *out, const ast_instance *inst)
{
    fputs("{\"kind\": \"instance\", \"class\": ", out);
    json_string(out, inst->class_name);
    fputs(", \"alias\": ", out);
    json_string(out, inst->alias);
    fputs(", \"properties\": [", out);
    for (size_t i = 0; i < inst->properties.count; i++) {
        const ast_property_value *pv = inst->properties.items[i];
        json_name_value(out, i == 0, pv->name, pv->value);
    }
    fputs("], \"location\": ", out);
    json_location(out, &inst->loc);
    fputc('}', out);
}

static void json_value(FILE *out, const ast_value *v)
{
    if (!v) {
        fputs("null", out);
        return;
    }
    switch (v->kind) {
    case VAL_NULL: fputs("null", out); break;
    case VAL_BOOLEAN: fputs(v->u.boolean ? "true" : "false", out); break;
    case VAL_INTEGER:
        fprintf(out, "%s%" PRIu64, v->negative ? "-" : "", v->u.magnitude);
        break;
    case VAL_REAL:
        /* JSON has no infinity: an out-of-range literal (an error) dumps as null. */
        if (isfinite(v->u.real))
            fprintf(out, "%.17g", v->u.real);
        else
            fputs("null", out);
        break;
    case VAL_STRING: json_string(out, v->u.text); break;
    case VAL_CHAR16: fprintf(out, "{\"char16\": %u}", (unsigned)v->u.char16); break;
    case VAL_ALIAS:
        fputs("{\"alias\": ", out);
        json_string(out, v->u.alias);
        fputc('}', out);
        break;
    case VAL_INSTANCE: json_instance(out, v->u.instance); break;
    case VAL_ARRAY:
        fputc('[', out);
        for (size_t i = 0; i < v->count; i++) {
            if (i)
                fputs(", ", out);
            json_value(out, v->u.items[i]);
        }
        fputc(']', out);
        break;
    }
}

static void json_qualifiers(FILE *out, const ptr_vec *qualifiers)
{
    fputs("[", out);
    for (size_t i = 0; i < qualifiers->count; i++) {
        const ast_qualifier *q = qualifiers->items[i];
        json_name_value(out, i == 0, q->name, q->value);
    }
    fputs("]", out);
}

static void dump_feature(FILE *out, const ast_feature *f)
{
    static const char *const kinds[] = {"property", "reference", "method"};
    fprintf(out, "{\"kind\": \"%s\", \"name\": ", kinds[f->kind]);
    json_string(out, f->name);
    fputs(", \"type\": ", out);
    json_string(out, f->type.spelling);
    fprintf(out, ", \"array\": \"%s\", \"array_size\": %" PRIu64 ", \"qualifiers\": ", array_kind(f->array),
            f->array_size);
    json_qualifiers(out, &f->qualifiers);
    fputs(", \"default\": ", out);
    json_value(out, f->default_value);
    if (f->kind == FEATURE_METHOD) {
        fputs(", \"parameters\": [", out);
        for (size_t i = 0; i < f->parameters.count; i++) {
            const ast_parameter *p = f->parameters.items[i];
            fputs(i ? ", {\"name\": " : "{\"name\": ", out);
            json_string(out, p->name);
            fputs(", \"type\": ", out);
            json_string(out, p->type.spelling);
            fprintf(out, ", \"array\": \"%s\", \"qualifiers\": ", array_kind(p->array));
            json_qualifiers(out, &p->qualifiers);
            fputc('}', out);
        }
        fputc(']', out);
    }
    fputs(", \"location\": ", out);
    json_location(out, &f->loc);
    fputc('}', out);
}

static void dump_decl(FILE *out, const ast_decl *d)
{
    switch (d->kind) {
    case DECL_CLASS: {
        const ast_class *c = d->u.class_decl;
        fputs("{\"kind\": \"class\", \"name\": ", out);
        json_string(out, c->name);
        fputs(", \"superclass\": ", out);
        json_string(out, c->superclass);
        fputs(", \"alias\": ", out);
        json_string(out, c->alias);
        fputs(", \"qualifiers\": ", out);
        json_qualifiers(out, &c->qualifiers);
        fputs(", \"features\": [", out);
        for (size_t i = 0; i < c->features.count; i++) {
            fputs(i ? ",\n      " : "\n      ", out);
            dump_feature(out, c->features.items[i]);
        }
        fputs("], \"location\": ", out);
        json_location(out, &c->loc);
        fputc('}', out);
        break;
    }
    case DECL_INSTANCE: json_instance(out, d->u.instance); break;
    case DECL_QUALIFIER: json_qualifier_decl(out, d->u.qualifier); break;
    case DECL_PRAGMA: {
        const ast_pragma *p = d->u.pragma;
        fputs("{\"kind\": \"pragma\", \"name\": ", out);
        json_string(out, p->name);
        fputs(", \"arguments\": [", out);
        for (size_t i = 0; i < p->arguments.count; i++) {
            if (i)
                fputs(", ", out);
            json_value(out, p->arguments.items[i]);
        }
        fputs("], \"location\": ", out);
        json_location(out, &p->loc);
        fputc('}', out);
        break;
    }
    }
}

void dump_ast(FILE *out, const ast_unit *unit)
{
    fputs("{\"declarations\": [", out);
    for (size_t i = 0; i < unit->decls.count; i++) {
        fputs(i ? ",\n  " : "\n  ", out);
        dump_decl(out, unit->decls.items[i]);
    }
    fputs("\n]}\n", out);
}

/* The kind of a property's type in the dump: "reference", "object" or
 * the CIM type (the class and array shape are fields of their own). */
static const char *type_kind(const model_property *p)
{
    if (p->is_reference)
        return "reference";
    if (p->embedded)
        return "object";
    return cim_type_name(p->type);
}

static void dump_property(FILE *out, const model_property *p)
{
    fputs("{\"name\": ", out);
    json_string(out, p->name);
    fprintf(out, ", \"type\": \"%s\", \"class\": ", type_kind(p));
    json_string(out, p->class_name);
    fprintf(out, ", \"array\": \"%s\", \"array_size\": %" PRIu64, array_kind(p->array), p->array_size);
    fprintf(out, ", \"key\": %s, \"read\": %s, \"write\": %s, \"required\": %s", p->key ? "true" : "false",
            p->read ? "true" : "false", p->write ? "true" : "false", p->required ? "true" : "false");
    fputs(", \"origin\": ", out);
    json_string(out, p->origin ? p->origin->name : NULL);
    fputs(", \"description\": ", out);
    json_string(out, p->description);
    fputs(", \"default\": ", out);
    json_value(out, p->default_value);
    fprintf(out, ", \"value_map_open\": %s, \"value_map\": [", p->enum_open ? "true" : "false");
    for (size_t i = 0; i < p->enum_count; i++) {
        const model_enum_entry *e = &p->enum_entries[i];
        static const char *const kinds[] = {"value", "range", "string"};
        fputs(i ? ", {\"value_map\": " : "{\"value_map\": ", out);
        json_string(out, model_entry_value_map(e));
        fputs(", \"name\": ", out);
        json_string(out, e->name);
        fprintf(out, ", \"kind\": \"%s\"}", kinds[e->kind]);
    }
    fputs("]}", out);
}

void dump_model(FILE *out, const model *m)
{
    fputs("{\"namespace\": ", out);
    json_string(out, m->namespace_name);
    fprintf(out, ", \"instance_count\": %zu, \"classes\": [", (size_t)m->instances.count);
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        fputs(i ? ",\n  {\"name\": " : "\n  {\"name\": ", out);
        json_string(out, c->name);
        fputs(", \"superclass\": ", out);
        json_string(out, c->superclass_name);
        fprintf(out, ", \"abstract\": %s, \"association\": %s, \"indication\": %s, \"placeholder\": %s",
                c->abstract ? "true" : "false", c->association ? "true" : "false", c->indication ? "true" : "false",
                c->placeholder ? "true" : "false");
        fputs(", \"description\": ", out);
        json_string(out, c->description);
        fputs(", \"namespace\": ", out);
        json_string(out, c->namespace_name);
        fputs(", \"properties\": [", out);
        for (size_t k = 0; k < c->properties.count; k++) {
            fputs(k ? ",\n    " : "\n    ", out);
            dump_property(out, c->properties.items[k]);
        }
        fputs("], \"methods\": [", out);
        for (size_t k = 0; k < c->methods.count; k++) {
            const model_method *mm = c->methods.items[k];
            fputs(k ? ",\n    {\"name\": " : "\n    {\"name\": ", out);
            json_string(out, mm->name);
            fputs(", \"result\": ", out);
            if (mm->returns_void)
                fputs("null", out);
            else
                dump_property(out, mm->result);
            fputs(", \"parameters\": [", out);
            for (size_t j = 0; j < mm->parameters.count; j++) {
                const model_parameter *mp = mm->parameters.items[j];
                fprintf(out, "%s{\"in\": %s, \"out\": %s, \"property\": ", j ? ", " : "", mp->in ? "true" : "false",
                        mp->out ? "true" : "false");
                dump_property(out, mp->as_property);
                fputc('}', out);
            }
            fputs("]}", out);
        }
        fputs("]}", out);
    }
    fputs("\n], \"instances\": [", out);
    for (size_t i = 0; i < m->instances.count; i++) {
        const model_instance *mi = m->instances.items[i];
        fprintf(out, "%s{\"class_known\": %s, \"instance\": ", i ? ",\n  " : "\n  ", mi->class_ref ? "true" : "false");
        json_instance(out, mi->ast);
        fputs(", \"namespace\": ", out);
        json_string(out, mi->namespace_name);
        fputc('}', out);
    }
    fputs("], \"qualifier_declarations\": [", out);
    for (size_t i = 0; i < m->qualifier_decls.count; i++) {
        fputs(i ? ",\n  " : "\n  ", out);
        json_qualifier_decl(out, m->qualifier_decls.items[i]);
    }
    fputs("]}\n", out);
}
