/*
 * model.c - from the AST to the semantic model: registers declarations,
 * resolves superclasses (declaration order does not matter), flattens
 * inherited properties and applies qualifiers.  The checks that only look at
 * one finished piece of the model live in checks.c.
 */
#include "model.h"

#include "checks.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- helpers ----------------------------------------------------------------- */

model_class *model_find_class(const model *m, const char *name)
{
    return name ? name_table_get(m->class_index, name) : NULL;
}

const model_qualifier *model_find_qualifier(const ptr_vec *qualifiers, const char *name)
{
    for (size_t i = qualifiers->count; i-- > 0;) {
        const model_qualifier *q = qualifiers->items[i];
        if (strcasecmp(q->name, name) == 0)
            return q;
    }
    return NULL;
}

/* A boolean qualifier: absent -> `absent`, "Key" -> true, "Key(false)" -> false. */
static bool qualifier_flag(const ptr_vec *qualifiers, const char *name, bool absent)
{
    const model_qualifier *q = model_find_qualifier(qualifiers, name);
    if (!q)
        return absent;
    if (!q->value)
        return true;
    return q->value->kind == VAL_BOOLEAN ? q->value->u.boolean : true;
}

static const char *qualifier_string(const ptr_vec *qualifiers, const char *name)
{
    const model_qualifier *q = model_find_qualifier(qualifiers, name);
    return q && q->value && q->value->kind == VAL_STRING ? q->value->u.string.text : NULL;
}

mofrt_type model_runtime_type(const model_property *p)
{
    if (p->is_reference)
        return MOFRT_REFERENCE;
    if (p->embedded)
        return MOFRT_INSTANCE;
    switch (p->type) {
    case CIM_BOOLEAN: return MOFRT_BOOLEAN;
    case CIM_UINT8: return MOFRT_UINT8;
    case CIM_SINT8: return MOFRT_SINT8;
    case CIM_UINT16: return MOFRT_UINT16;
    case CIM_SINT16: return MOFRT_SINT16;
    case CIM_UINT32: return MOFRT_UINT32;
    case CIM_SINT32: return MOFRT_SINT32;
    case CIM_UINT64: return MOFRT_UINT64;
    case CIM_SINT64: return MOFRT_SINT64;
    case CIM_REAL32: return MOFRT_REAL32;
    case CIM_REAL64: return MOFRT_REAL64;
    case CIM_CHAR16: return MOFRT_CHAR16;
    case CIM_DATETIME: return MOFRT_DATETIME;
    case CIM_STRING:
    case CIM_NONE: break;
    }
    return MOFRT_STRING;
}

/* ---- qualifiers -------------------------------------------------------------- */

static model_qualifier *new_qualifier(arena *a, const ast_qualifier *q, const void *owner)
{
    model_qualifier *mq = arena_alloc(a, sizeof *mq);
    mq->owner = owner;
    mq->name = q->name;
    mq->value = q->value;
    mq->loc = q->loc;
    mq->flavors = &q->flavors;
    return mq;
}

/* Qualifiers a subclass or overriding property inherits from its parent:
 * all but the Restricted ones (Abstract, for one).  Own ones come after, so
 * model_find_qualifier (which searches from the end) sees them first. */
static void inherit_qualifiers(arena *a, const model *m, ptr_vec *into, const ptr_vec *parent)
{
    for (size_t i = 0; i < parent->count; i++) {
        model_qualifier *q = parent->items[i];
        if (!checks_qualifier_is_restricted(m, q->name))
            ptr_vec_push(a, into, q);
    }
}

/* ---- properties ---------------------------------------------------------------- */

typedef struct build_state {
    arena *arena;
    diag_engine *diag;
    model *m;
    /* The members of the class being built, by name: each name's index in
     * its properties or methods, plus one (scratch tables, one class at a
     * time, so a deep hierarchy does not keep one per class). */
    name_table *property_index, *method_index;
} build_state;

static int index_of(const name_table *t, const char *name)
{
    return (int)(intptr_t)name_table_get(t, name) - 1;
}

