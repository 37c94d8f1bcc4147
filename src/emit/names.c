/*
 * names.c - MOF names to C identifiers (see names.h).
 */
#include "names.h"

#include "hash.h"
#include "inlining.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *names_c_identifier(arena *a, const char *text)
{
    size_t n = strlen(text);
    char *out = arena_alloc_bytes(a, n * 3 + 2);
    size_t o = 0;
    if (n == 0 || (text[0] >= '0' && text[0] <= '9'))
        out[o++] = '_';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)text[i];
        bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (c >= 0x80) {
            o += (size_t)sprintf(out + o, "x%02X", c);
        } else if (word) {
            out[o++] = (char)c;
        } else if (o > 0 && out[o - 1] != '_') {
            out[o++] = '_';
        }
    }
    while (o > 1 && out[o - 1] == '_')
        o--;
    if (o == 0)
        out[o++] = '_';
    out[o] = '\0';
    return out;
}

static size_t name_hash(const char *name)
{
    return (size_t)hash_text(name, strlen(name), HASH_EXACT);
}

/* C11 and C++ keywords, the names the generated code uses itself, and the
 * macros of the headers it includes (and errno, which a user's file may
 * include before it: a member named SIZE_MAX would become a number). */
static const char *const reserved_words[] = {
    "EOF", "INTMAX_C", "INTMAX_MAX", "INTMAX_MIN", "INTPTR_MAX", "INTPTR_MIN", "NULL", "PTRDIFF_MAX",
    "PTRDIFF_MIN", "SIG_ATOMIC_MAX", "SIG_ATOMIC_MIN", "SIZE_MAX", "UINTMAX_C", "UINTMAX_MAX", "UINTPTR_MAX",
    "WCHAR_MAX", "WCHAR_MIN", "WINT_MAX", "WINT_MIN", "_Alignas", "_Alignof", "_Atomic", "_Bool", "_Complex",
    "_Generic", "_Imaginary", "_Noreturn", "_Static_assert", "_Thread_local", "__bool_true_false_are_defined",
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case", "catch",
    "char", "char16_t", "char32_t", "class", "co_await", "co_return", "co_yield", "compl", "concept", "const",
    "const_cast", "consteval", "constexpr", "constinit", "continue", "decltype", "default", "delete", "do",
    "double", "dynamic_cast", "else", "enum", "errno", "explicit", "export", "extern", "false", "float", "for",
    "friend", "goto", "if", "inline", "int", "long", "mofgen_empty", "mofgen_present", "mutable", "namespace", "new",
    "noexcept", "not", "not_eq", "nullptr", "offsetof", "operator", "or", "or_eq", "private", "protected",
    "public", "register", "reinterpret_cast", "requires", "restrict", "return", "short", "signed", "sizeof",
    "static", "static_assert", "static_cast", "struct", "switch", "template", "this", "thread_local", "throw",
    "true", "try", "typedef", "typeid", "typename", "union", "unsigned", "using", "virtual", "void", "volatile",
    "wchar_t", "while", "xor", "xor_eq",
};

/* The words through a hash set made at the first call, with each word's
 * hash: this runs for every name claimed, millions of times for a large
 * schema, and a probe compares text only when the hashes are equal (a
 * quarter of the slots are taken, and most names probe one). */
enum { RESERVED_SLOTS = 512 };
static struct {
    const char *word;
    size_t hash;
} reserved_set[RESERVED_SLOTS];
static bool reserved_set_made;

static NOINLINE void make_reserved_set(void)
{
    for (size_t i = 0; i < sizeof reserved_words / sizeof reserved_words[0]; i++) {
        size_t h = name_hash(reserved_words[i]), k = h & (RESERVED_SLOTS - 1);
        while (reserved_set[k].word)
            k = (k + 1) & (RESERVED_SLOTS - 1);
        reserved_set[k].word = reserved_words[i];
        reserved_set[k].hash = h;
    }
    reserved_set_made = true;
}

/* The reserved names that are patterns rather than words. */
static NOINLINE bool reserved_pattern(const char *id)
{
    /* [U]INTn_MIN/_MAX/_C and the LEAST/FAST forms of <stdint.h>. */
    const char *rest = id[0] == 'U' ? id + 1 : id;
    if (strncmp(rest, "INT", 3) == 0) {
        rest += 3;
        if (strncmp(rest, "_LEAST", 6) == 0)
            rest += 6;
        else if (strncmp(rest, "_FAST", 5) == 0)
            rest += 5;
        if (rest[0] >= '0' && rest[0] <= '9') {
            while (*rest >= '0' && *rest <= '9')
                rest++;
            if (strcmp(rest, "_MIN") == 0 || strcmp(rest, "_MAX") == 0 || strcmp(rest, "_C") == 0)
                return true;
        }
    }
    /* _Upper and __x are the implementation's. */
    return id[0] == '_' && (id[1] == '_' || (id[1] >= 'A' && id[1] <= 'Z'));
}

