/*
 * model.h - the semantic model: classes with their superclasses resolved,
 * properties flattened through inheritance, qualifiers applied with their
 * DSP0004 meaning (key, read, write, ValueMap/Values, Description, ...), and
 * everything checked.  The emitter and --dump-model read only this.
 */
#ifndef MOFGEN_MODEL_H
#define MOFGEN_MODEL_H

#include "ast.h"
#include "diag.h"
#include "mofrt.h"
#include "name_table.h"

typedef struct model_class model_class;

typedef struct model_enum_entry {
    const char *value_map;  /* the ValueMap string as written */
    const char *name;       /* the Values string, NULL when there is none */
    mofrt_enum_kind kind;
    uint64_t low, high;     /* as int64_t for signed properties */
} model_enum_entry;

/* One bit of a BitMap/BitValues pair (DSP0004): a flag of an integer. */
typedef struct model_bit {
    unsigned position;      /* 0 is the least significant bit */
    const char *name;       /* the BitValues string, NULL when there is none */
} model_bit;

typedef struct model_qualifier {
    const char *name;        /* declared spelling when known, else as written */
    const ast_value *value;  /* NULL for a flag written without a value */
    mof_location loc;
    const void *owner;       /* the class or property it was written on */
    const ptr_vec *flavors;  /* ast_name *: the flavors written after ':' */
} model_qualifier;

typedef struct model_property {
    const char *name;
    mof_location loc;
    mof_location type_loc;      /* where its type is written */
    bool is_reference;
    cim_type type;              /* CIM_NONE for references and embedded objects */
    const char *class_name;     /* references and embedded objects: the class, NULL for untyped */
    model_class *class_ref;     /* that class, when declared */
    bool embedded;              /* an embedded object or instance */
    ast_array_kind array;
    uint64_t array_size;
    bool key, read, write, required;
    const char *description;    /* NULL when there is none */
    model_enum_entry *enum_entries;
    size_t enum_count;
    bool enum_open;             /* ValueMap lists ".." on its own */
    model_bit *bits;            /* from BitMap/BitValues */
    size_t bit_count;
    const ast_value *default_value;
    const model_class *origin;  /* the class that declared it */
    ptr_vec qualifiers;         /* model_qualifier *, effective (inherited ones included) */
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

struct model_class {
    const char *name;
    mof_location loc;
    const char *superclass_name;
    model_class *superclass;
    bool abstract, association, indication;
    bool placeholder;            /* an undeclared superclass, assumed empty */
    const char *description;
    ptr_vec qualifiers;          /* model_qualifier *, this class's own */
    ptr_vec properties;          /* model_property *, inherited first, MOF order */
    ptr_vec methods;             /* model_method * */
    enum { CLASS_NEW, CLASS_RESOLVING, CLASS_DONE } state; /* inheritance resolution */
    const ast_class *ast;
};

typedef struct model_instance {
    const ast_instance *ast;
    model_class *class_ref;      /* NULL when the class is not known */
} model_instance;

typedef struct model {
    ptr_vec classes;             /* model_class *, declaration order (placeholders last) */
    ptr_vec instances;           /* model_instance * */
    ptr_vec qualifier_decls;     /* const ast_qualifier_decl * */
    const char *namespace_name;  /* last #pragma namespace, NULL if none */
    struct name_table *class_index;
    struct name_table *qualifier_index;
} model;

/* Builds and checks the model.  Errors and warnings go to `diag`; the model
 * is returned even when there are errors (for --dump-model). */
model *model_build(arena *a, diag_engine *diag, const ast_unit *unit);

model_class *model_find_class(const model *m, const char *name);
const model_qualifier *model_find_qualifier(const ptr_vec *qualifiers, const char *name);

/* Maps a property's CIM type to the runtime's type code. */
mofrt_type model_runtime_type(const model_property *p);

#endif
