/*
 * template.c - the template engine: parse a template once into a tree, render
 * it many times against the emitter's data tree (see template.h; the
 * language is documented in templates/README.md).
 *
 * Parsing takes three steps:
 *   1. lexing cuts the text into tags ("{{...}}"); the text between two tags
 *      is a "gap";
 *   2. the whitespace pass shrinks the gaps: standalone lines disappear and
 *      "~" markers trim whitespace next to their tag;
 *   3. the tree builder nests blocks with an explicit stack of open blocks.
 * Nodes refer to spans of the template's own copy of its text, so a parsed
 * template owns nothing but that copy and its node arrays.  The built-in
 * templates are also compiled to C when mofgen is built (template_compile.c;
 * "Compiled templates" below), and rendered by that C.
 *
 * Errors point at the offending word where there is one (a name, a filter)
 * and at the tag's "{{" otherwise.  Line and column are computed from a
 * byte offset only when an error is reported; columns count UTF-8 code
 * points, as mofgen's MOF diagnostics do.
 *
 * Allocation failure ends mofgen through out_of_memory() (arena.h, exit
 * status 3), as everywhere in mofgen: the setters of template.h have no way
 * to report it, and the compiler cannot do anything useful without memory.  Misuse of the data API (setting a key on
 * a list, a NULL string) is a bug in the emitter and aborts too.
 */
#include "template.h"
#include "template_tree.h"

#include "arena.h" /* out_of_memory */
#include "inlining.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    MAX_INCLUDE_DEPTH = 32, /* deeper than this is taken to be recursion */
};

/* ======================================================================
 * Memory
 * ====================================================================== */

static void misuse(const char *function, const char *what)
{
    fprintf(stderr, "mofgen: internal error: %s: %s\n", function, what);
    abort();
}

static void *must_realloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory();
    return q;
}

static char *copy_bytes(const char *s, size_t n)
{
    char *copy = must_realloc(NULL, n + 1);
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

/* Returns `items` grown so that it holds at least `need` elements; doubling
 * keeps appending linear overall. */
static void *grow_array(void *items, size_t *capacity, size_t need, size_t element_size)
{
    if (need <= *capacity)
        return items;
    size_t n = *capacity ? *capacity : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            out_of_memory();
        n *= 2;
    }
    if (n > SIZE_MAX / element_size)
        out_of_memory();
    *capacity = n;
    return must_realloc(items, n * element_size);
}

/* ---- growable byte buffer, used for output and filter scratch ---- */

typedef struct buffer {
    char *data;
    size_t length;
    size_t capacity;
} buffer;

static void buffer_grow(buffer *b, size_t n)
{
    if (n > SIZE_MAX - b->length - 1)
        out_of_memory();
    b->data = grow_array(b->data, &b->capacity, b->length + n + 1, 1);
}

/* The common case (room enough) inline: the renderer appends a few bytes
 * at a time, hundreds of millions of times for a large schema. */
static HOT_INLINE void buffer_append_hot(buffer *b, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (b->capacity - b->length <= n)
        buffer_grow(b, n);
    char *d = b->data + b->length;
    /* Most pieces are a few bytes (a name, a brace, an indent): copied
     * here by two overlapping fixed-size moves, which read and write only
     * the n bytes, instead of a call to memcpy. */
    if (n >= 8 && n <= 16) {
        memcpy(d, s, 8);
        memcpy(d + n - 8, s + n - 8, 8);
    } else if (n >= 4 && n < 8) {
        memcpy(d, s, 4);
        memcpy(d + n - 4, s + n - 4, 4);
    } else if (n < 4) {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    } else {
        memcpy(d, s, n);
    }
    b->length += n;
}

/* The tree renderer's: inlined where gcc sees fit.  Forced into the
 * recursive walk (as buffer_append_hot is into the compiled templates),
 * it made rendering from the tree a quarter slower (callgrind, 10 MB:
 * 1.59 -> 2.02 G instructions). */
static inline void buffer_append(buffer *b, const char *s, size_t n)
{
    buffer_append_hot(b, s, n);
}

static inline void buffer_append_char(buffer *b, char c)
{
    if (b->capacity - b->length <= 1)
        buffer_grow(b, 1);
    b->data[b->length++] = c;
}

/* ======================================================================
 * Keys
 * ====================================================================== */

/* Every map key and every name segment of a template is interned once, to
 * a small number: a map holds numbers, a parsed template holds numbers,
 * and a lookup compares numbers.  The table is the process's (keys are
 * the emitter's few hundred names), grown by doubling, never shrunk. */
static struct {
    char **names; /* by number */
    uint32_t *slots; /* open addressing: number + 1, 0 when empty */
    size_t count, capacity, slot_count;
} keys;

