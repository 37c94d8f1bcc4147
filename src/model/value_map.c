/*
 * value_map.c - ValueMap/Values and BitMap/BitValues read into the model
 * (value_map.h): each entry parsed against the property's type, ranges cut
 * to it, duplicates found by sorting, and an index of the entries so that
 * each value given to the property is tested in O(log n).
 */
#include "value_map.h"

#include "integer.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

bool cim_integer_range(cim_type t, bool *is_signed, uint64_t *max_magnitude_pos, uint64_t *max_magnitude_neg)
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
    default:
        /* Set too, so no caller reads them unset (gcc -O3 warns that
         * one may: a Release build with -Werror stopped there). */
        *is_signed = false;
        *max_magnitude_pos = *max_magnitude_neg = 0;
        return false;
    }
}



/* Parses one ValueMap integer ("5", "-1", "0x8000", "+3"). */
static bool parse_map_integer(const char *s, size_t n, bool *negative, uint64_t *magnitude)
{
    size_t i = 0;
    *negative = false;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        *negative = s[i++] == '-';
    unsigned radix = 10;
    if (n - i > 2 && s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
        radix = 16;
        i += 2;
    }
    return integer_digits(s + i, n - i, radix, magnitude) == INTEGER_OK;
}

static uint64_t as_bits(bool negative, uint64_t magnitude)
{
    return negative ? (uint64_t)0 - magnitude : magnitude;
}

int map_bound_compare(map_bound x, map_bound y)
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
const char *map_bound_text_static(map_bound b)
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
    cim_integer_range(t, &is_signed, &pos, &neg);
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
        if (map_bound_compare(lo, hi) > 0)
            return MAP_ENTRY_REVERSED;
    }
    if (map_bound_compare(hi, min) < 0 || map_bound_compare(lo, max) > 0)
        return MAP_ENTRY_OUTSIDE;
    map_entry_result result = MAP_ENTRY_OK;
    if (map_bound_compare(lo, min) < 0 || map_bound_compare(hi, max) > 0) {
        lo = map_bound_compare(lo, min) < 0 ? min : lo;
        hi = map_bound_compare(hi, max) > 0 ? max : hi;
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
        *count = (*v)->count;
        return (*v)->u.items;
    }
    *count = 1;
    return (ast_value *const *)v;
}

/* Single values and strings in value order, and among equal ones in map
 * order (the entries are one array, so their addresses give it). */
static int compare_map_entries(const void *x, const void *y)
{
    const model_enum_entry *a = *(const model_enum_entry *const *)x, *b = *(const model_enum_entry *const *)y;
    int order = a->kind == MOFRT_ENUM_STRING ? strcmp(model_entry_value_map(a), model_entry_value_map(b))
                : a->low < b->low            ? -1
                : a->low > b->low            ? 1
                                             : 0;
    return order ? order : a < b ? -1 : a > b;
}

/* A value listed twice in a ValueMap would get two names: found by
 * sorting, so a map of any length takes O(n log n). */
