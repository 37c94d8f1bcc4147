/*
 * class_data.h - the data tree one class is rendered from (template.h's
 * maps and lists): names, C types, flags, enum tables, the property-name
 * hash table, methods' parameter structs, instances, embedded classes.
 * Everything a template could compute itself but should not is decided
 * here, once, so the templates stay readable and a user's copy of them
 * cannot get the tricky parts wrong.
 */
#ifndef MOFGEN_CLASS_DATA_H
#define MOFGEN_CLASS_DATA_H

#include "emit.h"
#include "names.h"
#include "spellings.h"
#include "template.h"

/* What every builder of one class's tree needs. */
typedef struct emit_ctx {
    arena *arena; /* scratch for the class, freed when its tree is built */
    const model *model;
    const emit_options *opts;
    const spellings *spellings;
    diag_engine *diag;
    const model_class *cls;
    const char *class_c; /* the class's C name, prefix of its file-scope names */
    name_scope *globals; /* the suffixes of those names claimed so far */
    /* The C types of a property, by runtime type and arrayness, made once
     * per class (but for embedded objects, which name their class). */
    struct c_types {
        const char *element, *value_param, *category, *field, *array_get, *array_set;
    } c_types[MOFRT_INSTANCE + 1][2];
    const char *flags[32]; /* by combination of key, read, write, array, required */
} emit_ctx;

/* The tree class `c` is rendered from.  Its strings are `a`'s (the tree
 * refers to them), so `a` is reset only after the tree is freed: one arena
 * serves every class, its memory used again instead of given back and
 * asked for anew.  The class's file-scope names (without its C name and
 * '_') are passed to `each_global` (unless NULL), for the cross-class
 * check (symbols.h). */
tmpl_value *class_data_build(const model *m, const emit_options *opts, const spellings *sp, const model_class *c,
                             arena *a, diag_engine *diag, void (*each_global)(const char *name, void *context),
                             void *context);

/* The class's own C name: its MOF name made an identifier, after its
 * namespace's with --namespace-prefix (see class_data.c). */
char *class_c_name(arena *a, const emit_options *opts, const model_class *c);

/* The properties of `c`, the return values of its methods and their
 * parameters (IN and OUT): what can embed another class. */
ptr_vec class_typed_members(arena *a, const model_class *c);

/* instance_data.c: the "instances" list of the class's map, one constant C
 * value per instance of the class the MOF declares. */
void class_data_add_instances(emit_ctx *ctx, tmpl_value *class_map);

#endif