static uint32_t hash_bytes(const char *s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void keys_rehash(void)
{
    size_t n = keys.slot_count ? keys.slot_count * 2 : 1024;
    uint32_t *slots = must_realloc(NULL, n * sizeof *slots);
    memset(slots, 0, n * sizeof *slots);
    for (size_t i = 0; i < keys.count; i++) {
        size_t s = hash_bytes(keys.names[i], strlen(keys.names[i])) & (n - 1);
        while (slots[s])
            s = (s + 1) & (n - 1);
        slots[s] = (uint32_t)i + 1;
    }
    free(keys.slots);
    keys.slots = slots;
    keys.slot_count = n;
}

/* The number of the key spelled by the `n` bytes at `s`, interned. */
static uint32_t key_intern(const char *s, size_t n)
{
    if (2 * (keys.count + 1) > keys.slot_count)
        keys_rehash();
    size_t mask = keys.slot_count - 1, i = hash_bytes(s, n) & mask;
    for (; keys.slots[i]; i = (i + 1) & mask) {
        const char *name = keys.names[keys.slots[i] - 1];
        if (strncmp(name, s, n) == 0 && name[n] == '\0')
            return keys.slots[i] - 1;
    }
    if (keys.count == UINT32_MAX - 1)
        out_of_memory();
    keys.names = grow_array(keys.names, &keys.capacity, keys.count + 1, sizeof *keys.names);
    keys.names[keys.count] = copy_bytes(s, n);
    keys.slots[i] = (uint32_t)++keys.count;
    return (uint32_t)keys.count - 1;
}

const char *tmpl_key_name(uint32_t key)
{
    return key < keys.count ? keys.names[key] : NULL;
}

/* ======================================================================
 * Data
 * ====================================================================== */

/* A tree's nodes, entries and strings come from one pool that its root
 * owns: building a class's tree is a bump of a pointer per value, and
 * freeing it a few free()s. */
typedef struct pool_chunk {
    struct pool_chunk *next;
    size_t used, size;
    max_align_t data[];
} pool_chunk;

typedef struct pool {
    pool_chunk *chunks;
    const tmpl_value *root;
} pool;

enum { POOL_CHUNK = 64 * 1024 };

static void *pool_alloc_chunk(pool *p, size_t n)
{
    size_t size = n > POOL_CHUNK ? n : POOL_CHUNK;
    if (size > SIZE_MAX - sizeof(pool_chunk))
        out_of_memory();
    pool_chunk *c = must_realloc(NULL, sizeof *c + size);
    c->size = size;
    c->used = n;
    c->next = p->chunks;
    p->chunks = c;
    return c->data;
}

static inline void *pool_alloc(pool *p, size_t n)
{
    n = (n + 7) & ~(size_t)7; /* what a pointer or a uint64_t needs */
    pool_chunk *c = p->chunks;
    if (!c || c->size - c->used < n)
        return pool_alloc_chunk(p, n);
    void *at = (char *)c->data + c->used;
    c->used += n;
    return at;
}

typedef enum value_kind { VALUE_MAP, VALUE_LIST, VALUE_STRING, VALUE_BOOL } value_kind;

/* A map's entry holds a string or a boolean itself, so that a lookup
 * reads the text's place and length where it finds the key; a map or a
 * list it points at (those are handed to the emitter, and must stay where
 * they are while the entries array grows). */
typedef struct map_entry {
    uint32_t key;
    uint8_t kind;  /* value_kind */
    bool boolean;
    size_t length; /* a string's */
    union {
        const char *text;  /* a string's, NUL-terminated */
        tmpl_value *child; /* a map or a list */
    } as;
} map_entry;

/* Maps keep their entries in insertion order.  `position` finds one by
 * key number in one load: the emitter's keys are a hundred or so, numbered
 * from 0, and a map holds a few dozen (a property's some sixty, looked up
 * at every {{name}} a template writes).  Every map has the table from the
 * start, so that a lookup tests nothing but the key's number: a class's
 * tree is freed before the next is built, so the 256 bytes a small map
 * spends on it do not show in the peak.  A key numbered 256 or more is
 * searched linearly, and so is every key of a map that outgrew the table
 * (`scan`): its table is then `outgrown`, every position SCAN. */
enum { MAP_INDEXED_KEYS = 256, MAP_INDEXED_ENTRIES = 254, SCAN = 0xFF };
static const uint8_t outgrown[MAP_INDEXED_KEYS] = {
#define SCAN8 SCAN, SCAN, SCAN, SCAN, SCAN, SCAN, SCAN, SCAN
#define SCAN64 SCAN8, SCAN8, SCAN8, SCAN8, SCAN8, SCAN8, SCAN8, SCAN8
    SCAN64, SCAN64, SCAN64, SCAN64
#undef SCAN64
#undef SCAN8
};
struct tmpl_value {
    value_kind kind; /* VALUE_MAP or VALUE_LIST: strings and booleans live in their entries */
    pool *pool;
    union {
        struct {
            map_entry *entries;
            uint32_t count, capacity;
            uint8_t *position; /* by key number: entry index + 1, 0 when absent (lists: NULL) */
            bool scan;
        } map;
        struct {
            tmpl_value **items;
            size_t count, capacity;
        } list;
    } as;
};

static const char *kind_noun(value_kind kind)
{
    switch (kind) {
    case VALUE_MAP: return "a map";
    case VALUE_LIST: return "a list";
    case VALUE_STRING: return "a string";
    case VALUE_BOOL: return "a boolean";
    }
    return "a value";
}

static tmpl_value *value_new(pool *p, value_kind kind)
{
    tmpl_value *v = pool_alloc(p, sizeof *v);
    memset(v, 0, sizeof *v);
    v->kind = kind;
    v->pool = p;
    if (kind == VALUE_MAP)
        v->as.map.position = memset(pool_alloc(p, MAP_INDEXED_KEYS), 0, MAP_INDEXED_KEYS);
    return v;
}

/* Grows a pooled array to hold `need` items (the old copy stays in the
 * pool until the tree goes: doubling keeps that below the final size). */
static void *pool_grow_slow(pool *p, void *items, size_t count, size_t *capacity, size_t need, size_t size)
{
    size_t n = *capacity ? *capacity * 2 : 4;
    while (n < need)
        n *= 2;
    if (n > SIZE_MAX / size)
        out_of_memory();
    void *grown = pool_alloc(p, n * size);
    if (count)
        memcpy(grown, items, count * size);
    *capacity = n;
    return grown;
}

static inline void *pool_grow(pool *p, void *items, size_t count, size_t *capacity, size_t need, size_t size)
{
    if (need <= *capacity)
        return items;
    return pool_grow_slow(p, items, count, capacity, need, size);
}

tmpl_value *tmpl_map_new(void)
{
    pool *p = must_realloc(NULL, sizeof *p);
    *p = (pool){0};
    tmpl_value *root = value_new(p, VALUE_MAP);
    p->root = root;
    return root;
}

void tmpl_value_free(tmpl_value *v)
{
    if (!v || v->pool->root != v)
        return; /* the rest of a tree goes with its root */
    pool *p = v->pool;
    for (pool_chunk *c = p->chunks, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    free(p);
}

/* The index of `key` among the entries of a map searched linearly, or -1. */
static long map_scan(const tmpl_value *map, uint32_t key)
{
    const map_entry *e = map->as.map.entries;
    for (uint32_t i = 0, n = map->as.map.count; i < n; i++)
        if (e[i].key == key)
            return i;
    return -1;
}

/* The index of `key` among `map`'s entries, or -1. */
static inline long map_find(const tmpl_value *map, uint32_t key)
{
    if (key < MAP_INDEXED_KEYS) {
        uint8_t at = map->as.map.position[key];
        if (at != SCAN)
            return (long)at - 1;
    }
    return map_scan(map, key);
}

/* The entry of `key` in `map`, or NULL; forced inline into the compiled
 * templates, as buffer_append_hot is. */
static HOT_INLINE const map_entry *map_get_hot(const tmpl_value *map, uint32_t key)
{
    if (key < MAP_INDEXED_KEYS) {
        uint8_t at = map->as.map.position[key];
        if (at != SCAN)
            return at ? &map->as.map.entries[at - 1] : NULL;
    }
    long i = map_scan(map, key);
    return i < 0 ? NULL : &map->as.map.entries[i];
}

static inline const map_entry *map_get(const tmpl_value *map, uint32_t key)
{
    return map_get_hot(map, key);
}

/* The number of a setter's key.  The emitter passes the same literals
 * millions of times: a cache by address skips hashing them, and comparing
 * their text too (a tenth of the time a class's tree takes to build).
 * That is why template.h asks for keys whose text never changes at their
 * address; debug builds check it.  Direct-mapped: 2,048 slots for the
 * emitter's few hundred literals (with 512, the misses cost a 10 MB
 * schema's emit 35 M instructions more, 1%). */
enum { SETTER_KEY_BITS = 11 };
static struct {
    const char *address;
    uint32_t number;
} setter_keys[1u << SETTER_KEY_BITS];

static size_t setter_key_slot(const char *key)
{
    /* By address, mixed: the literals of one file sit within a few KB,
     * and their low bits alone put many in the same slot. */
    return (size_t)(((uint64_t)(uintptr_t)key * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - SETTER_KEY_BITS));
}

static uint32_t setter_key_miss(const char *key)
{
    size_t slot = setter_key_slot(key);
    uint32_t number = key_intern(key, strlen(key));
    setter_keys[slot].address = key;
    setter_keys[slot].number = number;
    return number;
}

static inline uint32_t setter_key(const char *key)
{
    size_t slot = setter_key_slot(key);
    if (setter_keys[slot].address != key)
        return setter_key_miss(key);
#ifndef NDEBUG
    if (strcmp(keys.names[setter_keys[slot].number], key) != 0)
        misuse("tmpl_set_*", "a key's text changed at its address (keys must be literals)");
#endif
    return setter_keys[slot].number;
}

static void map_grow(tmpl_value *map, const char *function)
{
    if (map->as.map.count == UINT32_MAX / 2)
        misuse(function, "too many keys");
    size_t capacity = map->as.map.capacity;
    /* A map that starts empty (all but a list's later items, which start
     * at the size of the one before) mostly holds ten keys or more (an
     * enum, a class, a property): sixteen at once instead of growing 4, 8,
     * 16. */
    size_t need = capacity ? (size_t)map->as.map.count + 1 : 16;
    map->as.map.entries = pool_grow_slow(map->pool, map->as.map.entries, map->as.map.count, &capacity, need,
                                         sizeof *map->as.map.entries);
    map->as.map.capacity = (uint32_t)capacity;
}

/* The entry for `key`: the one there, to be replaced, or a new one at the
 * end.  The caller fills it in (put_string, put_child), so that nothing bigger than a
 * pointer passes between them: a class's tree takes millions of these. */
static map_entry *map_slot_slow(tmpl_value *map, uint32_t id, const char *function)
{
    long found = map_find(map, id);
    if (found >= 0)
        return &map->as.map.entries[found];
    if (map->as.map.count == map->as.map.capacity)
        map_grow(map, function);
    uint32_t count = map->as.map.count++;
    map_entry *e = &map->as.map.entries[count];
    e->key = id;
    if (map->as.map.scan)
        return e;
    if (count == MAP_INDEXED_ENTRIES) {
        map->as.map.scan = true; /* positions past 254 do not fit a byte below SCAN */
        map->as.map.position = (uint8_t *)outgrown; /* never written: `scan` stops that */
    } else if (id < MAP_INDEXED_KEYS) {
        map->as.map.position[id] = (uint8_t)(count + 1);
    }
    return e;
}

/* map_slot_slow's common case inline: a new key of an indexed map with
 * room for it, or NULL.  Out of line, the call's register saves for the
 * rare paths cost a fifth of each set. */
static inline map_entry *map_append(tmpl_value *map, uint32_t id)
{
    uint8_t *position = map->as.map.position;
    uint32_t count = map->as.map.count;
    if (id >= MAP_INDEXED_KEYS || position[id] || count >= map->as.map.capacity || count >= MAP_INDEXED_ENTRIES)
        return NULL;
    map_entry *e = &map->as.map.entries[count];
    map->as.map.count = count + 1;
    e->key = id;
    position[id] = (uint8_t)(count + 1);
    return e;
}

static inline map_entry *map_slot(tmpl_value *map, const char *key, const char *function)
{
    uint32_t id = setter_key(key);
    map_entry *e = map_append(map, id);
    return e ? e : map_slot_slow(map, id, function);
}

/* map_slot's common case with the setters' checks, and no call in it:
 * NULL sends the setter to its slow path (any misuse, a key not in the
 * cache, a replacement, growth).  Without a call, the setter saves no
 * registers: a tenth of each set. */
static inline map_entry *map_slot_fast(tmpl_value *map, const char *key)
{
    if (!map || map->kind != VALUE_MAP || !key)
        return NULL;
    size_t slot = setter_key_slot(key);
    if (setter_keys[slot].address != key)
        return NULL;
    uint32_t id = setter_keys[slot].number;
#ifndef NDEBUG
    if (strcmp(keys.names[id], key) != 0)
        return NULL; /* the slow path says what is wrong */
#endif
    return map_append(map, id);
}

/* Store a value under `key`, replacing whatever was there before. */
static void put_string(tmpl_value *map, const char *key, const char *text, size_t length, const char *function)
{
    map_entry *e = map_slot(map, key, function);
    e->kind = VALUE_STRING;
    e->length = length;
    e->as.text = text;
}

static tmpl_value *put_child(tmpl_value *map, const char *key, tmpl_value *child, const char *function)
{
    map_entry *e = map_slot(map, key, function);
    e->kind = (uint8_t)child->kind;
    e->as.child = child;
    return child;
}

static void check_map(const tmpl_value *map, const char *key, const char *function)
{
    if (!map || map->kind != VALUE_MAP)
        misuse(function, "the target is not a map");
    if (!key)
        misuse(function, "NULL key");
}

static void set_string(tmpl_value *map, const char *key, const char *text, size_t length, const char *function)
{
    if (length > SIZE_MAX - 8)
        out_of_memory();
    char *copy = pool_alloc(map->pool, length + 1);
    memcpy(copy, text, length);
    copy[length] = '\0';
    put_string(map, key, copy, length, function);
}

void tmpl_set_string(tmpl_value *map, const char *key, const char *value)
{
    check_map(map, key, "tmpl_set_string");
    if (!value)
        misuse("tmpl_set_string", "NULL value");
    set_string(map, key, value, strlen(value), "tmpl_set_string");
}

static NOINLINE void set_string_ref_slow(tmpl_value *map, const char *key, const char *value)
{
    check_map(map, key, "tmpl_set_string_ref");
    if (!value)
        misuse("tmpl_set_string_ref", "NULL value");
    put_string(map, key, value, strlen(value), "tmpl_set_string_ref");
}

void tmpl_set_string_ref(tmpl_value *map, const char *key, const char *value)
{
    map_entry *e = value ? map_slot_fast(map, key) : NULL;
    if (!e) {
        set_string_ref_slow(map, key, value);
        return;
    }
    e->kind = VALUE_STRING;
    e->as.text = value;
    e->length = strlen(value); /* after the slot: only `e` lives across the call */
}

static NOINLINE void set_stringn_ref_slow(tmpl_value *map, const char *key, const char *value, size_t length)
{
    check_map(map, key, "tmpl_set_stringn_ref");
    if (!value || value[length] != '\0')
        misuse("tmpl_set_stringn_ref", "not a NUL-terminated string of that length");
    put_string(map, key, value, length, "tmpl_set_stringn_ref");
}

void tmpl_set_stringn_ref(tmpl_value *map, const char *key, const char *value, size_t length)
{
    map_entry *e = value && value[length] == '\0' ? map_slot_fast(map, key) : NULL;
    if (!e) {
        set_stringn_ref_slow(map, key, value, length);
        return;
    }
    e->kind = VALUE_STRING;
    e->as.text = value;
    e->length = length;
}

void tmpl_set_stringn(tmpl_value *map, const char *key, const char *value, size_t length)
{
    check_map(map, key, "tmpl_set_stringn");
    if (!value && length)
        misuse("tmpl_set_stringn", "NULL value");
    set_string(map, key, value ? value : "", length, "tmpl_set_stringn");
}

void tmpl_set_unsigned(tmpl_value *map, const char *key, uint64_t value)
{
    /* Most numbers a tree holds are indexes, counts and table slots under
     * a hundred: those point at this table instead of being copied. */
    static const char small[100][3] = {
#define TENS(t) #t "0", #t "1", #t "2", #t "3", #t "4", #t "5", #t "6", #t "7", #t "8", #t "9"
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
        TENS(1), TENS(2), TENS(3), TENS(4), TENS(5), TENS(6), TENS(7), TENS(8), TENS(9),
#undef TENS
    };
    if (value < 100) {
        map_entry *e = map_slot_fast(map, key);
        if (!e) {
            check_map(map, key, "tmpl_set_unsigned");
            e = map_slot(map, key, "tmpl_set_unsigned");
        }
        e->kind = VALUE_STRING;
        e->as.text = small[value];
        e->length = value < 10 ? 1 : 2;
        return;
    }
    char digits[24], *d = digits + sizeof digits;
    do
        *--d = (char)('0' + value % 10);
    while ((value /= 10) != 0);
    tmpl_set_stringn(map, key, d, (size_t)(digits + sizeof digits - d));
}

void tmpl_set_stringf(tmpl_value *map, const char *key, const char *fmt, ...)
{
    check_map(map, key, "tmpl_set_stringf");
    char small[128];
    va_list args, again;
    va_start(args, fmt);
    va_copy(again, args);
    int n = vsnprintf(small, sizeof small, fmt, args);
    va_end(args);
    if (n < 0)
        misuse("tmpl_set_stringf", "bad format");
    if ((size_t)n < sizeof small) {
        va_end(again);
        set_string(map, key, small, (size_t)n, "tmpl_set_stringf");
        return;
    }
    char *text = must_realloc(NULL, (size_t)n + 1);
    vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    set_string(map, key, text, (size_t)n, "tmpl_set_stringf");
    free(text);
}

static NOINLINE void set_bool_slow(tmpl_value *map, const char *key, bool value)
{
    check_map(map, key, "tmpl_set_bool");
    map_entry *e = map_slot(map, key, "tmpl_set_bool");
    e->kind = VALUE_BOOL;
    e->boolean = value;
}

void tmpl_set_bool(tmpl_value *map, const char *key, bool value)
{
    map_entry *e = map_slot_fast(map, key);
    if (!e) {
        set_bool_slow(map, key, value); /* a tail call: the fast path saves nothing */
        return;
    }
    e->kind = VALUE_BOOL;
    e->boolean = value;
}

tmpl_value *tmpl_set_list(tmpl_value *map, const char *key)
{
    check_map(map, key, "tmpl_set_list");
    return put_child(map, key, value_new(map->pool, VALUE_LIST), "tmpl_set_list");
}

tmpl_value *tmpl_set_map(tmpl_value *map, const char *key)
{
    check_map(map, key, "tmpl_set_map");
    return put_child(map, key, value_new(map->pool, VALUE_MAP), "tmpl_set_map");
}

tmpl_value *tmpl_list_add_map(tmpl_value *list)
{
    if (!list || list->kind != VALUE_LIST)
        misuse("tmpl_list_add_map", "the target is not a list");
    list->as.list.items = pool_grow(list->pool, list->as.list.items, list->as.list.count, &list->as.list.capacity,
                                    list->as.list.count + 1, sizeof *list->as.list.items);
    tmpl_value *item = value_new(list->pool, VALUE_MAP);
    /* The items of a list are maps of one shape (a property, an enum
     * entry): room for as many keys as the last one took from the start,
     * instead of growing 4, 8, 16, 32... */
    if (list->as.list.count > 0) {
        const tmpl_value *last = list->as.list.items[list->as.list.count - 1];
        uint32_t keys_taken = last->as.map.count;
        if (keys_taken > 0 && !last->as.map.scan) {
            item->as.map.entries = pool_alloc(item->pool, keys_taken * sizeof *item->as.map.entries);
            item->as.map.capacity = keys_taken;
        }
    }
    list->as.list.items[list->as.list.count++] = item;
    return item;
}

/* ======================================================================
 * Errors
 * ====================================================================== */

/* 1-based line and column of byte `offset`; columns count code points. */
static void position_of(const char *text, size_t offset, unsigned *line, unsigned *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            ++*line;
            *column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++*column;
        }
    }
}

