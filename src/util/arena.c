/*
 * arena.c - chunked bump allocator (see arena.h for why).
 */
#include "arena.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__has_include)
#if __has_include(<sanitizer/asan_interface.h>)
#include <sanitizer/asan_interface.h>
#endif
#endif
#if !defined(ASAN_POISON_MEMORY_REGION)
#define ASAN_POISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#define ASAN_UNPOISON_MEMORY_REGION(addr, size) ((void)(addr), (void)(size))
#endif

/* A chunk's size with its header: the data holds this less sizeof(chunk),
 * so that the chunks of 2 MB and more are whole huge pages (xmalloc_huge). */
#define CHUNK_SIZE (64 * 1024)
#define MAX_CHUNK_SIZE (4 * 1024 * 1024)
/* An arena that has grown this big is a large run's: its chunks are this
 * size from then on, in huge pages (xmalloc_huge). */
#define HUGE_CHUNK_SIZE (32 * 1024 * 1024)

typedef struct chunk {
    struct chunk *next;
    size_t used;
    size_t size;
    alignas(max_align_t) unsigned char data[];
} chunk;

/* Item arrays a ptr_vec has outgrown, by size class: class k holds arrays
 * of at least 4 << k pointers, linked through their first slot.  A list of
 * n items leaves arrays of 4, 8, ... n/2 behind it as it grows; reusing
 * them for the next lists keeps a big schema's AST and model (millions of
 * short lists: qualifiers, flavors, array values) near their size. */
#define SPARE_CLASSES 40

struct arena {
    chunk *head;
    size_t reserved; /* the chunks' sizes, summed */
    void **spare[SPARE_CLASSES];
};

