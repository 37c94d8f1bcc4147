/*
 * checks.c - the semantic checks, as a table of named functions that each
 * look at one aspect of the finished model, and the knowledge they need:
 * DSP0004's standard qualifiers (so MOF that declares none still gets its
 * qualifiers checked) and the ValueMap syntax.
 */
#include "checks.h"

#include "parse.h"
#include "suggest.h"

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

/* A ValueMap bound: an integer of any sign, compared exactly whatever the
 * property's type. */
typedef struct map_bound {
    bool negative; /* never with magnitude 0 */
    uint64_t magnitude;
} map_bound;

static int bound_compare(map_bound x, map_bound y)
{
    if (x.negative != y.negative)
        return x.negative ? -1 : 1;
    if (x.magnitude == y.magnitude)
        return 0;
    return (x.magnitude < y.magnitude) != x.negative ? -1 : 1;
}

static bool parse_bound(const char *s, size_t n, map_bound *b)
{
    if (!parse_map_integer(s, n, &b->negative, &b->magnitude))
        return false;
    b->negative = b->negative && b->magnitude != 0;
    return true;
}

static const char *bound_text(arena *a, map_bound b)
{
    return arena_printf(a, "%s%llu", b.negative ? "-" : "", (unsigned long long)b.magnitude);
}

/* The same in a static buffer, for one use in a message. */
static const char *bound_text_static(map_bound b)
{
    static char text[24];
    snprintf(text, sizeof text, "%s%llu", b.negative ? "-" : "", (unsigned long long)b.magnitude);
    return text;
}

typedef enum map_entry_result { MAP_ENTRY_OK, MAP_ENTRY_NOT_INTEGER, MAP_ENTRY_REVERSED, MAP_ENTRY_CLAMPED, MAP_ENTRY_OUTSIDE } map_entry_result;

/* Fills `e` from a ValueMap string of an integer property of type `t`:
 * "5", "1..4", "..4", "8..", with a range past the type cut to it
 * (`clamped` then says the range kept). */
static map_entry_result parse_map_entry(arena *a, const char *text, cim_type t, model_enum_entry *e,
                                        const char **clamped)
{
    bool is_signed;
    uint64_t pos, neg;
    integer_range(t, &is_signed, &pos, &neg);
    map_bound min = {is_signed, is_signed ? neg : 0}, max = {false, pos};
    const char *dots = strstr(text, "..");
    size_t n = strlen(text);
    map_bound lo, hi;
    if (!dots) {
        if (!parse_bound(text, n, &lo))
            return MAP_ENTRY_NOT_INTEGER;
        hi = lo;
        e->kind = MOFRT_ENUM_VALUE;
    } else {
        size_t left = (size_t)(dots - text), right = left + 2;
        e->kind = MOFRT_ENUM_RANGE;
        if (left == 0)
            lo = min;
        else if (!parse_bound(text, left, &lo))
            return MAP_ENTRY_NOT_INTEGER;
        if (right == n)
            hi = max;
        else if (!parse_bound(text + right, n - right, &hi))
            return MAP_ENTRY_NOT_INTEGER;
        if (bound_compare(lo, hi) > 0)
            return MAP_ENTRY_REVERSED;
    }
    if (bound_compare(hi, min) < 0 || bound_compare(lo, max) > 0)
        return MAP_ENTRY_OUTSIDE;
    map_entry_result result = MAP_ENTRY_OK;
    if (bound_compare(lo, min) < 0 || bound_compare(hi, max) > 0) {
        lo = bound_compare(lo, min) < 0 ? min : lo;
        hi = bound_compare(hi, max) > 0 ? max : hi;
        *clamped = arena_printf(a, "%s..%s", bound_text(a, lo), bound_text(a, hi));
        result = MAP_ENTRY_CLAMPED;
    }
    e->low = as_bits(lo.negative, lo.magnitude);
    e->high = as_bits(hi.negative, hi.magnitude);
    return result;
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

/* Single values and strings in value order, and among equal ones in map
 * order (the entries are one array, so their addresses give it). */
static int compare_map_entries(const void *x, const void *y)
{
    const model_enum_entry *a = *(const model_enum_entry *const *)x, *b = *(const model_enum_entry *const *)y;
    int order = a->kind == MOFRT_ENUM_STRING ? strcmp(a->value_map, b->value_map)
                : a->low < b->low            ? -1
                : a->low > b->low            ? 1
                                             : 0;
    return order ? order : a < b ? -1 : a > b;
}

/* A value listed twice in a ValueMap would get two names: found by
 * sorting, so a map of any length takes O(n log n). */
static void check_map_duplicates(diag_engine *diag, const model_property *p)
{
    model_enum_entry **sorted = malloc((p->enum_count + 1) * sizeof *sorted);
    if (!sorted)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < p->enum_count; i++)
        if (p->enum_entries[i].kind != MOFRT_ENUM_RANGE && *p->enum_entries[i].value_map)
            sorted[n++] = &p->enum_entries[i];
    qsort(sorted, n, sizeof *sorted, compare_map_entries);
    for (size_t i = 1, first = 0; i < n; i++) {
        const model_enum_entry *e = sorted[i], *f = sorted[first];
        bool same = e->kind == MOFRT_ENUM_STRING ? strcmp(e->value_map, f->value_map) == 0 : e->low == f->low;
        if (!same) {
            first = i;
            continue;
        }
        diag_error(diag, &e->loc, "ValueMap of '%s' lists \"%s\" twice", p->name, e->value_map);
        diag_note(diag, &f->loc, "first listed here");
    }
    free(sorted);
}

