/*
 * model.h - the semantic model: classes with their superclasses resolved,
 * properties flattened through inheritance, qualifiers applied with their
 * DSP0004 meaning (key, read, write, ValueMap/Values, Description, ...),
 * class names and instance values resolved.  model_build fills it; the
 * checks (checks.h) then only read it; the emitter and --dump-model read
 * only this.  What failed to resolve is marked `invalid` (or left with no
 * class_ref), reported once, and skipped by every later stage.
 */
#ifndef MOFGEN_MODEL_H
#define MOFGEN_MODEL_H

#include "ast.h"
#include "diag.h"
#include "mofrt.h"
#include "name_table.h"

#include <strings.h>

typedef struct model_class model_class;

typedef struct model_enum_entry {
    const ast_value *at;    /* the ValueMap string, in the AST; without a ValueMap, the position
                               ("0", "1", ...) written where the Values string is */
    const char *name;       /* the Values string, NULL when there is none */
    uint64_t low, high;     /* as int64_t for signed properties */
    mofrt_enum_kind kind;
    uint32_t name_length;   /* of `name`, in bytes */
} model_enum_entry;

/* The ValueMap string of `e`, as written. */
static inline const char *model_entry_value_map(const model_enum_entry *e)
{
    return e->at->u.text;
}

/* Its length in bytes. */
static inline size_t model_entry_value_map_length(const model_enum_entry *e)
{
    return e->at->length;
}

/* What of a ValueMap the bindings cannot hold as written, said with a
 * -Wvalue-map warning and a comment in the generated header. */
typedef enum model_map_note_kind {
    MAP_NOTE_UNPAIRED,    /* ValueMap and Values of different lengths: no enum */
    MAP_NOTE_NOT_INTEGER, /* an entry of an integer property is no integer: no enum */
    MAP_NOTE_CLAMPED,     /* a range past the type, cut to it */
    MAP_NOTE_DROPPED      /* an entry wholly outside the type, left out */
} model_map_note_kind;

typedef struct model_map_note {
    struct model_map_note *next; /* the property's next note, in the order they were found */
    model_map_note_kind kind;
    const char *entry;          /* the entry as written (CLAMPED, DROPPED, NOT_INTEGER) */
    const char *clamped;        /* CLAMPED: the range kept, as "18..255" */
    size_t map_count, values_count; /* UNPAIRED */
    bool swapped;               /* NOT_INTEGER: the Values are the integers */
} model_map_note;

/* One bit of a BitMap/BitValues pair (DSP0004): a flag of an integer. */
typedef struct model_bit {
    unsigned position;      /* 0 is the least significant bit */
    const char *name;       /* the BitValues string, NULL when there is none */
} model_bit;

typedef struct model_qualifier {
    const ast_qualifier *ast; /* as written: name, value (NULL for a flag written alone), flavors, where */
    const void *owner;        /* the class or property it was written on */
} model_qualifier;

/* Fields by size, so that no padding falls between them: a big schema
 * has a model_property for every property, parameter and method result. */
typedef struct model_property {
    const char *name;
    const char *class_name;     /* references and embedded objects: the class, NULL for untyped */
    model_class *class_ref;     /* that class, when declared */
    uint64_t array_size;
    const char *description;    /* NULL when there is none */
    model_enum_entry *enum_entries;
    struct enum_index *enum_index; /* value_map.c: the entries sorted, to test values against them */
    model_bit *bits;            /* from BitMap/BitValues */
    const ast_value *default_value;
    const model_class *origin;  /* the class that declared it */
    model_map_note *map_notes;  /* what of the ValueMap is not emitted as written, NULL in the main */
    ptr_vec qualifiers;         /* model_qualifier *, effective (inherited ones included) */
    uint32_t enum_count;        /* of enum_entries: at most one per ValueMap entry, so 32 bits hold it */
    uint32_t bit_count;         /* of bits */
    const mof_location *loc;      /* where its name is written, in the AST */
    const mof_location *type_loc; /* where its type is written, in the AST */
    cim_type type;              /* CIM_NONE for references and embedded objects */
    ast_array_kind array;
    bool is_reference;
    bool embedded;              /* an embedded object or instance */
    bool key, read, write, required;
    bool enum_open;             /* ValueMap lists ".." on its own */
    bool invalid;               /* its type did not resolve (reported): its values are not checked */
} model_property;

typedef struct model_parameter {
    const char *name;
    mof_location loc;
    model_property *as_property; /* type, array, description, enum of the parameter */
    mof_location type_loc;       /* where its type is written */
    bool in, out;
} model_parameter;

typedef struct model_method {
    const char *name;
    mof_location loc;
    model_property *result;      /* the return type, as a property named after the method */
    bool returns_void;           /* WMI's 'void M()': no ReturnValue */
    mof_location type_loc;       /* where the return type is written */
    ptr_vec parameters;          /* model_parameter * */
    const char *description;
    const model_class *origin;
} model_method;

/* Where resolve_class has got with a class: a class met again while
 * RESOLVING closes an inheritance cycle. */
typedef enum model_class_state {
    CLASS_NEW,       /* registered, superclass not yet followed */
    CLASS_RESOLVING, /* on the chain being followed up to a built class */
    CLASS_DONE       /* built: properties and methods flattened */
} model_class_state;

