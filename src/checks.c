/*
 * checks.c - the semantic checks, as a table of named functions that each
 * look at one aspect of the finished model, and the knowledge they need:
 * DSP0004's standard qualifiers (so MOF that declares none still gets its
 * qualifiers checked) and the ValueMap syntax.
 */
#include "checks.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- standard qualifiers ----------------------------------------------------- */

enum {
    SCOPE_CLASS = 1,
    SCOPE_ASSOCIATION = 2,
    SCOPE_INDICATION = 4,
    SCOPE_PROPERTY = 8,
    SCOPE_REFERENCE = 16,
    SCOPE_METHOD = 32,
    SCOPE_PARAMETER = 64,
    SCOPE_QUALIFIER = 128,
    SCOPE_ANY = 255
};

typedef struct qualifier_info {
    const char *name;
    cim_type type;
    bool array;
    unsigned scopes;
    bool restricted;
} qualifier_info;

#define CLS (SCOPE_CLASS | SCOPE_ASSOCIATION | SCOPE_INDICATION)
#define PRP (SCOPE_PROPERTY | SCOPE_REFERENCE)
#define PMP (SCOPE_PROPERTY | SCOPE_METHOD | SCOPE_PARAMETER)

/* DSP0004 standard and optional qualifiers, and the WMI ones real WMI MOF
 * uses, for MOF that does not declare them.  A declaration in the MOF wins. */