static void error_vset(tmpl_error *err, const char *template_name, const char *text, size_t offset,
                       const char *fmt, va_list args)
{
    snprintf(err->template_name, sizeof err->template_name, "%s", template_name);
    err->line = err->column = 0;
    if (text)
        position_of(text, offset, &err->line, &err->column);
    vsnprintf(err->message, sizeof err->message, fmt, args);
}

/* Fills `err` about the place `offset` of `text` (no place if text is NULL)
 * and returns -1, so callers can write "return fail_at(...)". */
static int fail_at(tmpl_error *err, const char *template_name, const char *text, size_t offset,
                   const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static int fail_at(tmpl_error *err, const char *template_name, const char *text, size_t offset,
                   const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    error_vset(err, template_name, text, offset, fmt, args);
    va_end(args);
    return -1;
}

/* ======================================================================
 * Templates: the parsed form (its types are in template_tree.h)
 * ====================================================================== */

static const char *const filter_names[] = {"upper", "lower", "c_string", "c_comment"};

static void node_list_free(node_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        free(list->items[i].path);
        node_list_free(&list->items[i].children);
    }
    free(list->items);
    *list = (node_list){0};
}

static void node_list_append(node_list *list, const node *n)
{
    list->items = grow_array(list->items, &list->capacity, list->count + 1, sizeof *list->items);
    list->items[list->count++] = *n;
}

static void template_free(template *t)
{
    free(t->name);
    free(t->text);
    node_list_free(&t->root);
}

/* ======================================================================
 * Parsing, step 1: lexing tags
 * ====================================================================== */

typedef enum tag_kind {
    TAG_VALUE,
    TAG_LITERAL,
    TAG_COMMENT,
    TAG_EACH,
    TAG_WITH,
    TAG_IF,
    TAG_ELIF,
    TAG_ELSE,
    TAG_UNLESS,
    TAG_END_EACH,
    TAG_END_WITH,
    TAG_END_IF,
    TAG_END_UNLESS,
    TAG_INCLUDE
} tag_kind;

typedef struct tag {
    tag_kind kind;
    size_t begin, end; /* from "{{" to just after "}}" */
    bool trim_before, trim_after;
    span name; /* value, literal, condition, list or template name */
    unsigned filter_count;
    unsigned char filters[MAX_FILTERS];
} tag;

typedef struct parser {
    const char *name; /* the template's */
    const char *text;
    size_t length;
    tmpl_error *err;
    tag *tags;
    size_t tag_count, tag_capacity;
} parser;

