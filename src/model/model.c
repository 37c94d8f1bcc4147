/*
 * model.c - from the AST to the semantic model: registers declarations,
 * resolves superclasses (declaration order does not matter), flattens
 * inherited properties, applies qualifiers (ValueMaps through value_map.c),
 * records pragmas, then resolves the class names of references and
 * embedded objects and the instances' values (instances.c).  The checks
 * (checks.c) run after it, from the driver, and only read the result.
 */
#include "model.h"

#include "qualifiers.h"
#include "value_map.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- namespaces --------------------------------------------------------------- */

model_class *model_find_class_in(const model *m, const char *ns, const char *name)
{
    const name_table *classes = name && ns ? name_table_get(m->class_index, ns) : NULL;
    return classes ? name_table_get(classes, name) : NULL;
}

model_class *model_find_class(const model *m, const char *name)
{
    model_class *c = name ? name_table_get(m->first_class, name) : NULL;
    for (size_t i = 0; name && !c && i < m->namespaces.count; i++) /* that one was deleted */
        c = model_find_class_in(m, m->namespaces.items[i], name);
    return c;
}

void model_note_other_namespaces(diag_engine *diag, const model *m, const char *ns, const char *name)
{
    const model_class *c = name_table_get(m->first_class, name);
    if (c && !c->placeholder && strcasecmp(c->namespace_name, ns) != 0)
        diag_note(diag, &c->loc, "a class '%s' is declared in namespace %s; a class sees only the classes of its own "
                  "namespace (%s)", c->name, c->namespace_name, ns);
}

const char *model_in_namespace(arena *a, const model *m, const char *ns)
{
    bool named = m->namespaces.count > 1 || strcasecmp(ns, MODEL_DEFAULT_NAMESPACE) != 0;
    return named ? arena_printf(a, " in namespace %s", ns) : "";
}

static bool is_separator(char c)
{
    return c == '\\' || c == '/';
}

const char *model_namespace_join(arena *a, const char *current, const char *path)
{
    const char *s = path;
    bool absolute = is_separator(s[0]) && is_separator(s[1]);
    if (absolute) { /* \\server\...: the server ("." or a host name) is dropped */
        s += 2;
        while (*s && !is_separator(*s))
            s++;
    }
    while (is_separator(*s))
        s++;
    if (strncasecmp(s, "root", 4) == 0 && (s[4] == '\0' || is_separator(s[4])))
        absolute = true;
    if (absolute)
        current = NULL;
    char *out = arena_alloc(a, strlen(path) + (current ? strlen(current) + 2 : 1));
    size_t used = 0;
    if (current) {
        used = strlen(current);
        memcpy(out, current, used);
    }
    while (*s) {
        size_t n = 0;
        while (s[n] && !is_separator(s[n]))
            n++;
        if (n > 0) {
            if (used)
                out[used++] = '\\';
            memcpy(out + used, s, n);
            used += n;
        }
        s += n;
        while (is_separator(*s))
            s++;
    }
    out[used] = '\0';
    return used ? out : NULL;
}

/* ---- helpers ----------------------------------------------------------------- */

void model_each_own_member(const model *m, const model_visitor *v, void *context)
{
    for (size_t i = 0; i < m->classes.count; i++) {
        model_class *c = m->classes.items[i];
        if (v->klass)
            v->klass(context, c);
        for (size_t k = 0; v->property && k < c->properties.count; k++) {
            model_property *p = c->properties.items[k];
            if (p->origin == c)
                v->property(context, c, p, NULL);
        }
        for (size_t k = 0; (v->method || v->parameter) && k < c->methods.count; k++) {
            model_method *mm = c->methods.items[k];
            if (mm->origin != c)
                continue;
            if (v->method)
                v->method(context, c, mm);
            for (size_t j = 0; v->parameter && j < mm->parameters.count; j++) {
                model_parameter *param = mm->parameters.items[j];
                v->parameter(context, c, param->as_property, param);
            }
        }
    }
}

