/*
 * suggest.h - "did you mean" for a mistyped name, as gcc offers one: the
 * closest candidate by edit distance (ignoring ASCII case), when it is
 * close enough to be a likely typo.  One helper for every kind of name:
 * options, warning names, types, qualifiers, flavors, scopes, classes.
 *
 *   suggestion s;
 *   suggest_begin(&s, typed);
 *   for (...) suggest_consider(&s, candidate);
 *   const char *hint = suggest_result(&s); // NULL: nothing close
 */
#ifndef MOFGEN_SUGGEST_H
#define MOFGEN_SUGGEST_H

#include <stddef.h>

typedef struct suggestion {
    const char *typed;
    const char *best;
    size_t best_distance;
} suggestion;

/* Levenshtein distance ignoring ASCII case; names longer than 63 bytes
 * are never close (a large number), which keeps each call bounded. */
size_t suggest_distance(const char *a, const char *b);

void suggest_begin(suggestion *s, const char *typed);
/* Weighs one candidate; the first of equally close ones wins. */
void suggest_consider(suggestion *s, const char *candidate);
/* As suggest_consider, at a distance the caller chose (e.g. 1 for a prefix). */
void suggest_consider_at(suggestion *s, const char *candidate, size_t distance);
/* The closest candidate, or NULL unless it is at most 2 edits away and
 * fewer than half the typed name's length (so "-x" suggests no "-o"). */
const char *suggest_result(const suggestion *s);

/* The closest of `words` to `typed`, or NULL. */
const char *suggest_closest(const char *typed, const char *const *words, size_t count);

#endif