static const qualifier_info standard_qualifiers[] = {
    {"Abstract", CIM_BOOLEAN, false, CLS, true},
    {"Aggregate", CIM_BOOLEAN, false, SCOPE_REFERENCE, false},
    {"Aggregation", CIM_BOOLEAN, false, SCOPE_ASSOCIATION, false},
    {"Alias", CIM_STRING, false, PRP | SCOPE_METHOD, false},
    {"amendment", CIM_BOOLEAN, false, SCOPE_ANY, false},
    {"ArrayType", CIM_STRING, false, SCOPE_PROPERTY | SCOPE_PARAMETER, false},
    {"Association", CIM_BOOLEAN, false, SCOPE_ASSOCIATION | SCOPE_CLASS, false},
    {"BitMap", CIM_STRING, true, PMP, false},
    {"BitValues", CIM_STRING, true, PMP, false},
    {"CIMTYPE", CIM_STRING, false, PRP | SCOPE_METHOD | SCOPE_PARAMETER, false},
    {"ClassConstraint", CIM_STRING, true, CLS, false},
    {"Composition", CIM_BOOLEAN, false, SCOPE_ASSOCIATION, false},
    {"Correlatable", CIM_STRING, true, SCOPE_PROPERTY, false},
    {"Counter", CIM_BOOLEAN, false, PMP, false},
    {"Delete", CIM_BOOLEAN, false, SCOPE_ASSOCIATION | SCOPE_REFERENCE, false},
    {"Deprecated", CIM_STRING, true, SCOPE_ANY, true},
    {"Description", CIM_STRING, false, SCOPE_ANY, false},
    {"DisplayDescription", CIM_STRING, false, SCOPE_ANY, false},
    {"DisplayName", CIM_STRING, false, SCOPE_ANY, false},
    {"DN", CIM_BOOLEAN, false, PRP | SCOPE_PARAMETER | SCOPE_METHOD, false},
    {"dynamic", CIM_BOOLEAN, false, CLS, false},
    {"EmbeddedInstance", CIM_STRING, false, PMP, false},
    {"EmbeddedObject", CIM_BOOLEAN, false, PMP, false},
    {"Exception", CIM_BOOLEAN, false, CLS, false},
    {"Expensive", CIM_BOOLEAN, false, SCOPE_ANY, false},
    {"Experimental", CIM_BOOLEAN, false, SCOPE_ANY, true},
    {"Gauge", CIM_BOOLEAN, false, PMP, false},
    {"ID", CIM_UINT32, false, SCOPE_PARAMETER, false},
    {"Ifdeleted", CIM_BOOLEAN, false, SCOPE_ASSOCIATION | SCOPE_REFERENCE, false},
    {"implemented", CIM_BOOLEAN, false, SCOPE_METHOD, false},
    {"In", CIM_BOOLEAN, false, SCOPE_PARAMETER, false},
    {"Indication", CIM_BOOLEAN, false, SCOPE_CLASS | SCOPE_INDICATION, false},
    {"Invisible", CIM_BOOLEAN, false, SCOPE_ANY, false},
    {"IsPUnit", CIM_BOOLEAN, false, PMP, false},
    {"Key", CIM_BOOLEAN, false, PRP, false},
    {"Large", CIM_BOOLEAN, false, CLS | SCOPE_PROPERTY, false},
    {"locale", CIM_SINT32, false, CLS, false},
    {"MappingStrings", CIM_STRING, true, SCOPE_ANY, false},
    {"Max", CIM_UINT32, false, SCOPE_REFERENCE, false},
    {"MaxLen", CIM_UINT32, false, PMP, false},
    {"MaxValue", CIM_SINT64, false, PMP, false},
    {"MethodConstraint", CIM_STRING, true, SCOPE_METHOD, false},
    {"Min", CIM_UINT32, false, SCOPE_REFERENCE, false},
    {"MinLen", CIM_UINT32, false, PMP, false},
    {"MinValue", CIM_SINT64, false, PMP, false},
    {"ModelCorrespondence", CIM_STRING, true, SCOPE_ANY, false},
    {"Nonlocal", CIM_STRING, false, SCOPE_REFERENCE, false},
    {"NonlocalType", CIM_STRING, false, SCOPE_REFERENCE, false},
    {"NullValue", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"OctetString", CIM_BOOLEAN, false, PMP, false},
    {"Out", CIM_BOOLEAN, false, SCOPE_PARAMETER, false},
    {"Override", CIM_STRING, false, PRP | SCOPE_METHOD, true},
    {"OverridingMethod", CIM_STRING, false, SCOPE_METHOD, false},
    {"PackagePath", CIM_STRING, false, CLS, false},
    {"privileges", CIM_STRING, true, SCOPE_ANY, false},
    {"PropertyConstraint", CIM_STRING, true, PRP, false},
    {"PropertyUsage", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"provider", CIM_STRING, false, CLS, false},
    {"Provider", CIM_STRING, false, SCOPE_ANY, false},
    {"PUnit", CIM_STRING, false, PMP, false},
    {"Read", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
    {"Reference", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"Required", CIM_BOOLEAN, false, PRP | SCOPE_METHOD | SCOPE_PARAMETER, false},
    {"Revision", CIM_STRING, false, CLS, false},
    {"Schema", CIM_STRING, false, SCOPE_PROPERTY | SCOPE_METHOD, false},
    {"Source", CIM_STRING, false, CLS, false},
    {"SourceType", CIM_STRING, false, CLS | SCOPE_REFERENCE, false},
    {"Static", CIM_BOOLEAN, false, SCOPE_PROPERTY | SCOPE_METHOD, false},
    {"Stream", CIM_BOOLEAN, false, PMP, false},
    {"Syntax", CIM_STRING, false, PMP, false},
    {"SyntaxType", CIM_STRING, false, PMP, false},
    {"Terminal", CIM_BOOLEAN, false, CLS, false},
    {"TriggerType", CIM_STRING, false, SCOPE_ANY, false},
    {"UMLPackagePath", CIM_STRING, false, CLS, false},
    {"Units", CIM_STRING, false, PMP, false},
    {"UnknownValues", CIM_STRING, true, SCOPE_PROPERTY, false},
    {"UnsupportedValues", CIM_STRING, true, SCOPE_PROPERTY, false},
    {"ValueMap", CIM_STRING, true, PMP, false},
    {"Values", CIM_STRING, true, PMP, false},
    {"Version", CIM_STRING, false, CLS, true},
    {"Weak", CIM_BOOLEAN, false, SCOPE_REFERENCE, false},
    /* WMI's own (Microsoft's "WMI Qualifiers"), as WMI MOF files use them. */
    {"ClassContext", CIM_STRING, false, CLS, false},
    {"Constructor", CIM_BOOLEAN, false, SCOPE_METHOD, false},
    {"CreateBy", CIM_STRING, false, CLS, false},
    {"DeleteBy", CIM_STRING, false, CLS, false},
    {"Destructor", CIM_BOOLEAN, false, SCOPE_METHOD, false},
    {"InstanceContext", CIM_STRING, false, CLS, false},
    {"Lazy", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
    {"Not_Null", CIM_BOOLEAN, false, PRP, false},
    {"Optional", CIM_BOOLEAN, false, SCOPE_PARAMETER, false},
    {"PropertyContext", CIM_STRING, false, SCOPE_PROPERTY, false},
    {"Singleton", CIM_BOOLEAN, false, CLS, false},
    {"SubType", CIM_STRING, false, PMP, false},
    {"SupportsCreate", CIM_BOOLEAN, false, CLS, false},
    {"SupportsDelete", CIM_BOOLEAN, false, CLS, false},
    {"SupportsUpdate", CIM_BOOLEAN, false, CLS, false},
    {"UUID", CIM_STRING, false, CLS, false},
    {"WmiDataId", CIM_UINT32, false, SCOPE_PROPERTY, false},
    {"WmiMethodId", CIM_UINT32, false, SCOPE_METHOD, false},
    {"WmiSizeIs", CIM_STRING, false, SCOPE_PROPERTY | SCOPE_PARAMETER, false},
    {"Write", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
    {"WriteOnly", CIM_BOOLEAN, false, SCOPE_PROPERTY, false},
};

static const qualifier_info *standard_qualifier(const char *name)
{
    for (size_t i = 0; i < sizeof standard_qualifiers / sizeof standard_qualifiers[0]; i++)
        if (strcasecmp(standard_qualifiers[i].name, name) == 0)
            return &standard_qualifiers[i];
    return NULL;
}

static unsigned scope_bit(const char *name)
{
    static const struct { const char *name; unsigned bit; } scopes[] = {
        {"class", SCOPE_CLASS}, {"association", SCOPE_ASSOCIATION}, {"indication", SCOPE_INDICATION},
        {"property", SCOPE_PROPERTY}, {"reference", SCOPE_REFERENCE}, {"method", SCOPE_METHOD},
        {"parameter", SCOPE_PARAMETER}, {"qualifier", SCOPE_QUALIFIER}, {"any", SCOPE_ANY},
    };
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
        if (strcasecmp(scopes[i].name, name) == 0)
            return scopes[i].bit;
    return 0;
}

/* What the model knows of a qualifier: its MOF declaration, else the table. */
static bool qualifier_lookup(const model *m, const char *name, qualifier_info *out)
{
    const ast_qualifier_decl *d = name_table_get(m->qualifier_index, name);
    if (d) {
        *out = (qualifier_info){d->name, d->type.intrinsic, d->array != ARRAY_NONE, 0, false};
        for (size_t i = 0; i < d->scopes.count; i++)
            out->scopes |= scope_bit(((const ast_name *)d->scopes.items[i])->text);
        for (size_t i = 0; i < d->flavors.count; i++)
            if (strcasecmp(((const ast_name *)d->flavors.items[i])->text, "Restricted") == 0)
                out->restricted = true;
        return true;
    }
    const qualifier_info *std = standard_qualifier(name);
    if (std)
        *out = *std;
    return std != NULL;
}

bool checks_qualifier_is_restricted(const model *m, const char *name)
{
    qualifier_info info;
    return qualifier_lookup(m, name, &info) && info.restricted;
}

bool checks_qualifier_disables_override(const model *m, const char *name)
{
    const ast_qualifier_decl *d = name_table_get(m->qualifier_index, name);
    if (d) {
        for (size_t i = 0; i < d->flavors.count; i++)
            if (strcasecmp(((const ast_name *)d->flavors.items[i])->text, "DisableOverride") == 0)
                return true;
        return false;
    }
    /* DSP0004's standard qualifiers whose flavor is DisableOverride. */
    static const char *const fixed[] = {"Aggregate", "Aggregation", "ArrayType", "Association", "Composition",
                                        "EmbeddedObject", "Exception", "In", "Indication", "Key", "Out",
                                        "Propagated", "Static", "Weak"};
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        if (strcasecmp(fixed[i], name) == 0)
            return true;
    return false;
}

/* ---- values against types ---------------------------------------------------- */

static bool integer_range(cim_type t, bool *is_signed, uint64_t *max_magnitude_pos, uint64_t *max_magnitude_neg)
{
    switch (t) {
    case CIM_UINT8: *is_signed = false; *max_magnitude_pos = UINT8_MAX; *max_magnitude_neg = 0; return true;
    case CIM_UINT16: *is_signed = false; *max_magnitude_pos = UINT16_MAX; *max_magnitude_neg = 0; return true;
    case CIM_UINT32: *is_signed = false; *max_magnitude_pos = UINT32_MAX; *max_magnitude_neg = 0; return true;
    case CIM_UINT64: *is_signed = false; *max_magnitude_pos = UINT64_MAX; *max_magnitude_neg = 0; return true;
    case CIM_SINT8: *is_signed = true; *max_magnitude_pos = INT8_MAX; *max_magnitude_neg = 128u; return true;
    case CIM_SINT16: *is_signed = true; *max_magnitude_pos = INT16_MAX; *max_magnitude_neg = 32768u; return true;
    case CIM_SINT32: *is_signed = true; *max_magnitude_pos = INT32_MAX; *max_magnitude_neg = 2147483648u; return true;
    case CIM_SINT64:
        *is_signed = true;
        *max_magnitude_pos = INT64_MAX;
        *max_magnitude_neg = (uint64_t)INT64_MAX + 1;
        return true;
    default: return false;
    }
}

static bool integer_fits(cim_type t, uint64_t magnitude, bool negative)
{
    bool is_signed;
    uint64_t pos, neg;
    if (!integer_range(t, &is_signed, &pos, &neg))
        return false;
    return negative ? magnitude <= neg : magnitude <= pos;
}

#define REASON_SIZE 320 /* room for "not a valid datetime: " and a mofrt_error message */

/* Checks a scalar literal against a type; returns a reason, or NULL if fine.
 * A reason that needs words of its own (a datetime's) is written to `why`. */
static const char *scalar_mismatch(const ast_value *v, cim_type t, bool is_reference, bool embedded,
                                   char why[REASON_SIZE])
{
    if (v->kind == VAL_NULL)
        return NULL;
    if (is_reference)
        return v->kind == VAL_STRING || v->kind == VAL_ALIAS ? NULL : "a reference takes an object path string or an alias";
    if (embedded)
        return v->kind == VAL_STRING || v->kind == VAL_ALIAS || v->kind == VAL_INSTANCE
                   ? NULL
                   : "an embedded object takes an instance, a string or an alias";
    switch (t) {
    case CIM_BOOLEAN:
        return v->kind == VAL_BOOLEAN ? NULL : "expected TRUE or FALSE";
    case CIM_STRING:
        return v->kind == VAL_STRING ? NULL : "expected a string";
    case CIM_CHAR16:
        return v->kind == VAL_CHAR16 ? NULL : "expected a char16 literal such as 'a'";
    case CIM_REAL32:
    case CIM_REAL64:
        if (v->kind == VAL_INTEGER)
            return NULL;
        if (v->kind != VAL_REAL)
            return "expected a number";
        /* real32: what matters is that it rounds to a finite float
         * (3.4028235e38, FLT_MAX as usually printed, is above FLT_MAX). */
        if (!isfinite(v->u.real) || (t == CIM_REAL32 && !isfinite((float)v->u.real)))
            return "out of range for the type";
        return NULL;
    case CIM_DATETIME: {
        if (v->kind != VAL_STRING)
            return "expected a datetime string";
        mofrt_datetime dt;
        mofrt_error err;
        if (mofrt_datetime_parse_dmtf(v->u.string.text, v->u.string.length, &dt, &err) == 0)
            return NULL;
        snprintf(why, REASON_SIZE, "not a valid datetime: %s", err.message);
        return why;
    }
    case CIM_NONE:
        return NULL;
    default:
        if (v->kind != VAL_INTEGER)
            return "expected an integer";
        if (!integer_fits(t, v->u.integer.magnitude, v->u.integer.negative))
            return "out of range for the type";
        return NULL;
    }
}

static void check_value(diag_engine *diag, const ast_value *v, cim_type t, bool is_array, bool is_reference,
                        bool embedded, const char *what, const char *name)
{
    if (v->kind == VAL_NULL)
        return;
    if (v->kind == VAL_ARRAY) {
        if (!is_array) {
            diag_error(diag, &v->loc, "%s '%s' is not an array but is given a list of values", what, name);
            return;
        }
        if (is_array && v->u.array.count > 0 && v->u.array.items[0]->kind == VAL_ARRAY) {
            diag_error(diag, &v->loc, "%s '%s' is given a list of lists; CIM arrays have one dimension", what, name);
            return;
        }
        for (size_t i = 0; i < v->u.array.count; i++) {
            char text[REASON_SIZE];
            const char *why = scalar_mismatch(v->u.array.items[i], t, is_reference, embedded, text);
            if (why)
                diag_error(diag, &v->u.array.items[i]->loc, "bad value for %s '%s': %s (%s)", what, name, why,
                           is_reference ? "reference" : embedded ? "object" : cim_type_name(t));
        }
        return;
    }
    char text[REASON_SIZE];
    const char *why = scalar_mismatch(v, t, is_reference, embedded, text);
    if (why)
        diag_error(diag, &v->loc, "bad value for %s '%s': %s (%s)", what, name, why,
                   is_reference ? "reference" : embedded ? "object" : cim_type_name(t));
}

/* ---- ValueMap ---------------------------------------------------------------- */

/* Parses one ValueMap integer ("5", "-1", "0x8000", "+3"). */
static bool parse_map_integer(const char *s, size_t n, bool *negative, uint64_t *magnitude)
{
    size_t i = 0;
    *negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        *negative = s[i++] == '-';
    int radix = 10;
    if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        radix = 16;
        i += 2;
    }
    if (i == n)
        return false;
    uint64_t v = 0;
    for (; i < n; i++) {
        int c = (unsigned char)s[i], d;
        if (isdigit(c))
            d = c - '0';
        else if (radix == 16 && isxdigit(c))
            d = (tolower(c) - 'a') + 10;
        else
            return false;
        if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)radix)
            return false;
        v = v * (uint64_t)radix + (uint64_t)d;
    }
    *magnitude = v;
    return true;
}