static int parse_fail(parser *p, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int parse_fail(parser *p, size_t offset, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    error_vset(p->err, p->name, p->text, offset, fmt, args);
    va_end(args);
    return -1;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool is_name_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_name_char(char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9');
}

static bool is_template_name_char(char c)
{
    return is_name_char(c) || c == '.' || c == '-';
}

static size_t skip_blanks(const parser *p, size_t pos, size_t end)
{
    while (pos < end && is_blank(p->text[pos]))
        pos++;
    return pos;
}

static size_t skip_name(const parser *p, size_t pos, size_t end)
{
    while (pos < end && is_name_char(p->text[pos]))
        pos++;
    return pos;
}

static bool span_is(const parser *p, size_t begin, size_t end, const char *word)
{
    size_t n = strlen(word);
    return end - begin == n && memcmp(p->text + begin, word, n) == 0;
}

/* The offset of the next "{{" at or after `from`, or SIZE_MAX. */
static size_t find_open(const parser *p, size_t from)
{
    for (size_t i = from; i + 1 < p->length; i++)
        if (p->text[i] == '{' && p->text[i + 1] == '{')
            return i;
    return SIZE_MAX;
}

/* Where a comment's "}}" is, or SIZE_MAX.  Comments may span lines; a
 * comment opened with "{{!--" ends only at "--}}" (or "--~}}"), so it can
 * hold template code, "}}" included. */
static size_t find_comment_close(const parser *p, size_t from)
{
    bool dashed = from + 1 < p->length && p->text[from] == '-' && p->text[from + 1] == '-';
    size_t i = dashed ? from + 2 : from;
    for (; i + 1 < p->length; i++) {
        if (p->text[i] != '}' || p->text[i + 1] != '}')
            continue;
        if (!dashed)
            return i;
        size_t before = i > 0 && p->text[i - 1] == '~' ? i - 1 : i;
        if (before >= from + 4 && p->text[before - 1] == '-' && p->text[before - 2] == '-')
            return i;
    }
    return SIZE_MAX;
}

/* Where a one-line tag's "}}" is, skipping "..." literals.  SIZE_MAX when
 * the line or the text ends first; *bad_quote is then the offset of an
 * unterminated '"', or SIZE_MAX. */
static size_t find_tag_close(const parser *p, size_t from, size_t *bad_quote)
{
    *bad_quote = SIZE_MAX;
    for (size_t i = from; i < p->length && p->text[i] != '\n'; i++) {
        if (p->text[i] == '"') {
            size_t quote = i;
            for (i++; i < p->length && p->text[i] != '"' && p->text[i] != '\n'; i++)
                ;
            if (i >= p->length || p->text[i] != '"') {
                *bad_quote = quote;
                return SIZE_MAX;
            }
        } else if (p->text[i] == '}' && i + 1 < p->length && p->text[i + 1] == '}') {
            return i;
        }
    }
    return SIZE_MAX;
}

/* Reports text left in a tag after what it should hold. */
static int expect_tag_end(parser *p, size_t pos, size_t end)
{
    pos = skip_blanks(p, pos, end);
    if (pos < end)
        return parse_fail(p, pos, "unexpected '%.*s' in tag", (int)(end - pos), p->text + pos);
    return 0;
}

/* A dotted name ("class.name"), or an @-name when `allow_at`.  On success
 * t->name spans it and *pos is just after it. */
static int lex_path(parser *p, tag *t, size_t *pos, size_t end, bool allow_at)
{
    size_t start = *pos;
    if (start < end && p->text[start] == '@' && allow_at) {
        size_t stop = skip_name(p, start + 1, end);
        if (!span_is(p, start, stop, "@index") && !span_is(p, start, stop, "@number") &&
            !span_is(p, start, stop, "@first") && !span_is(p, start, stop, "@last"))
            return parse_fail(p, start, "unknown '%.*s' (known: @index, @number, @first, @last)",
                              (int)(stop - start), p->text + start);
        t->name = (span){start, stop - start};
        *pos = stop;
        return 0;
    }
    size_t at = start;
    for (;;) {
        if (at >= end)
            return parse_fail(p, at, "expected a name after '.'");
        if (!is_name_start(p->text[at])) {
            if (at == start && t->kind == TAG_VALUE)
                return parse_fail(p, at, "expected a name, found '%.*s' (to output a literal '{{' write {{\"{{\"}})",
                                  (int)(end - at), p->text + at);
            return parse_fail(p, at, "expected a name, found '%.*s'", (int)(end - at), p->text + at);
        }
        at = skip_name(p, at, end);
        if (at >= end || p->text[at] != '.')
            break;
        at++;
    }
    t->name = (span){start, at - start};
    *pos = at;
    return 0;
}

/* "| upper | c_string" */
static int lex_filters(parser *p, tag *t, size_t pos, size_t end)
{
    for (;;) {
        pos = skip_blanks(p, pos, end);
        if (pos >= end)
            return 0;
        if (p->text[pos] != '|')
            return parse_fail(p, pos, "unexpected '%.*s' in tag", (int)(end - pos), p->text + pos);
        pos = skip_blanks(p, pos + 1, end);
        size_t stop = skip_name(p, pos, end);
        if (stop == pos)
            return parse_fail(p, pos, "empty filter name after '|'");
        size_t id = 0;
        while (id < sizeof filter_names / sizeof *filter_names && !span_is(p, pos, stop, filter_names[id]))
            id++;
        if (id == sizeof filter_names / sizeof *filter_names)
            return parse_fail(p, pos, "unknown filter '%.*s' (known: upper, lower, c_string, c_comment)",
                              (int)(stop - pos), p->text + pos);
        if (t->filter_count == MAX_FILTERS)
            return parse_fail(p, pos, "more than %d filters in one tag", MAX_FILTERS);
        t->filters[t->filter_count++] = (unsigned char)id;
        pos = stop;
    }
}

/* The name after a block keyword: "#each NAME", "#if NAME". */
static int lex_block_name(parser *p, tag *t, size_t pos, size_t end, const char *keyword)
{
    size_t start = skip_blanks(p, pos, end);
    if (start >= end)
        return parse_fail(p, t->begin, "empty name: {{%s}} needs a name", keyword);
    if (start == pos)
        return parse_fail(p, pos, "expected a blank after '{{%s'", keyword);
    if (lex_path(p, t, &start, end, true) != 0)
        return -1;
    if (t->kind == TAG_EACH && p->text[t->name.offset] == '@')
        return parse_fail(p, t->name.offset, "'%.*s' is not a list", (int)t->name.length, p->text + t->name.offset);
    if (t->kind == TAG_WITH && p->text[t->name.offset] == '@')
        return parse_fail(p, t->name.offset, "'%.*s' is not a map", (int)t->name.length, p->text + t->name.offset);
    if (span_is(p, t->name.offset, t->name.offset + t->name.length, "@index") ||
        span_is(p, t->name.offset, t->name.offset + t->name.length, "@number"))
        return parse_fail(p, t->name.offset, "'%.*s' is a number, not a condition (use @first or @last)",
                          (int)t->name.length, p->text + t->name.offset);
    return expect_tag_end(p, start, end);
}

static const struct {
    const char *word;
    tag_kind kind;
} block_words[] = {
    {"#each", TAG_EACH},         {"#if", TAG_IF},         {"#elif", TAG_ELIF},
    {"#unless", TAG_UNLESS},     {"#else", TAG_ELSE},     {"else", TAG_ELSE},
    {"#with", TAG_WITH},         {"/with", TAG_END_WITH},
    {"/each", TAG_END_EACH},     {"/if", TAG_END_IF},     {"/unless", TAG_END_UNLESS},
};

/* "#each x", "/if", "#else", "else": `pos` is at the '#' or '/' (or 'e'). */
static int lex_block_tag(parser *p, tag *t, size_t pos, size_t end)
{
    size_t word_end = skip_name(p, pos + (p->text[pos] == '#' || p->text[pos] == '/'), end);
    for (size_t i = 0; i < sizeof block_words / sizeof *block_words; i++) {
        if (!span_is(p, pos, word_end, block_words[i].word))
            continue;
        t->kind = block_words[i].kind;
        if (t->kind == TAG_EACH || t->kind == TAG_WITH || t->kind == TAG_IF || t->kind == TAG_ELIF ||
            t->kind == TAG_UNLESS)
            return lex_block_name(p, t, word_end, end, block_words[i].word);
        return expect_tag_end(p, word_end, end);
    }
    return parse_fail(p, pos, "unknown block tag '{{%.*s}}'", (int)(end - pos), p->text + pos);
}

static int lex_include(parser *p, tag *t, size_t pos, size_t end)
{
    t->kind = TAG_INCLUDE;
    size_t start = skip_blanks(p, pos, end);
    if (start >= end)
        return parse_fail(p, t->begin, "empty name: {{>}} needs a template name");
    size_t stop = start;
    bool valid = true;
    for (; stop < end && !is_blank(p->text[stop]); stop++)
        valid = valid && is_template_name_char(p->text[stop]);
    if (!valid)
        return parse_fail(p, start, "invalid template name '%.*s' (letters, digits, '_', '-' and '.' only)",
                          (int)(stop - start), p->text + start);
    t->name = (span){start, stop - start};
    return expect_tag_end(p, stop, end);
}

/* What lies between "{{" (and "~") and "}}" (and "~"). */
static int lex_tag_body(parser *p, tag *t, size_t body, size_t end)
{
    size_t pos = skip_blanks(p, body, end);
    if (pos >= end)
        return parse_fail(p, t->begin, "empty name: empty tag");
    char c = p->text[pos];
    size_t word_end = skip_name(p, pos, end);
    if (c == '#' || c == '/' || span_is(p, pos, word_end, "else"))
        return lex_block_tag(p, t, pos, end);
    if (c == '>')
        return lex_include(p, t, pos + 1, end);
    if (c == '"') {
        size_t close = pos + 1;
        while (p->text[close] != '"') /* the lexer saw the closing quote */
            close++;
        t->kind = TAG_LITERAL;
        t->name = (span){pos + 1, close - pos - 1};
        return lex_filters(p, t, close + 1, end);
    }
    t->kind = TAG_VALUE;
    if (lex_path(p, t, &pos, end, true) != 0)
        return -1;
    return lex_filters(p, t, pos, end);
}

/* Lexes the tag whose "{{" is at `begin`. */
static int lex_tag(parser *p, size_t begin, tag *t)
{
    *t = (tag){.begin = begin};
    size_t body = begin + 2;
    if (body < p->length && p->text[body] == '~') {
        t->trim_before = true;
        body++;
    }
    size_t first = skip_blanks(p, body, p->length);
    size_t close;
    if (first < p->length && p->text[first] == '!') {
        close = find_comment_close(p, first + 1);
        if (close == SIZE_MAX)
            return parse_fail(p, begin, "unclosed comment: '{{!' without '}}'");
        t->kind = TAG_COMMENT;
    } else {
        size_t bad_quote;
        close = find_tag_close(p, body, &bad_quote);
        if (bad_quote != SIZE_MAX)
            return parse_fail(p, bad_quote, "unterminated '\"' in tag");
        if (close == SIZE_MAX)
            return parse_fail(p, begin, "unclosed tag: '{{' without '}}' on the same line");
    }
    t->end = close + 2;
    size_t body_end = close;
    if (body_end > body && p->text[body_end - 1] == '~') {
        t->trim_after = true;
        body_end--;
    }
    if (t->kind == TAG_COMMENT)
        return 0;
    return lex_tag_body(p, t, body, body_end);
}

static int lex(parser *p)
{
    size_t at = find_open(p, 0);
    while (at != SIZE_MAX) {
        tag t;
        if (lex_tag(p, at, &t) != 0)
            return -1;
        p->tags = grow_array(p->tags, &p->tag_capacity, p->tag_count + 1, sizeof *p->tags);
        p->tags[p->tag_count++] = t;
        at = find_open(p, t.end);
    }
    return 0;
}

/* ======================================================================
 * Parsing, step 2: whitespace
 * ====================================================================== */

/* Gap k is the text before tag k (gap tag_count: after the last tag); the
 * pass narrows each gap to the part that is kept. */
typedef struct gap {
    size_t begin, end;
} gap;

/* Tags that produce no text of their own may stand alone on a line. */
static bool may_stand_alone(tag_kind kind)
{
    return kind != TAG_VALUE && kind != TAG_LITERAL;
}

/* If the line holding tag `first` is blanks and standalone-capable tags
 * only, narrows the gaps to drop it and returns the last tag of the line;
 * otherwise returns `first` unchanged.  Block tags and comments may share a
 * standalone line; an include produces text, so it is standalone only alone
 * on its line (the blanks around it would otherwise vanish from between
 * included texts). */
static size_t drop_standalone_line(const parser *p, gap *gaps, size_t first)
{
    size_t line_begin = gaps[first].end;
    while (line_begin > gaps[first].begin && is_blank(p->text[line_begin - 1]))
        line_begin--;
    if (line_begin != 0 && p->text[line_begin - 1] != '\n')
        return first;
    for (size_t last = first; last < p->tag_count && may_stand_alone(p->tags[last].kind); last++) {
        size_t pos = skip_blanks(p, p->tags[last].end, p->length);
        size_t line_end = SIZE_MAX;
        if (pos == p->length)
            line_end = pos;
        else if (p->text[pos] == '\n')
            line_end = pos + 1;
        else if (p->text[pos] == '\r' && pos + 1 < p->length && p->text[pos + 1] == '\n')
            line_end = pos + 2;
        if (line_end != SIZE_MAX) {
            gaps[first].end = line_begin;
            for (size_t k = first + 1; k <= last; k++)
                gaps[k].end = gaps[k].begin; /* blanks between tags of the line */
            gaps[last + 1].begin = line_end;
            return last;
        }
        if (last + 1 == p->tag_count || p->tags[last + 1].begin != pos)
            break; /* something else follows on the line */
        if (p->tags[last].kind == TAG_INCLUDE || p->tags[last + 1].kind == TAG_INCLUDE)
            break;
    }
    return first;
}

static void apply_trim_markers(const parser *p, gap *gaps)
{
    for (size_t k = 0; k < p->tag_count; k++) {
        const tag *t = &p->tags[k];
        if (t->trim_before) {
            gap *g = &gaps[k];
            size_t end = t->begin;
            while (end > g->begin && is_space(p->text[end - 1]))
                end--;
            if (end < g->end)
                g->end = end;
        }
        if (t->trim_after) {
            gap *g = &gaps[k + 1];
            size_t begin = t->end;
            size_t limit = k + 1 < p->tag_count ? p->tags[k + 1].begin : p->length;
            while (begin < limit && is_space(p->text[begin]))
                begin++;
            if (begin > g->begin)
                g->begin = begin;
        }
    }
}

/* Returns the gaps (tag_count + 1 of them), narrowed. */
static gap *compute_gaps(const parser *p)
{
    size_t count = p->tag_count + 1;
    gap *gaps = must_realloc(NULL, count * sizeof *gaps);
    for (size_t k = 0; k < count; k++) {
        gaps[k].begin = k == 0 ? 0 : p->tags[k - 1].end;
        gaps[k].end = k == p->tag_count ? p->length : p->tags[k].begin;
    }
    for (size_t k = 0; k < p->tag_count; k++)
        k = drop_standalone_line(p, gaps, k);
    apply_trim_markers(p, gaps);
    return gaps;
}

/* ======================================================================
 * Parsing, step 3: the tree
 * ====================================================================== */

typedef enum frame_kind { FRAME_ROOT, FRAME_EACH, FRAME_IF, FRAME_UNLESS, FRAME_WITH } frame_kind;

/* A block being built.  The current body is block.children for the root and
 * #each, branch.children for #if and #unless (whose block.children collects
 * the finished branches). */
typedef struct frame {
    frame_kind kind;
    size_t open_at; /* the opening tag's "{{" */
    bool seen_else;
    node block;
    node branch;
} frame;

typedef struct builder {
    parser *p;
    frame *frames;
    size_t depth, capacity;
} builder;

static const char *const frame_words[] = {"", "each", "if", "unless", "with"};

static frame *top(builder *b)
{
    return &b->frames[b->depth - 1];
}

static node_list *current_body(builder *b)
{
    frame *f = top(b);
    return f->kind == FRAME_ROOT || f->kind == FRAME_EACH || f->kind == FRAME_WITH ? &f->block.children
                                                                                   : &f->branch.children;
}

static void push_frame(builder *b, frame_kind kind, size_t open_at, const node *block, const node *branch)
{
    b->frames = grow_array(b->frames, &b->capacity, b->depth + 1, sizeof *b->frames);
    b->frames[b->depth++] = (frame){.kind = kind, .open_at = open_at, .block = *block, .branch = *branch};
}

static void builder_free(builder *b)
{
    for (size_t i = 0; i < b->depth; i++) {
        node_list_free(&b->frames[i].block.children);
        node_list_free(&b->frames[i].branch.children);
    }
    free(b->frames);
}

static node leaf_from_tag(const tag *t, node_kind kind)
{
    node n = {.kind = kind, .text = t->name, .filter_count = t->filter_count};
    memcpy(n.filters, t->filters, sizeof n.filters);
    return n;
}

static void open_block(builder *b, const tag *t)
{
    node none = {0};
    if (t->kind == TAG_EACH) {
        node each = {.kind = NODE_EACH, .text = t->name};
        push_frame(b, FRAME_EACH, t->begin, &each, &none);
        return;
    }
    if (t->kind == TAG_WITH) {
        node with = {.kind = NODE_WITH, .text = t->name};
        push_frame(b, FRAME_WITH, t->begin, &with, &none);
        return;
    }
    node cond = {.kind = NODE_IF};
    node branch = {.kind = NODE_BRANCH, .text = t->name, .negate = t->kind == TAG_UNLESS};
    push_frame(b, t->kind == TAG_IF ? FRAME_IF : FRAME_UNLESS, t->begin, &cond, &branch);
}

/* {{#elif}} and {{#else}}: ends the current branch, starts the next. */
static int next_branch(builder *b, const tag *t)
{
    frame *f = top(b);
    const char *word = t->kind == TAG_ELIF ? "#elif" : "#else";
    if (f->kind == FRAME_UNLESS && t->kind == TAG_ELIF)
        return parse_fail(b->p, t->begin, "{{#elif}} inside {{#unless}}");
    if (f->kind != FRAME_IF && f->kind != FRAME_UNLESS)
        return parse_fail(b->p, t->begin, "{{%s}} outside {{#if}}", word);
    if (f->seen_else)
        return parse_fail(b->p, t->begin, "{{%s}} after {{#else}}", word);
    node_list_append(&f->block.children, &f->branch);
    f->branch = (node){.kind = NODE_BRANCH, .text = t->name, .is_else = t->kind == TAG_ELSE};
    f->seen_else = t->kind == TAG_ELSE;
    return 0;
}

static int close_block(builder *b, const tag *t)
{
    frame_kind wanted = t->kind == TAG_END_EACH   ? FRAME_EACH
                        : t->kind == TAG_END_WITH ? FRAME_WITH
                        : t->kind == TAG_END_IF   ? FRAME_IF
                                                  : FRAME_UNLESS;
    frame *f = top(b);
    if (f->kind == FRAME_ROOT)
        return parse_fail(b->p, t->begin, "{{/%s}} without {{#%s}}", frame_words[wanted], frame_words[wanted]);
    if (f->kind != wanted) {
        unsigned line, column;
        position_of(b->p->text, f->open_at, &line, &column);
        return parse_fail(b->p, t->begin, "{{/%s}} closes {{#%s}} opened at %u:%u", frame_words[wanted],
                          frame_words[f->kind], line, column);
    }
    if (f->kind == FRAME_IF || f->kind == FRAME_UNLESS)
        node_list_append(&f->block.children, &f->branch);
    node done = f->block;
    b->depth--;
    node_list_append(current_body(b), &done);
    return 0;
}

static int build_from_tag(builder *b, const tag *t)
{
    switch (t->kind) {
    case TAG_VALUE:
    case TAG_LITERAL:
    case TAG_INCLUDE: {
        node leaf = leaf_from_tag(t, t->kind == TAG_VALUE ? NODE_VALUE : t->kind == TAG_LITERAL ? NODE_LITERAL : NODE_INCLUDE);
        node_list_append(current_body(b), &leaf);
        return 0;
    }
    case TAG_COMMENT:
        return 0;
    case TAG_EACH:
    case TAG_WITH:
    case TAG_IF:
    case TAG_UNLESS:
        open_block(b, t);
        return 0;
    case TAG_ELIF:
    case TAG_ELSE:
        return next_branch(b, t);
    case TAG_END_EACH:
    case TAG_END_WITH:
    case TAG_END_IF:
    case TAG_END_UNLESS:
        return close_block(b, t);
    }
    return 0;
}

/* Builds the tree from the lexed tags and narrowed gaps into *root. */
static int build_tree(parser *p, const gap *gaps, node_list *root)
{
    builder b = {.p = p};
    node none = {0};
    push_frame(&b, FRAME_ROOT, 0, &none, &none);
    for (size_t k = 0; k <= p->tag_count; k++) {
        if (gaps[k].begin < gaps[k].end) {
            node text = {.kind = NODE_TEXT, .text = {gaps[k].begin, gaps[k].end - gaps[k].begin}};
            node_list_append(current_body(&b), &text);
        }
        if (k < p->tag_count && build_from_tag(&b, &p->tags[k]) != 0) {
            builder_free(&b);
            return -1;
        }
    }
    if (b.depth > 1) {
        frame *f = top(&b);
        parse_fail(p, f->open_at, "{{#%s}} is never closed", frame_words[f->kind]);
        builder_free(&b);
        return -1;
    }
    *root = b.frames[0].block.children;
    free(b.frames);
    return 0;
}

/* Gives each name of the tree its key numbers, once, so that rendering
 * compares numbers. */
static void intern_names(const template *t, node_list *list)
{
    for (size_t i = 0; i < list->count; i++) {
        node *n = &list->items[i];
        bool named = n->kind == NODE_VALUE || n->kind == NODE_EACH || n->kind == NODE_WITH ||
                     (n->kind == NODE_BRANCH && !n->is_else) || n->kind == NODE_INCLUDE;
        const char *name = t->text + n->text.offset;
        if (named && n->text.length && name[0] != '@') {
            size_t segments = 1;
            for (size_t k = 0; n->kind != NODE_INCLUDE && k < n->text.length; k++)
                segments += name[k] == '.';
            n->path = must_realloc(NULL, segments * sizeof *n->path);
            size_t begin = 0;
            for (size_t k = 0; k <= n->text.length; k++) {
                if (k < n->text.length && (n->kind == NODE_INCLUDE || name[k] != '.'))
                    continue;
                n->path[n->path_count++] = key_intern(name + begin, k - begin);
                begin = k + 1;
            }
        }
        intern_names(t, &n->children);
    }
}

static int parse_template(template *t, tmpl_error *err)
{
    parser p = {.name = t->name, .text = t->text, .length = t->length, .err = err};
    int rc = lex(&p);
    if (rc == 0) {
        gap *gaps = compute_gaps(&p);
        rc = build_tree(&p, gaps, &t->root);
        free(gaps);
    }
    if (rc == 0)
        intern_names(t, &t->root);
    free(p.tags);
    return rc;
}

/* ======================================================================
 * Template sets
 * ====================================================================== */

tmpl_set *tmpl_set_new(void)
{
    tmpl_set *set = must_realloc(NULL, sizeof *set);
    *set = (tmpl_set){0};
    return set;
}

void tmpl_set_free(tmpl_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->count; i++)
        template_free(&set->items[i]);
    free(set->items);
    free(set);
}

static const template *find_template(const tmpl_set *set, uint32_t key)
{
    for (size_t i = 0; i < set->count; i++)
        if (set->items[i].key == key)
            return &set->items[i];
    return NULL;
}

static const template *find_template_named(const tmpl_set *set, const char *name)
{
    return find_template(set, key_intern(name, strlen(name)));
}

static compiled_template *compiled_for(const char *name, const char *text, size_t length);

int tmpl_set_add(tmpl_set *set, const char *name, const char *text, size_t length, tmpl_error *err)
{
    tmpl_error ignored;
    if (!err)
        err = &ignored;
    if (!set || !name || (!text && length))
        misuse("tmpl_set_add", "NULL argument");
    template t = {.name = copy_bytes(name, strlen(name)), .key = key_intern(name, strlen(name)),
                  .text = copy_bytes(text ? text : "", length), .length = length};
    if (parse_template(&t, err) != 0) {
        template_free(&t);
        return -1;
    }
    t.compiled = compiled_for(t.name, t.text, t.length);
    /* A second template of the same name replaces the first. */
    template *old = (template *)find_template(set, t.key);
    if (old) {
        template_free(old);
        *old = t;
        return 0;
    }
    set->items = grow_array(set->items, &set->capacity, set->count + 1, sizeof *set->items);
    set->items[set->count++] = t;
    return 0;
}

bool tmpl_set_has(const tmpl_set *set, const char *name)
{
    return set && name && find_template_named(set, name) != NULL;
}

/* ======================================================================
 * Filters
 * ====================================================================== */

static void filter_case(const char *s, size_t n, buffer *out, bool upper)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (upper && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        else if (!upper && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        buffer_append_char(out, c);
    }
}

/* Eight bytes at a time, the filters skip what they copy as it is (most
 * of a Description): a word has a byte of value b when word ^ (b * ONES)
 * has a zero byte, and one below 0x20 when (word - 0x20 * ONES) & ~word
 * has a high bit set. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
#define ZERO_BYTE(v) (((v) - ONES) & ~(v) & HIGHS)

/* The bytes of `w` that may need a C string escape, as high bits.  Each
 * term flags its lowest matching byte exactly (borrows only run upward),
 * so the lowest flag of all is the first such byte. */
static uint64_t c_escape_marks(uint64_t w)
{
    return ((w - 0x20 * ONES) & ~w & HIGHS) | ZERO_BYTE(w ^ (0x7F * ONES)) | ZERO_BYTE(w ^ ('\\' * ONES)) |
           ZERO_BYTE(w ^ ('"' * ONES)) | ZERO_BYTE(w ^ ('?' * ONES));
}

static uint64_t comment_marks(uint64_t w)
{
    return ZERO_BYTE(w ^ ('*' * ONES)) | ZERO_BYTE(w ^ ('/' * ONES));
}

/* How many bytes of a word (as loaded by memcpy) come before its lowest
 * flagged one: the plain bytes a filter can skip at once.  Where the byte
 * order is not known, none (the filters then step a byte at a time). */
static size_t bytes_before_mark(uint64_t marks)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    return (size_t)__builtin_ctzll(marks) / 8;
#elif defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return (size_t)__builtin_clzll(marks) / 8;
#else
    (void)marks;
    return 0;
#endif
}