static void check_map_duplicates(diag_engine *diag, const model_property *p)
{
    model_enum_entry **sorted = xmalloc((p->enum_count + 1) * sizeof *sorted);
    size_t n = 0;
    for (size_t i = 0; i < p->enum_count; i++)
        if (p->enum_entries[i].kind != MOFRT_ENUM_RANGE && *model_entry_value_map(&p->enum_entries[i]))
            sorted[n++] = &p->enum_entries[i];
    qsort(sorted, n, sizeof *sorted, compare_map_entries);
    for (size_t i = 1, first = 0; i < n; i++) {
        const model_enum_entry *e = sorted[i], *f = sorted[first];
        bool same = e->kind == MOFRT_ENUM_STRING ? strcmp(model_entry_value_map(e), model_entry_value_map(f)) == 0 : e->low == f->low;
        if (!same) {
            first = i;
            continue;
        }
        diag_error(diag, AST_WHERE(e->at), "ValueMap of '%s' lists \"%s\" twice", p->name, model_entry_value_map(e));
        diag_note(diag, AST_WHERE(f->at), "first listed here");
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

/* Each array of its exact size (most maps are single values only): a big
 * schema has an index per ValueMap, and this is a good part of its model. */
static enum_index *build_enum_index(arena *a, const model_property *p, bool is_signed)
{
    enum_index *ix = arena_alloc(a, sizeof *ix);
    ix->is_signed = is_signed;
    size_t values = 0, strings = 0, ranges = 0;
    for (size_t i = 0; i < p->enum_count; i++) {
        mofrt_enum_kind kind = p->enum_entries[i].kind;
        values += kind == MOFRT_ENUM_VALUE;
        strings += kind == MOFRT_ENUM_STRING;
        ranges += kind != MOFRT_ENUM_VALUE && kind != MOFRT_ENUM_STRING;
    }
    ix->values = values ? arena_alloc(a, values * sizeof *ix->values) : NULL;
    ix->strings = strings ? arena_alloc(a, strings * sizeof *ix->strings) : NULL;
    ix->range_low = ranges ? arena_alloc(a, ranges * sizeof *ix->range_low) : NULL;
    ix->range_reach = ranges ? arena_alloc(a, ranges * sizeof *ix->range_reach) : NULL;
    key_range *sorted = ranges ? xmalloc(ranges * sizeof *sorted) : NULL;
    for (size_t i = 0; i < p->enum_count; i++) {
        const model_enum_entry *e = &p->enum_entries[i];
        if (e->kind == MOFRT_ENUM_STRING)
            ix->strings[ix->string_count++] = model_entry_value_map(e);
        else if (e->kind == MOFRT_ENUM_VALUE)
            ix->values[ix->value_count++] = order_key(e->low, is_signed);
        else
            sorted[ix->range_count++] = (key_range){order_key(e->low, is_signed), order_key(e->high, is_signed)};
    }
    if (ix->value_count > 1)
        qsort(ix->values, ix->value_count, sizeof *ix->values, compare_u64);
    if (ix->string_count > 1)
        qsort(ix->strings, ix->string_count, sizeof *ix->strings, compare_strings);
    if (ix->range_count > 1)
        qsort(sorted, ix->range_count, sizeof *sorted, compare_ranges);
    for (size_t i = 0; i < ix->range_count; i++) {
        ix->range_low[i] = sorted[i].low;
        ix->range_reach[i] = i && ix->range_reach[i - 1] > sorted[i].high ? ix->range_reach[i - 1] : sorted[i].high;
    }
    free(sorted);
    return ix;
}

static bool enum_index_allows(const enum_index *ix, uint64_t bits)
{
    uint64_t key = order_key(bits, ix->is_signed);
    if (ix->value_count && bsearch(&key, ix->values, ix->value_count, sizeof key, compare_u64))
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
    model_map_note **tail = &p->map_notes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = note;
    return note;
}

/* True when every Values text of an integer property reads as an integer:
 * the two qualifiers were written the wrong way round. */
static bool values_look_like_map(ast_value *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        map_bound b;
        const ast_value *v = names[i];
        const char *dots = v->kind == VAL_STRING ? strstr(v->u.text, "..") : NULL;
        if (v->kind != VAL_STRING || (!dots && !parse_bound(v->u.text, v->length, &b)))
            return false;
    }
    return count > 0;
}

void value_map_parse(diag_engine *diag, arena *a, model_property *p)
{
    const model_qualifier *vm = model_find_qualifier(&p->qualifiers, "ValueMap");
    const model_qualifier *vs = model_find_qualifier(&p->qualifiers, "Values");
    if (!vm && !vs)
        return;
    /* ValueMap("1") is a list of one, as in ValueMap{"1"}. */
    const ast_value *map_single = vm ? vm->ast->value : NULL, *names_single = vs ? vs->ast->value : NULL;
    size_t map_count = 0, name_count = 0;
    ast_value *const *map_items = value_items(&map_single, &map_count);
    ast_value *const *name_items = value_items(&names_single, &name_count);
    bool is_signed = false;
    uint64_t pos, neg;
    bool integral = cim_integer_range(p->type, &is_signed, &pos, &neg);
    if (!integral && p->type != CIM_STRING) {
        diag_error(diag, vm ? &vm->ast->loc : &vs->ast->loc,
                   "ValueMap/Values need an integer or string property; '%s' is %s", p->name, model_type_phrase(p));
        return;
    }
    /* An inherited map was judged where it was written. */
    bool own = (vm && vm->owner == p) || (vs && vs->owner == p);
    if (vm && vs && map_count != name_count) {
        if (own) {
            diag_warning(diag, W_VALUE_MAP, &vs->ast->loc,
                         "'%s' has %zu Values but %zu ValueMap entries; they do not pair up, so '%s' gets no enum",
                         p->name, name_count, map_count, p->name);
            diag_note(diag, &vm->ast->loc, "ValueMap is here");
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
        if (name && name->kind == VAL_STRING)
            *e = (model_enum_entry){.name = name->u.text, .name_length = name->length};
        else
            *e = (model_enum_entry){0};
        if (!vm) {
            /* Values alone: the values are the positions 0, 1, 2, ... */
            ast_value *position = ast_value_new_at(a, VAL_STRING, name_items[i]);
            position->u.text = arena_printf(a, "%zu", i);
            position->length = (uint32_t)strlen(position->u.text);
            e->at = position;
            e->kind = p->type == CIM_STRING ? MOFRT_ENUM_STRING : MOFRT_ENUM_VALUE;
            e->low = e->high = i;
            kept++;
            continue;
        }
        const ast_value *entry = map_items[i];
        e->at = entry;
        if (entry->kind != VAL_STRING)
            continue; /* the qualifier's type check reports it */
        if (p->type == CIM_STRING) {
            e->kind = MOFRT_ENUM_STRING;
            kept++;
            continue;
        }
        if (strcmp(model_entry_value_map(e), "..") == 0) {
            p->enum_open = true;
            e->kind = MOFRT_ENUM_RANGE;
            e->low = is_signed ? as_bits(true, neg) : 0;
            e->high = pos;
            kept++;
            continue;
        }
        const char *clamped = NULL;
        switch (parse_map_entry(a, model_entry_value_map(e), p->type, e, &clamped)) {
        case MAP_ENTRY_OK:
            kept++;
            break;
        case MAP_ENTRY_REVERSED:
            diag_error(diag, AST_WHERE(entry), "ValueMap entry \"%s\" of '%s': the range's bounds are reversed",
                       model_entry_value_map(e), p->name);
            break;
        case MAP_ENTRY_CLAMPED:
            if (own)
                diag_warning(diag, W_VALUE_MAP, AST_WHERE(entry),
                             "ValueMap entry \"%s\" of '%s' runs past %s; read as \"%s\"", model_entry_value_map(e), p->name,
                             cim_type_name(p->type), clamped);
            add_map_note(a, p, MAP_NOTE_CLAMPED, model_entry_value_map(e))->clamped = clamped;
            kept++;
            break;
        case MAP_ENTRY_OUTSIDE:
            if (own)
                diag_warning(diag, W_VALUE_MAP, AST_WHERE(entry),
                             "ValueMap entry \"%s\" of '%s' is outside %s; it is left out of the enum", model_entry_value_map(e),
                             p->name, cim_type_name(p->type));
            add_map_note(a, p, MAP_NOTE_DROPPED, model_entry_value_map(e));
            break;
        case MAP_ENTRY_NOT_INTEGER: {
            /* One entry that names no integer leaves the map without a
             * meaning for the others' names: no enum at all. */
            bool swapped = vs && values_look_like_map(name_items, name_count);
            if (own)
                diag_warning(diag, W_VALUE_MAP, AST_WHERE(entry),
                             "ValueMap entry \"%s\" of %s '%s' is not an integer%s; '%s' gets no enum", model_entry_value_map(e),
                             cim_type_name(p->type), p->name,
                             swapped ? " (ValueMap and Values look swapped: the Values are the integers)" : "",
                             p->name);
            p->map_notes = NULL;
            add_map_note(a, p, MAP_NOTE_NOT_INTEGER, model_entry_value_map(e))->swapped = swapped;
            p->enum_entries = NULL;
            p->enum_count = 0;
            p->enum_open = false;
            return;
        }
        }
    }
    p->enum_count = kept;
    check_map_duplicates(diag, p); /* the sorted index is built when a value is first tested (value_map_allows) */
}

void bit_map_parse(diag_engine *diag, arena *a, model_property *p)
{
    const model_qualifier *bm = model_find_qualifier(&p->qualifiers, "BitMap");
    const model_qualifier *bv = model_find_qualifier(&p->qualifiers, "BitValues");
    if (!bm && !bv)
        return;
    const ast_value *map_single = bm ? bm->ast->value : NULL, *names_single = bv ? bv->ast->value : NULL;
    size_t map_count = 0, name_count = 0;
    ast_value *const *map_items = value_items(&map_single, &map_count);
    ast_value *const *name_items = value_items(&names_single, &name_count);
    const mof_location *at = bm ? &bm->ast->loc : &bv->ast->loc;
    if (bm && bv && map_count != name_count) {
        diag_error(diag, &bv->ast->loc, "'%s' has %zu BitValues but %zu BitMap entries; they must pair up", p->name,
                   name_count, map_count);
        diag_note(diag, &bm->ast->loc, "BitMap is here");
        return;
    }
    bool is_signed;
    uint64_t pos, neg;
    if (!cim_integer_range(p->type, &is_signed, &pos, &neg)) {
        diag_error(diag, at, "BitMap/BitValues need an integer property; '%s' is %s", p->name,
                   model_type_phrase(p));
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
        b->name = name && name->kind == VAL_STRING ? name->u.text : NULL;
        if (!bm) {
            b->position = (unsigned)i; /* BitValues alone: bits 0, 1, 2, ... */
        } else {
            const ast_value *entry = map_items[i];
            if (entry->kind != VAL_STRING)
                continue; /* the qualifier's type check reports it */
            const char *text = entry->u.text;
            char *end;
            unsigned long n = strtoul(text, &end, 10);
            if (!isdigit((unsigned char)text[0]) || *end || n >= width) {
                diag_error(diag, AST_WHERE(entry), "BitMap entry \"%s\" of '%s' is not a bit position of a %u-bit %s (0 to %u)",
                           text, p->name, width, cim_type_name(p->type), width - 1);
                continue;
            }
            b->position = (unsigned)n;
        }
        if (b->position < 64 && (seen >> b->position) & 1) {
            diag_error(diag, bm ? AST_WHERE(((const ast_value *)map_items[i])) : at, "bit %u of '%s' is listed twice in its BitMap",
                       b->position, p->name);
            continue;
        }
        seen |= (uint64_t)1 << b->position;
        p->bit_count++;
    }
}

bool value_map_allows(arena *a, const model_property *cp, const ast_value *v)
{
    /* Built on first use, as a cache: most maps are never given a value to
     * test (a default or an instance's), and a big schema has thousands. */
    model_property *p = (model_property *)cp;
    if (!p->enum_index) {
        bool is_signed = false;
        uint64_t pos, neg;
        cim_integer_range(p->type, &is_signed, &pos, &neg);
        p->enum_index = build_enum_index(a, p, is_signed);
    }
    const enum_index *ix = p->enum_index;
    if (v->kind == VAL_STRING)
        return ix->string_count &&
               bsearch(&v->u.text, ix->strings, ix->string_count, sizeof *ix->strings, compare_strings);
    return v->kind == VAL_INTEGER &&
           enum_index_allows(ix, v->negative ? 0 - v->u.magnitude : v->u.magnitude);
}