/* names_is_reserved, given the name's hash (name_hash): a claim checks
 * the scope and the reserved words with one hash of the name.  Inline,
 * and the rare parts out of line: a call that saves no registers. */
static inline bool is_reserved(const char *id, size_t hash)
{
    if (!reserved_set_made)
        make_reserved_set();
    for (size_t k = hash & (RESERVED_SLOTS - 1); reserved_set[k].word; k = (k + 1) & (RESERVED_SLOTS - 1))
        if (reserved_set[k].hash == hash && strcmp(reserved_set[k].word, id) == 0)
            return true;
    return (id[0] == 'I' || id[0] == 'U' || id[0] == '_') && reserved_pattern(id);
}

bool names_is_reserved(const char *id)
{
    return is_reserved(id, name_hash(id));
}

/* A hash set of the names claimed in one scope: a class has thousands of
 * generated names when it has hundreds of properties, and each claim
 * checks a whole family of them.  A slot keeps its name's hash, so that
 * growing does not hash every name again and a probe compares text only
 * when the hashes are equal. */
typedef struct name_slot {
    char *name; /* NULL = free */
    size_t hash;
} name_slot;

struct name_scope {
    arena *arena;
    bool prefixed; /* every name gets a prefix: what the implementation reserves does not matter */
    name_slot *slots; /* open addressing, grown at half full */
    size_t capacity, count;
};

name_scope *names_scope_new(arena *a)
{
    name_scope *s = arena_alloc(a, sizeof *s);
    s->arena = a;
    s->capacity = 64;
    s->slots = arena_alloc(a, s->capacity * sizeof *s->slots);
    return s;
}

static name_slot *find_slot(name_slot *slots, size_t capacity, const char *name, size_t hash)
{
    size_t i = hash & (capacity - 1);
    while (slots[i].name && (slots[i].hash != hash || strcmp(slots[i].name, name) != 0))
        i = (i + 1) & (capacity - 1);
    return &slots[i];
}

/* Moves the scope's names to a table of `capacity` slots. */
static void rehash(name_scope *s, size_t capacity)
{
    name_slot *slots = arena_alloc(s->arena, capacity * sizeof *slots);
    for (size_t i = 0; i < s->capacity; i++)
        if (s->slots[i].name)
            *find_slot(slots, capacity, s->slots[i].name, s->slots[i].hash) = s->slots[i];
    s->slots = slots;
    s->capacity = capacity;
}

/* Records `name` (of hash `hash`) in `slot`, the free slot find_slot gave
 * for it: unless the scope must grow first, and then in its new place. */
static void add_at(name_scope *s, name_slot *slot, char *name, size_t hash)
{
    if (2 * (s->count + 1) > s->capacity) {
        rehash(s, 2 * s->capacity);
        slot = find_slot(s->slots, s->capacity, name, hash);
    }
    *slot = (name_slot){name, hash};
    s->count++;
}

/* Records `name` (of hash `hash`) unless it is there already; false then. */
static bool add_name(name_scope *s, char *name, size_t hash)
{
    name_slot *slot = find_slot(s->slots, s->capacity, name, hash);
    if (slot->name)
        return false;
    add_at(s, slot, name, hash);
    return true;
}

void names_scope_reserve(name_scope *s, size_t names)
{
    size_t capacity = s->capacity;
    while (capacity / 2 < s->count + names) {
        if (capacity > SIZE_MAX / 2 / sizeof *s->slots)
            out_of_memory();
        capacity *= 2;
    }
    if (capacity != s->capacity)
        rehash(s, capacity);
}

void names_each(const name_scope *s, void (*fn)(const char *name, void *context), void *context)
{
    for (size_t i = 0; i < s->capacity; i++)
        if (s->slots[i].name)
            fn(s->slots[i].name, context);
}

name_scope *names_prefixed_scope_new(arena *a)
{
    name_scope *s = names_scope_new(a);
    s->prefixed = true;
    return s;
}

static bool taken(const name_scope *s, const char *name, size_t hash)
{
    return find_slot(s->slots, s->capacity, name, hash)->name != NULL || (!s->prefixed && is_reserved(name, hash));
}

/* Names the C implementation keeps for itself whatever follows: __x, _X
 * and a lone '_'.  No suffix makes them free. */
static bool implementation_reserved(const char *id)
{
    return id[0] == '_' && (id[1] == '_' || (id[1] >= 'A' && id[1] <= 'Z') || id[1] == '\0');
}

/* names_safe, with the result's length and hash: a claim hashes the name
 * it is given once, and copies it once. */