/* For the inside of a C string literal.  Octal escapes always get three
 * digits, so a digit that follows cannot extend them (a hex escape would
 * swallow any hex digit after it).  A '?' after a '?' becomes "\?" so no
 * trigraph can form.  Bytes >= 0x80 (UTF-8) are kept. */
static void filter_c_string(const char *s, size_t n, buffer *out)
{
    size_t run = 0; /* bytes copied as they are, appended in one go */
    for (size_t i = 0; i < n; i++) {
        uint64_t w, marks = 0;
        while (i + 8 <= n && (memcpy(&w, s + i, 8), !(marks = c_escape_marks(w))))
            i += 8;
        if (marks)
            i += bytes_before_mark(marks);
        if (i == n)
            break;
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != 0x7F && c != '\\' && c != '"' && (c != '?' || i == 0 || s[i - 1] != '?'))
            continue;
        buffer_append(out, s + run, i - run);
        run = i + 1;
        char octal[5];
        switch (c) {
        case '\\': buffer_append(out, "\\\\", 2); break;
        case '"': buffer_append(out, "\\\"", 2); break;
        case '\n': buffer_append(out, "\\n", 2); break;
        case '\t': buffer_append(out, "\\t", 2); break;
        case '\r': buffer_append(out, "\\r", 2); break;
        case '?': buffer_append(out, "\\?", 2); break;
        default:
            octal[0] = '\\';
            octal[1] = (char)('0' + (c >> 6));
            octal[2] = (char)('0' + ((c >> 3) & 7));
            octal[3] = (char)('0' + (c & 7));
            buffer_append(out, octal, 4);
        }
    }
    buffer_append(out, s + run, n - run);
}

