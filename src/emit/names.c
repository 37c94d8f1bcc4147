/*
 * names.c - MOF names to C identifiers (see names.h).
 */
#include "names.h"

#include "hash.h"

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

/* names_is_reserved, given the name's hash (name_hash): a claim checks
 * the scope and the reserved words with one hash of the name. */
static bool is_reserved(const char *id, size_t hash)
{
    /* C11 and C++ keywords, the names the generated code uses itself, and
     * the macros of the headers it includes (and errno, which a user's file
     * may include before it: a member named SIZE_MAX would become a
     * number).  Looked up through a hash set made at the first call: this
     * runs for every name claimed, millions of times for a large schema. */
    static const char *const reserved[] = {
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
    enum { WORDS = sizeof reserved / sizeof reserved[0], SLOTS = 512 };
    /* With each word's hash: a probe compares text only when the hashes
     * are equal (a quarter of the slots are taken, and most names probe
     * one). */
    static struct {
        const char *word;
        size_t hash;
    } set[SLOTS];
    static bool made;
    if (!made) {
        for (size_t i = 0; i < WORDS; i++) {
            size_t h = name_hash(reserved[i]), k = h & (SLOTS - 1);
            while (set[k].word)
                k = (k + 1) & (SLOTS - 1);
            set[k].word = reserved[i];
            set[k].hash = h;
        }
        made = true;
    }
    for (size_t k = hash & (SLOTS - 1); set[k].word; k = (k + 1) & (SLOTS - 1))
        if (set[k].hash == hash && strcmp(set[k].word, id) == 0)
            return true;
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

/* Records `name` (of hash `hash`) unless it is there already; false then. */
static bool add_name(name_scope *s, char *name, size_t hash)
{
    if (2 * (s->count + 1) > s->capacity)
        rehash(s, 2 * s->capacity);
    name_slot *slot = find_slot(s->slots, s->capacity, name, hash);
    if (slot->name)
        return false;
    *slot = (name_slot){name, hash};
    s->count++;
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

char *names_safe(arena *a, const char *id)
{
    /* A suffix cannot make __x or _X free, and C++ reserves any name with
     * "__" in it: the leading '_'s become one "mof_" (__PATH: mof_PATH). */
    if (id[0] == '_' && (id[1] == '_' || (id[1] >= 'A' && id[1] <= 'Z') || id[1] == '\0')) {
        while (*id == '_')
            id++;
        return *id ? arena_printf(a, "mof_%s", id) : arena_strdup(a, "mof");
    }
    if (names_is_reserved(id))
        return arena_printf(a, "%s_", id);
    return arena_strdup(a, id);
}

/* Claims `name` (in the scope's arena, of hash `hash`, just found free):
 * as it is unless the implementation reserves it, else as names_claim
 * makes it. */
static char *claim_free_hashed(name_scope *s, char *name, size_t hash)
{
    bool unsafe = (name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z') || name[1] == '\0')) ||
                  is_reserved(name, hash);
    if (!unsafe && add_name(s, name, hash))
        return name;
    return names_claim(s, name);
}

/* `pattern` with `base` (of `base_length` bytes) for its "%s", in `a`;
 * its length in *length. */
static char *fill(arena *a, const char *pattern, const char *base, size_t base_length, size_t *length)
{
    size_t before = 0;
    while (pattern[before] != '%')
        before++;
    const char *after = pattern + before + 2;
    size_t after_length = strlen(after);
    *length = before + base_length + after_length;
    char *s = arena_alloc_bytes(a, *length + 1);
    memcpy(s, pattern, before);
    memcpy(s + before, base, base_length);
    memcpy(s + before + base_length, after, after_length + 1);
    return s;
}

const char *names_claim_family(name_scope *s, const char *wanted, const char *const *patterns, size_t count)
{
    enum { MOST = 32 };
    if (count > MOST)
        abort(); /* a family longer than any mofgen has */
    const char *safe = names_safe(s->arena, wanted), *base = safe;
    char *names[MOST];
    size_t hashes[MOST];
    /* Each name is built and hashed once: checked here, claimed below. */
    for (unsigned k = 2;; k++) {
        size_t base_length = strlen(base), length;
        bool all_free = true;
        for (size_t i = 0; i < count && all_free; i++) {
            names[i] = fill(s->arena, patterns[i], base, base_length, &length);
            hashes[i] = (size_t)hash_text(names[i], length, HASH_EXACT);
            all_free = !taken(s, names[i], hashes[i]);
        }
        if (all_free)
            break;
        base = arena_printf(s->arena, "%s_%u", safe, k);
    }
    for (size_t i = 0; i < count; i++)
        claim_free_hashed(s, names[i], hashes[i]);
    return base;
}

char *names_claim(name_scope *s, const char *wanted)
{
    char *base = names_safe(s->arena, wanted);
    char *name = base;
    size_t hash = name_hash(name);
    for (unsigned k = 2; taken(s, name, hash); k++) {
        name = arena_printf(s->arena, "%s_%u", base, k);
        hash = name_hash(name);
    }
    add_name(s, name, hash);
    return name;
}