struct model_class {
    const char *name;
    const char *namespace_name;  /* where it is declared, e.g. "root\\cimv2" (see model_namespace_join) */
    mof_location loc;
    const char *superclass_name;
    model_class *superclass;
    bool abstract, association, indication;
    bool placeholder;            /* an undeclared superclass, assumed empty */
    bool incomplete;             /* an ancestor is a placeholder: what it inherits is unknown */
    const char *description;
    ptr_vec qualifiers;          /* model_qualifier *, this class's own */
    ptr_vec properties;          /* model_property *, inherited first, MOF order */
    ptr_vec methods;             /* model_method * */
    model_class_state state;     /* inheritance resolution */
    bool invalid;                /* its inheritance is a cycle (reported): the checks skip it */
    bool deleted;                /* by #pragma deleteclass, while building (the model leaves it out) */
    const ast_class *ast;
};

/* An instance: declared in the MOF (model.instances) or written inside a
 * value of an embedded property (model.embedded_instances). */
typedef struct model_instance {
    const ast_instance *ast;
    const char *namespace_name;  /* where it is declared */
    model_class *class_ref;      /* NULL when the class is not known (warned): nothing else is resolved */
    const model_property **values; /* per ast property value: the property it sets, NULL when there is none */
    const ptr_vec *keys;         /* model_property *: the key properties of its class */
    const model_property *holder; /* an embedded instance: the property whose value holds it */
    bool deleted;                /* by #pragma deleteclass, while building */
} model_instance;

typedef struct model {
    ptr_vec classes;             /* model_class *, declaration order (placeholders last) */
    ptr_vec instances;           /* model_instance * */
    ptr_vec embedded_instances;  /* model_instance *: those written in values, class known */
    ptr_vec qualifier_decls;     /* const ast_qualifier_decl * */
    ptr_vec namespaces;          /* const char *: each namespace declared into, first spelling, in order */
    const char *namespace_name;  /* last #pragma namespace as written, NULL if none */
    struct name_table *class_index; /* namespace -> (name -> model_class) */
    struct name_table *first_class; /* name -> the first class declared so in any namespace */
    struct name_table *qualifier_index; /* name -> its first declaration */
    struct name_table *qualifier_infos; /* name -> qualifier_info: the first declaration, else the standard one */
} model;

/* The namespace of classes declared before any #pragma namespace: mofcomp's
 * default (its -N switch aside). */
#define MODEL_DEFAULT_NAMESPACE "root\\default"

/* Builds the model: registers the declarations, resolves inheritance, class
 * names and instance values.  Errors and warnings of resolution go to
 * `diag`; the model is returned even when there are errors (for
 * --dump-model).  It runs no checks: the driver runs checks_run after it. */
model *model_build(arena *a, diag_engine *diag, const ast_unit *unit);

/* Resolves instance values (instances.c; model_build calls it once every
 * class is built and class names are resolved). */
void model_resolve_instances(diag_engine *diag, arena *a, model *m);

/* What model_each_own_member calls; any callback may be NULL.  `property`
 * and `parameter` get the property (for a parameter, its as_property) and
 * the parameter (NULL for a property). */
typedef struct model_visitor {
    void (*klass)(void *context, model_class *c);
    void (*property)(void *context, model_class *c, model_property *p, model_parameter *param);
    void (*method)(void *context, model_class *c, model_method *m);
    void (*parameter)(void *context, model_class *c, model_property *p, model_parameter *param);
} model_visitor;

/* The one walk over what each class declares itself (not what it
 * inherits): for each class in order, the class, its own properties, then
 * its own methods, each followed by its parameters. */
void model_each_own_member(const model *m, const model_visitor *v, void *context);

/* The class `name` of namespace `ns` (as model_namespace_join spells it);
 * classes see only their own namespace, as in WMI's repository. */
model_class *model_find_class_in(const model *m, const char *ns, const char *name);
/* The class `name` of the first namespace that declares one. */
model_class *model_find_class(const model *m, const char *name);

/* When `name` is not declared in namespace `ns` but is in another one, a
 * note saying so, for the warning just reported. */
void model_note_other_namespaces(diag_engine *diag, const model *m, const char *ns, const char *name);

/* " in namespace NS" for messages, or "" when every class is in the
 * default namespace. */
const char *model_in_namespace(arena *a, const model *m, const char *ns);

/* The namespace that `#pragma namespace(path)` selects while `current` is
 * in effect, as mofcomp reads it: \\server\a\b (or //server/a/b) is
 * absolute and names a\b (there is one repository here: the server is
 * dropped), so is a path that starts at root (root\cimv2); anything else
 * is relative to `current` (subns in root\cimv2 is root\cimv2\subns).
 * '\' and '/' both separate; empty components are dropped.  NULL when no
 * component is left. */
const char *model_namespace_join(arena *a, const char *current, const char *path);

const model_qualifier *model_find_qualifier(const ptr_vec *qualifiers, const char *name);
/* Whether two qualifier names are one (ASCII case aside, as strcasecmp):
 * the first letters are compared first (| 0x20 folds ASCII letters and
 * never parts two bytes strcasecmp calls equal), since the names asked
 * for are seldom in the list. */
static inline bool model_same_qualifier_name(const char *a, const char *b)
{
    return ((unsigned char)a[0] | 0x20) == ((unsigned char)b[0] | 0x20) && strcasecmp(a, b) == 0;
}

/* ---- types (types.c) ---- */

/* Maps a property's CIM type to the runtime's type code. */
mofrt_type model_runtime_type(const model_property *p);

/* A property's type as MOF writes it: "uint32", "CIM_Foo REF", "object",
 * "string[]"; a fixed-size array as "string[4]" when `array_size`, else
 * as "string[]". */
const char *model_type_text(arena *a, const model_property *p, bool array_size);

/* "a reference", "an object" or the CIM type name, for messages. */
const char *model_type_phrase(const model_property *p);

/* The closest intrinsic type name to `name` when it looks like a typo of
 * one ("UIt32" -> "UInt32", "Bool" -> "Boolean"), else NULL. */
const char *model_type_suggestion(const char *name);

#endif