/* For the inside of a comment: a space between '*' and '/' (either order)
 * so the text can neither end the comment nor open a nested one. */
static void filter_c_comment(const char *s, size_t n, buffer *out)
{
    size_t run = 0;
    for (size_t i = 1; i < n; i++) {
        uint64_t w, marks = 0;
        /* A word with neither mark cannot end a pair, nor (but at its last
         * byte, which the next step looks at again) begin one; in a word
         * with one, the bytes before the first cannot either. */
        while (i + 8 <= n && (memcpy(&w, s + i, 8), !(marks = comment_marks(w))))
            i += 8;
        if (marks)
            i += bytes_before_mark(marks);
        if (i >= n)
            break;
        if ((s[i - 1] == '*' && s[i] == '/') || (s[i - 1] == '/' && s[i] == '*')) {
            buffer_append(out, s + run, i - run);
            buffer_append_char(out, ' ');
            run = i;
        }
    }
    buffer_append(out, s + run, n - run);
}

static void apply_filter(filter_id id, const char *s, size_t n, buffer *out)
{
    switch (id) {
    case FILTER_UPPER: filter_case(s, n, out, true); break;
    case FILTER_LOWER: filter_case(s, n, out, false); break;
    case FILTER_C_STRING: filter_c_string(s, n, out); break;
    case FILTER_C_COMMENT: filter_c_comment(s, n, out); break;
    }
}

