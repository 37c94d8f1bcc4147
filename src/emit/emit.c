/*
 * emit.c - the data tree each class is rendered from, and the rendering.
 *
 * Everything a template could compute itself but should not (C types, name
 * sanitising, enum constant values, the name hash table) is decided here,
 * once, so the templates stay readable and a user's copy of them cannot get
 * the tricky parts wrong.
 */
#include "emit.h"

#include "builtin_templates.h"
#include "codec_data.h"
#include "encode_data.h"
#include "names.h"
#include "suggest.h"
#include "template.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The CIM name of each runtime type: the key c_spellings.tmpl spells it
 * under ("type.uint32", "runtime.uint32"). */
static const char *const type_keys[] = {
    [MOFRT_BOOLEAN] = "boolean", [MOFRT_UINT8] = "uint8",     [MOFRT_SINT8] = "sint8",   [MOFRT_UINT16] = "uint16",
    [MOFRT_SINT16] = "sint16",   [MOFRT_UINT32] = "uint32",   [MOFRT_SINT32] = "sint32", [MOFRT_UINT64] = "uint64",
    [MOFRT_SINT64] = "sint64",   [MOFRT_REAL32] = "real32",   [MOFRT_REAL64] = "real64", [MOFRT_CHAR16] = "char16",
    [MOFRT_STRING] = "string",   [MOFRT_DATETIME] = "datetime", [MOFRT_REFERENCE] = "reference",
    [MOFRT_INSTANCE] = "instance",
};

/* ---- c_spellings.tmpl: how the C code spells what is computed here ---------- */

/* Every name the table must give, and how many "%s" its text has. */
static const struct spelling_name {
    const char *name;
    int placeholders;
} spelling_names[] = {
    {"type.boolean", 0}, {"type.uint8", 0}, {"type.sint8", 0}, {"type.uint16", 0}, {"type.sint16", 0},
    {"type.uint32", 0}, {"type.sint32", 0}, {"type.uint64", 0}, {"type.sint64", 0}, {"type.real32", 0},
    {"type.real64", 0}, {"type.char16", 0}, {"type.string", 0}, {"type.datetime", 0}, {"type.object", 1},
    {"param.string", 0}, {"param.datetime", 0}, {"param.object", 1},
    {"array.member", 1}, {"array.member_of_pointers", 1}, {"array.get", 1}, {"array.get_pointers", 1},
    {"array.set", 1}, {"array.set_pointers", 1},
    {"runtime.boolean", 0}, {"runtime.uint8", 0}, {"runtime.sint8", 0}, {"runtime.uint16", 0},
    {"runtime.sint16", 0}, {"runtime.uint32", 0}, {"runtime.sint32", 0}, {"runtime.uint64", 0},
    {"runtime.sint64", 0}, {"runtime.real32", 0}, {"runtime.real64", 0}, {"runtime.char16", 0},
    {"runtime.string", 0}, {"runtime.datetime", 0}, {"runtime.reference", 0}, {"runtime.instance", 0},
    {"flag.key", 0}, {"flag.read", 0}, {"flag.write", 0}, {"flag.array", 0}, {"flag.required", 0},
    {"flag.join", 0}, {"flag.none", 0},
    {"bound.unsigned", 1}, {"bound.negative", 1}, {"bound.int64_min", 0},
    {"literal.true", 0}, {"literal.false", 0}, {"literal.unsigned", 1}, {"literal.negative", 1},
    {"literal.int64_min", 0}, {"literal.real", 1},
};
#define SPELLING_COUNT (sizeof spelling_names / sizeof spelling_names[0])

#define TYPE_COUNT (sizeof type_keys / sizeof type_keys[0])

typedef struct spellings {
    char *text[SPELLING_COUNT];
    /* "type.X" and "runtime.X" by runtime type, looked up once at load:
     * they are spelt for every property. NULL where the table has none. */
    const char *type[TYPE_COUNT], *runtime[TYPE_COUNT];
} spellings;

static int spelling_index(const char *name, size_t length)
{
    for (size_t i = 0; i < SPELLING_COUNT; i++)
        if (strlen(spelling_names[i].name) == length && memcmp(spelling_names[i].name, name, length) == 0)
            return (int)i;
    return -1;
}

/* The text for `name`, with `arg` in place of its "%s" (NULL: none). */
static const char *spell(arena *a, const spellings *sp, const char *name, const char *arg)
{
    int i = spelling_index(name, strlen(name));
    if (i < 0)
        abort(); /* a name this file uses but spelling_names lacks */
    const char *text = sp->text[i], *hole = strstr(text, "%s");
    if (!hole)
        return text;
    return arena_printf(a, "%.*s%s%s", (int)(hole - text), text, arg ? arg : "", hole + 2);
}

static const char *spell_type(const char *const *group, mofrt_type t)
{
    if (!group[t])
        abort(); /* a type with no spelling of that kind: a bug in this file */
    return group[t];
}

/* Fills sp->type and sp->runtime from the table just read. */
static void index_type_spellings(spellings *sp)
{
    for (size_t t = 0; t < TYPE_COUNT; t++) {
        char key[64];
        int i;
        snprintf(key, sizeof key, "type.%s", type_keys[t]);
        sp->type[t] = (i = spelling_index(key, strlen(key))) >= 0 ? sp->text[i] : NULL;
        snprintf(key, sizeof key, "runtime.%s", type_keys[t]);
        sp->runtime[t] = (i = spelling_index(key, strlen(key))) >= 0 ? sp->text[i] : NULL;
    }
}

/* Reads the table's lines ('name "text"', '#' comments) into `sp`,
 * replacing what is there; `file` names it in errors.  0 or -1. */