static uint64_t as_bits(bool negative, uint64_t magnitude)
{
    return negative ? (uint64_t)0 - magnitude : magnitude;
}

/* Fills `e` from a ValueMap string of an integer property; NULL or a reason. */
static const char *parse_map_entry(const char *text, cim_type t, model_enum_entry *e)
{
    bool is_signed;
    uint64_t pos, neg;
    integer_range(t, &is_signed, &pos, &neg);
    const char *dots = strstr(text, "..");
    size_t n = strlen(text);
    bool lo_neg = false, hi_neg = false;
    uint64_t lo = 0, hi = 0;
    if (!dots) {
        if (!parse_map_integer(text, n, &lo_neg, &lo))
            return "not an integer";
        if (!integer_fits(t, lo, lo_neg))
            return "out of range for the property's type";
        e->kind = MOFRT_ENUM_VALUE;
        e->low = e->high = as_bits(lo_neg, lo);
        return NULL;
    }
    size_t left = (size_t)(dots - text), right_start = left + 2;
    e->kind = MOFRT_ENUM_RANGE;
    if (left == 0) {
        lo_neg = is_signed;
        lo = is_signed ? neg : 0;
    } else if (!parse_map_integer(text, left, &lo_neg, &lo) || !integer_fits(t, lo, lo_neg)) {
        return "the range's lower bound is not an integer of the property's type";
    }
    if (right_start == n) {
        hi = pos;
    } else if (!parse_map_integer(text + right_start, n - right_start, &hi_neg, &hi) || !integer_fits(t, hi, hi_neg)) {
        return "the range's upper bound is not an integer of the property's type";
    }
    e->low = as_bits(lo_neg, lo);
    e->high = as_bits(hi_neg, hi);
    bool reversed = is_signed ? (int64_t)e->low > (int64_t)e->high : e->low > e->high;
    return reversed ? "the range's bounds are reversed" : NULL;
}