void out_of_memory(void)
{
    fputs("mofgen: fatal error: out of memory\n", stderr);
    exit(MOFGEN_EXIT_OUT_OF_MEMORY);
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

void *xmalloc_huge(size_t size)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    /* Blocks of one huge page or more.  A huge page is backed whole at its
     * first touch, so a block's last one can hold up to 2 MB unused: a
     * 1 MB schema's run grows 1-2 MB (its budget is 4x its input + 16 MB),
     * and in return a 10 MB schema's --syntax-only takes 970 page faults
     * instead of 7,800 and a third less CPU time (the arena's 4 MB chunks
     * were 4 KB pages, each one's first touch a fault: on a virtual machine
     * those cost more than the parse). */
    enum { HUGE_PAGE = 2 * 1024 * 1024 };
    if (size >= HUGE_PAGE) {
        /* Whole huge pages, aligned: the kernel backs only those with one. */
        void *p = NULL;
        if (size > SIZE_MAX - HUGE_PAGE)
            out_of_memory();
        size_t rounded = (size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
        if (posix_memalign(&p, HUGE_PAGE, rounded) != 0)
            out_of_memory();
        madvise(p, rounded, MADV_HUGEPAGE); /* a hint: failing changes nothing */
        return p;
    }
#endif
    return xmalloc(size);
}

arena *arena_new(void)
{
    arena *a = xcalloc(1, sizeof *a);
    return a;
}

void arena_free(arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void arena_reset(arena *a)
{
    chunk *keep = a->head;
    if (!keep)
        return;
    chunk *c = keep->next;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    keep->next = NULL;
    keep->used = 0;
    a->reserved = keep->size;
    memset(a->spare, 0, sizeof a->spare);
    ASAN_UNPOISON_MEMORY_REGION(keep->data, keep->size); /* spare arrays in it were poisoned */
}

void *arena_alloc(arena *a, size_t size)
{
    return memset(arena_alloc_bytes(a, size), 0, size);
}

void *arena_alloc_bytes(arena *a, size_t size)
{
    /* 8, not alignof(max_align_t) (16 on x86-64, for long double, which
     * no node holds): the AST's and the model's structs come in multiples
     * of 8, and rounding each to 16 cost a big schema 4% of its memory. */
    const size_t align = 8;
    if (size > SIZE_MAX / 2)
        out_of_memory(); /* and the rounding below cannot wrap */
    size = (size + align - 1) & ~(align - 1);
    chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        /* Each chunk twice the last, up to MAX_CHUNK_SIZE: a big run asks
         * the system for memory a few dozen times, not once per 64 KB. */
        size_t last = c ? c->size + sizeof *c : 0;
        size_t whole = !c                              ? CHUNK_SIZE
                       : a->reserved >= HUGE_CHUNK_SIZE ? HUGE_CHUNK_SIZE
                       : last < MAX_CHUNK_SIZE          ? last * 2
                                                        : MAX_CHUNK_SIZE;
        size_t cap = whole - sizeof *c;
        if (cap < size)
            cap = size;
        a->reserved += cap;
        c = xmalloc_huge(sizeof *c + cap);
        c->size = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += size;
    return p;
}

size_t arena_used(const arena *a)
{
    size_t used = 0;
    for (const chunk *c = a->head; c; c = c->next)
        used += c->used;
    return used;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    char *p = arena_alloc_bytes(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_join3(arena *a, const char *x, const char *y, const char *z)
{
    size_t nx = strlen(x), ny = strlen(y), nz = strlen(z);
    char *s = arena_alloc_bytes(a, nx + ny + nz + 1);
    memcpy(s, x, nx);
    memcpy(s + nx, y, ny);
    memcpy(s + nx + ny, z, nz + 1);
    return s;
}

char *arena_printf(arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *p = arena_alloc_bytes(a, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

/* The size class an array of `capacity` slots can serve: the largest k
 * with 4 << k <= capacity (an array copy_members sized exactly, say, may
 * be any size above 4). */
static unsigned spare_class(size_t capacity)
{
    unsigned k = 0;
    while (k + 1 < SPARE_CLASSES && ((size_t)4 << (k + 1)) <= capacity)
        k++;
    return k;
}

static void **take_items(arena *a, size_t capacity)
{
    unsigned k = spare_class(capacity);
    void **items = a->spare[k];
    if (items && ((size_t)4 << k) == capacity) {
        ASAN_UNPOISON_MEMORY_REGION(items, capacity * sizeof *items);
        a->spare[k] = items[0];
        return items;
    }
    return arena_alloc(a, capacity * sizeof *items);
}

/* Under AddressSanitizer a spare array is poisoned (but for the link in
 * its first slot) until it is taken again: a stale pointer into a list
 * that has grown is then reported, not silently read. */
static void give_items(arena *a, void **items, size_t capacity)
{
    unsigned k = spare_class(capacity);
    items[0] = a->spare[k];
    a->spare[k] = items;
    ASAN_POISON_MEMORY_REGION(items + 1, (capacity - 1) * sizeof *items);
}

void ptr_vec_push(arena *a, ptr_vec *v, void *item)
{
    if (v->count == v->capacity) {
        if (v->capacity > UINT32_MAX / 2)
            out_of_memory();
        uint32_t cap = v->capacity ? v->capacity * 2 : 4;
        void **items = take_items(a, cap);
        if (v->count) {
            memcpy(items, v->items, v->count * sizeof *items);
            if (v->capacity >= 4)
                give_items(a, v->items, v->capacity);
        }
        v->items = items;
        v->capacity = cap;
    }
    v->items[v->count++] = item;
}

void ptr_vec_fit(arena *a, ptr_vec *v)
{
    if (v->capacity <= v->count || v->capacity < 4)
        return;
    void **items = v->count ? take_items(a, v->count) : NULL;
    if (v->count)
        memcpy(items, v->items, v->count * sizeof *items);
    give_items(a, v->items, v->capacity);
    v->items = items;
    v->capacity = v->count;
}

void ptr_vec_release(arena *a, ptr_vec *v)
{
    if (v->capacity >= 4)
        give_items(a, v->items, v->capacity);
    *v = (ptr_vec){0};
}

void ptr_vec_reserve(arena *a, ptr_vec *v, size_t capacity)
{
    if (v->capacity || !capacity)
        return;
    if (capacity > UINT32_MAX)
        out_of_memory();
    v->items = take_items(a, capacity);
    v->capacity = (uint32_t)capacity;
}
