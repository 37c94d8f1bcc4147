/*
 * value_map.h - ValueMap/Values and BitMap/BitValues (DSP0004) read into
 * a property's enum entries and bits.  This is resolution: the model stage
 * calls it while it applies a property's qualifiers, and what it cannot
 * read it reports there.  The checks then test values against the result
 * (value_map_allows).
 */
#ifndef MOFGEN_VALUE_MAP_H
#define MOFGEN_VALUE_MAP_H

#include "model.h"

/* The range of integer type `t` as magnitudes: at most `*max_positive`
 * above zero and `*max_negative` below it.  False for a type that is no
 * integer. */
bool cim_integer_range(cim_type t, bool *is_signed, uint64_t *max_positive, uint64_t *max_negative);

/* An integer of any sign, compared exactly whatever a property's type. */
typedef struct map_bound {
    bool negative; /* never with magnitude 0 */
    uint64_t magnitude;
} map_bound;

int map_bound_compare(map_bound x, map_bound y);
/* "-5", in a static buffer: for one use in a message. */
const char *map_bound_text_static(map_bound b);

/* Reads ValueMap/Values of `p` into p->enum_entries, reporting bad
 * entries, ranges that do not fit the type and lists of different lengths. */
void value_map_parse(diag_engine *diag, arena *a, model_property *p);

/* Reads BitMap/BitValues of `p` into p->bits: bit positions of an integer
 * property, each once, lists of the same length. */
void bit_map_parse(diag_engine *diag, arena *a, model_property *p);

/* True when integer or string literal `v` is one of p's ValueMap entries
 * (p has a closed ValueMap: enum_count > 0, !enum_open), in O(log n).
 * The first call for a property sorts its entries into an index in `a`
 * (kept in p->enum_index: a cache). */
bool value_map_allows(arena *a, const model_property *p, const ast_value *v);

#endif