/* The items of a list value, or the value itself as a list of one
 * (`*v` must outlive the result); NULL with *count 0 for no value. */
static ast_value *const *value_items(const ast_value **v, size_t *count)
{
    if (!*v) {
        *count = 0;
        return NULL;
    }
    if ((*v)->kind == VAL_ARRAY) {
        *count = (*v)->u.array.count;
        return (*v)->u.array.items;
    }
    *count = 1;
    return (ast_value *const *)v;
}

/* A value listed twice in a ValueMap would get two names. */
static void check_map_duplicates(diag_engine *diag, const model_property *p, ast_value *const *map_items)
{
    for (size_t i = 0; map_items && i < p->enum_count; i++) {
        const model_enum_entry *e = &p->enum_entries[i];
        if (e->kind == MOFRT_ENUM_RANGE || !e->value_map || !*e->value_map)
            continue;
        for (size_t k = 0; k < i; k++) {
            const model_enum_entry *o = &p->enum_entries[k];
            bool same = e->kind == MOFRT_ENUM_STRING ? o->kind == MOFRT_ENUM_STRING && o->value_map &&
                                                           strcmp(o->value_map, e->value_map) == 0
                                                     : o->kind == MOFRT_ENUM_VALUE && o->low == e->low;
            if (same) {
                diag_error(diag, &map_items[i]->loc, "ValueMap of '%s' lists \"%s\" twice", p->name, e->value_map);
                diag_note(diag, &map_items[k]->loc, "first listed here");
                break;
            }
        }
    }
}

void checks_value_map(diag_engine *diag, arena *a, model_property *p)
{
    const model_qualifier *vm = model_find_qualifier(&p->qualifiers, "ValueMap");
    const model_qualifier *vs = model_find_qualifier(&p->qualifiers, "Values");
    if (!vm && !vs)
        return;
    /* ValueMap("1") is a list of one, as in ValueMap{"1"}. */
    const ast_value *map_single = vm ? vm->value : NULL, *names_single = vs ? vs->value : NULL;
    size_t map_count = 0, name_count = 0;
    ast_value *const *map_items = value_items(&map_single, &map_count);
    ast_value *const *name_items = value_items(&names_single, &name_count);
    if (vm && vs && map_count != name_count) {
        diag_error(diag, &vs->loc, "'%s' has %zu Values but %zu ValueMap entries; they must pair up", p->name,
                   name_count, map_count);
        diag_note(diag, &vm->loc, "ValueMap is here");
        return;
    }
    bool is_signed;
    uint64_t pos, neg;
    bool integral = integer_range(p->type, &is_signed, &pos, &neg);
    if (!integral && p->type != CIM_STRING) {
        diag_error(diag, vm ? &vm->loc : &vs->loc, "ValueMap/Values need an integer or string property; '%s' is %s",
                   p->name, p->is_reference ? "a reference" : p->embedded ? "an object" : cim_type_name(p->type));
        return;
    }
    size_t count = vm ? map_count : name_count;
    p->enum_entries = arena_alloc(a, (count ? count : 1) * sizeof *p->enum_entries);
    p->enum_count = count;
    for (size_t i = 0; i < count; i++) {
        model_enum_entry *e = &p->enum_entries[i];
        const ast_value *name = name_items ? name_items[i] : NULL;
        e->name = name && name->kind == VAL_STRING ? name->u.string.text : NULL;
        if (!vm) {
            /* Values alone: the values are the positions 0, 1, 2, ... */
            e->value_map = arena_printf(a, "%zu", i);
            e->kind = p->type == CIM_STRING ? MOFRT_ENUM_STRING : MOFRT_ENUM_VALUE;
            e->low = e->high = i;
            continue;
        }
        const ast_value *entry = map_items[i];
        if (entry->kind != VAL_STRING) {
            e->value_map = ""; /* the qualifier's type check reports it */
            e->kind = MOFRT_ENUM_RANGE;
            e->low = 1;
            e->high = 0; /* empty: matches nothing */
            continue;
        }
        e->value_map = entry->u.string.text;
        if (p->type == CIM_STRING) {
            e->kind = MOFRT_ENUM_STRING;
            continue;
        }
        if (strcmp(e->value_map, "..") == 0) {
            p->enum_open = true;
            e->kind = MOFRT_ENUM_RANGE;
            e->low = is_signed ? as_bits(true, neg) : 0;
            e->high = pos;
            continue;
        }
        const char *why = parse_map_entry(e->value_map, p->type, e);
        if (why)
            diag_error(diag, &entry->loc, "ValueMap entry \"%s\" of '%s': %s (%s)", e->value_map, p->name, why,
                       cim_type_name(p->type));
    }
    check_map_duplicates(diag, p, map_items);
}

void checks_bit_map(diag_engine *diag, arena *a, model_property *p)
{
    const model_qualifier *bm = model_find_qualifier(&p->qualifiers, "BitMap");
    const model_qualifier *bv = model_find_qualifier(&p->qualifiers, "BitValues");
    if (!bm && !bv)
        return;
    const ast_value *map_single = bm ? bm->value : NULL, *names_single = bv ? bv->value : NULL;
    size_t map_count = 0, name_count = 0;
    ast_value *const *map_items = value_items(&map_single, &map_count);
    ast_value *const *name_items = value_items(&names_single, &name_count);
    const mof_location *at = bm ? &bm->loc : &bv->loc;
    if (bm && bv && map_count != name_count) {
        diag_error(diag, &bv->loc, "'%s' has %zu BitValues but %zu BitMap entries; they must pair up", p->name,
                   name_count, map_count);
        diag_note(diag, &bm->loc, "BitMap is here");
        return;
    }
    bool is_signed;
    uint64_t pos, neg;
    if (!integer_range(p->type, &is_signed, &pos, &neg)) {
        diag_error(diag, at, "BitMap/BitValues need an integer property; '%s' is %s", p->name,
                   p->is_reference ? "a reference" : p->embedded ? "an object" : cim_type_name(p->type));
        return;
    }
    unsigned width = 0;
    for (uint64_t v = pos; v; v >>= 1)
        width++;
    width += is_signed; /* the sign bit is a bit too */
    size_t count = bm ? map_count : name_count;
    p->bits = arena_alloc(a, (count ? count : 1) * sizeof *p->bits);
    uint64_t seen = 0;
    for (size_t i = 0; i < count; i++) {
        model_bit *b = &p->bits[p->bit_count];
        const ast_value *name = name_items ? name_items[i] : NULL;
        b->name = name && name->kind == VAL_STRING ? name->u.string.text : NULL;
        if (!bm) {
            b->position = (unsigned)i; /* BitValues alone: bits 0, 1, 2, ... */
        } else {
            const ast_value *entry = map_items[i];
            if (entry->kind != VAL_STRING)
                continue; /* the qualifier's type check reports it */
            const char *text = entry->u.string.text;
            char *end;
            unsigned long n = strtoul(text, &end, 10);
            if (!isdigit((unsigned char)text[0]) || *end || n >= width) {
                diag_error(diag, &entry->loc, "BitMap entry \"%s\" of '%s' is not a bit position of a %u-bit %s (0 to %u)",
                           text, p->name, width, cim_type_name(p->type), width - 1);
                continue;
            }
            b->position = (unsigned)n;
        }
        if (b->position < 64 && (seen >> b->position) & 1) {
            diag_error(diag, bm ? &((const ast_value *)map_items[i])->loc : at, "bit %u of '%s' is listed twice in its BitMap",
                       b->position, p->name);
            continue;
        }
        seen |= (uint64_t)1 << b->position;
        p->bit_count++;
    }
}