static int spellings_read(spellings *sp, const char *text, size_t length, const char *file, diag_engine *diag)
{
    unsigned line = 1;
    for (size_t i = 0; i < length; line++) {
        size_t end = i;
        while (end < length && text[end] != '\n')
            end++;
        size_t k = i;
        while (k < end && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r'))
            k++;
        if (k < end && text[k] != '#') {
            size_t name_at = k;
            while (k < end && text[k] != ' ' && text[k] != '\t' && text[k] != '\r')
                k++;
            int index = spelling_index(text + name_at, k - name_at);
            if (index < 0) {
                diag_file_error(diag, file, line, (unsigned)(name_at - i + 1), "unknown name '%.*s'",
                                (int)(k - name_at), text + name_at);
                return -1;
            }
            while (k < end && (text[k] == ' ' || text[k] == '\t'))
                k++;
            if (k >= end || text[k] != '"') {
                diag_file_error(diag, file, line, (unsigned)(k - i + 1), "expected a quoted text after '%s'",
                                spelling_names[index].name);
                return -1;
            }
            char *value = malloc(end - k + 1);
            if (!value)
                abort();
            size_t n = 0, q = k + 1;
            for (; q < end && text[q] != '"'; q++) {
                if (text[q] == '\\' && (q + 1 >= end || (text[q + 1] != '"' && text[q + 1] != '\\'))) {
                    diag_file_error(diag, file, line, (unsigned)(q - i + 1), "unknown escape: the only escapes are \\\" and \\\\");
                    free(value);
                    return -1;
                }
                value[n++] = text[q] == '\\' ? text[++q] : text[q];
            }
            value[n] = '\0';
            size_t after = q + 1;
            while (after < end && (text[after] == ' ' || text[after] == '\t' || text[after] == '\r'))
                after++;
            if (q < end && after < end && text[after] != '#') {
                diag_file_error(diag, file, line, (unsigned)(after - i + 1), "unexpected text after the quoted text");
                free(value);
                return -1;
            }
            if (q < end && n == 0) {
                diag_file_error(diag, file, line, (unsigned)(k - i + 1), "the text of '%s' is empty",
                                spelling_names[index].name);
                free(value);
                return -1;
            }
            int holes = 0;
            for (const char *h = value; (h = strchr(h, '%')); h++)
                holes += h[1] == 's' ? 1 : 100;
            if (q >= end || holes != spelling_names[index].placeholders) {
                if (q >= end)
                    diag_file_error(diag, file, line, (unsigned)(k - i + 1), "the text is not closed by '\"'");
                else
                    diag_file_error(diag, file, line, (unsigned)(k - i + 1), "'%s' takes %s", spelling_names[index].name,
                                    spelling_names[index].placeholders ? "one %s and no other '%'" : "no '%'");
                free(value);
                return -1;
            }
            free(sp->text[index]);
            sp->text[index] = value;
        }
        i = end + 1;
    }
    return 0;
}

static void spellings_free(spellings *sp)
{
    for (size_t i = 0; i < SPELLING_COUNT; i++)
        free(sp->text[i]);
}

static bool is_signed_type(mofrt_type t)
{
    return t == MOFRT_SINT8 || t == MOFRT_SINT16 || t == MOFRT_SINT32 || t == MOFRT_SINT64;
}

static bool is_integer_type(mofrt_type t)
{
    return t >= MOFRT_UINT8 && t <= MOFRT_SINT64;
}

/* The class's own C name: its MOF name made an identifier, after its
 * namespace's (root\cimv2 -> root_cimv2_) with --namespace-prefix.  A class
 * may not take the runtime's names (mofrt.h, mofrt_class): those get "mof_". */
static char *class_c_name(arena *a, const emit_options *opts, const model_class *c)
{
    const char *name = opts->namespace_prefix ? arena_printf(a, "%s_%s", c->namespace_name, c->name) : c->name;
    char *id = names_safe(a, names_c_identifier(a, name));
    if (strcmp(id, "mofrt") == 0 || strncmp(id, "mofrt_", 6) == 0)
        return arena_printf(a, "mof_%s", id);
    return id;
}

static const char *basename_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* A C literal for an enum bound, given as bits of a uint64_t. */
static const char *bound_literal(arena *a, const spellings *sp, uint64_t bits, bool is_signed)
{
    if (is_signed && (int64_t)bits < 0) {
        if ((int64_t)bits == INT64_MIN)
            return spell(a, sp, "bound.int64_min", NULL);
        return spell(a, sp, "bound.negative", arena_printf(a, "%" PRIu64, 0 - bits));
    }
    return spell(a, sp, "bound.unsigned", arena_printf(a, "%" PRIu64, bits));
}

/* The value of an enum constant as a C literal of the property's type. */
static void constant_literal(char *out, size_t size, uint64_t bits, mofrt_type t)
{
    if (is_signed_type(t))
        snprintf(out, size, "%" PRId64, (int64_t)bits);
    else
        snprintf(out, size, "%" PRIu64, bits);
}

static bool fits_int(uint64_t bits, mofrt_type t)
{
    if (is_signed_type(t))
        return (int64_t)bits >= INT_MIN && (int64_t)bits <= INT_MAX;
    return bits <= INT_MAX;
}

/* The ValueMap of property or parameter `p`.  `fn` is its claimed name base
 * (see property_family and parameter_family); each single value gets a C
 * constant claimed in `globals`. */
static void add_enum(arena *a, const spellings *sp, tmpl_value *pd, const model_property *p, const char *class_c, const char *fn,
                     const char *qualified_name, mofrt_type rt, name_scope *globals)
{
    bool integer = is_integer_type(rt);
    tmpl_value *e = tmpl_set_map(pd, "enum");
    tmpl_set_stringf(e, "table", "%s_%s_values", class_c, fn);
    tmpl_set_stringf(e, "type_name", "%s_%s", class_c, fn);
    tmpl_set_string(e, "qualified_name", qualified_name);
    tmpl_set_bool(e, "is_signed", is_signed_type(rt));
    tmpl_set_bool(e, "open", p->enum_open);
    tmpl_set_bool(e, "integer", integer);
    tmpl_set_stringf(e, "count", "%zu", p->enum_count);
    bool all_fit = true;
    bool any_constant = false;
    tmpl_value *entries = tmpl_set_list(e, "entries");
    for (size_t i = 0; i < p->enum_count; i++) {
        const model_enum_entry *me = &p->enum_entries[i];
        tmpl_value *en = tmpl_list_add_map(entries);
        char value[64];
        tmpl_set_bool(en, "kind_value", me->kind == MOFRT_ENUM_VALUE);
        tmpl_set_bool(en, "kind_range", me->kind == MOFRT_ENUM_RANGE);
        tmpl_set_bool(en, "kind_string", me->kind == MOFRT_ENUM_STRING);
        tmpl_set_string(en, "value_map", me->value_map ? me->value_map : "");
        tmpl_set_bool(en, "has_name", me->name != NULL);
        tmpl_set_string(en, "name", me->name ? me->name : "");
        tmpl_set_string(en, "low", bound_literal(a, sp, me->low, is_signed_type(rt)));
        tmpl_set_string(en, "high", bound_literal(a, sp, me->high, is_signed_type(rt)));
        /* A C constant for each single value, named after its Values text. */
        bool constant = integer && me->kind == MOFRT_ENUM_VALUE;
        tmpl_set_bool(en, "constant", constant);
        tmpl_set_bool(en, "name_differs", false);
        if (constant) {
            constant_literal(value, sizeof value, me->low, rt);
            const char *label = me->name && *me->name ? names_c_identifier(a, me->name) : arena_printf(a, "VALUE_%s", value[0] == '-' ? value + 1 : value);
            tmpl_set_stringf(en, "c_name", "%s_%s", class_c, names_claim(globals, arena_printf(a, "%s_%s", fn, label)));
            /* Quote the Values text only where the identifier does not already say it. */
            tmpl_set_bool(en, "name_differs", me->name && strcmp(me->name, label) != 0);
            tmpl_set_string(en, "value", value);
            /* For a #define: a literal of the right width, so that using it
             * never warns (18446744073709551615 alone is "so large..."). */
            bool negative = is_signed_type(rt) && (int64_t)me->low < 0;
            tmpl_set_string(en, "wide_value",
                            negative && (int64_t)me->low == INT64_MIN
                                ? spell(a, sp, "literal.int64_min", NULL)
                                : spell(a, sp, negative ? "literal.negative" : "literal.unsigned",
                                        arena_printf(a, "%" PRIu64, negative ? 0 - me->low : me->low)));
            all_fit = all_fit && fits_int(me->low, rt);
            any_constant = true;
        }
    }
    /* C enumerators must fit an int; wider ValueMaps get macros instead. */
    tmpl_set_bool(e, "as_enum", any_constant && all_fit);
    tmpl_set_bool(e, "as_macros", any_constant && !all_fit);
}

/* What of the ValueMap of `p` the bindings do not hold as written (see
 * model_map_note), for a comment in the header. */
static void add_map_notes(tmpl_value *pd, const model_property *p, const char *qualified_name)
{
    tmpl_set_bool(pd, "has_value_map_notes", p->map_notes.count > 0);
    tmpl_value *list = tmpl_set_list(pd, "value_map_notes");
    for (size_t i = 0; i < p->map_notes.count; i++) {
        const model_map_note *note = p->map_notes.items[i];
        tmpl_value *nd = tmpl_list_add_map(list);
        tmpl_set_string(nd, "qualified_name", qualified_name);
        tmpl_set_bool(nd, "unpaired", note->kind == MAP_NOTE_UNPAIRED);
        tmpl_set_bool(nd, "not_integer", note->kind == MAP_NOTE_NOT_INTEGER);
        tmpl_set_bool(nd, "clamped", note->kind == MAP_NOTE_CLAMPED);
        tmpl_set_bool(nd, "dropped", note->kind == MAP_NOTE_DROPPED);
        tmpl_set_bool(nd, "swapped", note->swapped);
        tmpl_set_string(nd, "entry", note->entry ? note->entry : "");
        tmpl_set_string(nd, "kept", note->clamped ? note->clamped : "");
        tmpl_set_stringf(nd, "map_count", "%zu", note->map_count);
        tmpl_set_stringf(nd, "values_count", "%zu", note->values_count);
    }
}

/* The BitMap of property or parameter `p`: a constant per bit, named
 * after its BitValues text and claimed in `globals`, and the name table. */
static void add_flags(arena *a, tmpl_value *pd, const model_property *p, const char *class_c, const char *fn,
                      const char *qualified_name, name_scope *globals)
{
    tmpl_value *f = tmpl_set_map(pd, "bitmap");
    tmpl_set_stringf(f, "table", "%s_%s_flags", class_c, fn);
    tmpl_set_stringf(f, "type_name", "%s_%s", class_c, fn);
    tmpl_set_string(f, "qualified_name", qualified_name);
    tmpl_set_stringf(f, "count", "%zu", p->bit_count);
    tmpl_value *entries = tmpl_set_list(f, "entries");
    for (size_t i = 0; i < p->bit_count; i++) {
        const model_bit *b = &p->bits[i];
        tmpl_value *en = tmpl_list_add_map(entries);
        const char *label = b->name && *b->name ? names_c_identifier(a, b->name) : arena_printf(a, "BIT_%u", b->position);
        tmpl_set_stringf(en, "c_name", "%s_%s", class_c, names_claim(globals, arena_printf(a, "%s_%s", fn, label)));
        tmpl_set_stringf(en, "position", "%u", b->position);
        tmpl_set_bool(en, "has_name", b->name != NULL);
        tmpl_set_string(en, "name", b->name ? b->name : "");
        tmpl_set_bool(en, "name_differs", b->name && strcmp(b->name, label) != 0);
    }
}

/* C types a template needs for one property. */
static void set_c_types(arena *a, const spellings *sp, tmpl_value *pd, const model_property *p, mofrt_type rt,
                        const char *embedded_c)
{
    const char *element;      /* one value as stored */
    const char *value_param;  /* how a setter takes one value */
    const char *category;
    if (rt == MOFRT_DATETIME) {
        element = spell(a, sp, "type.datetime", NULL);
        value_param = spell(a, sp, "param.datetime", NULL);
        category = "datetime";
    } else if (rt == MOFRT_INSTANCE && embedded_c) {
        element = spell(a, sp, "type.object", embedded_c);
        value_param = spell(a, sp, "param.object", embedded_c);
        category = "object";
    } else if (rt == MOFRT_STRING || rt == MOFRT_REFERENCE || rt == MOFRT_INSTANCE) {
        element = spell(a, sp, "type.string", NULL);
        value_param = spell(a, sp, "param.string", NULL);
        category = "string";
    } else {
        element = spell_type(sp->type, rt);
        value_param = element;
        category = "number";
    }
    bool array = p->array != ARRAY_NONE;
    /* Types ending in '*' are written without a space before the next one:
     * "char **", "char *const *". */
    bool element_is_pointer = element[strlen(element) - 1] == '*';
    const char *field;
    if (array)
        field = spell(a, sp, element_is_pointer ? "array.member_of_pointers" : "array.member", element);
    else if (strcmp(category, "object") == 0)
        field = value_param;
    else
        field = element;
    tmpl_set_string(pd, "array_get_type", spell(a, sp, element_is_pointer ? "array.get_pointers" : "array.get", element));
    tmpl_set_string(pd, "array_set_type", spell(a, sp, element_is_pointer ? "array.set_pointers" : "array.set", element));
    tmpl_set_string(pd, "category", category);
    tmpl_set_bool(pd, "is_number", strcmp(category, "number") == 0);
    tmpl_set_bool(pd, "is_string", strcmp(category, "string") == 0);
    tmpl_set_bool(pd, "is_datetime", strcmp(category, "datetime") == 0);
    tmpl_set_bool(pd, "is_object", strcmp(category, "object") == 0);
    tmpl_set_string(pd, "element_type", element);
    tmpl_set_string(pd, "value_type", value_param);
    /* Members are written "TYPE NAME": no space after a '*'. */
    tmpl_set_string(pd, "field_type", field);
    tmpl_set_bool(pd, "field_type_is_pointer", field[strlen(field) - 1] == '*');
}

/* Every file-scope name generated for a class is CLASS_ + a suffix, and one
 * name_scope per class holds the suffixes in use.  A property or method
 * claims its whole family of suffixes at once, under one base (its C name,
 * or NAME_2, NAME_3... when any member of the family is taken), so that no
 * MOF name can make two generated identifiers meet: a property "get_A"
 * beside a property "A", a method "free", a Values text "name". */
static const char *const class_fixed_names[] = {
    "init", "free", "validate", "to_json", "to_mof", "read_json", "read_mof", "class", "properties", "lookup",
    "PROPERTY_COUNT",
};
static const char *const property_family[] = {
    "has_%s", "get_%s", "set_%s", "clear_%s", "set_%s_owned", "INDEX_%s", /* accessors */
    "%s", "%s_name", "%s_from_name", "%s_values",                         /* ValueMap type, functions, table */
    "%s_flag_name", "%s_flag_from_name", "%s_flags",                      /* BitMap functions, table */
};
static const char *const parameter_family[] = {"%s", "%s_name", "%s_from_name", "%s_values", /* ValueMap */
                                               "%s_flag_name", "%s_flag_from_name", "%s_flags"}; /* BitMap */
#define PARAMETER_STRUCT_NAMES(io)                                                                         \
    "%s_" io, "%s_" io "_class", "%s_" io "_properties", "%s_" io "_lookup", "%s_" io "_init",                \
        "%s_" io "_free", "%s_" io "_validate", "%s_" io "_to_json", "%s_" io "_to_mof", "%s_" io "_read_json", \
        "%s_" io "_read_mof"
static const char *const method_family[] = {"%s", PARAMETER_STRUCT_NAMES("in"), PARAMETER_STRUCT_NAMES("out")};

static const char *claim_family(arena *a, name_scope *scope, const char *wanted, const char *const *family,
                                size_t count)
{
    const char *safe = names_safe(a, wanted), *base = safe;
    for (unsigned k = 2;; k++) {
        bool free_ = true;
        for (size_t i = 0; i < count && free_; i++)
            free_ = !names_taken(scope, arena_printf(a, family[i], base));
        if (free_)
            break;
        base = arena_printf(a, "%s_%u", safe, k);
    }
    for (size_t i = 0; i < count; i++)
        names_claim(scope, arena_printf(a, family[i], base));
    return base;
}

#define CLAIM_FAMILY(a, scope, wanted, family) \
    claim_family(a, scope, wanted, family, sizeof family / sizeof family[0])

static const char *cim_type_text(arena *a, const model_property *p)
{
    const char *base = p->is_reference ? arena_printf(a, "%s REF", p->class_name ? p->class_name : "object")
                       : p->embedded   ? (p->class_name ? p->class_name : "object")
                                       : cim_type_name(p->type);
    if (p->array == ARRAY_FIXED)
        return arena_printf(a, "%s[%" PRIu64 "]", base, p->array_size);
    if (p->array == ARRAY_VARIABLE)
        return arena_printf(a, "%s[]", base);
    return base;
}

/* One property (or parameter: then `fn_prefix` is "METHOD_in_" or
 * "METHOD_out_", NULL for a property) as the templates see it.  `owner` is the
 * MOF name messages use: "Class" or "Class.Method". */
static void add_property(arena *a, const emit_options *opts, const spellings *sp, tmpl_value *list,
                         const model_property *p, size_t index, const char *class_c, const char *owner,
                         name_scope *members, name_scope *globals, const char *fn_prefix)
{
    tmpl_value *pd = tmpl_list_add_map(list);
    mofrt_type rt = model_runtime_type(p);
    char *c_name = names_claim(members, names_c_identifier(a, p->name));
    const char *fn = fn_prefix ? CLAIM_FAMILY(a, globals, arena_printf(a, "%s%s", fn_prefix, c_name), parameter_family)
                               : CLAIM_FAMILY(a, globals, c_name, property_family);
    tmpl_set_string(pd, "name", p->name);
    tmpl_set_string(pd, "c_name", c_name);
    tmpl_set_string(pd, "fn", fn);
    tmpl_set_stringf(pd, "index", "%zu", index);
    tmpl_set_string(pd, "runtime_type", spell_type(sp->runtime, rt));
    tmpl_set_string(pd, "cim_type", cim_type_text(a, p));
    tmpl_set_bool(pd, "key", p->key);
    tmpl_set_bool(pd, "read", p->read);
    tmpl_set_bool(pd, "write", p->write);
    tmpl_set_bool(pd, "required", p->required);
    const char *parts[] = {p->key ? "flag.key" : NULL, p->read ? "flag.read" : NULL, p->write ? "flag.write" : NULL,
                           p->array != ARRAY_NONE ? "flag.array" : NULL, p->required ? "flag.required" : NULL};
    const char *flags = NULL;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (parts[i])
            flags = flags ? arena_printf(a, "%s%s%s", flags, spell(a, sp, "flag.join", NULL), spell(a, sp, parts[i], NULL))
                          : spell(a, sp, parts[i], NULL);
    tmpl_set_string(pd, "flags", flags ? flags : spell(a, sp, "flag.none", NULL));
    tmpl_set_bool(pd, "is_array", p->array != ARRAY_NONE);
    tmpl_set_stringf(pd, "array_max", "%" PRIu64, p->array == ARRAY_FIXED ? p->array_size : 0);
    if (p->array != ARRAY_NONE)
        tmpl_set_string(pd, "count_name", names_claim(members, arena_printf(a, "%s_count", c_name)));
    codec_set_presence(pd, codec_presence_member(a, members, rt, p->array != ARRAY_NONE, c_name));
    encode_set_property_keys(a, pd, rt, p->array != ARRAY_NONE, p->name);
    tmpl_set_bool(pd, "has_description", p->description != NULL);
    tmpl_set_string(pd, "description", p->description ? p->description : "");
    const char *embedded_c = p->embedded && p->class_ref ? class_c_name(a, opts, p->class_ref) : NULL;
    tmpl_set_bool(pd, "has_embedded_class", embedded_c != NULL);
    tmpl_set_string(pd, "embedded_class", embedded_c ? embedded_c : "");
    tmpl_set_bool(pd, "has_reference_class", p->is_reference && p->class_name);
    tmpl_set_string(pd, "reference_class", p->is_reference && p->class_name ? p->class_name : "");
    set_c_types(a, sp, pd, p, rt, embedded_c);
    tmpl_set_bool(pd, "has_enum", p->enum_count > 0);
    if (p->enum_count > 0)
        add_enum(a, sp, pd, p, class_c, fn, arena_printf(a, "%s.%s", owner, p->name), rt, globals);
    add_map_notes(pd, p, arena_printf(a, "%s.%s", owner, p->name));
    tmpl_set_bool(pd, "has_flags", p->bit_count > 0);
    if (p->bit_count > 0)
        add_flags(a, pd, p, class_c, fn, arena_printf(a, "%s.%s", owner, p->name), globals);
}

/* The open-addressed name table the runtime probes (see mofrt_class). */
static void add_lookup(tmpl_value *dd, const char *const *names, size_t n)
{
    size_t size = 1;
    while (size < n * 2)
        size *= 2;
    uint16_t *slots = calloc(size, sizeof *slots);
    if (!slots)
        abort();
    for (size_t i = 0; i < n; i++) {
        size_t s = mofrt_name_hash(names[i], strlen(names[i])) & (size - 1);
        while (slots[s])
            s = (s + 1) & (size - 1);
        slots[s] = (uint16_t)(i + 1);
    }
    tmpl_set_stringf(dd, "lookup_size", "%zu", size);
    tmpl_value *list = tmpl_set_list(dd, "lookup");
    for (size_t i = 0; i < size; i++)
        tmpl_set_stringf(tmpl_list_add_map(list), "slot", "%u", slots[i]);
    free(slots);
}

/* What descriptor.h.tmpl and descriptor.c.tmpl need besides `properties`:
 * a class and each parameter struct have this same shape. */
/* `readers`: whether the struct gets _read_json and _read_mof.  An
 * abstract class has no instances (DSP0004), so nothing may decode into
 * one: its readers are left out and a call to them does not compile. */
static void set_descriptor_keys(tmpl_value *dd, const char *mof_name, const char *struct_c_name,
                                const char *superclass, const char *const *names, size_t count, bool readers)
{
    tmpl_set_string(dd, "name", mof_name);
    tmpl_set_bool(dd, "has_readers", readers);
    tmpl_set_string(dd, "struct_c_name", struct_c_name);
    tmpl_set_bool(dd, "has_superclass", superclass != NULL);
    tmpl_set_string(dd, "superclass", superclass ? superclass : "");
    tmpl_set_stringf(dd, "property_count", "%zu", count);
    tmpl_set_bool(dd, "has_properties", count > 0);
    add_lookup(dd, names, count);
}

/* One parameter struct of a method: its members are the parameters in
 * declaration order (and ReturnValue first in the OUT struct).  It gets a
 * descriptor like a class's, named __PARAMETERS as in WMI, so the runtime's
 * JSON and MOF functions read and write it. */
static void add_parameter_struct(arena *a, const emit_options *opts, const spellings *sp, tmpl_value *md, bool out,
                                 const model_method *m, const char *m_c, const char *class_c, const char *class_name,
                                 name_scope *globals)
{
    const char *io = out ? "out" : "in";
    tmpl_value *sd = tmpl_set_map(md, io);
    name_scope *members = names_scope_new(a);
    tmpl_value *list = tmpl_set_list(sd, "properties");
    const char **names = arena_alloc(a, (m->parameters.count + 1) * sizeof *names);
    const char *owner = arena_printf(a, "%s.%s", class_name, m->name);
    const char *fn_prefix = arena_printf(a, "%s_%s_", m_c, io);
    size_t count = 0;
    if (out && !m->returns_void) {
        model_property result = *m->result;
        result.name = "ReturnValue";
        names[count] = result.name;
        add_property(a, opts, sp, list, &result, count++, class_c, owner, members, globals, fn_prefix);
    }
    for (size_t i = 0; i < m->parameters.count; i++) {
        const model_parameter *p = m->parameters.items[i];
        if (out ? p->out : p->in) {
            names[count] = p->as_property->name;
            add_property(a, opts, sp, list, p->as_property, count++, class_c, owner, members, globals, fn_prefix);
        }
    }
    set_descriptor_keys(sd, "__PARAMETERS", arena_printf(a, "%s_%s_%s", class_c, m_c, io), NULL, names, count,
                        true);
}

static void add_methods(arena *a, const emit_options *opts, const spellings *sp, tmpl_value *cd, const model_class *c,
                        const char *class_c, name_scope *globals)
{
    tmpl_value *list = tmpl_set_list(cd, "methods");
    for (size_t i = 0; i < c->methods.count; i++) {
        const model_method *m = c->methods.items[i];
        tmpl_value *md = tmpl_list_add_map(list);
        const char *m_c = CLAIM_FAMILY(a, globals, names_c_identifier(a, m->name), method_family);
        tmpl_set_string(md, "name", m->name);
        tmpl_set_string(md, "c_name", m_c);
        tmpl_set_bool(md, "has_description", m->description != NULL);
        tmpl_set_string(md, "description", m->description ? m->description : "");
        add_parameter_struct(a, opts, sp, md, false, m, m_c, class_c, c->name, globals);
        add_parameter_struct(a, opts, sp, md, true, m, m_c, class_c, c->name, globals);
    }
    tmpl_set_bool(cd, "has_methods", c->methods.count > 0);
}

/* ---- instances declared in the MOF, as const C data ---- */

/* The C spelling of one scalar literal for a member of runtime type `rt`;
 * strings are returned raw (the template escapes them) with *is_string. */
static const char *literal_text(arena *a, const spellings *sp, const ast_value *v, mofrt_type rt, bool *is_string)
{
    *is_string = false;
    switch (v->kind) {
    case VAL_BOOLEAN: return spell(a, sp, v->u.boolean ? "literal.true" : "literal.false", NULL);
    case VAL_INTEGER:
        if (rt == MOFRT_REAL32 || rt == MOFRT_REAL64)
            return spell(a, sp, "literal.real",
                         arena_printf(a, "%s%" PRIu64 ".0", v->u.integer.negative ? "-" : "", v->u.integer.magnitude));
        if (v->u.integer.negative)
            return v->u.integer.magnitude == (uint64_t)INT64_MAX + 1
                       ? spell(a, sp, "literal.int64_min", NULL)
                       : spell(a, sp, "literal.negative", arena_printf(a, "%" PRIu64, v->u.integer.magnitude));
        return spell(a, sp, "literal.unsigned", arena_printf(a, "%" PRIu64, v->u.integer.magnitude));
    case VAL_REAL: return spell(a, sp, "literal.real", arena_printf(a, "%.17g", v->u.real));
    case VAL_CHAR16: return arena_printf(a, "%u", (unsigned)v->u.char16);
    case VAL_STRING:
        *is_string = true;
        return v->u.string.text;
    default: return NULL;
    }
}

/* The value of key property `p` in instance `mi` (or its default). */
static const ast_value *key_value(const model_instance *mi, const model_property *p)
{
    for (size_t k = 0; k < mi->ast->properties.count; k++) {
        const ast_property_value *pv = mi->ast->properties.items[k];
        if (strcasecmp(pv->name, p->name) == 0)
            return pv->value;
    }
    return p->default_value;
}

/* The object path (DSP0004: Class.Key1="a",Key2=5) of the instance that
 * `alias` names, for a reference property's value; NULL when the alias
 * names no instance of a known class or a key has no literal value. */
static const char *object_path(arena *a, const model *m, const char *alias)
{
    const model_instance *target = NULL;
    for (size_t i = 0; i < m->instances.count && !target; i++) {
        const model_instance *mi = m->instances.items[i];
        if (mi->ast->alias && strcasecmp(mi->ast->alias, alias) == 0)
            target = mi;
    }
    if (!target || !target->class_ref)
        return NULL;
    const model_class *c = target->class_ref;
    char *path = arena_strdup(a, c->name);
    bool any_key = false;
    for (size_t i = 0; i < c->properties.count; i++) {
        const model_property *p = c->properties.items[i];
        if (!p->key)
            continue;
        const ast_value *v = key_value(target, p);
        const char *text;
        if (!v)
            return NULL;
        if (v->kind == VAL_STRING) {
            char *quoted = arena_alloc(a, 2 * v->u.string.length + 3), *q = quoted;
            *q++ = '"';
            for (const char *s = v->u.string.text; *s; s++) {
                if (*s == '"' || *s == '\\')
                    *q++ = '\\';
                *q++ = *s;
            }
            *q++ = '"';
            text = quoted;
        } else if (v->kind == VAL_INTEGER) {
            text = arena_printf(a, "%s%" PRIu64, v->u.integer.negative ? "-" : "", v->u.integer.magnitude);
        } else if (v->kind == VAL_BOOLEAN) {
            text = v->u.boolean ? "TRUE" : "FALSE";
        } else {
            return NULL;
        }
        path = arena_printf(a, "%s%c%s=%s", path, any_key ? ',' : '.', p->name, text);
        any_key = true;
    }
    return any_key ? path : arena_printf(a, "%s=@", path); /* a singleton */
}

/* The first ancestor of `c` that is not declared (c->incomplete). */
static const model_class *undeclared_ancestor(const model_class *c)
{
    while (c->superclass && !c->placeholder)
        c = c->superclass;
    return c;
}

static void add_instance(arena *a, const spellings *sp, diag_engine *diag, const model *m, tmpl_value *list,
                         const model_instance *mi, const model_class *c, const char *class_c, size_t number,
                         name_scope *globals)
{
    tmpl_value *id = tmpl_list_add_map(list);
    const char *label = mi->ast->alias ? names_c_identifier(a, mi->ast->alias) : arena_printf(a, "%zu", number);
    const char *instance_c = arena_printf(a, "%s_%s", class_c, names_claim(globals, arena_printf(a, "instance_%s", label)));
    tmpl_set_string(id, "c_name", instance_c);
    tmpl_value *members = tmpl_set_list(id, "members");
    tmpl_value *omitted = tmpl_set_list(id, "omitted"); /* values said with -Winstance-value */
    name_scope *scope = names_scope_new(a);
    /* Member names as the class struct spells them. */
    const char **c_names = arena_alloc(a, (c->properties.count + 1) * sizeof *c_names);
    const char **count_names = arena_alloc(a, (c->properties.count + 1) * sizeof *count_names);
    const char **has_names = arena_alloc(a, (c->properties.count + 1) * sizeof *has_names);
    for (size_t i = 0; i < c->properties.count; i++) {
        const model_property *p = c->properties.items[i];
        c_names[i] = names_claim(scope, names_c_identifier(a, p->name));
        if (p->array != ARRAY_NONE)
            count_names[i] = names_claim(scope, arena_printf(a, "%s_count", c_names[i]));
        has_names[i] = codec_presence_member(a, scope, model_runtime_type(p), p->array != ARRAY_NONE, c_names[i]);
    }
    for (size_t k = 0; k < mi->ast->properties.count; k++) {
        const ast_property_value *pv = mi->ast->properties.items[k];
        size_t i = 0;
        while (i < c->properties.count && strcasecmp(((model_property *)c->properties.items[i])->name, pv->name) != 0)
            i++;
        const model_property *p = i < c->properties.count ? c->properties.items[i] : NULL;
        mofrt_type rt = p ? model_runtime_type(p) : MOFRT_STRING;
        const ast_value *value = pv->value;
        if (!p) {
            /* A property the class may inherit from an undeclared superclass. */
            diag_warning(diag, W_INSTANCE_VALUE, &pv->loc,
                         "class '%s' declares no property '%s' (what it inherits from undeclared '%s' is unknown); "
                         "%s leaves it out", c->name, pv->name, undeclared_ancestor(c)->name, instance_c);
            tmpl_value *od = tmpl_list_add_map(omitted);
            tmpl_set_string(od, "name", pv->name);
            tmpl_set_bool(od, "undeclared", true);
            tmpl_set_string(od, "ancestor", undeclared_ancestor(c)->name);
            continue;
        }
        if (value->kind == VAL_NULL)
            continue;
        /* A reference to an aliased instance is its object path. */
        if (value->kind == VAL_ALIAS && rt == MOFRT_REFERENCE) {
            const char *path = object_path(a, m, value->u.alias);
            if (path) {
                ast_value *string = arena_alloc(a, sizeof *string);
                *string = (ast_value){.kind = VAL_STRING, .loc = value->loc};
                string->u.string.text = (char *)path;
                string->u.string.length = strlen(path);
                value = string;
            }
        }
        /* An embedded instance (or an alias that names none with literal
         * keys) has no constant C form: left absent, and said so. */
        bool aliases = value->kind == VAL_ALIAS || value->kind == VAL_INSTANCE;
        for (size_t e = 0; value->kind == VAL_ARRAY && e < value->u.array.count; e++)
            aliases = aliases || value->u.array.items[e]->kind == VAL_ALIAS || value->u.array.items[e]->kind == VAL_INSTANCE;
        if (aliases || (rt == MOFRT_INSTANCE && p->class_ref)) {
            diag_warning(diag, W_INSTANCE_VALUE, &value->loc,
                         "the value of '%s' has no constant C form; %s leaves it absent", p->name, instance_c);
            tmpl_value *od = tmpl_list_add_map(omitted);
            tmpl_set_string(od, "name", p->name);
            tmpl_set_bool(od, "undeclared", false);
            tmpl_set_string(od, "ancestor", "");
            continue;
        }
        tmpl_value *md = tmpl_list_add_map(members);
        tmpl_set_string(md, "c_name", c_names[i]);
        codec_set_presence(md, has_names[i]);
        tmpl_set_bool(md, "is_datetime", rt == MOFRT_DATETIME);
        bool array = value->kind == VAL_ARRAY;
        tmpl_set_bool(md, "is_array", array);
        tmpl_value *elements = tmpl_set_list(md, "elements");
        size_t n = array ? value->u.array.count : 1;
        for (size_t e = 0; e < n; e++) {
            const ast_value *v = array ? value->u.array.items[e] : value;
            bool is_string;
            const char *text = literal_text(a, sp, v, rt, &is_string);
            tmpl_value *ed = tmpl_list_add_map(elements);
            tmpl_set_string(ed, "text", text ? text : "0");
            tmpl_set_bool(ed, "is_string", is_string);
        }
        if (array) {
            tmpl_set_string(md, "element_type", rt == MOFRT_DATETIME ? spell(a, sp, "type.datetime", NULL)
                                                : rt == MOFRT_STRING || rt == MOFRT_REFERENCE || rt == MOFRT_INSTANCE
                                                    ? spell(a, sp, "type.string", NULL)
                                                    : spell_type(sp->type, rt));
            tmpl_set_string(md, "count_name", count_names[i]);
            tmpl_set_stringf(md, "count", "%zu", n);
            tmpl_set_bool(md, "empty", n == 0);
        }
    }
}

static void add_instances(arena *a, const spellings *sp, diag_engine *diag, tmpl_value *cd, const model *m, const model_class *c, const char *class_c,
                          name_scope *globals)
{
    tmpl_value *list = tmpl_set_list(cd, "instances");
    size_t number = 0;
    for (size_t i = 0; i < m->instances.count; i++) {
        const model_instance *mi = m->instances.items[i];
        if (mi->class_ref == c)
            add_instance(a, sp, diag, m, list, mi, c, class_c, ++number, globals);
    }
    tmpl_set_bool(cd, "has_instances", number > 0);
}

/* The properties of `c`, the return values of its methods and their
 * parameters (IN and OUT): what can embed another class. */
static ptr_vec typed_members(arena *a, const model_class *c)
{
    ptr_vec used = {0};
    for (size_t i = 0; i < c->properties.count; i++)
        ptr_vec_push(a, &used, c->properties.items[i]);
    for (size_t i = 0; i < c->methods.count; i++) {
        const model_method *m = c->methods.items[i];
        if (!m->returns_void)
            ptr_vec_push(a, &used, m->result);
        for (size_t k = 0; k < m->parameters.count; k++)
            ptr_vec_push(a, &used, ((model_parameter *)m->parameters.items[k])->as_property);
    }
    return used;
}

static void add_dependencies(arena *a, const emit_options *opts, tmpl_value *cd, const model_class *c,
                             const char *self_c)
{
    /* Embedded classes, sorted and unique, for forward declarations and
     * includes; sorted so output does not depend on property order. */
    ptr_vec used = typed_members(a, c);
    ptr_vec names = {0};
    for (size_t i = 0; i < used.count; i++) {
        const model_property *p = used.items[i];
        if (!p->embedded || !p->class_ref)
            continue;
        char *cn = class_c_name(a, opts, p->class_ref);
        bool seen = strcmp(cn, self_c) == 0;
        for (size_t k = 0; k < names.count && !seen; k++)
            seen = strcmp(names.items[k], cn) == 0;
        if (!seen)
            ptr_vec_push(a, &names, cn);
    }
    for (size_t i = 1; i < names.count; i++)
        for (size_t k = i; k > 0 && strcmp(names.items[k - 1], names.items[k]) > 0; k--) {
            void *t = names.items[k];
            names.items[k] = names.items[k - 1];
            names.items[k - 1] = t;
        }
    tmpl_value *list = tmpl_set_list(cd, "embedded_classes");
    for (size_t i = 0; i < names.count; i++)
        tmpl_set_string(tmpl_list_add_map(list), "c_name", names.items[i]);
}

/* Every file-scope identifier the classes of one run define, with its
 * class, so that two classes cannot define the same one (class Foo's enum
 * Foo_Bar and a class Foo_Bar). */
typedef struct symbol {
    char *name;
    size_t owner; /* index into the model's classes */
} symbol;

typedef struct symbol_table {
    arena *arena;
    symbol *items;
    size_t count, capacity;
    size_t owner;
    const char *prefix; /* the class's C name */
} symbol_table;

static void add_symbol(const char *name, void *context)
{
    symbol_table *t = context;
    if (t->count == t->capacity) {
        t->capacity = t->capacity ? 2 * t->capacity : 1024;
        t->items = realloc(t->items, t->capacity * sizeof *t->items);
        if (!t->items)
            abort();
    }
    t->items[t->count++] = (symbol){t->prefix ? arena_printf(t->arena, "%s_%s", t->prefix, name)
                                              : arena_strdup(t->arena, name),
                                    t->owner};
}

static int compare_symbols(const void *a, const void *b)
{
    const symbol *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->owner > y->owner) - (x->owner < y->owner);
}