/* ======================================================================
 * Rendering
 * ====================================================================== */

/* One level of name lookup: the root map, or the item of an #each. */
typedef struct scope {
    const tmpl_value *map;
    const struct scope *outer;
    bool is_item;
    size_t index, count; /* of the item, for the @-names */
} scope;

typedef struct renderer {
    buffer out;
    buffer scratch[2]; /* filter chains ping-pong between these */
    tmpl_error *err;
    const tmpl_set *set;
    unsigned include_depth;
    bool include_noted; /* the error names the template that included its place */
} renderer;

static int render_list(renderer *r, const template *t, const node_list *list, const scope *sc);

static int render_fail(renderer *r, const template *t, size_t offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int render_fail(renderer *r, const template *t, size_t offset, const char *fmt, ...)
{
    va_list args;
    va_start(args, fmt);
    error_vset(r->err, t->name, t->text, offset, fmt, args);
    va_end(args);
    return -1;
}

/* The @-name whose second letter is `which` (@index, @number, @first,
 * @last), in *temp, or NULL outside {{#each}}. */
static const map_entry *ct_at_name(const scope *sc, char which, map_entry *temp, char *digits, size_t digits_size)
{
    while (sc && !sc->is_item)
        sc = sc->outer;
    if (!sc)
        return NULL;
    if (which == 'i' || which == 'n') {
        int n = snprintf(digits, digits_size, "%zu", sc->index + (which == 'n'));
        *temp = (map_entry){.kind = VALUE_STRING, .length = (size_t)n, .as.text = digits};
    } else {
        bool value = which == 'f' ? sc->index == 0 : sc->index + 1 == sc->count;
        *temp = (map_entry){.kind = VALUE_BOOL, .boolean = value};
    }
    return temp;
}

/* @index, @number, @first, @last of the innermost #each, as a value in
 * *temp (numbers are written to `digits`). */
static int resolve_at_name(renderer *r, const template *t, span name, const scope *sc, map_entry *temp,
                           char *digits, size_t digits_size)
{
    const char *word = t->text + name.offset;
    if (!ct_at_name(sc, word[1], temp, digits, digits_size))
        return render_fail(r, t, name.offset, "'%.*s' outside {{#each}}", (int)name.length, word);
    return 0;
}

/* Where segment `k` of a dotted name begins and ends (for messages only). */
static void segment_span(const char *path, size_t length, unsigned k, size_t *begin, size_t *end)
{
    size_t i = 0;
    for (; k > 0 && i < length; i++)
        if (path[i] == '.')
            k--;
    *begin = i;
    while (i < length && path[i] != '.')
        i++;
    *end = i;
}

/* Looks up a dotted name by its key numbers: the first segment in the
 * innermost scope that has it, the others by descending from there.
 * *temp and `digits` hold the value of an @-name. */
static int resolve_slow(renderer *r, const template *t, const node *n, const scope *sc, const map_entry **found,
                        map_entry *temp, char *digits, size_t digits_size)
{
    if (!n->path_count) {
        *found = temp;
        return resolve_at_name(r, t, n->text, sc, temp, digits, digits_size);
    }
    const map_entry *v = NULL;
    for (; sc && !v; sc = sc->outer)
        v = map_get(sc->map, n->path[0]);
    const char *path = t->text + n->text.offset;
    size_t begin, end;
    if (!v) {
        segment_span(path, n->text.length, 0, &begin, &end);
        return render_fail(r, t, n->text.offset, "'%.*s' is not defined", (int)end, path);
    }
    for (unsigned k = 1; k < n->path_count; k++) {
        const map_entry *inner = v->kind == VALUE_MAP ? map_get(v->as.child, n->path[k]) : NULL;
        if (!inner) {
            segment_span(path, n->text.length, k, &begin, &end);
            if (v->kind != VALUE_MAP)
                return render_fail(r, t, n->text.offset + begin, "'%.*s' is %s, not a map", (int)(begin - 1), path,
                                   kind_noun((value_kind)v->kind));
            return render_fail(r, t, n->text.offset + begin, "'%.*s' has no '%.*s'", (int)(begin - 1), path,
                               (int)(end - begin), path + begin);
        }
        v = inner;
    }
    *found = v;
    return 0;
}

/* The entry a dotted name of plain keys names, or NULL: the short path of
 * resolve, taken by nearly every tag. */
static inline const map_entry *lookup(const node *n, const scope *sc)
{
    if (!n->path_count)
        return NULL;
    const map_entry *v = NULL;
    for (; sc && !v; sc = sc->outer)
        v = map_get(sc->map, n->path[0]);
    for (unsigned k = 1; v && k < n->path_count; k++)
        v = v->kind == VALUE_MAP ? map_get(v->as.child, n->path[k]) : NULL;
    return v;
}

/* lookup, or for an @-name or a name that is not there resolve_slow: the
 * @-name's value, or the located error. */
static inline int resolve(renderer *r, const template *t, const node *n, const scope *sc, const map_entry **found,
                          map_entry *temp, char *digits, size_t digits_size)
{
    if ((*found = lookup(n, sc)) != NULL)
        return 0;
    return resolve_slow(r, t, n, sc, found, temp, digits, digits_size);
}

/* `s` through `count` (one or more) filters into the output. */
static void filter_chain(renderer *r, const unsigned char *filters, unsigned count, const char *s, size_t length)
{
    /* All but the last filter into scratch; the last one into the output. */
    for (unsigned i = 0; i + 1 < count; i++) {
        buffer *dest = &r->scratch[i % 2];
        dest->length = 0;
        apply_filter((filter_id)filters[i], s, length, dest);
        s = dest->data;
        length = dest->length;
    }
    apply_filter((filter_id)filters[count - 1], s, length, &r->out);
}

static inline void emit_filtered(renderer *r, const node *n, const char *s, size_t length)
{
    if (n->filter_count == 0)
        buffer_append(&r->out, s, length);
    else
        filter_chain(r, n->filters, n->filter_count, s, length);
}

static int render_value(renderer *r, const template *t, const node *n, const scope *sc)
{
    const map_entry *v;
    map_entry temp;
    char digits[24];
    if (resolve(r, t, n, sc, &v, &temp, digits, sizeof digits) != 0)
        return -1;
    if (v->kind == VALUE_BOOL)
        return render_fail(r, t, n->text.offset, "'%.*s' is a boolean; booleans are for {{#if}}, not for output",
                           (int)n->text.length, t->text + n->text.offset);
    if (v->kind != VALUE_STRING)
        return render_fail(r, t, n->text.offset, "'%.*s' is %s, not a string", (int)n->text.length,
                           t->text + n->text.offset, kind_noun((value_kind)v->kind));
    emit_filtered(r, n, v->as.text, v->length);
    return 0;
}

/* The list or map a section tag names ({{#each}}, {{#with}}), or a located
 * error naming what it is instead.  Only strings and booleans are made up
 * in the temporary, so a list or map found here outlives the call. */
static int resolve_section(renderer *r, const template *t, const node *n, const scope *sc, value_kind want,
                           const tmpl_value **out)
{
    const map_entry *v;
    map_entry unused;
    char digits[24];
    if (resolve(r, t, n, sc, &v, &unused, digits, sizeof digits) != 0)
        return -1;
    if (v->kind != want)
        return render_fail(r, t, n->text.offset, "'%.*s' is %s, not %s", (int)n->text.length,
                           t->text + n->text.offset, kind_noun((value_kind)v->kind),
                           want == VALUE_LIST ? "a list" : "a map");
    *out = v->as.child;
    return 0;
}

static int render_each(renderer *r, const template *t, const node *n, const scope *sc)
{
    const tmpl_value *list;
    if (resolve_section(r, t, n, sc, VALUE_LIST, &list) != 0)
        return -1;
    size_t count = list->as.list.count;
    for (size_t i = 0; i < count; i++) {
        scope item = {.map = list->as.list.items[i], .outer = sc, .is_item = true, .index = i, .count = count};
        if (render_list(r, t, &n->children, &item) != 0)
            return -1;
    }
    return 0;
}

/* {{#with name}}: the map becomes the innermost scope, so a partial written
 * for one shape of data can be rendered against any map of that shape. */
static int render_with(renderer *r, const template *t, const node *n, const scope *sc)
{
    const tmpl_value *map;
    if (resolve_section(r, t, n, sc, VALUE_MAP, &map) != 0)
        return -1;
    scope inner = {.map = map, .outer = sc};
    return render_list(r, t, &n->children, &inner);
}

static bool is_true(const map_entry *v)
{
    switch ((value_kind)v->kind) {
    case VALUE_BOOL: return v->boolean;
    case VALUE_STRING: return v->length > 0;
    case VALUE_LIST: return v->as.child->as.list.count > 0;
    case VALUE_MAP: return true;
    }
    return false;
}

static int render_if(renderer *r, const template *t, const node *n, const scope *sc)
{
    for (size_t i = 0; i < n->children.count; i++) {
        const node *branch = &n->children.items[i];
        if (!branch->is_else) {
            const map_entry *v;
            map_entry temp;
            char digits[24];
            if (resolve(r, t, branch, sc, &v, &temp, digits, sizeof digits) != 0)
                return -1;
            if (is_true(v) == branch->negate)
                continue;
        }
        return render_list(r, t, &branch->children, sc);
    }
    return 0;
}

/* Adds "(included from NAME:LINE:COL)" for the innermost include only. */
static void note_include(renderer *r, const template *t, size_t offset)
{
    if (r->include_noted)
        return;
    r->include_noted = true;
    unsigned line, column;
    position_of(t->text, offset, &line, &column);
    size_t used = strlen(r->err->message);
    snprintf(r->err->message + used, sizeof r->err->message - used, " (included from %s:%u:%u)", t->name, line,
             column);
}

static int render_include(renderer *r, const template *t, const node *n, const scope *sc)
{
    const char *name = t->text + n->text.offset;
    const template *included = find_template(r->set, n->path[0]);
    if (!included)
        return render_fail(r, t, n->text.offset, "no template named '%.*s'", (int)n->text.length, name);
    if (r->include_depth >= MAX_INCLUDE_DEPTH)
        return render_fail(r, t, n->text.offset, "includes nested deeper than %d levels (does '%.*s' include itself?)",
                           MAX_INCLUDE_DEPTH, (int)n->text.length, name);
    r->include_depth++;
    int rc = render_list(r, included, &included->root, sc);
    r->include_depth--;
    if (rc != 0)
        note_include(r, t, n->text.offset);
    return rc;
}

static int render_node(renderer *r, const template *t, const node *n, const scope *sc)
{
    switch (n->kind) {
    case NODE_TEXT:
        buffer_append(&r->out, t->text + n->text.offset, n->text.length);
        return 0;
    case NODE_LITERAL:
        emit_filtered(r, n, t->text + n->text.offset, n->text.length);
        return 0;
    case NODE_VALUE: return render_value(r, t, n, sc);
    case NODE_EACH: return render_each(r, t, n, sc);
    case NODE_WITH: return render_with(r, t, n, sc);
    case NODE_IF: return render_if(r, t, n, sc);
    case NODE_INCLUDE: return render_include(r, t, n, sc);
    case NODE_BRANCH: break; /* only inside NODE_IF */
    }
    return 0;
}

static int render_list(renderer *r, const template *t, const node_list *list, const scope *sc)
{
    for (size_t i = 0; i < list->count; i++)
        if (render_node(r, t, &list->items[i], sc) != 0)
            return -1;
    return 0;
}

/* ======================================================================
 * Compiled templates
 *
 * The built-in templates are also compiled to C when mofgen is built
 * (template_compile.c writes compiled_templates.inc from templates/).  A
 * compiled template does what render_list does on its tree, with the
 * walk over the tree, the dispatch on each node and the length of each
 * text gone (20 M nodes a 10 MB schema's emit renders).  It is used
 * only for a template whose text is byte for byte the one it was
 * compiled from; a --template-dir copy that differs is rendered from its
 * tree.  It reports no errors: where the tree would fail it returns -1,
 * and the render starts again on the tree, which says what is wrong.
 * ====================================================================== */

typedef struct compiled_entry {
    const char *name, *text; /* the template it was compiled from */
    size_t length;
    compiled_template *render;
} compiled_entry;

#ifdef MOFGEN_TEMPLATE_BOOTSTRAP
/* The build of mofgen_tmplc, which writes compiled_templates.inc: none yet. */
static const compiled_entry compiled_templates[1];
static const size_t compiled_template_count = 0;
static void compiled_keys_intern(void) {}
#else
/* The entry of a name's first segment: in the innermost scope that has it. */
static HOT_INLINE const map_entry *ct_find(const scope *sc, uint32_t key)
{
    const map_entry *v = NULL;
    for (; sc && !v; sc = sc->outer)
        v = map_get_hot(sc->map, key);
    return v;
}

/* The entry of a further segment, or NULL (also when `v` is NULL). */
static HOT_INLINE const map_entry *ct_child(const map_entry *v, uint32_t key)
{
    return v && v->kind == VALUE_MAP ? map_get_hot(v->as.child, key) : NULL;
}

/* {{name}}: the string `v`, through `count` filters. */
static HOT_INLINE int ct_put(renderer *r, const map_entry *v, const unsigned char *filters, unsigned count)
{
    if (!v || v->kind != VALUE_STRING)
        return -1;
    if (count == 0)
        buffer_append_hot(&r->out, v->as.text, v->length);
    else
        filter_chain(r, filters, count, v->as.text, v->length);
    return 0;
}

static HOT_INLINE void ct_text(renderer *r, const char *s, size_t n)
{
    buffer_append_hot(&r->out, s, n);
}

static HOT_INLINE const tmpl_value *ct_section(const map_entry *v, value_kind want)
{
    return v && v->kind == want ? v->as.child : NULL;
}

/* Whether `v` is true, or -1 when there is no `v`. */
static HOT_INLINE int ct_truth(const map_entry *v)
{
    return v ? is_true(v) : -1;
}

static inline int ct_include(renderer *r, uint32_t key, const scope *sc)
{
    const template *included = find_template(r->set, key);
    if (!included || r->include_depth >= MAX_INCLUDE_DEPTH)
        return -1;
    r->include_depth++;
    int rc = included->compiled && !r->set->tree_only ? included->compiled(r, sc)
                                                      : render_list(r, included, &included->root, sc);
    r->include_depth--;
    return rc;
}

#include "compiled_templates.inc"
#endif

/* The compiled form of template `name` if `text` is what it was compiled from. */
static compiled_template *compiled_for(const char *name, const char *text, size_t length)
{
    for (size_t i = 0; i < compiled_template_count; i++) {
        const compiled_entry *c = &compiled_templates[i];
        if (strcmp(c->name, name) == 0 && c->length == length && memcmp(c->text, text, length) == 0) {
            compiled_keys_intern();
            return c->render;
        }
    }
    return NULL;
}

void tmpl_set_use_compiled(tmpl_set *set, bool use)
{
    if (!set)
        misuse("tmpl_set_use_compiled", "NULL argument");
    set->tree_only = !use;
}

/* The buffers a renderer writes into, kept from one render to the next. */
struct tmpl_output {
    buffer out;
    buffer scratch[2];
};

tmpl_output *tmpl_output_new(void)
{
    tmpl_output *o = must_realloc(NULL, sizeof *o);
    *o = (tmpl_output){0};
    return o;
}

void tmpl_output_free(tmpl_output *o)
{
    if (!o)
        return;
    free(o->out.data);
    free(o->scratch[0].data);
    free(o->scratch[1].data);
    free(o);
}

int tmpl_render_into(const tmpl_set *set, const char *name, const tmpl_value *data, tmpl_output *output,
                     const char **text, size_t *length, tmpl_error *err)
{
    tmpl_error ignored;
    if (!err)
        err = &ignored;
    if (!set || !name || !output || !text)
        misuse("tmpl_render_into", "NULL argument");
    *text = NULL;
    if (length)
        *length = 0;
    const template *t = find_template_named(set, name);
    if (!t)
        return fail_at(err, name, NULL, 0, "no template named '%s'", name);
    if (!data || data->kind != VALUE_MAP)
        return fail_at(err, name, NULL, 0, "the data to render is not a map");

    renderer r = {.out = output->out, .scratch = {output->scratch[0], output->scratch[1]}, .err = err, .set = set};
    r.out.length = 0;
    /* Room for a typical generated file (tens of KB) from the start: grown
     * by doubling from nothing, each file was copied half a dozen times. */
    buffer_grow(&r.out, 64 * 1024);
    scope root = {.map = data};
    int rc = -1;
    if (t->compiled && !set->tree_only) {
        rc = t->compiled(&r, &root);
        if (rc != 0) { /* the tree renders it again and says why */
            r.out.length = 0;
            r.include_depth = 0;
            r.include_noted = false; /* a tree under a compiled include may have noted its place */
        }
    }
    if (rc != 0) {
        rc = render_list(&r, t, &t->root, &root);
#ifndef NDEBUG
        if (rc == 0 && t->compiled && !set->tree_only)
            misuse("tmpl_render_into", "a compiled template failed where its tree does not");
#endif
    }
    if (rc == 0)
        buffer_append_char(&r.out, '\0');
    output->out = r.out;
    output->scratch[0] = r.scratch[0];
    output->scratch[1] = r.scratch[1];
    if (rc != 0)
        return -1;
    *text = r.out.data;
    if (length)
        *length = r.out.length - 1;
    return 0;
}

int tmpl_render(const tmpl_set *set, const char *name, const tmpl_value *data, char **out, size_t *out_length,
                tmpl_error *err)
{
    if (!set || !name || !out)
        misuse("tmpl_render", "NULL argument");
    *out = NULL;
    if (out_length)
        *out_length = 0;
    tmpl_output *output = tmpl_output_new();
    const char *text;
    int rc = tmpl_render_into(set, name, data, output, &text, out_length, err);
    if (rc == 0) {
        *out = output->out.data; /* handed over */
        output->out = (buffer){0};
    }
    tmpl_output_free(output);
    return rc;
}