/* ---- pragmas ------------------------------------------------------------------- */

void checks_pragma(diag_engine *diag, model *m, const ast_pragma *p)
{
    static const char *const known[] = {
        "locale", "instancelocale", "namespace", "nonlocal", "nonlocaltype", "source", "sourcetype",
        "deleteclass", "deleteinstance", "autorecover", "classflags", "instanceflags", "include", "comment",
    };
    bool found = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        found = found || strcasecmp(known[i], p->name) == 0;
    if (!found) {
        diag_warning(diag, W_UNKNOWN_PRAGMA, &p->loc, "unknown pragma '%s' ignored", p->name);
        return;
    }
    if (strcasecmp(p->name, "namespace") == 0 && p->arguments.count == 1 &&
        ((ast_value *)p->arguments.items[0])->kind == VAL_STRING)
        m->namespace_name = ((ast_value *)p->arguments.items[0])->u.string.text;
}

/* ---- the checks ---------------------------------------------------------------- */

typedef struct check_context {
    diag_engine *diag;
    arena *arena;
    model *m;
    name_table *warned_unknown; /* qualifier names already reported unknown */
    name_table *instance_lookups; /* class name -> instance_lookup *, built when first needed */
} check_context;

static const char *const known_flavors[] = {
    "EnableOverride", "DisableOverride", "Restricted", "ToSubclass", "ToInstance", "Translatable",
    "NotToInstance", "NotToSubclass", "Amended", /* the last three: WMI */
};

static const char *const known_scopes[] = {"class", "association", "indication", "property", "reference",
                                           "method", "parameter", "qualifier", "any"};

static size_t distance(const char *a, const char *b);
static void check_value_for(diag_engine *diag, const ast_value *v, const model_property *p, const char *what);
static void check_embedded_values(check_context *cx, const model_property *p, const ast_value *v);

/* The closest of `words` to `word` when it is a likely typo, else NULL. */
static const char *closest(const char *word, const char *const *words, size_t count)
{
    const char *best = NULL;
    size_t best_distance = 3;
    for (size_t i = 0; i < count; i++) {
        size_t d = distance(word, words[i]);
        if (d < best_distance) {
            best_distance = d;
            best = words[i];
        }
    }
    return best;
}