/* Reports each identifier two classes both define.  0 or -1. */
static int check_symbols(symbol_table *t, const model *m, diag_engine *diag)
{
    if (t->count < 2)
        return 0; /* (and qsort may not be given the NULL of an empty table) */
    qsort(t->items, t->count, sizeof *t->items, compare_symbols);
    int rc = 0;
    for (size_t i = 1; i < t->count; i++) {
        const symbol *a = &t->items[i - 1], *b = &t->items[i];
        if (strcmp(a->name, b->name) != 0 || a->owner == b->owner)
            continue;
        const model_class *first = m->classes.items[a->owner], *second = m->classes.items[b->owner];
        diag_error(diag, &second->loc, "the C bindings of class '%s' and of class '%s' would both define '%s'",
                   second->name, first->name, a->name);
        diag_note(diag, &first->loc, "'%s' is declared here; rename one of the classes or the member behind '%s'",
                  first->name, a->name);
        rc = -1;
    }
    return rc;
}

/* The tree one class is rendered from; its file-scope names go to `symbols`. */
static tmpl_value *emit_class_data(const model *m, const emit_options *opts, const model_class *c, const spellings *sp,
                                   symbol_table *symbols, diag_engine *diag)
{
    arena *a = arena_new();
    tmpl_value *root = tmpl_map_new();
    tmpl_set_string(root, "mofgen_version", MOFGEN_VERSION);
    codec_set_root_keys(root);
    tmpl_set_string(root, "source", c->loc.file ? basename_of(c->loc.file->name) : "");
    tmpl_value *cd = tmpl_set_map(root, "class");
    char *c_name = class_c_name(a, opts, c);
    tmpl_set_string(cd, "name", c->name);
    tmpl_set_string(cd, "c_name", c_name);
    tmpl_set_bool(cd, "has_description", c->description != NULL);
    tmpl_set_string(cd, "description", c->description ? c->description : "");
    tmpl_set_bool(cd, "abstract", c->abstract);
    tmpl_set_bool(cd, "association", c->association);
    tmpl_set_bool(cd, "indication", c->indication);
    name_scope *members = names_scope_new(a);
    name_scope *globals = names_prefixed_scope_new(a);
    for (size_t i = 0; i < sizeof class_fixed_names / sizeof class_fixed_names[0]; i++)
        names_claim(globals, class_fixed_names[i]);
    tmpl_value *props = tmpl_set_list(cd, "properties");
    const char **names = arena_alloc(a, (c->properties.count + 1) * sizeof *names);
    bool any_enum = false;
    for (size_t i = 0; i < c->properties.count; i++) {
        const model_property *p = c->properties.items[i];
        names[i] = p->name;
        add_property(a, opts, sp, props, p, i, c_name, c->name, members, globals, NULL);
        any_enum = any_enum || p->enum_count > 0;
    }
    set_descriptor_keys(cd, c->name, c_name, c->superclass_name, names, c->properties.count, !c->abstract);
    tmpl_set_bool(cd, "has_enums", any_enum);
    add_methods(a, opts, sp, cd, c, c_name, globals);
    add_instances(a, sp, diag, cd, m, c, c_name, globals);
    add_dependencies(a, opts, cd, c, c_name);
    symbols->prefix = NULL;
    add_symbol(c_name, symbols);
    symbols->prefix = arena_strdup(symbols->arena, c_name);
    names_each(globals, add_symbol, symbols);
    arena_free(a);
    return root;
}