static char *safe_hashed(arena *a, const char *id, size_t *length, size_t *hash)
{
    size_t n = strlen(id);
    char *safe;
    if (implementation_reserved(id)) {
        /* C++ reserves any name with "__" in it too: the leading '_'s
         * become one "mof_" (__PATH: mof_PATH). */
        while (*id == '_')
            id++;
        safe = *id ? arena_join3(a, "mof_", id, "") : arena_strdup(a, "mof");
        n = strlen(safe);
    } else {
        size_t h = (size_t)hash_text(id, n, HASH_EXACT);
        bool keyword = is_reserved(id, h);
        safe = arena_alloc_bytes(a, n + 2);
        memcpy(safe, id, n);
        if (!keyword) {
            safe[n] = '\0';
            *length = n;
            *hash = h;
            return safe;
        }
        safe[n++] = '_';
        safe[n] = '\0';
    }
    *length = n;
    *hash = (size_t)hash_text(safe, n, HASH_EXACT);
    return safe;
}

char *names_safe(arena *a, const char *id)
{
    size_t length, hash;
    return safe_hashed(a, id, &length, &hash);
}

/* The part of a family pattern before its "%s" and the part after. */
typedef struct pattern_parts {
    const char *after;
    size_t before_length, after_length;
} pattern_parts;

static pattern_parts split_pattern(const char *pattern)
{
    size_t before = 0;
    while (pattern[before] != '%')
        before++;
    const char *after = pattern + before + 2;
    return (pattern_parts){after, before, strlen(after)};
}

/* `pattern` (split into `parts`) with `base` for its "%s", in `a`; its
 * length in *length. */
static char *fill(arena *a, const char *pattern, pattern_parts parts, const char *base, size_t base_length,
                  size_t *length)
{
    *length = parts.before_length + base_length + parts.after_length;
    char *s = arena_alloc_bytes(a, *length + 1);
    memcpy(s, pattern, parts.before_length);
    memcpy(s + parts.before_length, base, base_length);
    memcpy(s + parts.before_length + base_length, parts.after, parts.after_length + 1);
    return s;
}

const char *names_claim_family(name_scope *s, const char *wanted, const char *const *patterns, size_t count)
{
    enum { MOST = 32 };
    if (count > MOST)
        abort(); /* a family longer than any mofgen has */
    size_t safe_length, safe_hash;
    const char *safe = safe_hashed(s->arena, wanted, &safe_length, &safe_hash), *base = safe;
    size_t base_length = safe_length;
    pattern_parts parts[MOST];
    for (size_t i = 0; i < count; i++)
        parts[i] = split_pattern(patterns[i]);
    /* Room for the whole family: the free slots found below stay where
     * they are while it is claimed (each member claims one name). */
    names_scope_reserve(s, count);
    char *names[MOST];
    size_t hashes[MOST];
    name_slot *slots[MOST];
    bool unsafe[MOST];
    /* Each name is built, hashed and looked up once: checked here,
     * claimed below. */
    for (unsigned k = 2;; k++) {
        bool all_free = true;
        for (size_t i = 0; i < count && all_free; i++) {
            size_t length;
            names[i] = fill(s->arena, patterns[i], parts[i], base, base_length, &length);
            hashes[i] = (size_t)hash_text(names[i], length, HASH_EXACT);
            slots[i] = find_slot(s->slots, s->capacity, names[i], hashes[i]);
            bool keyword = is_reserved(names[i], hashes[i]);
            unsafe[i] = keyword || implementation_reserved(names[i]);
            all_free = !slots[i]->name && (s->prefixed || !keyword);
        }
        if (all_free)
            break;
        char *next = arena_printf(s->arena, "%s_%u", safe, k);
        base = next;
        base_length = strlen(next);
    }
    /* In order: a member the implementation reserves is claimed as
     * names_claim makes it, and may take a later member's name first. */
    for (size_t i = 0; i < count; i++) {
        name_slot *slot = slots[i];
        while (!unsafe[i] && slot->name) {
            if (slot->hash == hashes[i] && strcmp(slot->name, names[i]) == 0)
                break;
            slot = &s->slots[(size_t)(slot - s->slots + 1) & (s->capacity - 1)];
        }
        if (unsafe[i] || slot->name)
            names_claim(s, names[i]);
        else
            add_at(s, slot, names[i], hashes[i]);
    }
    return base;
}

char *names_claim(name_scope *s, const char *wanted)
{
    size_t length, hash;
    char *base = safe_hashed(s->arena, wanted, &length, &hash);
    name_slot *slot = find_slot(s->slots, s->capacity, base, hash);
    if (!slot->name && (s->prefixed || !is_reserved(base, hash))) {
        add_at(s, slot, base, hash);
        return base;
    }
    char *name = base;
    for (unsigned k = 2; taken(s, name, hash); k++) {
        name = arena_printf(s->arena, "%s_%u", base, k);
        hash = name_hash(name);
    }
    add_name(s, name, hash);
    return name;
}
