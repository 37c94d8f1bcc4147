/*
 * qualifiers.h - what mofgen knows of a qualifier: its declaration in the
 * MOF, else DSP0004's standard qualifiers (and the WMI ones real WMI MOF
 * uses), so MOF that declares none still gets its qualifiers read and
 * checked.  The model stage asks for flavors (which qualifiers a subclass
 * inherits, which an override may not change), the checks for types and
 * scopes.
 */
#ifndef MOFGEN_QUALIFIERS_H
#define MOFGEN_QUALIFIERS_H

#include "model.h"
#include "suggest.h"

/* Where a qualifier may be written (DSP0004's scopes), as bits. */
enum {
    SCOPE_CLASS = 1,
    SCOPE_ASSOCIATION = 2,
    SCOPE_INDICATION = 4,
    SCOPE_PROPERTY = 8,
    SCOPE_REFERENCE = 16,
    SCOPE_METHOD = 32,
    SCOPE_PARAMETER = 64,
    SCOPE_QUALIFIER = 128,
    SCOPE_ANY = 255
};

typedef struct qualifier_info {
    const char *name;
    cim_type type;
    bool array;
    unsigned scopes;   /* SCOPE_* bits; 0 when a declaration names none known */
    bool restricted;   /* the Restricted flavor: not inherited */
} qualifier_info;

/* What the model knows of qualifier `name`: its MOF declaration (the
 * first), else the standard table.  False when neither knows it.  One
 * hash probe: the model is asked for each qualifier written, and a large
 * schema writes hundreds of thousands. */
bool qualifier_lookup(const model *m, const char *name, qualifier_info *out);

/* m->qualifier_infos: every standard qualifier, then (_add) each
 * qualifier's first declaration in its place, as model_build registers it. */
void qualifier_infos_init(model *m, arena *a);
void qualifier_info_add(model *m, arena *a, const ast_qualifier_decl *d);

/* True for qualifiers with the Restricted flavor (not inherited). */
bool qualifier_is_restricted(const model *m, const char *name);

/* True when qualifier `name` has the DisableOverride flavor (declared so,
 * or a standard one that has it): a subclass may not change its value. */
bool qualifier_disables_override(const model *m, const char *name);

/* Offers every standard qualifier's name to a did-you-mean. */
void qualifier_suggest_standard(suggestion *s);

#endif