/* ---- rendering ---------------------------------------------------------------- */

/* The templates in use, and for each the file it came from: the user's
 * copy in --template-dir, or NULL for the built-in one. */
typedef struct template_source {
    tmpl_set *set;
    char **paths; /* one per built-in template */
} template_source;

/* "FILE:LINE:COL: error: ..." as for MOF, naming the user's copy when the
 * template came from --template-dir, so they know which file to fix. */
static void report_template_error(diag_engine *diag, const template_source *ts, const tmpl_error *err)
{
    const char *file = err->template_name;
    for (size_t i = 0; ts && i < mofgen_builtin_template_count; i++)
        if (ts->paths[i] && strcmp(mofgen_builtin_templates[i].name, err->template_name) == 0)
            file = ts->paths[i];
    if (ts && file == err->template_name)
        diag_plain_error(diag, "in the built-in template %s:%u:%u: %s", file, err->line, err->column, err->message);
    else if (err->line)
        diag_file_error(diag, file, err->line, err->column, "%s", err->message);
    else
        diag_file_error(diag, file, 0, 0, "%s", err->message);
}

/* Reads a whole template file: 0, 1 when it does not exist (the built-in
 * one is used), or -1 after reporting why it cannot be read. */
static int read_template(const char *path, char **text, size_t *length, diag_engine *diag)
{
    *text = NULL;
    *length = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOENT)
            return 1;
        diag_plain_error(diag, "cannot read template '%s': %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 16384, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap *= 2);
            if (!bigger)
                free(buf);
            buf = bigger;
        }
    }
    int error = ferror(fp) ? errno : 0;
    fclose(fp);
    if (!buf || error) {
        diag_plain_error(diag, "cannot read template '%s': %s", path, strerror(buf ? error : ENOMEM));
        free(buf);
        return -1;
    }
    *text = buf;
    *length = n;
    return 0;
}