const model_qualifier *model_find_qualifier(const ptr_vec *qualifiers, const char *name)
{
    for (size_t i = qualifiers->count; i-- > 0;) {
        const model_qualifier *q = qualifiers->items[i];
        if (model_same_qualifier_name(q->ast->name, name))
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
    if (!q->ast->value)
        return true;
    return q->ast->value->kind == VAL_BOOLEAN ? q->ast->value->u.boolean : true;
}

static const char *qualifier_string(const ptr_vec *qualifiers, const char *name)
{
    const model_qualifier *q = model_find_qualifier(qualifiers, name);
    return q && q->ast->value && q->ast->value->kind == VAL_STRING ? q->ast->value->u.text : NULL;
}

/* ---- qualifiers -------------------------------------------------------------- */

static model_qualifier *new_qualifier(arena *a, const ast_qualifier *q, const void *owner)
{
    model_qualifier *mq = arena_alloc(a, sizeof *mq);
    mq->owner = owner;
    mq->ast = q;
    return mq;
}

/* Qualifiers a subclass or overriding property inherits from its parent:
 * all but the Restricted ones (Abstract, for one).  Own ones come after, so
 * model_find_qualifier (which searches from the end) sees them first. */
static void inherit_qualifiers(arena *a, const model *m, ptr_vec *into, const ptr_vec *parent)
{
    for (size_t i = 0; i < parent->count; i++) {
        model_qualifier *q = parent->items[i];
        if (!qualifier_is_restricted(m, q->ast->name))
            ptr_vec_push(a, into, q);
    }
}

/* ---- properties ---------------------------------------------------------------- */

typedef struct build_state {
    arena *arena;
    diag_engine *diag;
    model *m;
    const char *namespace_name;   /* in effect while registering */
    name_table *subclasses;       /* "namespace:superclass" -> ptr_vec of model_class, for deleteclass */
    name_table *instances_of;     /* "namespace:class" -> ptr_vec of model_instance, for deleteclass */
    name_table *qualifier_namespaces; /* "namespace:qualifier" -> its declaration */
    name_table *namespace_spellings;  /* namespace -> its first spelling */

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


/* The classes of namespace `ns`, made on first use; the namespace keeps
 * the spelling it was first written with. */
static name_table *namespace_classes(build_state *st, const char *ns)
{
    name_table *classes = name_table_get(st->m->class_index, ns);
    if (!classes) {
        classes = name_table_new(st->arena);
        name_table_put(st->m->class_index, ns, classes);
        ptr_vec_push(st->arena, &st->m->namespaces, (void *)ns);
    }
    return classes;
}

/* Each namespace is spelled one way in the model: as first written. */
static const char *namespace_spelling(build_state *st, const char *ns)
{
    const char *first = name_table_get(st->namespace_spellings, ns);
    if (first)
        return first;
    name_table_put(st->namespace_spellings, ns, (void *)ns);
    return ns;
}

static void push_to(build_state *st, name_table *t, const char *ns, const char *name, void *item)
{
    const char *key = arena_printf(st->arena, "%s:%s", ns, name);
    ptr_vec *list = name_table_get(t, key);
    if (!list) {
        list = arena_alloc(st->arena, sizeof *list);
        name_table_put(t, key, list);
    }
    ptr_vec_push(st->arena, list, item);
}

static model_class *placeholder_class(build_state *st, const char *ns, const char *name, const mof_location *loc)
{
    model_class *c = arena_alloc(st->arena, sizeof *c);
    c->name = name;
    c->namespace_name = ns;
    c->loc = *loc;
    c->abstract = true;
    c->placeholder = true;
    c->state = CLASS_DONE;
    name_table_put(namespace_classes(st, ns), name, c);
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
            diag_error(st->diag, &q->ast->loc, "%s applies to string properties; '%s' is %s", embedding, p->name,
                       p->is_reference ? "a reference" : cim_type_name(p->type));
    }
    const model_qualifier *object = model_find_qualifier(&p->qualifiers, "EmbeddedObject");
    if (embedded_instance && object && qualifier_flag(&p->qualifiers, "EmbeddedObject", false) && object->owner == p)
        diag_error(st->diag, &object->ast->loc, "'%s' has both EmbeddedObject and EmbeddedInstance; DSP0004 allows one "
                   "(EmbeddedInstance(\"%s\") alone says the class)", p->name, embedded_instance);
    if (p->type == CIM_STRING && embedded_instance) {
        p->embedded = true;
        p->class_name = embedded_instance;
        p->type = CIM_NONE;
    } else if (p->type == CIM_STRING && qualifier_flag(&p->qualifiers, "EmbeddedObject", false)) {
        p->embedded = true;
        p->type = CIM_NONE;
    }
    value_map_parse(st->diag, st->arena, p);
    bit_map_parse(st->diag, st->arena, p);
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
    p->loc = loc;
    p->origin = origin;
    p->array = array;
    p->array_size = array_size;
    p->default_value = default_value;
    p->type_loc = &type->loc;
    set_property_type(p, type);
    ptr_vec_reserve(st->arena, &p->qualifiers, qualifiers->count);
    for (size_t i = 0; i < qualifiers->count; i++)
        ptr_vec_push(st->arena, &p->qualifiers, new_qualifier(st->arena, qualifiers->items[i], p));
    return p;
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

/* Two uses of one qualifier say the same: "Key" and "Key(true)" do.  An
 * override may not change a DisableOverride qualifier, but may repeat it. */
static bool same_qualifier_value(const model_qualifier *a, const model_qualifier *b)
{
    const ast_value *x = a->ast->value, *y = b->ast->value;
    bool x_true = !x || (x->kind == VAL_BOOLEAN && x->u.boolean), y_true = !y || (y->kind == VAL_BOOLEAN && y->u.boolean);
    if (!x || !y || x->kind == VAL_BOOLEAN || y->kind == VAL_BOOLEAN)
        return x_true == y_true;
    if (x->kind != y->kind)
        return false;
    switch (x->kind) {
    case VAL_STRING: return strcmp(x->u.text, y->u.text) == 0;
    case VAL_INTEGER:
        return x->u.magnitude == y->u.magnitude && x->negative == y->negative;
    default: return true; /* arrays and the rest: not compared */
    }
}

/* The Override qualifier (DSP0004) names the inherited property or method
 * an element replaces: that one must exist, have the same name, and keep
 * its type.  `own` are the qualifiers written on the element, `parent` the
 * inherited element of the same name (NULL when there is none). */
static void check_override(build_state *st, const model_class *c, const char *kind, const model_property *self,
                           const ptr_vec *own, const model_property *parent)
{
    const model_qualifier *found = model_find_qualifier(own, "Override");
    const ast_qualifier *q = found ? found->ast : NULL;
    const char *target = q && q->value && q->value->kind == VAL_STRING ? q->value->u.text : NULL;
    if (target && strcasecmp(target, self->name) != 0) {
        bool exists = index_of(st->property_index, target) >= 0 || index_of(st->method_index, target) >= 0;
        if (exists)
            diag_error(st->diag, &q->loc, "Override(\"%s\") on %s '%s': an override keeps the name of what it overrides",
                       target, kind, self->name);
        else if (!c->incomplete)
            diag_error(st->diag, &q->loc, "Override(\"%s\"): class '%s' inherits nothing called '%s'", target, c->name,
                       target);
        return;
    }
    if (q && !parent) {
        if (!c->superclass)
            diag_error(st->diag, &q->loc, "%s '%s' overrides nothing: class '%s' has no superclass", kind, self->name,
                       c->name);
        else if (!c->incomplete) /* an undeclared ancestor: cannot tell, and warned about */
            diag_error(st->diag, &q->loc, "%s '%s' overrides nothing: class '%s' inherits no %s of that name", kind,
                       self->name, c->name, kind);
        return;
    }
    if (!parent)
        return;
    if (!same_type(parent, self)) {
        bool hidden = diag_error_hidden(st->diag); /* then the type texts are not made */
        diag_error(st->diag, self->loc, "%s '%s' changes the type of the inherited %s from %s to %s", kind,
                   self->name, kind, hidden ? "" : model_type_text(st->arena, parent, false), hidden ? "" : model_type_text(st->arena, self, false));
        diag_note(st->diag, parent->loc, "inherited from class '%s'", parent->origin->name);
        return;
    }
    /* DisableOverride: what the parent says, the override cannot change. */
    for (size_t i = 0; i < own->count; i++) {
        const model_qualifier *mine = own->items[i];
        if (!qualifier_disables_override(st->m, mine->ast->name))
            continue;
        const model_qualifier *theirs = model_find_qualifier(&parent->qualifiers, mine->ast->name);
        if (!theirs || same_qualifier_value(mine, theirs))
            continue;
        diag_error(st->diag, &mine->ast->loc,
                   "qualifier '%s' cannot change in an override: it has the DisableOverride flavor", mine->ast->name);
        diag_note(st->diag, &theirs->ast->loc, "%s '%s' of class '%s' sets it here", kind, parent->name,
                  parent->origin->name);
    }
    if (!q) {
        diag_warning(st->diag, W_MISSING_OVERRIDE, self->loc,
                     "%s '%s' has the name of an inherited %s but no Override qualifier; it overrides it", kind,
                     self->name, kind);
        diag_note(st->diag, parent->loc, "inherited from class '%s'", parent->origin->name);
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
        diag_note(st->diag, first->loc, "first declared here");
        return;
    }
    if (at >= 0) {
        /* Same name as an inherited property: this one overrides it in place,
         * keeping its position and the qualifiers it passes down. */
        model_property *parent = c->properties.items[at];
        ptr_vec own = p->qualifiers;
        p->qualifiers = (ptr_vec){0};
        ptr_vec_reserve(st->arena, &p->qualifiers, parent->qualifiers.count + own.count);
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
    /* DSP0004: the keys of a class with keys are those it inherits; a
     * subclass of a keyless class (usually abstract) may bring its own. */
    for (size_t i = 0; p->key && c->superclass && i < c->superclass->properties.count; i++) {
        const model_property *k = c->superclass->properties.items[i];
        if (!k->key)
            continue;
        diag_error(st->diag, p->loc, "class '%s' adds key property '%s', but it inherits keys; a subclass of a "
                   "class with keys cannot add one", c->name, p->name);
        diag_note(st->diag, k->loc, "key '%s' of class '%s'", k->name, k->origin->name);
        break;
    }
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
    model_class *super = model_find_class_in(st->m, c->namespace_name, ac->superclass);
    if (!super) {
        diag_warning(st->diag, W_UNDECLARED_SUPERCLASS, &ac->superclass_loc,
                     "superclass '%s' is not declared%s; assuming an abstract class with no properties",
                     ac->superclass, model_in_namespace(st->arena, st->m, c->namespace_name));
        diag_note(st->diag, &ac->superclass_loc,
                  "what its subclasses inherit from it is unknown, so the checks that need it are skipped for them: "
                  "overrides of its members, an association's references, keys, and instance properties");
        model_note_other_namespaces(st->diag, st->m, c->namespace_name, ac->superclass);
        super = placeholder_class(st, c->namespace_name, ac->superclass, &ac->superclass_loc);
    }
    if (super->state == CLASS_RESOLVING) {
        diag_error(st->diag, &ac->superclass_loc, "class '%s' inherits from itself through '%s'", c->name,
                   super->name);
        c->invalid = true;
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
    /* Known only now, top down: whether any ancestor is undeclared. */
    c->incomplete = c->superclass && (c->superclass->placeholder || c->superclass->incomplete);
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
    model_class *previous = model_find_class_in(st->m, st->namespace_name, ac->name);
    if (previous) {
        diag_error(st->diag, &ac->loc, "class '%s' is declared twice%s", ac->name,
                   model_in_namespace(st->arena, st->m, st->namespace_name));
        diag_note(st->diag, &previous->loc, "first declared here%s",
                  strcmp(previous->name, ac->name) ? " (CIM names ignore case)" : "");
        return;
    }
    model_class *c = arena_alloc(st->arena, sizeof *c);
    c->name = ac->name;
    c->namespace_name = st->namespace_name;
    c->loc = ac->loc;
    c->ast = ac;
    c->superclass_name = ac->superclass;
    name_table_put(namespace_classes(st, st->namespace_name), ac->name, c);
    if (!name_table_get(st->m->first_class, ac->name)) /* (placeholders are never first: no bindings) */
        name_table_put(st->m->first_class, ac->name, c);
    ptr_vec_push(st->arena, &st->m->classes, c);
    if (ac->superclass)
        push_to(st, st->subclasses, st->namespace_name, ac->superclass, c);
}

/* Qualifier declarations belong to a namespace too: one declared again in
 * another namespace (as a WMI .mfl amendment file does) is no duplicate.
 * Checks read a qualifier's type and scopes from its first declaration. */
static void register_qualifier(build_state *st, const ast_qualifier_decl *q)
{
    const char *key = arena_printf(st->arena, "%s:%s", st->namespace_name, q->name);
    const ast_qualifier_decl *previous = name_table_get(st->qualifier_namespaces, key);
    if (previous) {
        diag_error(st->diag, &q->loc, "qualifier '%s' is declared twice", q->name);
        diag_note(st->diag, &previous->loc, "first declared here");
        return;
    }
    name_table_put(st->qualifier_namespaces, key, (void *)q);
    if (!name_table_get(st->m->qualifier_index, q->name)) {
        name_table_put(st->m->qualifier_index, q->name, (void *)q);
        qualifier_info_add(st->m, st->arena, q);
    }
    ptr_vec_push(st->arena, &st->m->qualifier_decls, (void *)q);
}

/* The string argument `i` of a pragma, or NULL. */
static const char *pragma_string(const ast_pragma *p, size_t i)
{
    const ast_value *v = i < p->arguments.count ? p->arguments.items[i] : NULL;
    return v && v->kind == VAL_STRING ? v->u.text : NULL;
}

/* #pragma namespace("path"): later declarations go into that namespace. */
static void set_namespace(build_state *st, const ast_pragma *p)
{
    const char *path = pragma_string(p, 0);
    if (!path)
        return; /* no string: reported with the pragma's other checks */
    const char *ns = model_namespace_join(st->arena, st->namespace_name, path);
    if (!ns) {
        diag_error(st->diag, &p->loc, "#pragma namespace(\"%s\") names no namespace", path);
        return;
    }
    st->namespace_name = namespace_spelling(st, ns);
}

/* Marks class `root` deleted with its subclasses (declared so far, in its
 * namespace) and the instances of each, as WMI deletes a class.  A work
 * list, not recursion: an inheritance chain may be as long as the input. */
static void delete_tree(build_state *st, model_class *root)
{
    ptr_vec work = {0};
    ptr_vec_push(st->arena, &work, root);
    while (work.count > 0) {
        model_class *c = work.items[--work.count];
        if (c->deleted)
            continue;
        c->deleted = true;
        name_table_put(namespace_classes(st, c->namespace_name), c->name, NULL);
        if (name_table_get(st->m->first_class, c->name) == c)
            name_table_put(st->m->first_class, c->name, NULL);
        const char *key = arena_printf(st->arena, "%s:%s", c->namespace_name, c->name);
        ptr_vec *instances = name_table_get(st->instances_of, key);
        for (size_t i = 0; instances && i < instances->count; i++)
            ((model_instance *)instances->items[i])->deleted = true;
        name_table_put(st->instances_of, key, NULL);
        ptr_vec *subclasses = name_table_get(st->subclasses, key);
        name_table_put(st->subclasses, key, NULL);
        for (size_t i = 0; subclasses && i < subclasses->count; i++)
            ptr_vec_push(st->arena, &work, subclasses->items[i]);
    }
}

/* #pragma deleteclass("Name", FAIL | NOFAIL) (WMI): removes the class
 * declared so far in the current namespace, its subclasses and the
 * instances of them, as deleting it from the repository would; what is
 * declared later is new.  FAIL makes a class not declared so far an error,
 * NOFAIL lets it pass. */
static void delete_class(build_state *st, const ast_pragma *p)
{
    const char *name = pragma_string(p, 0), *flag = pragma_string(p, 1);
    bool fail = flag && strcasecmp(flag, "FAIL") == 0;
    if (flag && !fail && strcasecmp(flag, "NOFAIL") != 0) {
        const ast_value *at = p->arguments.items[1];
        diag_error(st->diag, AST_WHERE(at), "#pragma deleteclass: '%s' is neither FAIL nor NOFAIL", flag);
        return;
    }
    if (!name || p->arguments.count != 2 || !flag) {
        diag_error(st->diag, &p->loc, "#pragma deleteclass takes a class name and FAIL or NOFAIL, "
                                      "as in #pragma deleteclass(\"%s\", NOFAIL)", name ? name : "MyClass");
        return;
    }
    model_class *c = model_find_class_in(st->m, st->namespace_name, name);
    if (c) {
        delete_tree(st, c);
    } else if (fail) {
        diag_error(st->diag, &p->loc, "#pragma deleteclass(\"%s\", FAIL): no class '%s' is declared in namespace "
                   "%s before this line", name, name, st->namespace_name);
        model_note_other_namespaces(st->diag, st->m, st->namespace_name, name);
    }
}

/* What a compiler directive means: the pragmas mofcomp knows (others are
 * warned about and ignored), and the namespace the last #pragma namespace
 * names as written, for --dump-model. */
static void apply_pragma(build_state *st, const ast_pragma *p)
{
    static const char *const known[] = {
        "locale", "instancelocale", "namespace", "nonlocal", "nonlocaltype", "source", "sourcetype",
        "deleteclass", "deleteinstance", "autorecover", "classflags", "instanceflags", "include", "comment",
    };
    bool found = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        found = found || strcasecmp(known[i], p->name) == 0;
    if (!found) {
        diag_warning(st->diag, W_UNKNOWN_PRAGMA, &p->loc, "unknown pragma '%s' ignored", p->name);
        return;
    }
    if (strcasecmp(p->name, "namespace") == 0 && p->arguments.count == 1 &&
        ((ast_value *)p->arguments.items[0])->kind == VAL_STRING)
        st->m->namespace_name = ((ast_value *)p->arguments.items[0])->u.text;
    if (strcasecmp(p->name, "namespace") == 0)
        set_namespace(st, p);
    else if (strcasecmp(p->name, "deleteclass") == 0)
        delete_class(st, p);
}

/* Leaves what #pragma deleteclass removed out of the model. */
static void drop_deleted(model *m)
{
    size_t kept = 0;
    for (size_t i = 0; i < m->classes.count; i++)
        if (!((model_class *)m->classes.items[i])->deleted)
            m->classes.items[kept++] = m->classes.items[i];
    m->classes.count = kept;
    kept = 0;
    for (size_t i = 0; i < m->instances.count; i++)
        if (!((model_instance *)m->instances.items[i])->deleted)
            m->instances.items[kept++] = m->instances.items[i];
    m->instances.count = kept;
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
            apply_pragma(st, d->u.pragma);
            break;
        case DECL_INSTANCE: {
            model_instance *mi = arena_alloc(st->arena, sizeof *mi);
            mi->ast = d->u.instance;
            mi->namespace_name = st->namespace_name;
            ptr_vec_push(st->arena, &st->m->instances, mi);
            push_to(st, st->instances_of, st->namespace_name, d->u.instance->class_name, mi);
            break;
        }
        }
    }
    drop_deleted(st->m);
}

/* Finds the class a reference or embedded object names, or explains; `at`
 * is where its type is written.  A name that is a typo of an intrinsic
 * type leaves the property invalid. */
static void resolve_class_name(build_state *st, model_property *p, const mof_location *at)
{
    /* WMI's "object ref x": a reference to an instance of any class. */
    if (p->is_reference && strcasecmp(p->class_name, "object") == 0)
        return;
    const char *ns = p->origin->namespace_name;
    p->class_ref = model_find_class_in(st->m, ns, p->class_name);
    /* A placeholder stands in for an undeclared superclass: no bindings are
     * made for it, so a property cannot be typed by it either. */
    if (p->class_ref && p->class_ref->placeholder)
        p->class_ref = NULL;
    if (p->class_ref)
        return;
    const char *suggestion = p->is_reference ? NULL : model_type_suggestion(p->class_name);
    if (suggestion) {
        diag_error(st->diag, at, "unknown type '%s'; did you mean '%s'?", p->class_name, suggestion);
        p->invalid = true;
    } else {
        diag_warning(st->diag, W_UNDECLARED_CLASS, at, "class '%s' is not declared%s; '%s' is treated as %s",
                     p->class_name, model_in_namespace(st->arena, st->m, ns), p->name,
                     p->is_reference ? "an object path string" : "an untyped embedded object");
        model_note_other_namespaces(st->diag, st->m, ns, p->class_name);
    }
}

static void resolve_property_class(void *context, model_class *c, model_property *p, model_parameter *param)
{
    (void)c;
    if (p->class_name)
        resolve_class_name(context, p, param ? &param->type_loc : p->type_loc);
}

static void resolve_result_class(void *context, model_class *c, model_method *m)
{
    (void)c;
    if (m->result->class_name && !m->returns_void)
        resolve_class_name(context, m->result, &m->type_loc);
}

model *model_build(arena *a, diag_engine *diag, const ast_unit *unit)
{
    model *m = arena_alloc(a, sizeof *m);
    m->class_index = name_table_new(a);
    m->first_class = name_table_new(a);
    m->qualifier_index = name_table_new(a);
    qualifier_infos_init(m, a);
    build_state st = {.arena = a, .diag = diag, .m = m, .namespace_name = MODEL_DEFAULT_NAMESPACE,
                      .subclasses = name_table_new(a), .instances_of = name_table_new(a),
                      .qualifier_namespaces = name_table_new(a), .namespace_spellings = name_table_new(a)};
    st.namespace_name = namespace_spelling(&st, st.namespace_name);
    diag_sort_begin(diag);
    register_decls(&st, unit);
    size_t declared = m->classes.count; /* placeholders get appended while resolving */
    for (size_t i = 0; i < declared; i++)
        resolve_class(&st, m->classes.items[i]);
    /* References and embedded objects name classes, in properties and in
     * method parameters alike: known once every class is registered and
     * every placeholder made. */
    model_each_own_member(m, &(model_visitor){.property = resolve_property_class, .method = resolve_result_class,
                                              .parameter = resolve_property_class}, &st);
    model_resolve_instances(diag, a, m);
    diag_sort_end(diag);
    return m;
}
