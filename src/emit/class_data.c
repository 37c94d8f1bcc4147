/*
 * class_data.c - one class's data tree (class_data.h).
 */
#include "class_data.h"

#include "codec_data.h"
#include "encode_data.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `value` in decimal, written at the end of `buffer` (24 bytes); spell()
 * copies it where it is kept, so it needs no memory of its own. */
static const char *decimal_into(char *buffer, uint64_t value)
{
    char *d = buffer + 24;
    *--d = '\0';
    do
        *--d = (char)('0' + value % 10);
    while ((value /= 10) != 0);
    return d;
}
#define DECIMAL(value) decimal_into((char[24]){0}, (value))

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
char *class_c_name(arena *a, const emit_options *opts, const model_class *c)
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

/* A C literal for an enum bounote_map, given as bits of a uint64_t. */
static const char *bound_literal(arena *a, const spellings *sp, uint64_t bits, bool is_signed)
{
    if (is_signed && (int64_t)bits < 0) {
        if ((int64_t)bits == INT64_MIN)
            return spell(a, sp, SPELL_BOUND_INT64_MIN, NULL);
        return spell(a, sp, SPELL_BOUND_NEGATIVE, DECIMAL(0 - bits));
    }
    return spell(a, sp, SPELL_BOUND_UNSIGNED, DECIMAL(bits));
}