/* A *.tmpl file in --template-dir that replaces nothing is most likely a
 * misspelt name: say so rather than ignore the user's edits. */
static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void warn_unused_templates(const char *template_dir, diag_engine *diag)
{
    char **unused = NULL;
    size_t count = 0;
    DIR *d = opendir(template_dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 5, ".tmpl") != 0)
            continue;
        bool known = false;
        for (size_t i = 0; i < mofgen_builtin_template_count && !known; i++)
            known = strcmp(mofgen_builtin_templates[i].name, e->d_name) == 0;
        if (known)
            continue;
        char **grown = realloc(unused, (count + 1) * sizeof *unused);
        if (!grown || !(grown[count] = strdup(e->d_name)))
            abort();
        unused = grown;
        count++;
    }
    if (d)
        closedir(d);
    /* In name order, whatever order the folder lists them in. */
    if (count > 1)
        qsort(unused, count, sizeof *unused, compare_strings);
    for (size_t i = 0; i < count; i++) {
        diag_warning(diag, W_UNUSED_TEMPLATE, NULL, "%s/%s replaces no built-in template; it is not used", template_dir,
                     unused[i]);
        free(unused[i]);
    }
    free(unused);
}

/* The built-in templates, each replaced by a same-named file in
 * `template_dir` when there is one.  Returns 0, or -1 after reporting. */