static bool is_one_of(const char *word, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcasecmp(word, words[i]) == 0)
            return true;
    return false;
}

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* Flavors that say opposite things (DSP0004's flavor pairs). */
static const char *const opposite_flavors[][2] = {
    {"EnableOverride", "DisableOverride"}, {"ToSubclass", "Restricted"}, {"ToSubclass", "NotToSubclass"},
    {"ToInstance", "NotToInstance"}, {"Translatable", "NotTranslatable"},
};

/* Each flavor against the first earlier one of each opposite pair: one
 * pass, however long the list. */
static void check_flavors(check_context *cx, const ptr_vec *flavors, const char *qualifier)
{
    const char *first[COUNT_OF(opposite_flavors)][2] = {{0}};
    for (size_t i = 0; flavors && i < flavors->count; i++) {
        const ast_name *name = flavors->items[i];
        const char *f = name->text;
        for (size_t o = 0; o < COUNT_OF(opposite_flavors); o++)
            for (int side = 0; side < 2; side++) {
                if (strcasecmp(f, opposite_flavors[o][side]) != 0)
                    continue;
                const char *earlier = first[o][!side];
                if (earlier)
                    diag_error(cx->diag, &name->loc, "flavor '%s' contradicts '%s' on qualifier '%s'", f, earlier,
                               qualifier);
                if (!first[o][side])
                    first[o][side] = f;
            }
        if (is_one_of(f, known_flavors, COUNT_OF(known_flavors)))
            continue;
        const char *hint = closest(f, known_flavors, COUNT_OF(known_flavors));
        diag_error(cx->diag, &name->loc, "unknown flavor '%s' for qualifier '%s'%s%s%s", f, qualifier,
                   hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    }
}

/* Qualifier declarations: a known type, known scopes and flavors, and a
 * default value of the declared type. */
static void check_qualifier_decls(check_context *cx)
{
    for (size_t i = 0; i < cx->m->qualifier_decls.count; i++) {
        const ast_qualifier_decl *d = cx->m->qualifier_decls.items[i];
        if (d->type.intrinsic == CIM_NONE) {
            const char *hint = checks_type_suggestion(d->type.spelling ? d->type.spelling : "");
            diag_error(cx->diag, &d->type.loc, "qualifier '%s' has type '%s'; qualifiers take an intrinsic type%s%s%s",
                       d->name, d->type.spelling ? d->type.spelling : "?", hint ? "; did you mean '" : "",
                       hint ? hint : "", hint ? "'?" : "");
            continue;
        }
        for (size_t k = 0; k < d->scopes.count; k++) {
            const ast_name *scope = d->scopes.items[k];
            const char *s = scope->text;
            if (is_one_of(s, known_scopes, COUNT_OF(known_scopes)))
                continue;
            const char *hint = closest(s, known_scopes, COUNT_OF(known_scopes));
            diag_error(cx->diag, &scope->loc, "unknown scope '%s' in qualifier '%s'%s%s%s", s, d->name,
                       hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        }
        check_flavors(cx, &d->flavors, d->name);
        if (!d->default_value)
            continue;
        model_property shape = {.name = d->name, .type = d->type.intrinsic, .array = d->array,
                                .array_size = d->array_size};
        check_value_for(cx->diag, d->default_value, &shape, "qualifier");
    }
}

static void check_qualifier_list(check_context *cx, const ptr_vec *qualifiers, unsigned scope, const char *element)
{
    name_table *given = name_table_new_scratch();
    for (size_t i = 0; i < qualifiers->count; i++) {
        const model_qualifier *q = qualifiers->items[i];
        if (!q->loc.file)
            continue;
        if (name_table_get(given, q->name))
            diag_error(cx->diag, &q->loc, "qualifier '%s' is given twice", q->name);
        else
            name_table_put(given, q->name, (void *)q);
        check_flavors(cx, q->flavors, q->name);
        qualifier_info info;
        if (!qualifier_lookup(cx->m, q->name, &info)) {
            if (!name_table_get(cx->warned_unknown, q->name)) {
                name_table_put(cx->warned_unknown, q->name, (void *)q);
                diag_warning(cx->diag, W_UNKNOWN_QUALIFIER, &q->loc,
                             "qualifier '%s' is neither declared nor a standard qualifier", q->name);
            }
            continue;
        }
        if (info.scopes && !(info.scopes & scope))
            diag_warning(cx->diag, W_QUALIFIER_SCOPE, &q->loc, "qualifier '%s' does not apply to a %s", q->name,
                         element);
        if (!q->value)
            continue;
        if (!info.array && q->value->kind == VAL_ARRAY) {
            diag_error(cx->diag, &q->value->loc, "qualifier '%s' takes one value, not a list", q->name);
            continue;
        }
        if (info.type != CIM_NONE)
            check_value(cx->diag, q->value, info.type, true, false, false, "qualifier", q->name);
    }
    name_table_free(given);
}

static unsigned class_scope(const model_class *c)
{
    return SCOPE_CLASS | (c->association ? SCOPE_ASSOCIATION : 0) | (c->indication ? SCOPE_INDICATION : 0);
}

static void check_own_qualifiers(check_context *cx, const model_property *p, unsigned scope, const char *element)
{
    /* Only the qualifiers written on this element: inherited ones were
     * checked where they were written. */
    ptr_vec own = {0};
    for (size_t i = 0; i < p->qualifiers.count; i++) {
        const model_qualifier *q = p->qualifiers.items[i];
        if (q->owner == p)
            ptr_vec_push(cx->arena, &own, (void *)q);
    }
    check_qualifier_list(cx, &own, scope, element);
}

static void check_qualifiers(check_context *cx)
{
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        if (c->placeholder)
            continue;
        ptr_vec own = {0};
        for (size_t k = 0; k < c->qualifiers.count; k++)
            if (((model_qualifier *)c->qualifiers.items[k])->owner == c)
                ptr_vec_push(cx->arena, &own, c->qualifiers.items[k]);
        check_qualifier_list(cx, &own, class_scope(c), c->association ? "association" : "class");
        for (size_t k = 0; k < c->properties.count; k++) {
            const model_property *p = c->properties.items[k];
            if (p->origin == c)
                check_own_qualifiers(cx, p, p->is_reference ? SCOPE_REFERENCE : SCOPE_PROPERTY,
                                     p->is_reference ? "reference" : "property");
        }
        for (size_t k = 0; k < c->methods.count; k++) {
            const model_method *m = c->methods.items[k];
            if (m->origin != c)
                continue;
            check_own_qualifiers(cx, m->result, SCOPE_METHOD, "method");
            for (size_t j = 0; j < m->parameters.count; j++)
                check_own_qualifiers(cx, ((model_parameter *)m->parameters.items[j])->as_property, SCOPE_PARAMETER,
                                     "parameter");
        }
    }
}

/* Edit distance, for did-you-mean. */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 31 || lb > 31)
        return 99;
    size_t row[32];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag_prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t keep = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t best = diag_prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag_prev = keep;
        }
    }
    return row[lb];
}

const char *checks_type_suggestion(const char *name)
{
    static const char *const types[] = {"Boolean", "UInt8", "SInt8", "UInt16", "SInt16", "UInt32", "SInt32",
                                        "UInt64", "SInt64", "Real32", "Real64", "Char16", "String", "DateTime"};
    const char *best = NULL;
    size_t best_distance = 3;
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        size_t d = distance(name, types[i]);
        /* "Bool" for "Boolean": a prefix of at least four letters counts. */
        if (strlen(name) >= 4 && strncasecmp(name, types[i], strlen(name)) == 0)
            d = 1;
        if (d < best_distance) {
            best_distance = d;
            best = types[i];
        }
    }
    return best;
}

/* Finds the class a reference or embedded object names, or explains;
 * `at` is where its type is written. */
static void resolve_class_name(check_context *cx, model_property *p, const mof_location *at)
{
    /* WMI's "object ref x": a reference to an instance of any class. */
    if (p->is_reference && strcasecmp(p->class_name, "object") == 0)
        return;
    p->class_ref = model_find_class(cx->m, p->class_name);
    /* A placeholder stands in for an undeclared superclass: no bindings are
     * made for it, so a property cannot be typed by it either. */
    if (p->class_ref && p->class_ref->placeholder)
        p->class_ref = NULL;
    if (p->class_ref)
        return;
    const char *suggestion = p->is_reference ? NULL : checks_type_suggestion(p->class_name);
    if (suggestion) {
        diag_error(cx->diag, at, "unknown type '%s'; did you mean '%s'?", p->class_name, suggestion);
    } else {
        diag_warning(cx->diag, W_UNDECLARED_CLASS, at, "class '%s' is not declared; '%s' is treated as %s",
                     p->class_name, p->name, p->is_reference ? "an object path string" : "an untyped embedded object");
    }
}

/* References and embedded objects name classes, in properties and in
 * method parameters alike. */
static void check_class_names(check_context *cx)
{
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        model_class *c = cx->m->classes.items[i];
        for (size_t k = 0; k < c->properties.count; k++) {
            model_property *p = c->properties.items[k];
            if (p->origin != c || !p->class_name)
                continue;
            resolve_class_name(cx, p, &p->type_loc);
        }
        for (size_t k = 0; k < c->methods.count; k++) {
            const model_method *m = c->methods.items[k];
            if (m->origin != c)
                continue;
            if (m->result->class_name && !m->returns_void)
                resolve_class_name(cx, m->result, &m->type_loc);
            for (size_t j = 0; j < m->parameters.count; j++) {
                model_parameter *param = m->parameters.items[j];
                if (param->as_property->class_name)
                    resolve_class_name(cx, param->as_property, &param->type_loc);
            }
        }
    }
}