/* The value of an enum constant as a C literal of the property's type. */
static void constant_literal(char *out, size_t size, uint64_t bits, mofrt_type t)
{
    bool negative = is_signed_type(t) && (int64_t)bits < 0;
    uint64_t magnitude = negative ? 0 - bits : bits;
    char digits[24], *d = digits + sizeof digits;
    *--d = '\0';
    do
        *--d = (char)('0' + magnitude % 10);
    while ((magnitude /= 10) != 0);
    if (negative)
        *--d = '-';
    size_t n = (size_t)(digits + sizeof digits - d);
    memcpy(out, d, n < size ? n : size); /* n counts the NUL */
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
static void add_enum(emit_ctx *ctx, tmpl_value *prop, const model_property *p, const char *fn,
                     const char *qualified_name, mofrt_type rt)
{
    arena *a = ctx->arena;
    const spellings *sp = ctx->spellings;
    const char *class_c = ctx->class_c;
    bool integer = is_integer_type(rt);
    tmpl_value *e = tmpl_set_map(prop, "enum");
    tmpl_set_string_ref(e, "table", arena_join3(a, class_c, "_", arena_join3(a, fn, "_values", "")));
    tmpl_set_string_ref(e, "type_name", arena_join3(a, class_c, "_", fn));
    tmpl_set_string_ref(e, "qualified_name", qualified_name);
    tmpl_set_bool(e, "is_signed", is_signed_type(rt));
    tmpl_set_bool(e, "open", p->enum_open);
    tmpl_set_bool(e, "integer", integer);
    tmpl_set_unsigned(e, "count", p->enum_count);
    bool all_fit = true;
    bool any_constant = false;
    tmpl_value *entries = tmpl_set_list(e, "entries");
    for (size_t i = 0; i < p->enum_count; i++) {
        const model_enum_entry *me = &p->enum_entries[i];
        tmpl_value *entry = tmpl_list_add_map(entries);
        char value[64];
        tmpl_set_bool(entry, "kind_value", me->kind == MOFRT_ENUM_VALUE);
        tmpl_set_bool(entry, "kind_range", me->kind == MOFRT_ENUM_RANGE);
        tmpl_set_bool(entry, "kind_string", me->kind == MOFRT_ENUM_STRING);
        tmpl_set_stringn_ref(entry, "value_map", model_entry_value_map(me), model_entry_value_map_length(me));
        tmpl_set_bool(entry, "has_name", me->name != NULL);
        tmpl_set_stringn_ref(entry, "name", me->name ? me->name : "", me->name_length);
        const char *low = bound_literal(a, sp, me->low, is_signed_type(rt));
        tmpl_set_string_ref(entry, "low", low);
        /* Most entries are one value: the same literal twice. */
        tmpl_set_string_ref(entry, "high", me->high == me->low ? low : bound_literal(a, sp, me->high, is_signed_type(rt)));
        /* A C constant for each single value, named after its Values text. */
        bool constant = integer && me->kind == MOFRT_ENUM_VALUE;
        tmpl_set_bool(entry, "constant", constant);
        if (constant) {
            constant_literal(value, sizeof value, me->low, rt);
            const char *label = me->name && *me->name ? names_c_identifier(a, me->name) : arena_join3(a, "VALUE_", value[0] == '-' ? value + 1 : value, "");
            tmpl_set_string_ref(entry, "c_name", arena_join3(a, class_c, "_", names_claim(ctx->globals, arena_join3(a, fn, "_", label))));
            /* Quote the Values text only where the identifier does not already say it. */
            tmpl_set_bool(entry, "name_differs", me->name && strcmp(me->name, label) != 0);
            tmpl_set_string(entry, "value", value);
            /* For a #define: a literal of the right width, so that using it
             * never warns (18446744073709551615 alone is "so large..."). */
            bool negative = is_signed_type(rt) && (int64_t)me->low < 0;
            tmpl_set_string_ref(entry, "wide_value",
                            negative && (int64_t)me->low == INT64_MIN
                                ? spell(a, sp, SPELL_LITERAL_INT64_MIN, NULL)
                                : spell(a, sp, negative ? SPELL_LITERAL_NEGATIVE : SPELL_LITERAL_UNSIGNED,
                                        DECIMAL(negative ? 0 - me->low : me->low)));
            all_fit = all_fit && fits_int(me->low, rt);
            any_constant = true;
        } else {
            tmpl_set_bool(entry, "name_differs", false);
        }
    }
    /* C enumerators must fit an int; wider ValueMaps get macros instead. */
    tmpl_set_bool(e, "as_enum", any_constant && all_fit);
    tmpl_set_bool(e, "as_macros", any_constant && !all_fit);
}

/* What of the ValueMap of `p` the bindings do not hold as written (see
 * model_map_note), for a comment in the header. */
static void add_map_notes(tmpl_value *prop, const model_property *p, const char *qualified_name)
{
    tmpl_set_bool(prop, "has_value_map_notes", p->map_notes != NULL);
    tmpl_value *list = tmpl_set_list(prop, "value_map_notes");
    for (const model_map_note *note = p->map_notes; note; note = note->next) {
        tmpl_value *note_map = tmpl_list_add_map(list);
        tmpl_set_string_ref(note_map, "qualified_name", qualified_name);
        tmpl_set_bool(note_map, "unpaired", note->kind == MAP_NOTE_UNPAIRED);
        tmpl_set_bool(note_map, "not_integer", note->kind == MAP_NOTE_NOT_INTEGER);
        tmpl_set_bool(note_map, "clamped", note->kind == MAP_NOTE_CLAMPED);
        tmpl_set_bool(note_map, "dropped", note->kind == MAP_NOTE_DROPPED);
        tmpl_set_bool(note_map, "swapped", note->swapped);
        tmpl_set_string_ref(note_map, "entry", note->entry ? note->entry : "");
        tmpl_set_string_ref(note_map, "kept", note->clamped ? note->clamped : "");
        tmpl_set_unsigned(note_map, "map_count", note->map_count);
        tmpl_set_unsigned(note_map, "values_count", note->values_count);
    }
}

/* The BitMap of property or parameter `p`: a constant per bit, named
 * after its BitValues text and claimed in `globals`, and the name table. */
static void add_flags(emit_ctx *ctx, tmpl_value *prop, const model_property *p, const char *fn,
                      const char *qualified_name)
{
    arena *a = ctx->arena;
    const char *class_c = ctx->class_c;
    tmpl_value *f = tmpl_set_map(prop, "bitmap");
    tmpl_set_string_ref(f, "table", arena_join3(a, class_c, "_", arena_join3(a, fn, "_flags", "")));
    tmpl_set_string_ref(f, "type_name", arena_join3(a, class_c, "_", fn));
    tmpl_set_string_ref(f, "qualified_name", qualified_name);
    tmpl_set_unsigned(f, "count", p->bit_count);
    tmpl_value *entries = tmpl_set_list(f, "entries");
    for (size_t i = 0; i < p->bit_count; i++) {
        const model_bit *b = &p->bits[i];
        tmpl_value *entry = tmpl_list_add_map(entries);
        const char *label = b->name && *b->name ? names_c_identifier(a, b->name) : arena_printf(a, "BIT_%u", b->position);
        tmpl_set_string_ref(entry, "c_name", arena_join3(a, class_c, "_", names_claim(ctx->globals, arena_join3(a, fn, "_", label))));
        tmpl_set_unsigned(entry, "position", b->position);
        tmpl_set_bool(entry, "has_name", b->name != NULL);
        tmpl_set_string_ref(entry, "name", b->name ? b->name : "");
        tmpl_set_bool(entry, "name_differs", b->name && strcmp(b->name, label) != 0);
    }
}

/* The C types of a property of runtime type `rt`, an array or not. */
static struct c_types make_c_types(arena *a, const spellings *sp, mofrt_type rt, bool array, const char *embedded_c)
{
    struct c_types t;
    if (rt == MOFRT_DATETIME) {
        t.element = spell(a, sp, SPELL_TYPE_DATETIME, NULL);
        t.value_param = spell(a, sp, SPELL_PARAM_DATETIME, NULL);
        t.category = "datetime";
    } else if (rt == MOFRT_INSTANCE && embedded_c) {
        t.element = spell(a, sp, SPELL_TYPE_OBJECT, embedded_c);
        t.value_param = spell(a, sp, SPELL_PARAM_OBJECT, embedded_c);
        t.category = "object";
    } else if (rt == MOFRT_STRING || rt == MOFRT_REFERENCE || rt == MOFRT_INSTANCE) {
        t.element = spell(a, sp, SPELL_TYPE_STRING, NULL);
        t.value_param = spell(a, sp, SPELL_PARAM_STRING, NULL);
        t.category = "string";
    } else {
        t.element = spell_type(sp, rt);
        t.value_param = t.element;
        t.category = "number";
    }
    /* Types ending in '*' are written without a space before the next one:
     * "char **", "char *const *". */
    bool element_is_pointer = t.element[strlen(t.element) - 1] == '*';
    if (array)
        t.field = spell(a, sp, element_is_pointer ? SPELL_ARRAY_MEMBER_OF_POINTERS : SPELL_ARRAY_MEMBER, t.element);
    else if (strcmp(t.category, "object") == 0)
        t.field = t.value_param;
    else
        t.field = t.element;
    t.array_get = spell(a, sp, element_is_pointer ? SPELL_ARRAY_GET_POINTERS : SPELL_ARRAY_GET, t.element);
    t.array_set = spell(a, sp, element_is_pointer ? SPELL_ARRAY_SET_POINTERS : SPELL_ARRAY_SET, t.element);
    return t;
}

/* C types a template needs for one property. */
static void set_c_types(emit_ctx *ctx, tmpl_value *prop, const model_property *p, mofrt_type rt,
                        const char *embedded_c)
{
    bool array = p->array != ARRAY_NONE;
    struct c_types object, *t = &object;
    if (rt == MOFRT_INSTANCE && embedded_c) {
        object = make_c_types(ctx->arena, ctx->spellings, rt, array, embedded_c);
    } else {
        t = &ctx->c_types[rt][array];
        if (!t->element)
            *t = make_c_types(ctx->arena, ctx->spellings, rt, array, NULL);
    }
    tmpl_set_string_ref(prop, "array_get_type", t->array_get);
    tmpl_set_string_ref(prop, "array_set_type", t->array_set);
    tmpl_set_string_ref(prop, "category", t->category);
    tmpl_set_bool(prop, "is_number", strcmp(t->category, "number") == 0);
    tmpl_set_bool(prop, "is_string", strcmp(t->category, "string") == 0);
    tmpl_set_bool(prop, "is_datetime", strcmp(t->category, "datetime") == 0);
    tmpl_set_bool(prop, "is_object", strcmp(t->category, "object") == 0);
    tmpl_set_string_ref(prop, "element_type", t->element);
    tmpl_set_string_ref(prop, "value_type", t->value_param);
    /* Members are written "TYPE NAME": no space after a '*'. */
    tmpl_set_string_ref(prop, "field_type", t->field);
    tmpl_set_bool(prop, "field_type_is_pointer", t->field[strlen(t->field) - 1] == '*');
}

/* The runtime flags of `p` as a C expression ("MOFRT_KEY | MOFRT_READ"),
 * made once per class for each of the 32 combinations. */
static const char *flags_text(emit_ctx *ctx, const model_property *p)
{
    const bool set[] = {p->key, p->read, p->write, p->array != ARRAY_NONE, p->required};
    const spelling_id parts[] = {SPELL_FLAG_KEY, SPELL_FLAG_READ, SPELL_FLAG_WRITE, SPELL_FLAG_ARRAY, SPELL_FLAG_REQUIRED};
    unsigned combination = 0;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        combination |= (unsigned)set[i] << i;
    if (ctx->flags[combination])
        return ctx->flags[combination];
    arena *a = ctx->arena;
    const spellings *sp = ctx->spellings;
    const char *flags = NULL;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (set[i])
            flags = flags ? arena_join3(a, flags, spell(a, sp, SPELL_FLAG_JOIN, NULL), spell(a, sp, parts[i], NULL))
                          : spell(a, sp, parts[i], NULL);
    return ctx->flags[combination] = flags ? flags : spell(a, sp, SPELL_FLAG_NONE, NULL);
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

#define CLAIM_FAMILY(scope, wanted, family) names_claim_family(scope, wanted, family, sizeof family / sizeof family[0])

/* One property (or parameter: then `fn_prefix` is "METHOD_in_" or
 * "METHOD_out_", NULL for a property) as the templates see it.  `owner` is the
 * MOF name messages use: "Class" or "Class.Method". */
static void add_property(emit_ctx *ctx, tmpl_value *list, const model_property *p, size_t index, const char *owner,
                         name_scope *members, const char *fn_prefix)
{
    arena *a = ctx->arena;
    const spellings *sp = ctx->spellings;
    name_scope *globals = ctx->globals;
    tmpl_value *prop = tmpl_list_add_map(list);
    mofrt_type rt = model_runtime_type(p);
    char *c_name = names_claim(members, names_c_identifier(a, p->name));
    const char *fn = fn_prefix ? CLAIM_FAMILY(globals, arena_join3(a, fn_prefix, c_name, ""), parameter_family)
                               : CLAIM_FAMILY(globals, c_name, property_family);
    tmpl_set_string_ref(prop, "name", p->name);
    size_t name_length = strlen(p->name);
    tmpl_set_unsigned(prop, "name_length", name_length <= UINT16_MAX ? name_length : 0);
    tmpl_set_string_ref(prop, "c_name", c_name);
    tmpl_set_string_ref(prop, "fn", fn);
    tmpl_set_unsigned(prop, "index", index);
    tmpl_set_string_ref(prop, "runtime_type", spell_runtime(sp, rt));
    tmpl_set_string_ref(prop, "cim_type", model_type_text(a, p, true));
    tmpl_set_bool(prop, "key", p->key);
    tmpl_set_bool(prop, "read", p->read);
    tmpl_set_bool(prop, "write", p->write);
    tmpl_set_bool(prop, "required", p->required);
    tmpl_set_string_ref(prop, "flags", flags_text(ctx, p));
    tmpl_set_bool(prop, "is_array", p->array != ARRAY_NONE);
    tmpl_set_unsigned(prop, "array_max", p->array == ARRAY_FIXED ? p->array_size : 0);
    if (p->array != ARRAY_NONE)
        tmpl_set_string_ref(prop, "count_name", names_claim(members, arena_join3(a, c_name, "_count", "")));
    codec_set_presence(prop, codec_presence_member(a, members, rt, p->array != ARRAY_NONE, c_name));
    encode_set_property_keys(a, prop, rt, p->array != ARRAY_NONE, p->enum_count > 0, p->name);
    tmpl_set_bool(prop, "has_description", p->description != NULL);
    tmpl_set_string_ref(prop, "description", p->description ? p->description : "");
    const char *embedded_c = p->embedded && p->class_ref ? class_c_name(a, ctx->opts, p->class_ref) : NULL;
    tmpl_set_bool(prop, "has_embedded_class", embedded_c != NULL);
    tmpl_set_string_ref(prop, "embedded_class", embedded_c ? embedded_c : "");
    tmpl_set_bool(prop, "has_reference_class", p->is_reference && p->class_name);
    tmpl_set_string_ref(prop, "reference_class", p->is_reference && p->class_name ? p->class_name : "");
    set_c_types(ctx, prop, p, rt, embedded_c);
    tmpl_set_bool(prop, "has_enum", p->enum_count > 0);
    if (p->enum_count > 0)
        add_enum(ctx, prop, p, fn, arena_join3(a, owner, ".", p->name), rt);
    add_map_notes(prop, p, arena_join3(a, owner, ".", p->name));
    tmpl_set_bool(prop, "has_flags", p->bit_count > 0);
    if (p->bit_count > 0)
        add_flags(ctx, prop, p, fn, arena_join3(a, owner, ".", p->name));
}

/* The open-addressed name table the runtime probes (see mofrt_class). */
static void add_lookup(tmpl_value *descriptor, const char *const *names, size_t n)
{
    size_t size = 1;
    while (size < n * 2)
        size *= 2;
    uint16_t *slots = calloc(size, sizeof *slots);
    if (!slots)
        out_of_memory();
    for (size_t i = 0; i < n; i++) {
        size_t s = mofrt_name_hash(names[i], strlen(names[i])) & (size - 1);
        while (slots[s])
            s = (s + 1) & (size - 1);
        slots[s] = (uint16_t)(i + 1);
    }
    tmpl_set_unsigned(descriptor, "lookup_size", size);
    tmpl_value *list = tmpl_set_list(descriptor, "lookup");
    for (size_t i = 0; i < size; i++)
        tmpl_set_unsigned(tmpl_list_add_map(list), "slot", slots[i]);
    free(slots);
}

/* What descriptor.h.tmpl and descriptor.c.tmpl need besides `properties`:
 * a class and each parameter struct have this same shape. */
/* `readers`: whether the struct gets _read_json and _read_mof.  An
 * abstract class has no instances (DSP0004), so nothing may decode into
 * one: its readers are left out and a call to them does not compile. */
static void set_descriptor_keys(tmpl_value *descriptor, const char *mof_name, const char *struct_c_name,
                                const char *superclass, const char *const *names, size_t count, bool readers)
{
    tmpl_set_string_ref(descriptor, "name", mof_name);
    tmpl_set_bool(descriptor, "has_readers", readers);
    tmpl_set_string_ref(descriptor, "struct_c_name", struct_c_name);
    tmpl_set_bool(descriptor, "has_superclass", superclass != NULL);
    tmpl_set_string_ref(descriptor, "superclass", superclass ? superclass : "");
    tmpl_set_unsigned(descriptor, "property_count", count);
    tmpl_set_bool(descriptor, "has_properties", count > 0);
    add_lookup(descriptor, names, count);
}

/* One parameter struct of a method: its members are the parameters in
 * declaration order (and ReturnValue first in the OUT struct).  It gets a
 * descriptor like a class's, named __PARAMETERS as in WMI, so the runtime's
 * JSON and MOF functions read and write it. */
static void add_parameter_struct(emit_ctx *ctx, tmpl_value *method, bool out, const model_method *m,
                                 const char *method_c)
{
    arena *a = ctx->arena;
    const char *io = out ? "out" : "in";
    tmpl_value *params = tmpl_set_map(method, io);
    name_scope *members = names_scope_new(a);
    tmpl_value *list = tmpl_set_list(params, "properties");
    const char **names = arena_alloc(a, (m->parameters.count + 1) * sizeof *names);
    const char *owner = arena_join3(a, ctx->cls->name, ".", m->name);
    const char *fn_prefix = arena_join3(a, method_c, "_", arena_join3(a, io, "_", ""));
    size_t count = 0;
    if (out && !m->returns_void) {
        model_property result = *m->result;
        result.name = "ReturnValue";
        names[count] = result.name;
        add_property(ctx, list, &result, count++, owner, members, fn_prefix);
    }
    for (size_t i = 0; i < m->parameters.count; i++) {
        const model_parameter *p = m->parameters.items[i];
        if (out ? p->out : p->in) {
            names[count] = p->as_property->name;
            add_property(ctx, list, p->as_property, count++, owner, members, fn_prefix);
        }
    }
    set_descriptor_keys(params, "__PARAMETERS", arena_join3(a, ctx->class_c, "_", arena_join3(a, method_c, "_", io)), NULL, names, count,
                        true);
}

static void add_methods(emit_ctx *ctx, tmpl_value *class_map)
{
    arena *a = ctx->arena;
    const model_class *c = ctx->cls;
    tmpl_value *list = tmpl_set_list(class_map, "methods");
    for (size_t i = 0; i < c->methods.count; i++) {
        const model_method *m = c->methods.items[i];
        tmpl_value *method = tmpl_list_add_map(list);
        const char *method_c = CLAIM_FAMILY(ctx->globals, names_c_identifier(a, m->name), method_family);
        tmpl_set_string_ref(method, "name", m->name);
        tmpl_set_string_ref(method, "c_name", method_c);
        tmpl_set_bool(method, "has_description", m->description != NULL);
        tmpl_set_string_ref(method, "description", m->description ? m->description : "");
        add_parameter_struct(ctx, method, false, m, method_c);
        add_parameter_struct(ctx, method, true, m, method_c);
    }
    tmpl_set_bool(class_map, "has_methods", c->methods.count > 0);
}

ptr_vec class_typed_members(arena *a, const model_class *c)
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

static void add_dependencies(emit_ctx *ctx, tmpl_value *class_map)
{
    arena *a = ctx->arena;
    /* Embedded classes, sorted and unique, for forward declarations and
     * includes; sorted so output does not depend on property order. */
    ptr_vec used = class_typed_members(a, ctx->cls);
    ptr_vec names = {0};
    for (size_t i = 0; i < used.count; i++) {
        const model_property *p = used.items[i];
        if (!p->embedded || !p->class_ref)
            continue;
        char *cn = class_c_name(a, ctx->opts, p->class_ref);
        bool seen = strcmp(cn, ctx->class_c) == 0;
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
    tmpl_value *list = tmpl_set_list(class_map, "embedded_classes");
    for (size_t i = 0; i < names.count; i++)
        tmpl_set_string_ref(tmpl_list_add_map(list), "c_name", names.items[i]);
}

/* About how many CLASS_ names `c` claims: the families below and a
 * constant per ValueMap entry or BitMap bit. */
static size_t global_names_expected(const model_class *c)
{
    size_t n = sizeof class_fixed_names / sizeof class_fixed_names[0];
    for (size_t i = 0; i < c->properties.count; i++) {
        const model_property *p = c->properties.items[i];
        n += sizeof property_family / sizeof property_family[0] + p->enum_count + p->bit_count;
    }
    for (size_t i = 0; i < c->methods.count; i++) {
        const model_method *m = c->methods.items[i];
        n += sizeof method_family / sizeof method_family[0] +
             (m->parameters.count + 1) * (sizeof parameter_family / sizeof parameter_family[0]);
    }
    return n;
}

tmpl_value *class_data_build(const model *m, const emit_options *opts, const spellings *sp, const model_class *c,
                             arena *a, diag_engine *diag, void (*each_global)(const char *name, void *context),
                             void *context)
{
    emit_ctx ctx = {.arena = a, .model = m, .opts = opts, .spellings = sp, .diag = diag, .cls = c,
                    .class_c = class_c_name(a, opts, c), .globals = names_prefixed_scope_new(a)};
    tmpl_value *root = tmpl_map_new();
    tmpl_set_string_ref(root, "mofgen_version", MOFGEN_VERSION);
    codec_set_root_keys(root);
    tmpl_set_string_ref(root, "source", c->loc.file ? basename_of(c->loc.file->name) : "");
    tmpl_value *class_map = tmpl_set_map(root, "class");
    tmpl_set_string_ref(class_map, "name", c->name);
    tmpl_set_string_ref(class_map, "c_name", ctx.class_c);
    tmpl_set_bool(class_map, "has_description", c->description != NULL);
    tmpl_set_string_ref(class_map, "description", c->description ? c->description : "");
    tmpl_set_bool(class_map, "abstract", c->abstract);
    tmpl_set_bool(class_map, "association", c->association);
    tmpl_set_bool(class_map, "indication", c->indication);
    names_scope_reserve(ctx.globals, global_names_expected(c));
    name_scope *members = names_scope_new(a);
    names_scope_reserve(members, 3 * c->properties.count);
    for (size_t i = 0; i < sizeof class_fixed_names / sizeof class_fixed_names[0]; i++)
        names_claim(ctx.globals, class_fixed_names[i]);
    tmpl_value *props = tmpl_set_list(class_map, "properties");
    const char **names = arena_alloc(a, (c->properties.count + 1) * sizeof *names);
    bool any_enum = false;
    for (size_t i = 0; i < c->properties.count; i++) {
        const model_property *p = c->properties.items[i];
        names[i] = p->name;
        add_property(&ctx, props, p, i, c->name, members, NULL);
        any_enum = any_enum || p->enum_count > 0;
    }
    set_descriptor_keys(class_map, c->name, ctx.class_c, c->superclass_name, names, c->properties.count, !c->abstract);
    tmpl_set_bool(class_map, "has_enums", any_enum);
    add_methods(&ctx, class_map);
    class_data_add_instances(&ctx, class_map);
    add_dependencies(&ctx, class_map);
    if (each_global)
        names_each(ctx.globals, each_global, context);
    return root;
}