static int load_templates(const char *template_dir, diag_engine *diag, template_source *ts)
{
    ts->set = tmpl_set_new();
    ts->paths = calloc(mofgen_builtin_template_count + 1, sizeof *ts->paths);
    if (!ts->paths)
        abort();
    if (template_dir)
        warn_unused_templates(template_dir, diag);
    for (size_t i = 0; i < mofgen_builtin_template_count; i++) {
        const builtin_template *bt = &mofgen_builtin_templates[i];
        char *override_text = NULL;
        size_t override_length = 0;
        if (template_dir) {
            char *path = malloc(strlen(template_dir) + strlen(bt->name) + 2);
            if (!path)
                abort();
            sprintf(path, "%s/%s", template_dir, bt->name);
            int got = read_template(path, &override_text, &override_length, diag);
            if (got < 0) {
                free(path);
                return -1;
            }
            if (got == 0)
                ts->paths[i] = path;
            else
                free(path);
        }
        tmpl_error err;
        int rc = override_text ? tmpl_set_add(ts->set, bt->name, override_text, override_length, &err)
                               : tmpl_set_add(ts->set, bt->name, bt->text, bt->length, &err);
        free(override_text);
        if (rc != 0) {
            report_template_error(diag, ts, &err);
            return -1;
        }
    }
    return 0;
}

