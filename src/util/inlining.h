/*
 * inlining.h - what the compiler's hot paths tell gcc and clang about
 * inlining.  Elsewhere the attributes are left out: the code is the same,
 * only its speed may differ.
 */
#ifndef MOFGEN_INLINING_H
#define MOFGEN_INLINING_H

#if defined(__GNUC__)
/* For a function on the path of every node rendered, which the compiled
 * templates call thousands of times over in one function: there gcc would
 * otherwise stop inlining it. */
#define HOT_INLINE inline __attribute__((always_inline))
/* For the rare path of a function whose common case is inline: kept out
 * of line, the common case saves no registers for it. */
#define NOINLINE __attribute__((noinline))
#else
#define HOT_INLINE inline
#define NOINLINE
#endif

#endif