static void set_index(name_table *t, const char *name, size_t index)
{
    name_table_put(t, name, (void *)(intptr_t)(index + 1));
}

static model_class *placeholder_class(build_state *st, const char *name, const mof_location *loc)
{
    model_class *c = arena_alloc(st->arena, sizeof *c);
    c->name = name;
    c->loc = *loc;
    c->abstract = true;
    c->placeholder = true;
    c->state = CLASS_DONE;
    name_table_put(st->m->class_index, name, c);
    ptr_vec_push(st->arena, &st->m->classes, c);
    return c;
}

static void apply_property_qualifiers(build_state *st, model_property *p)
{
    p->key = qualifier_flag(&p->qualifiers, "Key", false);
    p->read = qualifier_flag(&p->qualifiers, "Read", true);
    p->write = qualifier_flag(&p->qualifiers, "Write", false);
    p->required = qualifier_flag(&p->qualifiers, "Required", false) || p->key;
    p->description = qualifier_string(&p->qualifiers, "Description");
    const char *embedded_instance = qualifier_string(&p->qualifiers, "EmbeddedInstance");
    const char *embedding = embedded_instance ? "EmbeddedInstance"
                            : model_find_qualifier(&p->qualifiers, "EmbeddedObject") ? "EmbeddedObject"
                                                                                    : NULL;
    if (embedding && p->type != CIM_STRING && !p->embedded) {
        const model_qualifier *q = model_find_qualifier(&p->qualifiers, embedding);
        if (q->owner == p) /* an inherited one was reported where it was written */
            diag_error(st->diag, &q->loc, "%s applies to string properties; '%s' is %s", embedding, p->name,
                       p->is_reference ? "a reference" : cim_type_name(p->type));
    }
    const model_qualifier *object = model_find_qualifier(&p->qualifiers, "EmbeddedObject");
    if (embedded_instance && object && qualifier_flag(&p->qualifiers, "EmbeddedObject", false) && object->owner == p)
        diag_error(st->diag, &object->loc, "'%s' has both EmbeddedObject and EmbeddedInstance; DSP0004 allows one "
                   "(EmbeddedInstance(\"%s\") alone says the class)", p->name, embedded_instance);
    if (p->type == CIM_STRING && embedded_instance) {
        p->embedded = true;
        p->class_name = embedded_instance;
        p->type = CIM_NONE;
    } else if (p->type == CIM_STRING && qualifier_flag(&p->qualifiers, "EmbeddedObject", false)) {
        p->embedded = true;
        p->type = CIM_NONE;
    }
    checks_value_map(st->diag, st->arena, p);
    checks_bit_map(st->diag, st->arena, p);
}

/* The type of a property or parameter: intrinsic, reference, or a class
 * (an embedded object).  Unknown class names may be type typos. */
static void set_property_type(model_property *p, const ast_type *t)
{
    p->type = t->intrinsic;
    p->is_reference = t->is_reference;
    if (t->is_reference) {
        p->class_name = t->class_name;
        return;
    }
    if (t->intrinsic != CIM_NONE)
        return;
    p->embedded = true;
    if (strcasecmp(t->class_name, "Object") != 0)
        p->class_name = t->class_name;
}

static model_property *new_property(build_state *st, const model_class *origin, const char *name,
                                    const mof_location *loc, const ast_type *type, ast_array_kind array,
                                    uint64_t array_size, const ptr_vec *qualifiers, const ast_value *default_value)
{
    model_property *p = arena_alloc(st->arena, sizeof *p);
    p->name = name;
    p->loc = *loc;
    p->origin = origin;
    p->array = array;
    p->array_size = array_size;
    p->default_value = default_value;
    p->type_loc = type->loc;
    set_property_type(p, type);
    for (size_t i = 0; i < qualifiers->count; i++)
        ptr_vec_push(st->arena, &p->qualifiers, new_qualifier(st->arena, qualifiers->items[i], p));
    return p;
}