/* A value for property or parameter `p`: its type, and the shape of an
 * array (a list, no more elements than a fixed size). */
/* True when the integer or string literal `v` is one of p's ValueMap. */
/* True when the integer or string literal `v` is one of p's ValueMap.
 * Integers are tested by the runtime's own mofrt_enum_allows, so the
 * compiler and the generated setters agree on ranges and signedness. */
static bool in_value_map(const model_property *p, const ast_value *v)
{
    for (size_t i = 0; i < p->enum_count; i++) {
        const model_enum_entry *e = &p->enum_entries[i];
        if (e->kind == MOFRT_ENUM_STRING) {
            if (v->kind == VAL_STRING && strcmp(e->value_map, v->u.string.text) == 0)
                return true;
            continue;
        }
        if (v->kind != VAL_INTEGER)
            continue;
        mofrt_enum_entry entry = {e->value_map, e->name, (uint8_t)e->kind, e->low, e->high};
        mofrt_enum one = {.name = p->name, .is_signed = p->type >= CIM_SINT8 && p->type <= CIM_SINT64, .count = 1,
                          .entries = &entry};
        uint64_t bits = v->u.integer.negative ? 0 - v->u.integer.magnitude : v->u.integer.magnitude;
        if (mofrt_enum_allows(&one, bits))
            return true;
    }
    return false;
}

/* A value the generated decoders and setters would refuse is refused here
 * too: every literal given to a ValueMap property must be in its map. */
static void check_value_map_values(diag_engine *diag, const ast_value *v, const model_property *p, const char *what)
{
    if (p->enum_count == 0 || p->enum_open)
        return;
    size_t count = v->kind == VAL_ARRAY ? v->u.array.count : 1;
    for (size_t i = 0; i < count; i++) {
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.array.items[i] : v;
        if ((item->kind != VAL_INTEGER && item->kind != VAL_STRING) || in_value_map(p, item))
            continue;
        char allowed[200];
        size_t used = 0;
        for (size_t k = 0; k < p->enum_count && used + 8 < sizeof allowed; k++)
            used += (size_t)snprintf(allowed + used, sizeof allowed - used, "%s\"%s\"", k ? ", " : "",
                                     p->enum_entries[k].value_map);
        diag_error(diag, &item->loc, "bad value for %s '%s': not in its ValueMap {%s}", what, p->name, allowed);
    }
}

static void check_value_for(diag_engine *diag, const ast_value *v, const model_property *p, const char *what)
{
    if (p->array != ARRAY_NONE && v->kind != VAL_ARRAY && v->kind != VAL_NULL) {
        diag_error(diag, &v->loc, "%s '%s' is an array: give a list of values, such as {...}", what, p->name);
        return;
    }
    if (p->array == ARRAY_FIXED && v->kind == VAL_ARRAY && v->u.array.count > p->array_size) {
        diag_error(diag, &v->loc, "%zu values for %s '%s', which holds at most %llu", v->u.array.count, what,
                   p->name, (unsigned long long)p->array_size);
        return;
    }
    unsigned errors = diag->errors;
    check_value(diag, v, p->type, p->array != ARRAY_NONE, p->is_reference, p->embedded, what, p->name);
    if (diag->errors == errors)
        check_value_map_values(diag, v, p, what);
}

static void check_defaults(check_context *cx)
{
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        for (size_t k = 0; k < c->properties.count; k++) {
            const model_property *p = c->properties.items[k];
            if (p->origin == c && p->default_value) {
                check_value_for(cx->diag, p->default_value, p, "property");
                if (p->embedded)
                    check_embedded_values(cx, p, p->default_value);
            }
        }
        for (size_t k = 0; k < c->methods.count; k++) {
            const model_method *m = c->methods.items[k];
            for (size_t j = 0; m->origin == c && j < m->parameters.count; j++) {
                const model_property *p = ((model_parameter *)m->parameters.items[j])->as_property;
                if (p->default_value) {
                    check_value_for(cx->diag, p->default_value, p, "parameter");
                    if (p->embedded)
                        check_embedded_values(cx, p, p->default_value);
                }
            }
        }
    }
}

/* An alias is defined once (by an instance or a class, "as $name") and
 * every $name used as a value is defined somewhere in the compilation. */
static void define_alias(check_context *cx, name_table *aliases, const char *alias, const mof_location *at)
{
    const mof_location *first = name_table_get(aliases, alias);
    if (first) {
        diag_error(cx->diag, at, "alias '$%s' is defined twice", alias);
        diag_note(cx->diag, first, "first defined here");
        return;
    }
    name_table_put(aliases, alias, (void *)at);
}

static void check_alias_uses(check_context *cx, const name_table *aliases, const ast_value *v)
{
    if (!v)
        return;
    if (v->kind == VAL_ALIAS && !name_table_get(aliases, v->u.alias))
        diag_error(cx->diag, &v->loc, "alias '$%s' is not defined", v->u.alias);
    for (size_t i = 0; v->kind == VAL_ARRAY && i < v->u.array.count; i++)
        check_alias_uses(cx, aliases, v->u.array.items[i]);
    for (size_t i = 0; v->kind == VAL_INSTANCE && i < v->u.instance->properties.count; i++)
        check_alias_uses(cx, aliases, ((const ast_property_value *)v->u.instance->properties.items[i])->value);
}

static void check_aliases(check_context *cx)
{
    name_table *aliases = name_table_new(cx->arena);
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        if (!c->placeholder && c->ast->alias)
            define_alias(cx, aliases, c->ast->alias, &c->loc);
    }
    for (size_t i = 0; i < cx->m->instances.count; i++) {
        const ast_instance *ai = ((model_instance *)cx->m->instances.items[i])->ast;
        if (ai->alias)
            define_alias(cx, aliases, ai->alias, &ai->loc);
    }
    for (size_t i = 0; i < cx->m->instances.count; i++) {
        const ast_instance *ai = ((model_instance *)cx->m->instances.items[i])->ast;
        for (size_t k = 0; k < ai->properties.count; k++)
            check_alias_uses(cx, aliases, ((ast_property_value *)ai->properties.items[k])->value);
    }
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        for (size_t k = 0; k < c->properties.count; k++) {
            const model_property *p = c->properties.items[k];
            if (p->origin == c)
                check_alias_uses(cx, aliases, p->default_value);
        }
    }
}

static void check_instance_body(check_context *cx, const model_class *cls, const ast_instance *ai);

/* An embedded instance given as a value: of the property's class (or a
 * subclass), and right in itself. */
