/*
 * arena.h - bump allocation for the AST and the semantic model.
 *
 * A compilation allocates many small nodes that all live until the end of
 * the run; an arena makes them cheap and frees them in one call, so no pass
 * has to get ownership right node by node.  Allocation failure aborts: the
 * compiler cannot do anything useful without memory.
 */
#ifndef MOFGEN_ARENA_H
#define MOFGEN_ARENA_H

#include <stddef.h>
#include <stdint.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
/* Frees everything allocated so far, keeping the newest chunk for reuse:
 * for scratch data whose lifetime ends at a known point. */
void arena_reset(arena *a);
void *arena_alloc(arena *a, size_t size);          /* zeroed, 8-byte aligned (no long double in it) */
void *arena_alloc_bytes(arena *a, size_t size);    /* the same, not zeroed: for text about to be written */
size_t arena_used(const arena *a);                 /* bytes handed out so far, alignment included */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
/* x y z joined: what hot paths use instead of arena_printf. */
char *arena_join3(arena *a, const char *x, const char *y, const char *z);
char *arena_printf(arena *a, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A growable array of pointers whose storage lives in the arena.  The
 * counts are 32 bits: a list is embedded in every AST feature and model
 * property, and no list of a 4 GB input can hold 2^32 items of 8 bytes
 * (ptr_vec_push stops the run past them all the same). */
typedef struct ptr_vec {
    void **items;
    uint32_t count;
    uint32_t capacity;
} ptr_vec;

void ptr_vec_push(arena *a, ptr_vec *v, void *item);
/* A finished list's items moved to an array of their number, its growth
 * array left for the next lists: a list of 9 keeps 9 slots, not 16. */
void ptr_vec_fit(arena *a, ptr_vec *v);
/* A list done with, emptied: its array goes to the spare lists for the
 * next lists, so a scratch list built again and again costs one array. */
void ptr_vec_release(arena *a, ptr_vec *v);
/* An empty list given room for `capacity` items at once (no growth). */
void ptr_vec_reserve(arena *a, ptr_vec *v, size_t capacity);

/* The compiler's one out-of-memory policy: a run that cannot get memory
 * prints "mofgen: fatal error: out of memory" and exits with status 3
 * (documented in --help, mofgen.1 and the README).  Output already written
 * is whole: output.c renames files into place only after rendering all. */
#define MOFGEN_EXIT_OUT_OF_MEMORY 3
_Noreturn void out_of_memory(void);

/* Never return NULL: they call out_of_memory. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* xmalloc for the big blocks (arena chunks, input files, line tables): of
 * 8 MB or more, it asks for transparent huge pages where Linux has them
 * (madvise mode).  Each 4 KB page touched for the first time is a page
 * fault, and on a virtual machine those were most of a big run's system
 * time and a third of its user time; a huge page takes one fault for 512.
 * The block is freed and reallocated like any other. */
void *xmalloc_huge(size_t size);

#endif