/* "uint32", "string[]", "CIM_Foo REF", for messages. */
static const char *type_text(arena *a, const model_property *p)
{
    const char *base = p->is_reference ? arena_printf(a, "%s REF", p->class_name ? p->class_name : "object")
                       : p->embedded   ? (p->class_name ? p->class_name : "object")
                                       : cim_type_name(p->type);
    return p->array != ARRAY_NONE ? arena_printf(a, "%s[]", base) : base;
}

/* An override may narrow the class of a reference or embedded instance
 * (to a subclass: classes are not all resolved yet, so that is not
 * checked), nothing else. */
static bool same_type(const model_property *a, const model_property *b)
{
    if (a->is_reference != b->is_reference || a->embedded != b->embedded ||
        (a->array != ARRAY_NONE) != (b->array != ARRAY_NONE))
        return false;
    return a->is_reference || a->embedded || a->type == b->type;
}

/* The Override qualifier (DSP0004) names the inherited property or method
 * an element replaces: that one must exist, have the same name, and keep
 * its type.  `own` are the qualifiers written on the element, `parent` the
 * inherited element of the same name (NULL when there is none). */
/* Two uses of one qualifier say the same: "Key" and "Key(true)" do. */
static bool same_qualifier_value(const model_qualifier *a, const model_qualifier *b)
{
    const ast_value *x = a->value, *y = b->value;
    bool x_true = !x || (x->kind == VAL_BOOLEAN && x->u.boolean), y_true = !y || (y->kind == VAL_BOOLEAN && y->u.boolean);
    if (!x || !y || x->kind == VAL_BOOLEAN || y->kind == VAL_BOOLEAN)
        return x_true == y_true;
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case VAL_STRING: return strcmp(x->u.string.text, y->u.string.text) == 0;
    case VAL_INTEGER:
        return x->u.integer.magnitude == y->u.integer.magnitude && x->u.integer.negative == y->u.integer.negative;
    default: return true; /* arrays and the rest: not compared */
    }
}

static void check_override(build_state *st, const model_class *c, const char *kind, const model_property *self,
                           const ptr_vec *own, const model_property *parent)
{
    const model_qualifier *q = model_find_qualifier(own, "Override");
    const char *target = q && q->value && q->value->kind == VAL_STRING ? q->value->u.string.text : NULL;
    if (target && strcasecmp(target, self->name) != 0) {
        bool exists = index_of(st->property_index, target) >= 0 || index_of(st->method_index, target) >= 0;
        if (exists)
            diag_error(st->diag, &q->loc, "Override(\"%s\") on %s '%s': an override keeps the name of what it overrides",
                       target, kind, self->name);
        else
            diag_error(st->diag, &q->loc, "Override(\"%s\"): class '%s' inherits nothing called '%s'", target, c->name,
                       target);
        return;
    }
    if (q && !parent) {
        if (!c->superclass)
            diag_error(st->diag, &q->loc, "%s '%s' overrides nothing: class '%s' has no superclass", kind, self->name,
                       c->name);
        else if (!c->superclass->placeholder) /* undeclared: already warned about */
            diag_error(st->diag, &q->loc, "%s '%s' overrides nothing: class '%s' inherits no %s of that name", kind,
                       self->name, c->name, kind);
        return;
    }
    if (!parent)
        return;
    if (!same_type(parent, self)) {
        bool hidden = diag_error_hidden(st->diag); /* then the type texts are not made */
        diag_error(st->diag, &self->loc, "%s '%s' changes the type of the inherited %s from %s to %s", kind,
                   self->name, kind, hidden ? "" : type_text(st->arena, parent), hidden ? "" : type_text(st->arena, self));
        diag_note(st->diag, &parent->loc, "inherited from class '%s'", parent->origin->name);
        return;
    }
    /* DisableOverride: what the parent says, the override cannot change. */
    for (size_t i = 0; i < own->count; i++) {
        const model_qualifier *mine = own->items[i];
        if (!checks_qualifier_disables_override(st->m, mine->name))
            continue;
        const model_qualifier *theirs = model_find_qualifier(&parent->qualifiers, mine->name);
        if (!theirs || same_qualifier_value(mine, theirs))
            continue;
        diag_error(st->diag, &mine->loc, "qualifier '%s' cannot change in an override: it has the DisableOverride flavor",
                   mine->name);
        diag_note(st->diag, &theirs->loc, "%s '%s' of class '%s' sets it here", kind, parent->name,
                  parent->origin->name);
    }
    if (!q) {
        diag_warning(st->diag, W_MISSING_OVERRIDE, &self->loc,
                     "%s '%s' has the name of an inherited %s but no Override qualifier; it overrides it", kind,
                     self->name, kind);
        diag_note(st->diag, &parent->loc, "inherited from class '%s'", parent->origin->name);
    }
}

