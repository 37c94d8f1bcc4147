/*
 * checks.h - semantic checks over the model, one named function each (in the
 * manner of dtc's checks.c), plus the DSP0004 standard qualifier table.
 */
#ifndef MOFGEN_CHECKS_H
#define MOFGEN_CHECKS_H

#include "model.h"

/* Runs every check of the table in checks.c. */
void checks_run(diag_engine *diag, arena *a, model *m);

/* Parses ValueMap/Values of `p` into p->enum_entries, reporting bad entries,
 * ranges that do not fit the type, and lists of different lengths. */
void checks_value_map(diag_engine *diag, arena *a, model_property *p);

/* Parses BitMap/BitValues of `p` into p->bits: bit positions of an
 * integer property, each once, lists of the same length. */
void checks_bit_map(diag_engine *diag, arena *a, model_property *p);

/* Records what a compiler directive means (namespace) and warns on unknown ones. */
void checks_pragma(diag_engine *diag, model *m, const ast_pragma *p);

/* True for qualifiers with the Restricted flavor (not inherited). */
bool checks_qualifier_is_restricted(const model *m, const char *name);
/* True when qualifier `name` has the DisableOverride flavor (declared so,
 * or a standard one that has it): a subclass may not change its value. */
bool checks_qualifier_disables_override(const model *m, const char *name);

/* The closest intrinsic type name to `name` when it looks like a typo of
 * one ("UIt32" -> "UInt32", "Bool" -> "Boolean"), else NULL. */
const char *checks_type_suggestion(const char *name);

#endif