/* The entries of a ValueMap sorted, so that each value given to the
 * property is tested in O(log n): single values and strings by value, and
 * ranges by their low bound with the highest bound reached so far (a value
 * is in some range exactly when the last range starting at or below it
 * reaches it).  Integers are compared as the runtime's mofrt_enum_allows
 * compares them: signed for a signed property. */
typedef struct enum_index {
    uint64_t *values;       /* order keys (see order_key) */
    size_t value_count;
    uint64_t *range_low, *range_reach;
    size_t range_count;
    const char **strings;
    size_t string_count;
    bool is_signed;
} enum_index;

/* Bits of a property's value as a key whose unsigned order is the value's. */
static uint64_t order_key(uint64_t bits, bool is_signed)
{
    return is_signed ? bits ^ ((uint64_t)1 << 63) : bits;
}

static int compare_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return a < b ? -1 : a > b;
}

static int compare_strings(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

typedef struct key_range {
    uint64_t low, high;
} key_range;

static int compare_ranges(const void *x, const void *y)
{
    return compare_u64(&((const key_range *)x)->low, &((const key_range *)y)->low);
}

static enum_index *build_enum_index(arena *a, const model_property *p, bool is_signed)
{
    enum_index *ix = arena_alloc(a, sizeof *ix);
    size_t n = p->enum_count ? p->enum_count : 1;
    ix->is_signed = is_signed;
    ix->values = arena_alloc(a, n * sizeof *ix->values);
    ix->range_low = arena_alloc(a, n * sizeof *ix->range_low);
    ix->range_reach = arena_alloc(a, n * sizeof *ix->range_reach);
    ix->strings = arena_alloc(a, n * sizeof *ix->strings);
    key_range *ranges = arena_alloc(a, n * sizeof *ranges);
    for (size_t i = 0; i < p->enum_count; i++) {
        const model_enum_entry *e = &p->enum_entries[i];
        if (e->kind == MOFRT_ENUM_STRING)
            ix->strings[ix->string_count++] = e->value_map;
        else if (e->kind == MOFRT_ENUM_VALUE)
            ix->values[ix->value_count++] = order_key(e->low, is_signed);
        else
            ranges[ix->range_count++] = (key_range){order_key(e->low, is_signed), order_key(e->high, is_signed)};
    }
    qsort(ix->values, ix->value_count, sizeof *ix->values, compare_u64);
    qsort(ix->strings, ix->string_count, sizeof *ix->strings, compare_strings);
    qsort(ranges, ix->range_count, sizeof *ranges, compare_ranges);
    for (size_t i = 0; i < ix->range_count; i++) {
        ix->range_low[i] = ranges[i].low;
        ix->range_reach[i] = i && ix->range_reach[i - 1] > ranges[i].high ? ix->range_reach[i - 1] : ranges[i].high;
    }
    return ix;
}

static bool enum_index_allows(const enum_index *ix, uint64_t bits)
{
    uint64_t key = order_key(bits, ix->is_signed);
    if (bsearch(&key, ix->values, ix->value_count, sizeof key, compare_u64))
        return true;
    size_t lo = 0, hi = ix->range_count; /* the first range starting above `key` */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->range_low[mid] <= key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && ix->range_reach[lo - 1] >= key;
}

static model_map_note *add_map_note(arena *a, model_property *p, model_map_note_kind kind, const char *entry)
{
    model_map_note *note = arena_alloc(a, sizeof *note);
    note->kind = kind;
    note->entry = entry;
    ptr_vec_push(a, &p->map_notes, note);
    return note;
}

/* True when every Values text of an integer property reads as an integer:
 * the two qualifiers were written the wrong way round. */
static bool values_look_like_map(ast_value *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        map_bound b;
        const ast_value *v = names[i];
        const char *dots = v->kind == VAL_STRING ? strstr(v->u.string.text, "..") : NULL;
        if (v->kind != VAL_STRING || (!dots && !parse_bound(v->u.string.text, v->u.string.length, &b)))
            return false;
    }
    return count > 0;
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
    bool is_signed = false;
    uint64_t pos, neg;
    bool integral = integer_range(p->type, &is_signed, &pos, &neg);
    if (!integral && p->type != CIM_STRING) {
        diag_error(diag, vm ? &vm->loc : &vs->loc, "ValueMap/Values need an integer or string property; '%s' is %s",
                   p->name, p->is_reference ? "a reference" : p->embedded ? "an object" : cim_type_name(p->type));
        return;
    }
    /* An inherited map was judged where it was written. */
    bool own = (vm && vm->owner == p) || (vs && vs->owner == p);
    if (vm && vs && map_count != name_count) {
        if (own) {
            diag_warning(diag, W_VALUE_MAP, &vs->loc,
                         "'%s' has %zu Values but %zu ValueMap entries; they do not pair up, so '%s' gets no enum",
                         p->name, name_count, map_count, p->name);
            diag_note(diag, &vm->loc, "ValueMap is here");
        }
        model_map_note *note = add_map_note(a, p, MAP_NOTE_UNPAIRED, NULL);
        note->map_count = map_count;
        note->values_count = name_count;
        return;
    }
    size_t count = vm ? map_count : name_count;
    p->enum_entries = arena_alloc(a, (count ? count : 1) * sizeof *p->enum_entries);
    size_t kept = 0;
    for (size_t i = 0; i < count; i++) {
        model_enum_entry *e = &p->enum_entries[kept];
        const ast_value *name = name_items ? name_items[i] : NULL;
        *e = (model_enum_entry){.name = name && name->kind == VAL_STRING ? name->u.string.text : NULL};
        if (!vm) {
            /* Values alone: the values are the positions 0, 1, 2, ... */
            e->value_map = arena_printf(a, "%zu", i);
            e->kind = p->type == CIM_STRING ? MOFRT_ENUM_STRING : MOFRT_ENUM_VALUE;
            e->low = e->high = i;
            e->loc = name_items[i]->loc;
            kept++;
            continue;
        }
        const ast_value *entry = map_items[i];
        e->loc = entry->loc;
        if (entry->kind != VAL_STRING)
            continue; /* the qualifier's type check reports it */
        e->value_map = entry->u.string.text;
        if (p->type == CIM_STRING) {
            e->kind = MOFRT_ENUM_STRING;
            kept++;
            continue;
        }
        if (strcmp(e->value_map, "..") == 0) {
            p->enum_open = true;
            e->kind = MOFRT_ENUM_RANGE;
            e->low = is_signed ? as_bits(true, neg) : 0;
            e->high = pos;
            kept++;
            continue;
        }
        const char *clamped = NULL;
        switch (parse_map_entry(a, e->value_map, p->type, e, &clamped)) {
        case MAP_ENTRY_OK:
            kept++;
            break;
        case MAP_ENTRY_REVERSED:
            diag_error(diag, &entry->loc, "ValueMap entry \"%s\" of '%s': the range's bounds are reversed",
                       e->value_map, p->name);
            break;
        case MAP_ENTRY_CLAMPED:
            if (own)
                diag_warning(diag, W_VALUE_MAP, &entry->loc,
                             "ValueMap entry \"%s\" of '%s' runs past %s; read as \"%s\"", e->value_map, p->name,
                             cim_type_name(p->type), clamped);
            add_map_note(a, p, MAP_NOTE_CLAMPED, e->value_map)->clamped = clamped;
            kept++;
            break;
        case MAP_ENTRY_OUTSIDE:
            if (own)
                diag_warning(diag, W_VALUE_MAP, &entry->loc,
                             "ValueMap entry \"%s\" of '%s' is outside %s; it is left out of the enum", e->value_map,
                             p->name, cim_type_name(p->type));
            add_map_note(a, p, MAP_NOTE_DROPPED, e->value_map);
            break;
        case MAP_ENTRY_NOT_INTEGER: {
            /* One entry that names no integer leaves the map without a
             * meaning for the others' names: no enum at all. */
            bool swapped = vs && values_look_like_map(name_items, name_count);
            if (own)
                diag_warning(diag, W_VALUE_MAP, &entry->loc,
                             "ValueMap entry \"%s\" of %s '%s' is not an integer%s; '%s' gets no enum", e->value_map,
                             cim_type_name(p->type), p->name,
                             swapped ? " (ValueMap and Values look swapped: the Values are the integers)" : "",
                             p->name);
            p->map_notes = (ptr_vec){0};
            add_map_note(a, p, MAP_NOTE_NOT_INTEGER, e->value_map)->swapped = swapped;
            p->enum_entries = NULL;
            p->enum_count = 0;
            p->enum_open = false;
            return;
        }
        }
    }
    p->enum_count = kept;
    check_map_duplicates(diag, p);
    p->enum_index = build_enum_index(a, p, is_signed);
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

static void check_value_for(diag_engine *diag, const ast_value *v, const model_property *p, const char *what);
static void check_embedded_values(check_context *cx, const model_property *p, const ast_value *v);

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
        const char *hint = suggest_closest(f, known_flavors, COUNT_OF(known_flavors));
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
            const char *hint = suggest_closest(s, known_scopes, COUNT_OF(known_scopes));
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

/* Qualifiers whose value mofgen reads (or checks values against): an
 * undeclared one keeps the standard type, whatever its value says. */
static bool qualifier_has_meaning(const char *name)
{
    static const char *const meaningful[] = {
        "Abstract", "Association", "BitMap", "BitValues", "Description", "EmbeddedInstance", "EmbeddedObject",
        "In", "Indication", "Key", "MaxLen", "MaxValue", "MinLen", "MinValue", "Out", "Override", "Read",
        "Required", "ValueMap", "Values", "Write",
    };
    return is_one_of(name, meaningful, COUNT_OF(meaningful));
}

/* True when qualifier value `v` has the shape and type of `info`. */
static bool qualifier_value_fits(const ast_value *v, const qualifier_info *info)
{
    if (v->kind == VAL_ARRAY && !info->array)
        return false;
    size_t count = v->kind == VAL_ARRAY ? v->u.array.count : 1;
    for (size_t i = 0; i < count; i++) {
        char why[REASON_SIZE];
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.array.items[i] : v;
        if (info->type != CIM_NONE && scalar_mismatch(item, info->type, false, false, why))
            return false;
    }
    return true;
}

/* "a string", "a list of values", for messages. */
static const char *value_kind_text(const ast_value *v)
{
    switch (v->kind) {
    case VAL_BOOLEAN: return "a boolean";
    case VAL_INTEGER: return "an integer";
    case VAL_REAL: return "a real number";
    case VAL_STRING: return "a string";
    case VAL_CHAR16: return "a char16";
    case VAL_ARRAY: return "a list of values";
    default: return "of another kind";
    }
}

/* The declared or standard qualifier closest to an unknown `name`. */
static const char *qualifier_suggestion(const model *m, const char *name)
{
    suggestion s;
    suggest_begin(&s, name);
    for (size_t i = 0; i < m->qualifier_decls.count; i++)
        suggest_consider(&s, ((const ast_qualifier_decl *)m->qualifier_decls.items[i])->name);
    for (size_t i = 0; i < COUNT_OF(standard_qualifiers); i++)
        suggest_consider(&s, standard_qualifiers[i].name);
    return suggest_result(&s);
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
                const char *hint = qualifier_suggestion(cx->m, q->name);
                diag_warning(cx->diag, W_UNKNOWN_QUALIFIER, &q->loc,
                             "qualifier '%s' is neither declared nor a standard qualifier%s%s%s", q->name,
                             hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
            }
            continue;
        }
        if (q->value && !name_table_get(cx->m->qualifier_index, q->name) && !qualifier_has_meaning(q->name) &&
            !qualifier_value_fits(q->value, &info)) {
            /* mofcomp types a qualifier the file does not declare from its
             * value (WMI MOF writes locale("MS\\0x409"), Counter("Name")):
             * another qualifier than the standard one, scope included. */
            diag_warning(cx->diag, W_QUALIFIER_TYPE, &q->value->loc,
                         "qualifier '%s' is not declared and its value is %s, not %s%s as the standard qualifier's; "
                         "typed from its value", q->name, value_kind_text(q->value), cim_type_name(info.type),
                         info.array ? "[]" : "");
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
    /* DSP0004: MinLen/MaxLen apply to strings, MinValue/MaxValue to
     * numbers; and to intervals, as the CIM Schema itself writes
     * MinValue(1), MaxValue(365) on a datetime counted in PUnit("day"). */
    bool is_number = !p->is_reference && !p->embedded &&
                     ((p->type >= CIM_UINT8 && p->type <= CIM_REAL64) || p->type == CIM_DATETIME);
    bool is_string = !p->is_reference && (p->type == CIM_STRING || p->embedded);
    for (size_t i = 0; i < own.count; i++) {
        const model_qualifier *q = own.items[i];
        bool length = strcasecmp(q->name, "MinLen") == 0 || strcasecmp(q->name, "MaxLen") == 0;
        bool value = strcasecmp(q->name, "MinValue") == 0 || strcasecmp(q->name, "MaxValue") == 0;
        if ((length && !is_string) || (value && !is_number))
            diag_error(cx->diag, &q->loc, "%s applies to %s; '%s' is %s", q->name,
                       length ? "strings" : "numbers and datetimes", p->name,
                       p->is_reference ? "a reference" : p->embedded ? "an embedded object" : cim_type_name(p->type));
    }
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

const char *checks_type_suggestion(const char *name)
{
    static const char *const types[] = {"Boolean", "UInt8", "SInt8", "UInt16", "SInt16", "UInt32", "SInt32",
                                        "UInt64", "SInt64", "Real32", "Real64", "Char16", "String", "DateTime"};
    suggestion s;
    suggest_begin(&s, name);
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        /* "Bool" for "Boolean": a prefix of at least four letters counts. */
        if (strlen(name) >= 4 && strncasecmp(name, types[i], strlen(name)) == 0)
            suggest_consider_at(&s, types[i], 1);
        else
            suggest_consider(&s, types[i]);
    }
    return suggest_result(&s);
}

/* Finds the class a reference or embedded object names, or explains;
 * `at` is where its type is written. */
static void resolve_class_name(check_context *cx, model_property *p, const mof_location *at)
{
    /* WMI's "object ref x": a reference to an instance of any class. */
    if (p->is_reference && strcasecmp(p->class_name, "object") == 0)
        return;
    const char *ns = p->origin->namespace_name;
    p->class_ref = model_find_class_in(cx->m, ns, p->class_name);
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
        diag_warning(cx->diag, W_UNDECLARED_CLASS, at, "class '%s' is not declared%s; '%s' is treated as %s",
                     p->class_name, model_in_namespace(cx->arena, cx->m, ns), p->name,
                     p->is_reference ? "an object path string" : "an untyped embedded object");
        model_note_other_namespaces(cx->diag, cx->m, ns, p->class_name);
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

/* True when the integer or string literal `v` is one of p's ValueMap
 * (looked up in its enum_index: O(log n) a value). */
static bool in_value_map(const model_property *p, const ast_value *v)
{
    const enum_index *ix = p->enum_index;
    if (v->kind == VAL_STRING)
        return bsearch(&v->u.string.text, ix->strings, ix->string_count, sizeof *ix->strings, compare_strings) != NULL;
    return v->kind == VAL_INTEGER &&
           enum_index_allows(ix, v->u.integer.negative ? 0 - v->u.integer.magnitude : v->u.integer.magnitude);
}

/* A value the generated decoders and setters would refuse is refused here
 * too: every literal given to a ValueMap property must be in its map. */
static void check_value_map_values(diag_engine *diag, const ast_value *v, const model_property *p, const char *what)
{
    if (p->enum_count == 0 || p->enum_open || !p->enum_index)
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

/* The integer value of limit qualifier `name` (MinLen, MaxValue, ...) of
 * `p`, inherited ones included; NULL when there is none. */
static const model_qualifier *limit_qualifier(const model_property *p, const char *name, map_bound *b)
{
    const model_qualifier *q = model_find_qualifier(&p->qualifiers, name);
    if (!q || !q->value || q->value->kind != VAL_INTEGER)
        return NULL;
    b->negative = q->value->u.integer.negative && q->value->u.integer.magnitude != 0;
    b->magnitude = q->value->u.integer.magnitude;
    return q;
}

static double bound_as_double(map_bound b)
{
    return b.negative ? -(double)b.magnitude : (double)b.magnitude;
}

/* DSP0004: MinLen and MaxLen bound the characters of each string,
 * MinValue and MaxValue each number.  `v` has the right type already. */
static void check_value_limits(diag_engine *diag, const ast_value *v, const model_property *p, const char *what)
{
    map_bound min_len, max_len, min_value, max_value;
    bool has_min_len = limit_qualifier(p, "MinLen", &min_len), has_max_len = limit_qualifier(p, "MaxLen", &max_len);
    bool has_min = limit_qualifier(p, "MinValue", &min_value), has_max = limit_qualifier(p, "MaxValue", &max_value);
    if (!has_min_len && !has_max_len && !has_min && !has_max)
        return;
    size_t count = v->kind == VAL_ARRAY ? v->u.array.count : 1;
    for (size_t i = 0; i < count; i++) {
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.array.items[i] : v;
        if (item->kind == VAL_STRING && p->type == CIM_STRING) {
            size_t chars = 0;
            for (size_t k = 0; k < item->u.string.length; k++)
                chars += ((unsigned char)item->u.string.text[k] & 0xC0) != 0x80;
            map_bound n = {false, chars};
            if (has_max_len && bound_compare(n, max_len) > 0)
                diag_error(diag, &item->loc, "bad value for %s '%s': %zu character%s, more than its MaxLen(%s)", what,
                           p->name, chars, chars == 1 ? "" : "s", bound_text_static(max_len));
            else if (has_min_len && bound_compare(n, min_len) < 0)
                diag_error(diag, &item->loc, "bad value for %s '%s': %zu character%s, fewer than its MinLen(%s)", what,
                           p->name, chars, chars == 1 ? "" : "s", bound_text_static(min_len));
        } else if (item->kind == VAL_INTEGER || item->kind == VAL_REAL) {
            map_bound n = {item->kind == VAL_INTEGER && item->u.integer.negative && item->u.integer.magnitude != 0,
                           item->kind == VAL_INTEGER ? item->u.integer.magnitude : 0};
            bool above = has_max && (item->kind == VAL_INTEGER ? bound_compare(n, max_value) > 0
                                                                : item->u.real > bound_as_double(max_value));
            bool below = has_min && (item->kind == VAL_INTEGER ? bound_compare(n, min_value) < 0
                                                                : item->u.real < bound_as_double(min_value));
            char number[32];
            if (item->kind == VAL_INTEGER)
                snprintf(number, sizeof number, "%s%llu", n.negative ? "-" : "", (unsigned long long)n.magnitude);
            else
                snprintf(number, sizeof number, "%g", item->u.real);
            if (above || below)
                diag_error(diag, &item->loc, "bad value for %s '%s': %s is %s its %s(%s)", what, p->name, number,
                           above ? "above" : "below", above ? "MaxValue" : "MinValue",
                           bound_text_static(above ? max_value : min_value));
        }
    }
}

/* A value for property or parameter `p`: its type, the shape of an array
 * (a list, no more elements than a fixed size), its ValueMap and limits. */
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
    if (diag->errors == errors)
        check_value_limits(diag, v, p, what);
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

/* ---- MOF instance text in string values ------------------------------------ */

/* Where each byte of a decoded string literal was written: its value is
 * parsed as MOF in a file of its own, and what that parse and the checks
 * report is moved back into the literal.  Without a place per byte (a
 * literal the walk below does not reproduce byte for byte) every location
 * is the literal's. */
typedef struct string_places {
    const source_file *text_file; /* the decoded text, parsed */
    mof_location literal;
    size_t length;
    int *line, *column;     /* per decoded byte; NULL: all at `literal` */
    size_t *line_starts;    /* of the decoded text */
    size_t line_count;
} string_places;

/* Decodes one escape at `s` (after the '\\') into `out`; returns the
 * number of source bytes after the backslash, or 0 when it is not one. */
static size_t escape_bytes(const char *s, size_t n, char out[4], size_t *produced)
{
    static const char plain[] = "btnfr\"'\\", meaning[] = "\b\t\n\f\r\"'\\";
    const char *hit = n ? strchr(plain, s[0]) : NULL;
    if (hit && s[0]) {
        out[0] = meaning[hit - plain];
        *produced = 1;
        return 1;
    }
    if (n < 2 || (s[0] != 'x' && s[0] != 'X'))
        return 0;
    uint32_t c = 0;
    size_t k = 1;
    for (; k < n && k <= 4 && isxdigit((unsigned char)s[k]); k++)
        c = c * 16 + (uint32_t)(isdigit((unsigned char)s[k]) ? s[k] - '0' : tolower((unsigned char)s[k]) - 'a' + 10);
    if (k == 1)
        return 0;
    *produced = mofrt_utf8_encode(c, out);
    return *produced ? k : 0;
}

/* Fills places->line/column by walking the literal (and the literals
 * joined to it) in the source; false when the walk does not give back the
 * decoded text. */
static bool walk_literal(string_places *sp, const char *decoded)
{
    const source_file *f = sp->literal.file;
    size_t line_length;
    const char *line_text = source_line(f, sp->literal.first_line, &line_length);
    if (!line_length)
        return false;
    size_t pos = (size_t)(line_text - f->text), out = 0;
    int line = sp->literal.first_line, column = 1;
    uint32_t code_point;
    while (column < sp->literal.first_column && pos < f->length) {
        size_t n = mofrt_utf8_decode(f->text + pos, f->length - pos, &code_point);
        pos += n ? n : 1;
        column++;
    }
    for (;;) {
        if (pos >= f->length || f->text[pos] != '"')
            return false;
        pos++, column++;
        while (pos < f->length && f->text[pos] != '"') {
            char bytes[4];
            size_t produced = 1, consumed = 1;
            if (f->text[pos] == '\\') {
                size_t after = escape_bytes(f->text + pos + 1, f->length - pos - 1, bytes, &produced);
                if (!after)
                    return false;
                consumed = after + 1;
            } else {
                size_t n = mofrt_utf8_decode(f->text + pos, f->length - pos, &code_point);
                produced = consumed = n ? n : 1;
                memcpy(bytes, f->text + pos, produced > 4 ? 4 : produced);
            }
            for (size_t k = 0; k < produced; k++) {
                if (out >= sp->length || decoded[out] != bytes[k])
                    return false;
                sp->line[out] = line;
                sp->column[out++] = column;
            }
            if (f->text[pos] == '\n') {
                line++;
                column = 1;
            } else {
                column += f->text[pos] == '\\' ? (int)consumed : 1;
            }
            pos += consumed;
        }
        if (pos >= f->length)
            return false;
        pos++, column++;
        /* "a" "b": adjacent literals are one string */
        size_t next = pos;
        int next_line = line, next_column = column;
        while (next < f->length && isspace((unsigned char)f->text[next])) {
            if (f->text[next] == '\n')
                next_line++, next_column = 1;
            else
                next_column++;
            next++;
        }
        if (out == sp->length || next >= f->length || f->text[next] != '"')
            return out == sp->length;
        pos = next, line = next_line, column = next_column;
    }
}

/* A place in the decoded text (line, column) as a byte offset. */
static size_t decoded_offset(const string_places *sp, int line, int column)
{
    if (line < 1 || (size_t)line > sp->line_count)
        return sp->length ? sp->length - 1 : 0;
    size_t at = sp->line_starts[line - 1];
    for (int c = 1; c < column && at < sp->length; c++) {
        at++;
        while (at < sp->length && ((unsigned char)sp->text_file->text[at] & 0xC0) == 0x80)
            at++;
    }
    return at < sp->length ? at : (sp->length ? sp->length - 1 : 0);
}

static void move_location(void *context, mof_location *loc)
{
    const string_places *sp = context;
    if (loc->file != sp->text_file)
        return;
    if (!sp->line || !sp->length) {
        *loc = sp->literal;
        return;
    }
    size_t first = decoded_offset(sp, loc->first_line, loc->first_column);
    size_t last = decoded_offset(sp, loc->last_line, loc->last_column);
    *loc = (mof_location){sp->literal.file, sp->line[first], sp->column[first], sp->line[last], sp->column[last]};
    if (loc->last_line < loc->first_line || (loc->last_line == loc->first_line && loc->last_column < loc->first_column))
        loc->last_line = loc->first_line, loc->last_column = loc->first_column;
}

static void move_value_locations(const string_places *sp, ast_value *v);

static void move_qualifier_locations(const string_places *sp, const ptr_vec *qualifiers)
{
    for (size_t k = 0; k < qualifiers->count; k++) {
        ast_qualifier *q = qualifiers->items[k];
        move_location((void *)sp, &q->loc);
        move_value_locations(sp, q->value);
        for (size_t f = 0; f < q->flavors.count; f++)
            move_location((void *)sp, &((ast_name *)q->flavors.items[f])->loc);
    }
}

static void move_instance_locations(const string_places *sp, ast_instance *ai)
{
    move_location((void *)sp, &ai->loc);
    for (size_t i = 0; i < ai->properties.count; i++) {
        ast_property_value *pv = ai->properties.items[i];
        move_location((void *)sp, &pv->loc);
        move_value_locations(sp, pv->value);
        move_qualifier_locations(sp, &pv->qualifiers);
    }
    move_qualifier_locations(sp, &ai->qualifiers);
}

static void move_value_locations(const string_places *sp, ast_value *v)
{
    if (!v)
        return;
    move_location((void *)sp, &v->loc);
    for (size_t i = 0; v->kind == VAL_ARRAY && i < v->u.array.count; i++)
        move_value_locations(sp, v->u.array.items[i]);
    if (v->kind == VAL_INSTANCE)
        move_instance_locations(sp, v->u.instance);
}

/* True when string `v` starts (after white space) with "instance of". */
static bool holds_instance_text(const ast_value *v)
{
    const char *s = v->u.string.text;
    while (isspace((unsigned char)*s))
        s++;
    if (strncasecmp(s, "instance", 8) != 0 || !isspace((unsigned char)s[8]))
        return false;
    for (s += 8; isspace((unsigned char)*s); s++)
        ;
    return strncasecmp(s, "of", 2) == 0 && (isspace((unsigned char)s[2]) || !s[2]);
}

/* The instance a string value of an embedded object holds as MOF text
 * ("instance of X { ... };", DSP0004's way to write one in a string),
 * parsed with its diagnostics placed in the literal; NULL when the text
 * does not parse to one instance (said so). */
static ast_instance *parse_instance_text(check_context *cx, const ast_value *v)
{
    if (!v->loc.file)
        return NULL;
    source_file *text_file = arena_alloc(cx->arena, sizeof *text_file);
    *text_file = *v->loc.file;
    text_file->text = arena_alloc(cx->arena, v->u.string.length + 1);
    memcpy(text_file->text, v->u.string.text, v->u.string.length);
    text_file->length = v->u.string.length;
    text_file->line_starts = NULL;
    text_file->encoding_error = NULL;
    string_places sp = {.text_file = text_file, .literal = v->loc, .length = v->u.string.length};
    sp.line_starts = malloc((sp.length + 2) * sizeof *sp.line_starts);
    sp.line = malloc((sp.length + 1) * sizeof *sp.line);
    sp.column = malloc((sp.length + 1) * sizeof *sp.column);
    if (!sp.line_starts || !sp.line || !sp.column)
        abort();
    sp.line_starts[sp.line_count++] = 0;
    for (size_t i = 0; i < sp.length; i++)
        if (text_file->text[i] == '\n')
            sp.line_starts[sp.line_count++] = i + 1;
    if (!walk_literal(&sp, text_file->text)) {
        free(sp.line);
        free(sp.column);
        sp.line = sp.column = NULL;
    }
    ast_unit *unit = arena_alloc(cx->arena, sizeof *unit);
    cx->diag->map_location = move_location;
    cx->diag->map_context = &sp;
    unsigned errors = parse_file(cx->arena, cx->diag, text_file, unit, 0);
    ast_instance *found = NULL;
    for (size_t i = 0; i < unit->decls.count; i++) {
        const ast_decl *d = unit->decls.items[i];
        if (d->kind == DECL_INSTANCE && !found) {
            found = d->u.instance;
            move_instance_locations(&sp, found);
        } else if (!errors) {
            mof_location at = d->kind == DECL_CLASS       ? d->u.class_decl->loc
                              : d->kind == DECL_INSTANCE  ? d->u.instance->loc
                              : d->kind == DECL_QUALIFIER ? d->u.qualifier->loc
                                                          : d->u.pragma->loc;
            move_location(&sp, &at);
            diag_error(cx->diag, &at, "an embedded object's string holds one instance, and nothing more");
            errors++;
        }
    }
    cx->diag->map_location = NULL;
    cx->diag->map_context = NULL;
    free(text_file->line_starts); /* the parser's messages quote tokens: an index of its lines */
    text_file->line_starts = NULL;
    free(sp.line_starts);
    free(sp.line);
    free(sp.column);
    return errors ? NULL : found;
}


/* An embedded instance given as a value: of the property's class (or a
 * subclass), and right in itself. */
static void check_embedded_values(check_context *cx, const model_property *p, const ast_value *v)
{
    size_t count = v->kind == VAL_ARRAY ? v->u.array.count : 1;
    for (size_t i = 0; i < count; i++) {
        const ast_value *item = v->kind == VAL_ARRAY ? v->u.array.items[i] : v;
        const ast_instance *inner = item->kind == VAL_INSTANCE                            ? item->u.instance
                                    : item->kind == VAL_STRING && holds_instance_text(item) ? parse_instance_text(cx, item)
                                                                                          : NULL;
        if (!inner)
            continue;
        const char *ns = p->origin->namespace_name;
        const model_class *c = model_find_class_in(cx->m, ns, inner->class_name);
        if (!c || c->placeholder) {
            diag_warning(cx->diag, W_UNDECLARED_CLASS, &inner->loc, "instance of undeclared class '%s' is not checked",
                         inner->class_name);
            model_note_other_namespaces(cx->diag, cx->m, ns, inner->class_name);
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

/* A one-character string given for a char16 (WBEM servers take it): the
 * character; NULL when `v` is not such a string. */
static ast_value *char16_of_string(check_context *cx, const model_property *p, ast_value *v)
{
    uint32_t c;
    if (v->kind != VAL_STRING || v->u.string.length == 0 ||
        mofrt_utf8_decode(v->u.string.text, v->u.string.length, &c) != v->u.string.length || c > 0xFFFF)
        return NULL;
    diag_warning(cx->diag, W_STRING_FOR_CHAR16, &v->loc,
                 "a string for char16 property '%s'; read as the character '%s'", p->name, v->u.string.text);
    ast_value *one = arena_alloc(cx->arena, sizeof *one);
    *one = (ast_value){.kind = VAL_CHAR16, .loc = v->loc};
    one->u.char16 = c;
    return one;
}

/* Instance values WBEM servers accept as meaning something else than they
 * say, converted to what they mean (the const C data and --dump-model
 * show the result): a single value for an array property is a list of
 * one, a one-character string for a char16 is that character. */
static void convert_instance_value(check_context *cx, ast_property_value *pv, const model_property *p)
{
    ast_value *v = pv->value;
    if (p->array != ARRAY_NONE && v->kind != VAL_ARRAY && v->kind != VAL_NULL) {
        diag_warning(cx->diag, W_SCALAR_FOR_ARRAY, &v->loc,
                     "'%s' is an array, given a single value; read as a list of that one value", p->name);
        ast_value *list = arena_alloc(cx->arena, sizeof *list);
        *list = (ast_value){.kind = VAL_ARRAY, .loc = v->loc};
        list->u.array.items = arena_alloc(cx->arena, sizeof *list->u.array.items);
        list->u.array.items[0] = v;
        list->u.array.count = 1;
        pv->value = v = list;
    }
    if (p->type != CIM_CHAR16 || p->is_reference || p->embedded)
        return;
    if (v->kind != VAL_ARRAY) {
        ast_value *c = char16_of_string(cx, p, v);
        pv->value = c ? c : v;
        return;
    }
    for (size_t i = 0; i < v->u.array.count; i++) {
        ast_value *c = char16_of_string(cx, p, v->u.array.items[i]);
        if (c)
            v->u.array.items[i] = c;
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
    /* One class name may be two classes, in two namespaces. */
    const char *key = arena_printf(cx->arena, "%s:%s", cls->namespace_name ? cls->namespace_name : "", cls->name);
    instance_lookup *l = name_table_get(cx->instance_lookups, key);
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
    name_table_put(cx->instance_lookups, key, l);
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
        ast_property_value *pv = ai->properties.items[k];
        model_property *p = name_table_get(lookup->properties, pv->name);
        if (!p) {
            if (!cls->incomplete) /* else it may be inherited: the superclass warning said so */
                diag_error(cx->diag, &pv->loc, "class '%s' has no property '%s'", cls->name, pv->name);
            continue;
        }
        if (name_table_get(given, pv->name))
            diag_error(cx->diag, &pv->loc, "property '%s' is given twice", pv->name);
        else
            name_table_put(given, pv->name, (void *)pv);
        convert_instance_value(cx, pv, p);
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
        mi->class_ref = model_find_class_in(cx->m, mi->namespace_name, ai->class_name);
        if (mi->class_ref && mi->class_ref->placeholder)
            mi->class_ref = NULL; /* a name only ever used as a superclass */
        if (!mi->class_ref) {
            /* WMI MOF registers providers with instances of system classes
             * (__Win32Provider) that no MOF declares: nothing to check. */
            diag_warning(cx->diag, W_UNDECLARED_CLASS, &ai->loc,
                         "instance of undeclared class '%s' is not checked", ai->class_name);
            model_note_other_namespaces(cx->diag, cx->m, mi->namespace_name, ai->class_name);
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
        if (c->association && references < 2 && !c->incomplete) /* the others may be inherited */
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