static void add_own_property(build_state *st, model_class *c, const ast_feature *f, size_t inherited)
{
    model_property *p = new_property(st, c, f->name, &f->loc, &f->type, f->array, f->array_size, &f->qualifiers,
                                     f->default_value);
    int at = index_of(st->property_index, f->name);
    if (at >= (int)inherited) {
        model_property *first = c->properties.items[at];
        diag_error(st->diag, &f->loc, "'%s' is declared twice in class '%s'", f->name, c->name);
        diag_note(st->diag, &first->loc, "first declared here");
        return;
    }
    if (at >= 0) {
        /* Same name as an inherited property: this one overrides it in place,
         * keeping its position and the qualifiers it passes down. */
        model_property *parent = c->properties.items[at];
        ptr_vec own = p->qualifiers;
        p->qualifiers = (ptr_vec){0};
        inherit_qualifiers(st->arena, st->m, &p->qualifiers, &parent->qualifiers);
        for (size_t i = 0; i < own.count; i++)
            ptr_vec_push(st->arena, &p->qualifiers, own.items[i]);
        apply_property_qualifiers(st, p);
        check_override(st, c, "property", p, &own, parent);
        c->properties.items[at] = p;
        return;
    }
    apply_property_qualifiers(st, p);
    check_override(st, c, "property", p, &p->qualifiers, NULL);
    set_index(st->property_index, p->name, c->properties.count);
    ptr_vec_push(st->arena, &c->properties, p);
}

static void add_method(build_state *st, model_class *c, const ast_feature *f)
{
    int at = index_of(st->method_index, f->name);
    if (at >= 0 && ((model_method *)c->methods.items[at])->origin == c) {
        model_method *other = c->methods.items[at];
        diag_error(st->diag, &f->loc, "method '%s' is declared twice in class '%s'", f->name, c->name);
        diag_note(st->diag, &other->loc, "first declared here");
        return;
    }
    model_method *m = arena_alloc(st->arena, sizeof *m);
    m->name = f->name;
    m->loc = f->loc;
    m->origin = c;
    m->result = new_property(st, c, f->name, &f->loc, &f->type, ARRAY_NONE, 0, &f->qualifiers, NULL);
    apply_property_qualifiers(st, m->result);
    m->description = m->result->description;
    m->type_loc = f->type.loc;
    m->returns_void = f->type.intrinsic == CIM_NONE && !f->type.is_reference && f->type.class_name &&
                      strcasecmp(f->type.class_name, "void") == 0;
    name_table *parameter_names = name_table_new_scratch();
    for (size_t i = 0; i < f->parameters.count; i++) {
        const ast_parameter *ap = f->parameters.items[i];
        model_parameter *mp = arena_alloc(st->arena, sizeof *mp);
        mp->name = ap->name;
        mp->loc = ap->loc;
        mp->type_loc = ap->type.loc;
        mp->as_property = new_property(st, c, ap->name, &ap->loc, &ap->type, ap->array, ap->array_size,
                                       &ap->qualifiers, ap->default_value);
        apply_property_qualifiers(st, mp->as_property);
        /* DSP0004 makes In default to true, but schemas mean [OUT] alone as
         * an output only (WMI's mofcomp reads it so; the CIM Schema writes
         * [OUT] where it means that, as often as [IN(false), OUT]), so a
         * parameter is IN when it says so or does not say OUT. */
        mp->out = qualifier_flag(&mp->as_property->qualifiers, "Out", false);
        mp->in = qualifier_flag(&mp->as_property->qualifiers, "In", !mp->out);
        if (name_table_get(parameter_names, ap->name))
            diag_error(st->diag, &ap->loc, "parameter '%s' is declared twice in method '%s'", ap->name, f->name);
        else
            name_table_put(parameter_names, ap->name, mp);
        ptr_vec_push(st->arena, &m->parameters, mp);
    }
    name_table_free(parameter_names);
    /* An inherited method of the same name is overridden. */
    if (at >= 0) {
        check_override(st, c, "method", m->result, &m->result->qualifiers,
                       ((model_method *)c->methods.items[at])->result);
        c->methods.items[at] = m;
        return;
    }
    check_override(st, c, "method", m->result, &m->result->qualifiers, NULL);
    set_index(st->method_index, m->name, c->methods.count);
    ptr_vec_push(st->arena, &c->methods, m);
}