static void check_embedded_values(check_context *cx, const model_property *p, const ast_value *v)
{
    size_t count = v->kind == VAL_ARRAY ? v->u.array.count : 1;
    for (size_t i = 0; i < count; i++) {
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.array.items[i] : v;
        if (item->kind != VAL_INSTANCE)
            continue;
        const ast_instance *inner = item->u.instance;
        const model_class *c = model_find_class(cx->m, inner->class_name);
        if (!c || c->placeholder) {
            diag_warning(cx->diag, W_UNDECLARED_CLASS, &inner->loc, "instance of undeclared class '%s' is not checked",
                         inner->class_name);
            continue;
        }
        const model_class *up = c;
        while (p->class_ref && up && up != p->class_ref)
            up = up->superclass;
        if (p->class_ref && !up)
            diag_error(cx->diag, &inner->loc, "'%s' holds a %s, not a %s", p->name, p->class_ref->name, c->name);
        check_instance_body(cx, c, inner);
    }
}

/* What checking instances of one class needs: its properties by name and
 * its keys, made once per class however many instances it has. */
typedef struct instance_lookup {
    name_table *properties;
    ptr_vec keys; /* model_property * */
} instance_lookup;

static instance_lookup *lookup_for(check_context *cx, const model_class *cls)
{
    instance_lookup *l = name_table_get(cx->instance_lookups, cls->name);
    if (l)
        return l;
    l = arena_alloc(cx->arena, sizeof *l);
    l->properties = name_table_new(cx->arena);
    for (size_t j = 0; j < cls->properties.count; j++) {
        model_property *p = cls->properties.items[j];
        name_table_put(l->properties, p->name, p);
        if (p->key)
            ptr_vec_push(cx->arena, &l->keys, p);
    }
    name_table_put(cx->instance_lookups, cls->name, l);
    return l;
}

/* An instance's values against its class: each property exists, is given
 * once and has a value of its type, and each key has a value. */
static void check_instance_body(check_context *cx, const model_class *cls, const ast_instance *ai)
{
    if (cls->abstract)
        diag_error(cx->diag, &ai->loc, "class '%s' is abstract: it has no instances", ai->class_name);
    instance_lookup *lookup = lookup_for(cx, cls);
    name_table *given = name_table_new_scratch(); /* property name -> its first value */
    for (size_t k = 0; k < ai->properties.count; k++) {
        const ast_property_value *pv = ai->properties.items[k];
        model_property *p = name_table_get(lookup->properties, pv->name);
        if (!p) {
            diag_error(cx->diag, &pv->loc, "class '%s' has no property '%s'", cls->name, pv->name);
            continue;
        }
        if (name_table_get(given, pv->name))
            diag_error(cx->diag, &pv->loc, "property '%s' is given twice", pv->name);
        else
            name_table_put(given, pv->name, (void *)pv);
        check_value_for(cx->diag, pv->value, p, "property");
        if (p->embedded)
            check_embedded_values(cx, p, pv->value);
    }
    /* Keys identify an instance: each needs a value (or a default). */
    for (size_t j = 0; j < lookup->keys.count; j++) {
        const model_property *p = lookup->keys.items[j];
        const ast_property_value *pv = name_table_get(given, p->name);
        bool has_value = (p->default_value && p->default_value->kind != VAL_NULL) || (pv && pv->value->kind != VAL_NULL);
        if (!has_value)
            diag_error(cx->diag, &ai->loc, "instance of '%s' gives no value for its key property '%s'", cls->name,
                       p->name);
    }
    name_table_free(given);
}

static void check_instances(check_context *cx)
{
    for (size_t i = 0; i < cx->m->instances.count; i++) {
        model_instance *mi = cx->m->instances.items[i];
        const ast_instance *ai = mi->ast;
        mi->class_ref = model_find_class(cx->m, ai->class_name);
        if (mi->class_ref && mi->class_ref->placeholder)
            mi->class_ref = NULL; /* a name only ever used as a superclass */
        if (!mi->class_ref) {
            /* WMI MOF registers providers with instances of system classes
             * (__Win32Provider) that no MOF declares: nothing to check. */
            diag_warning(cx->diag, W_UNDECLARED_CLASS, &ai->loc,
                         "instance of undeclared class '%s' is not checked", ai->class_name);
            continue;
        }
        check_instance_body(cx, mi->class_ref, ai);
    }
}

/* CIM names are case-insensitive and properties and methods share them. */
static void check_member_names(check_context *cx)
{
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        if (!c->methods.count)
            continue;
        name_table *properties = name_table_new_scratch();
        for (size_t j = 0; j < c->properties.count; j++)
            name_table_put(properties, ((model_property *)c->properties.items[j])->name, c->properties.items[j]);
        for (size_t k = 0; k < c->methods.count; k++) {
            const model_method *m = c->methods.items[k];
            const model_property *p = name_table_get(properties, m->name);
            if (!p || (m->origin != c && p->origin != c))
                continue;
            const mof_location *later = m->origin == c ? &m->loc : &p->loc;
            diag_error(cx->diag, later, "class '%s' has a property and a method called '%s'", c->name, m->name);
            diag_note(cx->diag, m->origin == c ? &p->loc : &m->loc, "the %s is declared here",
                      m->origin == c ? "property" : "method");
        }
        name_table_free(properties);
    }
}

typedef struct check {
    const char *name;
    void (*run)(check_context *cx);
} check;

/* Order matters only where a check fills in what a later one reads. */
/* DSP0004: an association relates at least two things through its
 * references, and a class is not both an association and an indication. */
static void check_class_kinds(check_context *cx)
{
    for (size_t i = 0; i < cx->m->classes.count; i++) {
        const model_class *c = cx->m->classes.items[i];
        if (c->placeholder)
            continue;
        if (c->association && c->indication)
            diag_error(cx->diag, &c->loc, "class '%s' is both an association and an indication", c->name);
        size_t references = 0;
        for (size_t k = 0; k < c->properties.count; k++)
            references += ((const model_property *)c->properties.items[k])->is_reference;
        if (c->association && references < 2)
            diag_error(cx->diag, &c->loc, "association '%s' has %zu reference%s; an association has at least two",
                       c->name, references, references == 1 ? "" : "s");
    }
}

static const check all_checks[] = {
    {"class-kinds", check_class_kinds},
    {"qualifier-declarations", check_qualifier_decls},
    {"class-names", check_class_names},
    {"qualifiers", check_qualifiers},
    {"defaults", check_defaults},
    {"member-names", check_member_names},
    {"instances", check_instances},
    {"aliases", check_aliases},
};

void checks_run(diag_engine *diag, arena *a, model *m)
{
    check_context cx = {.diag = diag, .arena = a, .m = m, .warned_unknown = name_table_new(a),
                       .instance_lookups = name_table_new(a)};
    for (size_t i = 0; i < sizeof all_checks / sizeof all_checks[0]; i++)
        all_checks[i].run(&cx);
}