/* The built-in c_spellings.tmpl, then the user's copy over it, so a copy
 * may change a few names only.  0, or -1 after reporting. */
static int load_spellings(const template_source *ts, spellings *sp, diag_engine *diag)
{
    static const char name[] = "c_spellings.tmpl";
    for (size_t i = 0; i < mofgen_builtin_template_count; i++) {
        const builtin_template *bt = &mofgen_builtin_templates[i];
        if (strcmp(bt->name, name) != 0)
            continue;
        if (spellings_read(sp, bt->text, bt->length, name, diag) != 0)
            return -1;
        if (ts->paths[i]) {
            char *text;
            size_t length;
            int got = read_template(ts->paths[i], &text, &length, diag);
            if (got < 0)
                return -1;
            int rc = got == 0 ? spellings_read(sp, text, length, ts->paths[i], diag) : 0;
            free(text);
            if (rc != 0)
                return -1;
        }
    }
    for (size_t i = 0; i < SPELLING_COUNT; i++)
        if (!sp->text[i]) {
            diag_file_error(diag, name, 0, 0, "no text for '%s'", spelling_names[i].name);
            return -1;
        }
    index_type_spellings(sp);
    return 0;
}

static void free_templates(template_source *ts)
{
    if (ts->set)
        tmpl_set_free(ts->set);
    for (size_t i = 0; ts->paths && i < mofgen_builtin_template_count; i++)
        free(ts->paths[i]);
    free(ts->paths);
}

static bool selected(const emit_options *opts, const model_class *c)
{
    if (opts->namespace_name && strcasecmp(opts->namespace_name, c->namespace_name) != 0)
        return false;
    if (!opts->classes)
        return true;
    for (size_t i = 0; i < opts->class_count; i++)
        if (strcasecmp(opts->classes[i], c->name) == 0)
            return true;
    return false;
}

/* A class embedded by a property or parameter of `c` that --class leaves
 * out, or NULL. */
static const model_class *embedded_not_selected(arena *a, const emit_options *opts, const model_class *c)
{
    ptr_vec used = typed_members(a, c);
    for (size_t i = 0; i < used.count; i++) {
        const model_property *p = used.items[i];
        if (p->embedded && p->class_ref && p->class_ref != c && !selected(opts, p->class_ref))
            return p->class_ref;
    }
    return NULL;
}