/* ---- classes ------------------------------------------------------------------- */

/* Links `c` to its superclass (declaring a placeholder for an undeclared
 * one) and returns the superclass when it still has to be built; NULL when
 * there is none to build or the link would close a cycle. */
static model_class *link_superclass(build_state *st, model_class *c)
{
    const ast_class *ac = c->ast;
    if (!ac->superclass)
        return NULL;
    model_class *super = model_find_class(st->m, ac->superclass);
    if (!super) {
        diag_warning(st->diag, W_UNDECLARED_SUPERCLASS, &ac->superclass_loc,
                     "superclass '%s' is not declared; assuming an abstract class with no properties",
                     ac->superclass);
        super = placeholder_class(st, ac->superclass, &ac->superclass_loc);
    }
    if (super->state == CLASS_RESOLVING) {
        diag_error(st->diag, &ac->superclass_loc, "class '%s' inherits from itself through '%s'", c->name,
                   super->name);
        return NULL;
    }
    c->superclass = super;
    c->superclass_name = super->name;
    return super->state == CLASS_NEW ? super : NULL;
}

/* Each member pointer vector of `c` starts as a copy of its superclass's,
 * sized for what `c` adds, so building a deep hierarchy does not also
 * leave every doubling behind in the arena. */
static void copy_members(arena *a, ptr_vec *into, const ptr_vec *inherited, size_t more)
{
    into->capacity = inherited->count + more;
    into->items = into->capacity ? arena_alloc(a, into->capacity * sizeof *into->items) : NULL;
    if (inherited->count)
        memcpy(into->items, inherited->items, inherited->count * sizeof *into->items);
    into->count = inherited->count;
}

/* Builds one class whose superclass (if any) is built. */
static void build_class(build_state *st, model_class *c)
{
    const ast_class *ac = c->ast;
    st->property_index = name_table_new_scratch();
    st->method_index = name_table_new_scratch();
    if (c->superclass) {
        inherit_qualifiers(st->arena, st->m, &c->qualifiers, &c->superclass->qualifiers);
        copy_members(st->arena, &c->properties, &c->superclass->properties, ac->features.count);
        copy_members(st->arena, &c->methods, &c->superclass->methods, 0);
        for (size_t i = 0; i < c->properties.count; i++)
            set_index(st->property_index, ((model_property *)c->properties.items[i])->name, i);
        for (size_t i = 0; i < c->methods.count; i++)
            set_index(st->method_index, ((model_method *)c->methods.items[i])->name, i);
    }
    size_t inherited = c->properties.count;
    for (size_t i = 0; i < ac->qualifiers.count; i++)
        ptr_vec_push(st->arena, &c->qualifiers, new_qualifier(st->arena, ac->qualifiers.items[i], c));
    /* Abstract is Restricted, so only a class that says so is abstract. */
    c->abstract = qualifier_flag(&c->qualifiers, "Abstract", false);
    c->association = qualifier_flag(&c->qualifiers, "Association", false);
    c->indication = qualifier_flag(&c->qualifiers, "Indication", false);
    c->description = qualifier_string(&c->qualifiers, "Description");
    for (size_t i = 0; i < ac->features.count; i++) {
        const ast_feature *f = ac->features.items[i];
        if (f->kind == FEATURE_METHOD)
            add_method(st, c, f);
        else
            add_own_property(st, c, f, inherited);
    }
    name_table_free(st->property_index);
    name_table_free(st->method_index);
    st->property_index = st->method_index = NULL;
    c->state = CLASS_DONE;
}

/* Resolves `c` and the ancestors it needs, in a loop rather than by
 * recursion: an inheritance chain is as deep as the input makes it.  The
 * chain is followed up to a class already built (or a cycle), then built
 * from the top down. */
static void resolve_class(build_state *st, model_class *c)
{
    if (c->state != CLASS_NEW)
        return;
    ptr_vec chain = {0};
    size_t capacity = 0;
    for (model_class *k = c; k; k = link_superclass(st, k)) {
        k->state = CLASS_RESOLVING;
        if (chain.count == capacity) {
            capacity = capacity ? 2 * capacity : 16;
            chain.items = xrealloc(chain.items, capacity * sizeof *chain.items);
        }
        chain.items[chain.count++] = k;
    }
    while (chain.count > 0)
        build_class(st, chain.items[--chain.count]);
    free(chain.items);
}

static void register_class(build_state *st, const ast_class *ac)
{
    model_class *previous = model_find_class(st->m, ac->name);
    if (previous) {
        diag_error(st->diag, &ac->loc, "class '%s' is declared twice", ac->name);
        diag_note(st->diag, &previous->loc, "first declared here%s",
                  strcmp(previous->name, ac->name) ? " (CIM names ignore case)" : "");
        return;
    }
    model_class *c = arena_alloc(st->arena, sizeof *c);
    c->name = ac->name;
    c->loc = ac->loc;
    c->ast = ac;
    c->superclass_name = ac->superclass;
    name_table_put(st->m->class_index, ac->name, c);
    ptr_vec_push(st->arena, &st->m->classes, c);
}

static void register_qualifier(build_state *st, const ast_qualifier_decl *q)
{
    const ast_qualifier_decl *previous = name_table_get(st->m->qualifier_index, q->name);
    if (previous) {
        diag_error(st->diag, &q->loc, "qualifier '%s' is declared twice", q->name);
        diag_note(st->diag, &previous->loc, "first declared here");
        return;
    }
    name_table_put(st->m->qualifier_index, q->name, (void *)q);
    ptr_vec_push(st->arena, &st->m->qualifier_decls, (void *)q);
}

static void register_decls(build_state *st, const ast_unit *unit)
{
    for (size_t i = 0; i < unit->decls.count; i++) {
        const ast_decl *d = unit->decls.items[i];
        switch (d->kind) {
        case DECL_CLASS:
            register_class(st, d->u.class_decl);
            break;
        case DECL_QUALIFIER:
            register_qualifier(st, d->u.qualifier);
            break;
        case DECL_PRAGMA:
            checks_pragma(st->diag, st->m, d->u.pragma);
            break;
        case DECL_INSTANCE: {
            model_instance *mi = arena_alloc(st->arena, sizeof *mi);
            mi->ast = d->u.instance;
            ptr_vec_push(st->arena, &st->m->instances, mi);
            break;
        }
        }
    }
}

model *model_build(arena *a, diag_engine *diag, const ast_unit *unit)
{
    model *m = arena_alloc(a, sizeof *m);
    m->class_index = name_table_new(a);
    m->qualifier_index = name_table_new(a);
    build_state st = {.arena = a, .diag = diag, .m = m};
    diag_sort_begin(diag);
    register_decls(&st, unit);
    size_t declared = m->classes.count; /* placeholders get appended while resolving */
    for (size_t i = 0; i < declared; i++)
        resolve_class(&st, m->classes.items[i]);
    checks_run(diag, a, m);
    diag_sort_end(diag);
    return m;
}