static int render_file(const template_source *ts, const char *template_name, const tmpl_value *data,
                       const char *file_name, diag_engine *diag, emit_result *out)
{
    char *text = NULL;
    size_t length = 0;
    tmpl_error err;
    if (tmpl_render(ts->set, template_name, data, &text, &length, &err) != 0) {
        report_template_error(diag, ts, &err);
        return -1;
    }
    /* Held until every file is rendered (all or nothing): without the
     * slack the buffer grew with, a deep hierarchy's output takes less. */
    char *fitted = realloc(text, length + 1);
    if (fitted)
        text = fitted;
    out->files = realloc(out->files, (out->count + 1) * sizeof *out->files);
    if (!out->files)
        abort();
    out->files[out->count].name = strdup(file_name);
    out->files[out->count].path = NULL;
    out->files[out->count].content = text;
    out->files[out->count].length = length;
    out->count++;
    return 0;
}

/* How many declared classes the note after an unknown --class names. */
enum { LISTED_CLASSES = 20 };

/* "--class X: no such class", with the closest declared name and the
 * classes the input does declare (the first few of a large schema). */
static void report_unknown_class(const model *m, const char *name, diag_engine *diag)
{
    suggestion s;
    suggest_begin(&s, name);
    size_t declared = 0;
    char *list = NULL;
    size_t list_length = 0;
    FILE *out = open_memstream(&list, &list_length);
    if (!out)
        abort();
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder)
            continue;
        suggest_consider(&s, c->name);
        if (declared < LISTED_CLASSES)
            fprintf(out, "%s%s", declared ? ", " : "", c->name);
        declared++;
    }
    if (declared > LISTED_CLASSES)
        fprintf(out, " and %zu more", declared - LISTED_CLASSES);
    fclose(out);
    const char *hint = suggest_result(&s);
    diag_plain_error(diag, "--class %s: the input declares no such class%s%s%s", name, hint ? "; did you mean '" : "",
                     hint ? hint : "", hint ? "'?" : "");
    if (declared)
        diag_note(diag, NULL, "the input declares %s", list);
    else
        diag_note(diag, NULL, "the input declares no classes");
    free(list);
}

int emit_model(const model *m, const emit_options *opts, diag_engine *diag, emit_result *out)
{
    memset(out, 0, sizeof *out);
    if (opts->namespace_name && !name_table_get(m->class_index, opts->namespace_name)) {
        char known[400] = "";
        size_t used = 0;
        for (size_t i = 0; i < m->namespaces.count && used + 4 < sizeof known; i++)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", i ? ", " : "",
                                     (const char *)m->namespaces.items[i]);
        diag_plain_error(diag, "--namespace %s: the input declares no class in that namespace (it declares classes in %s)",
                         opts->namespace_name, known);
        return -1;
    }
    /* A build rule expects a file per requested class: a typo must fail. */
    bool unknown = false;
    for (size_t i = 0; i < opts->class_count; i++) {
        bool found = false;
        for (size_t k = 0; k < m->namespaces.count && !found; k++) {
            const char *ns = m->namespaces.items[k];
            const model_class *c = model_find_class_in(m, ns, opts->classes[i]);
            found = c && !c->placeholder && (!opts->namespace_name || strcasecmp(opts->namespace_name, ns) == 0);
        }
        if (found)
            continue;
        if (opts->namespace_name)
            diag_plain_error(diag, "--class %s: the input declares no such class in namespace %s", opts->classes[i],
                             opts->namespace_name);
        else
            report_unknown_class(m, opts->classes[i], diag);
        unknown = true;
    }
    if (unknown)
        return -1;
    /* File systems take NAME_MAX bytes; output.c writes through hidden
     * temporary files with a prefix and suffix around the name. */
    enum { MAX_FILE_NAME = NAME_MAX - 32 };
    /* Two classes whose C names meet would write the same files (ignoring
     * case too: Foo.h and FOO.h meet on macOS and Windows); a name longer
     * than a file name may be could not be written at all. */
    arena *a = arena_new();
    name_table *by_c_name = name_table_new(a);
    int rc = 0;
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder || !selected(opts, c))
            continue;
        const char *cn = class_c_name(a, opts, c);
        if (strlen(cn) + 2 > MAX_FILE_NAME) {
            diag_error(diag, &c->loc, "class '%.40s...' is too long a name for its files: '%.20s....h' would have "
                       "%zu bytes, and mofgen's file names at most %d (a file name's %d, less room for the names of "
                       "its temporary files)", c->name, cn, strlen(cn) + 2, MAX_FILE_NAME, NAME_MAX);
            rc = -1;
            continue;
        }
        const model_class *first = name_table_get(by_c_name, cn);
        if (first) {
            if (strcasecmp(first->name, c->name) == 0 && strcasecmp(first->namespace_name, c->namespace_name) != 0) {
                diag_error(diag, &c->loc, "class '%s' of namespace %s and class '%s' of namespace %s would both be "
                           "written to %s.h and %s.c; emit one namespace with --namespace NS, or give C names "
                           "their namespace with --namespace-prefix", c->name, c->namespace_name, first->name,
                           first->namespace_name, cn, cn);
                diag_note(diag, &first->loc, "'%s' of namespace %s is declared here", first->name,
                          first->namespace_name);
            } else {
                diag_error(diag, &c->loc, "class '%s' would be written to %s.h and %s.c, like class '%s'", c->name,
                           cn, cn, first->name);
                diag_note(diag, &first->loc, "'%s' is declared here", first->name);
            }
            rc = -1;
            continue;
        }
        name_table_put(by_c_name, cn, (void *)c);
    }
    /* With --class, each class's bindings include the headers of the classes
     * it embeds: those must be emitted too. */
    for (size_t i = 0; opts->classes && i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder || !selected(opts, c))
            continue;
        const model_class *missing = embedded_not_selected(a, opts, c);
        if (missing) {
            diag_plain_error(diag, "--class %s: its bindings embed class '%s' and include %s.h; add --class %s", c->name,
                             missing->name, class_c_name(a, opts, missing), missing->name);
            rc = -1;
        }
    }
    /* The descriptor's name table holds property numbers in 16 bits. */
    for (size_t i = 0; i < m->classes.count; i++) {
        const model_class *c = m->classes.items[i];
        if (!c->placeholder && selected(opts, c) && c->properties.count > UINT16_MAX) {
            diag_error(diag, &c->loc, "class '%s' has %zu properties (its own and inherited); bindings hold at most %u",
                       c->name, c->properties.count, (unsigned)UINT16_MAX);
            rc = -1;
        }
    }
    template_source templates = {0};
    spellings sp = {0};
    if (rc == 0 && (load_templates(opts->template_dir, diag, &templates) != 0 || load_spellings(&templates, &sp, diag) != 0))
        rc = -1;
    if (rc != 0) {
        free_templates(&templates);
        spellings_free(&sp);
        arena_free(a);
        return -1;
    }
    symbol_table symbols = {.arena = a};
    for (size_t i = 0; i < m->classes.count && rc == 0; i++) {
        const model_class *c = m->classes.items[i];
        if (c->placeholder || !selected(opts, c))
            continue;
        symbols.owner = i;
        tmpl_value *data = emit_class_data(m, opts, c, &sp, &symbols, diag);
        char *c_name = class_c_name(a, opts, c);
        rc = render_file(&templates, "class.h.tmpl", data, arena_printf(a, "%s.h", c_name), diag, out);
        if (rc == 0)
            rc = render_file(&templates, "class.c.tmpl", data, arena_printf(a, "%s.c", c_name), diag, out);
        tmpl_value_free(data);
    }
    if (rc == 0)
        rc = check_symbols(&symbols, m, diag);
    free(symbols.items);
    arena_free(a);
    free_templates(&templates);
    spellings_free(&sp);
    if (rc != 0)
        emit_result_free(out);
    return rc;
}

void emit_result_free(emit_result *r)
{
    for (size_t i = 0; i < r->count; i++) {
        free(r->files[i].name);
        free(r->files[i].path);
        free(r->files[i].content);
    }
    free(r->files);
    r->files = NULL;
    r->count = 0;
}
