/*
 * test_template.c - the template engine (src/emit/template.c): every construct,
 * the whitespace rules byte for byte, filters, includes, and each parse and
 * render error with its exact line and column.
 *
 * Most tests add one template named "t.tmpl" and compare the rendered bytes
 * with what the documentation (templates/README.md) promises.
 */
#include "builtin_templates.h"
#include "template.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

/* ---- helpers ---------------------------------------------------------- */

static void show_error(const char *what, const tmpl_error *err)
{
    print_error("%s: %s:%u:%u: %s\n", what, err->template_name, err->line, err->column, err->message);
}

/* Adds a template that must parse. */
static void add_template(tmpl_set *set, const char *name, const char *text)
{
    tmpl_error err;
    if (tmpl_set_add(set, name, text, strlen(text), &err) != 0) {
        show_error("unexpected parse error", &err);
        fail();
    }
}

/* Renders `name` of `set`; fails the test (at the caller's line) on error. */
static char *render_or_fail(const tmpl_set *set, const char *name, const tmpl_value *data, size_t *length,
                            const char *file, int line)
{
    tmpl_error err;
    char *out = NULL;
    size_t out_length = 0;
    if (tmpl_render(set, name, data, &out, &out_length, &err) != 0) {
        show_error("unexpected render error", &err);
        _fail(file, line);
    }
    _assert_true(out != NULL, "out != NULL", file, line);
    _assert_int_equal(out[out_length], '\0', file, line);
    if (length)
        *length = out_length;
    return out;
}

static tmpl_set *set_with(const char *text, const char *file, int line)
{
    tmpl_set *set = tmpl_set_new();
    tmpl_error err;
    if (tmpl_set_add(set, "t.tmpl", text, strlen(text), &err) != 0) {
        show_error("unexpected parse error", &err);
        _fail(file, line);
    }
    return set;
}

#define assert_renders(text, data, expected) check_renders(text, data, expected, __FILE__, __LINE__)

static void check_renders(const char *text, const tmpl_value *data, const char *expected, const char *file, int line)
{
    tmpl_set *set = set_with(text, file, line);
    size_t length;
    char *out = render_or_fail(set, "t.tmpl", data, &length, file, line);
    _assert_string_equal(out, expected, file, line);
    _assert_int_equal(length, strlen(expected), file, line);
    free(out);
    tmpl_set_free(set);
}

static void check_error(const tmpl_error *err, const char *template_name, unsigned line, unsigned column,
                        const char *fragment, const char *file, int at)
{
    if (strcmp(err->template_name, template_name) != 0 || err->line != line || err->column != column ||
        !strstr(err->message, fragment)) {
        show_error("error", err);
        print_error("expected %s:%u:%u: ...%s...\n", template_name, line, column, fragment);
        _fail(file, at);
    }
}

#define assert_parse_error(text, line, column, fragment) \
    check_parse_error(text, line, column, fragment, __FILE__, __LINE__)

static void check_parse_error(const char *text, unsigned line, unsigned column, const char *fragment,
                              const char *file, int at)
{
    tmpl_set *set = tmpl_set_new();
    tmpl_error err = {0};
    int rc = tmpl_set_add(set, "t.tmpl", text, strlen(text), &err);
    _assert_int_equal(rc, -1, file, at);
    check_error(&err, "t.tmpl", line, column, fragment, file, at);
    _assert_true(!tmpl_set_has(set, "t.tmpl"), "!tmpl_set_has", file, at);
    tmpl_set_free(set);
}

#define assert_render_error(text, data, line, column, fragment) \
    check_render_error(text, data, line, column, fragment, __FILE__, __LINE__)

static void check_render_error(const char *text, const tmpl_value *data, unsigned line, unsigned column,
                               const char *fragment, const char *file, int at)
{
    tmpl_set *set = set_with(text, file, at);
    tmpl_error err = {0};
    char *out = (char *)"untouched";
    size_t length = 99;
    int rc = tmpl_render(set, "t.tmpl", data, &out, &length, &err);
    _assert_int_equal(rc, -1, file, at);
    _assert_true(out == NULL, "out == NULL", file, at);
    check_error(&err, "t.tmpl", line, column, fragment, file, at);
    tmpl_set_free(set);
}

/* {name: "Job", yes: true, no: false, empty: "", items: [{name: a}, {name: b}, {name: c}]} */
static tmpl_value *sample_data(void)
{
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "name", "Job");
    tmpl_set_bool(data, "yes", true);
    tmpl_set_bool(data, "no", false);
    tmpl_set_string(data, "empty", "");
    tmpl_value *items = tmpl_set_list(data, "items");
    const char *names[] = {"a", "b", "c"};
    for (size_t i = 0; i < 3; i++)
        tmpl_set_string(tmpl_list_add_map(items), "name", names[i]);
    return data;
}

/* ---- text and values ----------------------------------------------------- */

static void test_text_is_copied_verbatim(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    assert_renders("", data, "");
    assert_renders("int x[] = { {1}, {2} }; } }} {", data, "int x[] = { {1}, {2} }; } }} {");
    assert_renders("\xc3\xa9t\xc3\xa9 \t\r\n\n", data, "\xc3\xa9t\xc3\xa9 \t\r\n\n");
    tmpl_value_free(data);
}

static void test_text_with_nul_bytes(void **state)
{
    (void)state;
    static const char text[] = "a\0b{{x}}\0";
    tmpl_set *set = tmpl_set_new();
    tmpl_error err;
    assert_int_equal(tmpl_set_add(set, "t.tmpl", text, sizeof text - 1, &err), 0);
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "x", "v");
    size_t length;
    char *out = render_or_fail(set, "t.tmpl", data, &length, __FILE__, __LINE__);
    assert_int_equal(length, 5);
    assert_memory_equal(out, "a\0bv\0", 6);
    free(out);
    tmpl_value_free(data);
    tmpl_set_free(set);
}

static void test_value_insertion(void **state)
{
    (void)state;
    tmpl_value *data = sample_data();
    assert_renders("struct {{name}} {{ name }} {{~ name ~}} .", data, "struct Job JobJob.");
    tmpl_value *cls = tmpl_set_map(data, "class");
    tmpl_set_string(cls, "name", "SMS_Job");
    tmpl_set_map(cls, "super");
    tmpl_set_string(tmpl_set_map(cls, "super"), "name", "SMS_Base"); /* replaces the empty map */
    assert_renders("{{class.name}} : {{class.super.name}}", data, "SMS_Job : SMS_Base");
    tmpl_value_free(data);
}

static void test_set_stringf(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_stringf(data, "n", "%s_%04d_%zu", "id", 42, (size_t)7);
    assert_renders("{{n}}", data, "id_0042_7");
    tmpl_value_free(data);
}

/* The printf-free setters: a counted string (NUL bytes and all), an
 * unsigned number in decimal; a long stringf (past any small buffer). */
static void test_set_stringn_and_unsigned(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_stringn(data, "s", "abcdef", 3);
    tmpl_set_stringn(data, "e", NULL, 0);
    tmpl_set_unsigned(data, "zero", 0);
    tmpl_set_unsigned(data, "max", UINT64_MAX);
    tmpl_set_unsigned(data, "ten", 10);
    /* Every number around the table of those under 100, as snprintf writes it. */
    for (uint64_t v = 0; v <= 1000; v += v < 120 ? 1 : 97) {
        char expected[24];
        snprintf(expected, sizeof expected, "%llu", (unsigned long long)v);
        tmpl_set_unsigned(data, "n", v);
        assert_renders("{{n}}", data, expected);
    }
    char wide[300];
    memset(wide, 'w', sizeof wide - 1);
    wide[sizeof wide - 1] = '\0';
    tmpl_set_stringf(data, "wide", "<%s>", wide);
    assert_renders("{{s}}|{{e}}|{{zero}}|{{max}}|{{ten}}", data, "abc||0|18446744073709551615|10");
    tmpl_set *set = tmpl_set_new();
    assert_int_equal(tmpl_set_add(set, "w.tmpl", "{{wide}}", 8, NULL), 0);
    size_t length;
    char *out = render_or_fail(set, "w.tmpl", data, &length, __FILE__, __LINE__);
    assert_int_equal(length, sizeof wide + 1);
    assert_int_equal(out[0], '<');
    assert_int_equal(out[length - 1], '>');
    free(out);
    tmpl_set_free(set);
    tmpl_value_free(data);
}

/* Keys made at run time, each at an address of its own that keeps its
 * text (template.h: setters cache keys by address). */
static const char *numbered_key(char prefix, int i)
{
    static char table[2][300][8];
    char *key = table[prefix == 'm'][i];
    snprintf(key, sizeof table[0][0], "%c%d", prefix, i);
    return key;
}

/* Names are looked up by number: many keys in one map (past its position
 * table's 255 entries, and numbered past 256), keys that differ in one
 * character, a key that is a prefix of another, each found, a key set
 * twice replaced; a missing one is still an error. */
static void test_many_keys(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    char text[600] = "", expected[600] = "";
    for (int i = 0; i < 300; i++)
        tmpl_set_unsigned(data, numbered_key('k', i), (uint64_t)i * 3);
    for (int i = 0; i < 300; i += 23) {
        snprintf(text + strlen(text), sizeof text - strlen(text), "{{k%d}},", i);
        snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%d,", i * 3);
    }
    assert_renders(text, data, expected);
    tmpl_set_string(data, "k", "short");
    tmpl_set_string(data, "k10", "replaced"); /* found, not added twice */
    assert_renders("{{k}}/{{k1}}/{{k10}}", data, "short/3/replaced");
    assert_render_error("{{k300}}", data, 1, 3, "'k300' is not defined");
    tmpl_value_free(data);
}

/* Every size of map finds and replaces its keys the same way: below the
 * eighth key (searched), from the eighth on (the position table, built
 * then from the keys before it). */
static void test_maps_of_every_size(void **state)
{
    (void)state;
    for (int size = 1; size <= 20; size++) {
        tmpl_value *data = tmpl_map_new();
        char text[400] = "", expected[400] = "";
        for (int i = 0; i < size; i++)
            tmpl_set_unsigned(data, numbered_key('m', i), (uint64_t)i);
        for (int i = 0; i < size; i += 2) /* every other key replaced */
            tmpl_set_unsigned(data, numbered_key('m', i), (uint64_t)i + 100);
        for (int i = 0; i < size; i++) {
            snprintf(text + strlen(text), sizeof text - strlen(text), "{{m%d}},", i);
            snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%d,", i % 2 ? i : i + 100);
        }
        assert_renders(text, data, expected);
        snprintf(text, sizeof text, "{{m%d}}", size);
        snprintf(expected, sizeof expected, "'m%d' is not defined", size);
        assert_render_error(text, data, 1, 3, expected);
        tmpl_value_free(data);
    }
}

/* One output reused: each render's text is whole and only its own, long
 * after short, short after long, after a failed render, with filters (their
 * scratch space is reused too), and past the first 64 KB. */
static void test_render_into_reuses_output(void **state)
{
    (void)state;
    tmpl_set *set = tmpl_set_new();
    add_template(set, "long", "{{#each items}}{{name | upper}};{{/each}}");
    add_template(set, "short", "<{{word | c_string | upper}}>");
    add_template(set, "broken", "x{{missing}}");
    tmpl_value *data = tmpl_map_new();
    tmpl_value *items = tmpl_set_list(data, "items");
    for (int i = 0; i < 20000; i++)
        tmpl_set_string(tmpl_list_add_map(items), "name", "abcde");
    tmpl_set_string(data, "word", "a\"b");
    tmpl_output *output = tmpl_output_new();
    tmpl_error err;
    for (int round = 0; round < 2; round++) {
        const char *text = NULL;
        size_t length = 0;
        assert_int_equal(tmpl_render_into(set, "long", data, output, &text, &length, &err), 0);
        assert_int_equal(length, 20000 * 6);
        assert_int_equal(strlen(text), length);
        assert_memory_equal(text, "ABCDE;", 6);
        assert_memory_equal(text + length - 6, "ABCDE;", 6);
        assert_int_equal(tmpl_render_into(set, "broken", data, output, &text, &length, &err), -1);
        assert_null(text);
        assert_int_equal(length, 0);
        assert_string_equal(err.message, "'missing' is not defined");
        assert_int_equal(tmpl_render_into(set, "short", data, output, &text, &length, &err), 0);
        assert_string_equal(text, "<A\\\"B>");
        assert_int_equal(length, strlen("<A\\\"B>"));
    }
    tmpl_output_free(output);
    tmpl_value_free(data);
    tmpl_set_free(set);
}

/* A _ref string is the caller's text itself, not a copy, its length taken
 * as given. */
static void test_string_refs(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    char text[16] = "first";
    tmpl_set_string_ref(data, "a", text);
    tmpl_set_stringn_ref(data, "b", text + 1, 4);
    assert_renders("{{a}}/{{b}}/{{#if a}}set{{/if}}", data, "first/irst/set");
    text[0] = 'F'; /* not copied: the change shows */
    assert_renders("{{a}}", data, "First");
    tmpl_set_string_ref(data, "a", ""); /* replaced; empty is false */
    assert_renders("[{{a}}]{{#if a}}set{{/if}}", data, "[]");
    tmpl_value_free(data);
}

static void test_replacing_a_key(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "k", "first");
    tmpl_set_string(data, "k", "second");
    assert_renders("{{k}}", data, "second");
    tmpl_set_string(tmpl_list_add_map(tmpl_set_list(data, "k")), "x", "item"); /* string -> list */
    assert_renders("{{#each k}}{{x}}{{/each}}", data, "item");
    tmpl_set_bool(data, "k", false); /* list -> bool: the list is freed (ASan/valgrind check) */
    assert_renders("{{#if k}}T{{else}}F{{/if}}", data, "F");
    tmpl_set_string(tmpl_set_map(data, "k"), "y", "in map"); /* bool -> map */
    assert_renders("{{k.y}}", data, "in map");
    tmpl_set_string(data, "k", "last");
    assert_renders("{{k}}", data, "last");
    tmpl_value_free(data);
}

static void test_literal_tag(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    assert_renders("x = {{\"{{\"}}0}};", data, "x = {{0}};");
    assert_renders("{{ \"a}}b\" | upper }}", data, "A}}B");
    assert_renders("{{\"\"}}.", data, ".");
    tmpl_value_free(data);
}

/* ---- filters ------------------------------------------------------------------ */

static void test_filters_upper_lower_chain(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "n", "Sms_Job-\xc3\xa9\xc3\x89 9");
    assert_renders("{{n | upper}}", data, "SMS_JOB-\xc3\xa9\xc3\x89 9");
    assert_renders("{{n|lower}}", data, "sms_job-\xc3\xa9\xc3\x89 9");
    assert_renders("{{ n | lower | upper }}", data, "SMS_JOB-\xc3\xa9\xc3\x89 9");
    tmpl_set_string(data, "q", "Say \"Hi\"\n");
    assert_renders("{{q | upper | c_string}}", data, "SAY \\\"HI\\\"\\n");
    assert_renders("{{q | c_string | lower | c_string}}", data, "say \\\\\\\"hi\\\\\\\"\\\\n");
    tmpl_value_free(data);
}

static void test_filter_c_string_escapes(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "s", "a\\b\"c\nd\te\rf");
    assert_renders("\"{{s | c_string}}\"", data, "\"a\\\\b\\\"c\\nd\\te\\rf\"");
    tmpl_set_string(data, "s", "?\?= ?\?/ ?\?\? x?y?");
    assert_renders("{{s | c_string}}", data, "?\\?= ?\\?/ ?\\?\\? x?y?");
    tmpl_set_string(data, "s", "\x7f" "del \x1f" "1 \x01" "0 \x1b[0m");
    assert_renders("{{s | c_string}}", data, "\\177del \\0371 \\0010 \\033[0m");
    tmpl_set_string(data, "s", "caf\xc3\xa9 '");
    assert_renders("{{s | c_string}}", data, "caf\xc3\xa9 '");
    tmpl_value_free(data);
}

/* The C compiler checks the escapes: SPELLED gives a literal's bytes and its
 * spelling; c_string of the bytes must give the spelling back. */
#define SPELLED(literal) {literal, sizeof(literal) - 1, #literal}

static const struct {
    const char *bytes;
    size_t length;
    const char *spelling; /* with the quotes */
} compiled_literals[] = {
    SPELLED("plain text"),
    SPELLED("back\\slash \"quoted\"\n\ttab\r"),
    SPELLED("?\?= ?\?( ?\?/ ?\?\?\?! one? two?"),
    SPELLED("\177 \0371 \0010 \037f \001\002"),
    SPELLED("café 日本"),
};

static void test_filter_c_string_round_trips_through_the_compiler(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof compiled_literals / sizeof *compiled_literals; i++) {
        assert_int_equal(strlen(compiled_literals[i].bytes), compiled_literals[i].length); /* no NUL inside */
        tmpl_value *data = tmpl_map_new();
        tmpl_set_string(data, "s", compiled_literals[i].bytes);
        assert_renders("\"{{s | c_string}}\"", data, compiled_literals[i].spelling);
        tmpl_value_free(data);
    }
}

static void test_filter_c_comment(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "d", "ends */ here, opens /* there, */* and /*/, a/b*c, \xc3\xa9\n * list");
    assert_renders("/* {{d | c_comment}} */", data,
                   "/* ends * / here, opens / * there, * / * and / * /, a/b*c, \xc3\xa9\n * list */");
    tmpl_value_free(data);
}

/* The filters skip eight plain bytes at a time: each special byte at each
 * position of strings of 0 to 40 bytes, and pairs of them side by side and
 * across a word's end, give what a byte-by-byte filter gives. */
static void reference_c_string(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\\' || c == '"')
            o += (size_t)sprintf(out + o, "\\%c", c);
        else if (c == '\n')
            o += (size_t)sprintf(out + o, "\\n");
        else if (c == '\t')
            o += (size_t)sprintf(out + o, "\\t");
        else if (c == '\r')
            o += (size_t)sprintf(out + o, "\\r");
        else if (c == '?' && i > 0 && s[i - 1] == '?')
            o += (size_t)sprintf(out + o, "\\?");
        else if (c < 0x20 || c == 0x7F)
            o += (size_t)sprintf(out + o, "\\%03o", c);
        else
            out[o++] = (char)c;
    }
    out[o] = '\0';
}

static void reference_c_comment(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && ((s[i - 1] == '*' && s[i] == '/') || (s[i - 1] == '/' && s[i] == '*')))
            out[o++] = ' ';
        out[o++] = s[i];
    }
    out[o] = '\0';
}

static void test_filters_at_every_position(void **state)
{
    (void)state;
    static const char specials[] = "\\\"\n\t\r?\x01\x1f\x7f*/ \xc3";
    char text[48], expected[256];
    tmpl_value *data = tmpl_map_new();
    tmpl_set *as_string = set_with("{{s | c_string}}", __FILE__, __LINE__);
    tmpl_set *as_comment = set_with("{{s | c_comment}}", __FILE__, __LINE__);
    for (size_t n = 0; n <= 40; n++)
        for (size_t at = 0; at <= n; at++)
            for (size_t k = 0; k < sizeof specials - 1; k++)
                for (size_t second = 0; second < 3; second++) {
                    for (size_t i = 0; i < n; i++)
                        text[i] = (char)('a' + i % 26);
                    if (at < n)
                        text[at] = specials[k];
                    if (second && at + 1 < n) /* a second one beside it: ?? and *\/ pairs */
                        text[at + 1] = second == 1 ? specials[k] : specials[(k + 1) % (sizeof specials - 1)];
                    text[n] = '\0';
                    tmpl_set_string(data, "s", text);
                    reference_c_string(text, n, expected);
                    char *got = render_or_fail(as_string, "t.tmpl", data, NULL, __FILE__, __LINE__);
                    assert_string_equal(got, expected);
                    free(got);
                    reference_c_comment(text, n, expected);
                    got = render_or_fail(as_comment, "t.tmpl", data, NULL, __FILE__, __LINE__);
                    assert_string_equal(got, expected);
                    free(got);
                }
    tmpl_set_free(as_string);
    tmpl_set_free(as_comment);
    tmpl_value_free(data);
}

/* ---- #each and @-names ------------------------------------------------------------- */

static void test_each_and_at_names(void **state)
{
    (void)state;
    tmpl_value *data = sample_data();
    assert_renders("{{#each items}}{{@index}}{{@number}}{{name}};{{/each}}", data, "01a;12b;23c;");
    assert_renders("{{#each items}}{{name}}{{#unless @last}}, {{/unless}}{{/each}}", data, "a, b, c");
    assert_renders("{{#each items}}{{#if @first}}[{{/if}}{{name}}{{#if @last}}]{{/if}}{{/each}}", data, "[abc]");
    assert_renders("{{#each items}}{{#if @first}}F{{#elif @last}}L{{else}}-{{/if}}{{/each}}", data, "F-L");
    tmpl_value *one = tmpl_set_list(data, "one");
    tmpl_set_string(tmpl_list_add_map(one), "name", "only");
    assert_renders("{{#each one}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}}{{name}}{{/each}}", data, "FLonly");
    tmpl_set_list(data, "none");
    assert_renders("<{{#each none}}never{{nosuchname}}{{/each}}>", data, "<>");
    tmpl_value_free(data);
}

static void test_nested_each_scopes(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "title", "T");
    tmpl_set_string(data, "name", "root");
    tmpl_value *classes = tmpl_set_list(data, "classes");
    for (int c = 0; c < 2; c++) {
        tmpl_value *cls = tmpl_list_add_map(classes);
        tmpl_set_stringf(cls, "name", "C%d", c);
        tmpl_value *props = tmpl_set_list(cls, "props");
        for (int p = 0; p < 2; p++) {
            tmpl_value *prop = tmpl_list_add_map(props);
            tmpl_set_stringf(prop, "prop", "p%d", p);
            if (p == 1)
                tmpl_set_string(prop, "name", "shadow");
        }
    }
    /* inner items see the outer item and the root; an inner key shadows an outer one;
       @index is the innermost loop's */
    assert_renders("{{#each classes}}{{#each props}}{{title}}.{{name}}.{{prop}}.{{@index}} {{/each}}"
                   "| {{name}} {{@index}}\n{{/each}}",
                   data, "T.C0.p0.0 T.shadow.p1.1 | C0 0\nT.C1.p0.0 T.shadow.p1.1 | C1 1\n");
    tmpl_value_free(data);
}

static void test_dotted_name_does_not_fall_back_outwards(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(tmpl_set_map(data, "c"), "x", "root");
    tmpl_set_string(tmpl_set_map(tmpl_list_add_map(tmpl_set_list(data, "items")), "c"), "y", "item");
    assert_renders("{{#each items}}{{c.y}} {{/each}}{{c.x}}", data, "item root");
    /* the first segment is found in the item, so 'c.x' does not reach the root's c */
    assert_render_error("{{#each items}}{{c.x}}{{/each}}", data, 1, 20, "'c' has no 'x'");
    tmpl_value_free(data);
}

/* ---- #with ---------------------------------------------------------------------------- */

static void test_with_makes_a_map_the_scope(void **state)
{
    (void)state;
    tmpl_value *data = sample_data();
    tmpl_set_string(data, "title", "T");
    tmpl_value *inner = tmpl_set_map(data, "inner");
    tmpl_set_string(inner, "name", "In");
    tmpl_value *deeper = tmpl_set_map(inner, "deeper");
    tmpl_set_string(deeper, "x", "X");
    /* Names resolve in the map first, then outwards; standalone lines go. */
    assert_renders("{{#with inner}}\n{{name}}/{{title}}/{{deeper.x}}\n{{/with}}\n{{name}}", data, "In/T/X\nJob");
    assert_renders("{{#with inner}}{{#with deeper}}{{x}}{{name}}{{/with}}{{/with}}", data, "XIn");
    /* The same partial rendered against two maps of the same shape. */
    tmpl_set *set = tmpl_set_new();
    add_template(set, "p.tmpl", "[{{name}}]");
    add_template(set, "main.tmpl", "{{> p.tmpl}}{{#with inner}}{{> p.tmpl}}{{/with}}");
    char *out = render_or_fail(set, "main.tmpl", data, NULL, __FILE__, __LINE__);
    assert_string_equal(out, "[Job][In]");
    free(out);
    tmpl_set_free(set);
    assert_render_error("ab{{#with items}}{{/with}}", data, 1, 11, "'items' is a list, not a map");
    assert_render_error("{{#with name}}{{/with}}", data, 1, 9, "'name' is a string, not a map");
    assert_render_error("{{#with nothing}}{{/with}}", data, 1, 9, "'nothing' is not defined");
    assert_parse_error("{{#with inner}}\n{{/each}}", 2, 1, "{{/each}} closes {{#with}} opened at 1:1");
    assert_parse_error("{{#with inner}}", 1, 1, "{{#with}} is never closed");
    assert_parse_error("{{#with @first}}{{/with}}", 1, 9, "'@first' is not a map");
    tmpl_value_free(data);
}

/* ---- conditions -------------------------------------------------------------------- */

static void test_truth_values(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_bool(data, "t", true);
    tmpl_set_bool(data, "f", false);
    tmpl_set_string(data, "e", "");
    tmpl_set_string(data, "s", "0");
    tmpl_set_list(data, "el");
    tmpl_list_add_map(tmpl_set_list(data, "l"));
    tmpl_set_map(data, "m");
    assert_renders("{{#if t}}T{{else}}F{{/if}}{{#if f}}T{{else}}F{{/if}}{{#if e}}T{{else}}F{{/if}}"
                   "{{#if s}}T{{else}}F{{/if}}{{#if el}}T{{else}}F{{/if}}{{#if l}}T{{else}}F{{/if}}"
                   "{{#if m}}T{{else}}F{{/if}}",
                   data, "TFFTFTT");
    assert_renders("{{#unless t}}T{{/unless}}{{#unless f}}F{{/unless}}{{#unless e}}E{{#else}}x{{/unless}}"
                   "{{#unless l}}L{{else}}l{{/unless}}",
                   data, "FEl");
    tmpl_value_free(data);
}

static void test_if_elif_else_chain(void **state)
{
    (void)state;
    static const char chain[] = "{{#if a}}A{{#elif b}}B{{#elif c}}C{{#else}}N{{/if}}";
    static const char *const expected[] = {"N", "C", "B", "B", "A", "A", "A", "A"};
    for (int bits = 0; bits < 8; bits++) {
        tmpl_value *data = tmpl_map_new();
        tmpl_set_bool(data, "a", bits & 4);
        tmpl_set_bool(data, "b", bits & 2);
        tmpl_set_bool(data, "c", bits & 1);
        assert_renders(chain, data, expected[bits]);
        tmpl_value_free(data);
    }
    tmpl_value *data = sample_data();
    assert_renders("{{#if no}}x{{/if}}|{{#if yes}}{{#if no}}1{{else}}{{#unless empty}}2{{/unless}}{{/if}}{{/if}}",
                   data, "|2");
    tmpl_value_free(data);
}

/* ---- comments and includes ------------------------------------------------------------ */

static void test_comments(void **state)
{
    (void)state;
    tmpl_value *data = sample_data();
    assert_renders("a{{! note }}b{{!}}c{{!-- {{name}} is not expanded --}}d", data, "abcd");
    assert_renders("a\n{{! one\n    two\n}}\nb\n", data, "a\nb\n");
    assert_renders("a\n  {{!-- {{#each items}}{{name}}}}{{/each}} --}}\nb {{!----}}{{!-- x --~}} c", data,
                   "a\nb c");
    tmpl_value_free(data);
}

static void test_include_uses_current_scopes(void **state)
{
    (void)state;
    tmpl_set *set = tmpl_set_new();
    add_template(set, "member.tmpl", "{{@number}}:{{name}}@{{title}}");
    add_template(set, "member-x_1.tmpl", "end");
    add_template(set, "main.tmpl", "{{#each items}}{{> member.tmpl}} {{/each}}{{>member-x_1.tmpl}}");
    tmpl_value *data = sample_data();
    tmpl_set_string(data, "title", "T");
    char *out = render_or_fail(set, "main.tmpl", data, NULL, __FILE__, __LINE__);
    assert_string_equal(out, "1:a@T 2:b@T 3:c@T end");
    free(out);
    tmpl_value_free(data);
    tmpl_set_free(set);
}

static void test_include_errors(void **state)
{
    (void)state;
    tmpl_set *set = tmpl_set_new();
    tmpl_error err;
    add_template(set, "inner.tmpl", "ok\n  {{oops}}");
    add_template(set, "outer.tmpl", "x\n {{> inner.tmpl}}\n");
    add_template(set, "self.tmpl", "a{{> self.tmpl}}");
    add_template(set, "ping.tmpl", "\n{{> pong.tmpl}}");
    add_template(set, "pong.tmpl", "{{> ping.tmpl}}");
    add_template(set, "lost.tmpl", "{{#if yes}}\n  {{> gone.tmpl}}{{/if}}");
    tmpl_value *data = sample_data();
    char *out = (char *)"untouched";

    /* the error is at its place in the included template, and says where that was included */
    assert_int_equal(tmpl_render(set, "outer.tmpl", data, &out, NULL, &err), -1);
    assert_null(out);
    check_error(&err, "inner.tmpl", 2, 5, "'oops' is not defined (included from outer.tmpl:2:6)", __FILE__,
                __LINE__);

    assert_int_equal(tmpl_render(set, "self.tmpl", data, &out, NULL, &err), -1);
    check_error(&err, "self.tmpl", 1, 6, "deeper than 32", __FILE__, __LINE__);
    assert_int_equal(tmpl_render(set, "ping.tmpl", data, &out, NULL, &err), -1);
    assert_true(strcmp(err.template_name, "ping.tmpl") == 0 || strcmp(err.template_name, "pong.tmpl") == 0);
    assert_non_null(strstr(err.message, "deeper than 32"));

    assert_int_equal(tmpl_render(set, "lost.tmpl", data, &out, NULL, &err), -1);
    check_error(&err, "lost.tmpl", 2, 7, "no template named 'gone.tmpl'", __FILE__, __LINE__);

    assert_int_equal(tmpl_render(set, "nope.tmpl", data, &out, NULL, &err), -1);
    check_error(&err, "nope.tmpl", 0, 0, "no template named 'nope.tmpl'", __FILE__, __LINE__);
    tmpl_value_free(data);
    tmpl_set_free(set);
}

static void test_include_depth_limit_is_32(void **state)
{
    (void)state;
    tmpl_set *set = tmpl_set_new();
    tmpl_error err;
    char name[32], text[64];
    for (int i = 0; i <= 33; i++) { /* t0 includes t1 ... includes t33 */
        snprintf(name, sizeof name, "t%d", i);
        snprintf(text, sizeof text, "{{> t%d}}", i + 1);
        add_template(set, name, i < 33 ? text : "leaf");
    }
    tmpl_value *data = tmpl_map_new();
    char *out = render_or_fail(set, "t1", data, NULL, __FILE__, __LINE__); /* 32 includes deep */
    assert_string_equal(out, "leaf");
    free(out);
    assert_int_equal(tmpl_render(set, "t0", data, &out, NULL, &err), -1); /* 33 */
    check_error(&err, "t32", 1, 5, "deeper than 32", __FILE__, __LINE__);
    tmpl_value_free(data);
    tmpl_set_free(set);
}

/* ---- whitespace ------------------------------------------------------------------- */

static void test_standalone_lines_disappear(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_value *fields = tmpl_set_list(data, "fields");
    tmpl_value *a = tmpl_list_add_map(fields);
    tmpl_set_string(a, "type", "int");
    tmpl_set_string(a, "name", "a");
    tmpl_value *b = tmpl_list_add_map(fields);
    tmpl_set_string(b, "type", "char");
    tmpl_set_string(b, "name", "b");
    tmpl_set_bool(data, "x", true);
    tmpl_set_bool(data, "y", true);
    tmpl_set_string(data, "v", "V");

    assert_renders("struct s {\n"
                   "{{#each fields}}\n"
                   "    {{! one member per field }}\n"
                   "    {{type}} {{name}};\n"
                   "{{/each}}\n"
                   "};\n",
                   data, "struct s {\n    int a;\n    char b;\n};\n");
    /* indented, with trailing blanks, tabs */
    assert_renders("  {{#if x}}  \n  y\n\t{{/if}}\t\nz\n", data, "  y\nz\n");
    /* several block tags on one line */
    assert_renders("{{#if x}}{{#if y}}\nz\n  {{/if}} {{/if}}\nw\n", data, "z\nw\n");
    /* empty lines inside stay */
    assert_renders("{{#if x}}\n\n{{/if}}\n", data, "\n");
    /* last line without a newline */
    assert_renders("{{#if x}}\na\n  {{/if}}", data, "a\n");
    /* CRLF line ends */
    assert_renders("a\r\n{{#if x}}\r\nb\r\n{{/if}}\r\n", data, "a\r\nb\r\n");
    tmpl_value_free(data);
}

static void test_lines_that_are_not_standalone(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_bool(data, "x", true);
    tmpl_set_string(data, "v", "V");
    /* text on the line keeps the line */
    assert_renders("a {{#if x}}\nb\n{{/if}} c\n", data, "a \nb\n c\n");
    assert_renders("{{#if x}} y {{/if}}\n", data, " y \n");
    /* a value tag is output, so its line stays, and so does a line mixing it with a block tag */
    assert_renders("{{v}}\n", data, "V\n");
    assert_renders("{{#if x}}{{v}}\n{{/if}}\n", data, "V\n");
    assert_renders("{{\"\"}}\n", data, "\n");
    tmpl_value_free(data);
}

static void test_standalone_include(void **state)
{
    (void)state;
    tmpl_set *set = tmpl_set_new();
    add_template(set, "inc.tmpl", "X\nY\n");
    add_template(set, "main.tmpl", "a\n    {{> inc.tmpl}}\nb {{> inc.tmpl}}\n");
    add_template(set, "two.tmpl", "{{#if x}}\n{{> inc.tmpl}} {{> inc.tmpl}}\n{{/if}} {{> inc.tmpl}}\n");
    tmpl_value *data = tmpl_map_new();
    tmpl_set_bool(data, "x", true);
    char *out = render_or_fail(set, "main.tmpl", data, NULL, __FILE__, __LINE__);
    /* not re-indented; the standalone line's blanks and newline go, an inline include keeps its line */
    assert_string_equal(out, "a\nX\nY\nb X\nY\n\n");
    free(out);
    /* an include shares no standalone line with another tag */
    out = render_or_fail(set, "two.tmpl", data, NULL, __FILE__, __LINE__);
    assert_string_equal(out, "X\nY\n X\nY\n\n X\nY\n\n");
    free(out);
    tmpl_value_free(data);
    tmpl_set_free(set);
}

static void test_trim_markers(void **state)
{
    (void)state;
    tmpl_value *data = tmpl_map_new();
    tmpl_set_string(data, "v", "V");
    tmpl_set_bool(data, "t", true);
    assert_renders("a  \n  {{~v}}  \n b", data, "aV  \n b");
    assert_renders("a  \n  {{v~}}  \n\t b", data, "a  \n  Vb");
    assert_renders("a\n{{~#if t~}}\nb\n{{~/if~}}\nc", data, "abc");
    assert_renders("x {{~! c ~}} y", data, "xy");
    assert_renders("x {{~ \"-\" ~}}\r\n y", data, "x-y");
    /* {{x~}}{{~y}}: nothing between them, nothing to trim */
    assert_renders("{{v~}}{{~v}}", data, "VV");
    tmpl_value_free(data);
}

/* ---- parse errors ------------------------------------------------------------------- */

static void test_parse_errors_unclosed(void **state)
{
    (void)state;
    assert_parse_error("a\n  {{name", 2, 3, "unclosed tag");
    assert_parse_error("{{name\n}}", 1, 1, "unclosed tag");
    assert_parse_error("x {{! never", 1, 3, "unclosed comment");
    assert_parse_error("ab {{\"abc}}", 1, 6, "unterminated '\"'");
    assert_parse_error("{{#each l}}\n  {{#if a}}\n  {{/if}}\n", 1, 1, "{{#each}} is never closed");
    assert_parse_error("{{#if a}}\n\xc3\xa9 {{#unless l}}\n", 2, 3, "{{#unless}} is never closed");
}

static void test_parse_errors_block_structure(void **state)
{
    (void)state;
    assert_parse_error("{{#each l}}\n  {{/if}}\n", 2, 3, "{{/if}} closes {{#each}} opened at 1:1");
    assert_parse_error("x\n {{#if a}}{{/unless}}", 2, 11, "{{/unless}} closes {{#if}} opened at 2:2");
    assert_parse_error("text {{/each}}", 1, 6, "{{/each}} without {{#each}}");
    assert_parse_error("{{#each l}}{{#else}}{{/each}}", 1, 12, "{{#else}} outside {{#if}}");
    assert_parse_error("{{else}}", 1, 1, "{{#else}} outside {{#if}}");
    assert_parse_error("{{#elif x}}", 1, 1, "{{#elif}} outside {{#if}}");
    assert_parse_error("{{#if a}}{{else}}{{else}}{{/if}}", 1, 18, "{{#else}} after {{#else}}");
    assert_parse_error("{{#if a}}{{else}}{{#elif b}}{{/if}}", 1, 18, "{{#elif}} after {{#else}}");
    assert_parse_error("{{#unless a}}{{#elif b}}{{/unless}}", 1, 14, "{{#elif}} inside {{#unless}}");
    assert_parse_error("{{#for x}}", 1, 3, "unknown block tag '{{#for x}}'");
    assert_parse_error("{{/for}}", 1, 3, "unknown block tag");
    assert_parse_error("{{#each.x}}", 1, 8, "expected a blank after '{{#each'");
    assert_parse_error("{{#else if x}}", 1, 9, "unexpected 'if x'");
}

static void test_parse_errors_names_and_filters(void **state)
{
    (void)state;
    assert_parse_error("a\n{{ name | uper }}", 2, 11, "unknown filter 'uper'");
    assert_parse_error("{{ name | upper | }}", 1, 19, "empty filter name");
    assert_parse_error("{{x|upper|upper|upper|upper|upper|upper|upper|upper|upper}}", 1, 53, "more than 8 filters");
    assert_parse_error("{{}}", 1, 1, "empty name");
    assert_parse_error("x {{ ~}}", 1, 3, "empty name");
    assert_parse_error("{{#if}}", 1, 1, "empty name");
    assert_parse_error("{{#each   }}", 1, 1, "empty name");
    assert_parse_error("{{>}}", 1, 1, "empty name");
    assert_parse_error("{{> ../x.tmpl}}", 1, 5, "invalid template name '../x.tmpl'");
    assert_parse_error("x {{!-- {{a}} -}}", 1, 3, "unclosed comment");
    assert_parse_error("{{> a.tmpl b}}", 1, 12, "unexpected 'b'");
    assert_parse_error("{{a b}}", 1, 5, "unexpected 'b'");
    assert_parse_error("{{a.}}", 1, 5, "expected a name after '.'");
    assert_parse_error("{{a.1}}", 1, 5, "expected a name, found '1'");
    assert_parse_error("int x = {{0}};", 1, 11, "to output a literal '{{' write {{\"{{\"}}");
    assert_parse_error("\xc3\xa9\xe6\x97\xa5 {{?}}", 1, 6, "expected a name, found '?'");
    assert_parse_error("{{@idx}}", 1, 3, "unknown '@idx'");
    assert_parse_error("{{#if @index}}{{/if}}", 1, 7, "'@index' is a number, not a condition");
    assert_parse_error("{{#unless @number}}{{/unless}}", 1, 11, "'@number' is a number");
    assert_parse_error("{{#each @first}}{{/each}}", 1, 9, "'@first' is not a list");
    assert_parse_error("{{#if a | upper}}{{/if}}", 1, 9, "unexpected '| upper'");
}

static void test_failed_add_keeps_the_set(void **state)
{
    (void)state;
    tmpl_set *set = tmpl_set_new();
    tmpl_error err;
    assert_false(tmpl_set_has(set, "t.tmpl"));
    assert_int_equal(tmpl_set_add(set, "t.tmpl", "old", 3, &err), 0);
    assert_int_equal(tmpl_set_add(set, "t.tmpl", "{{#if", 5, &err), -1);
    assert_true(tmpl_set_has(set, "t.tmpl"));
    tmpl_value *data = tmpl_map_new();
    char *out = render_or_fail(set, "t.tmpl", data, NULL, __FILE__, __LINE__);
    assert_string_equal(out, "old");
    free(out);
    /* a successful add of the same name replaces */
    assert_int_equal(tmpl_set_add(set, "t.tmpl", "new", 3, &err), 0);
    out = render_or_fail(set, "t.tmpl", data, NULL, __FILE__, __LINE__);
    assert_string_equal(out, "new");
    free(out);
    assert_false(tmpl_set_has(set, "t.tmp"));
    tmpl_value_free(data);
    tmpl_set_free(set);
}

/* ---- render errors ------------------------------------------------------------------- */

static void test_render_errors(void **state)
{
    (void)state;
    tmpl_value *data = sample_data();
    tmpl_set_string(tmpl_set_map(data, "class"), "name", "C");
    assert_render_error("a\n  {{nmae}}", data, 2, 5, "'nmae' is not defined");
    assert_render_error("{{ class.nme | upper }}", data, 1, 10, "'class' has no 'nme'");
    assert_render_error("{{class.name.x}}", data, 1, 14, "'class.name' is a string, not a map");
    assert_render_error("{{items}}", data, 1, 3, "'items' is a list, not a string");
    assert_render_error("{{class}}", data, 1, 3, "'class' is a map, not a string");
    assert_render_error("{{yes}}", data, 1, 3, "'yes' is a boolean; booleans are for {{#if}}");
    assert_render_error("{{#each name}}{{/each}}", data, 1, 9, "'name' is a string, not a list");
    assert_render_error("{{#each class}}{{/each}}", data, 1, 9, "'class' is a map, not a list");
    assert_render_error("\n\n{{#if nope}}x{{/if}}", data, 3, 7, "'nope' is not defined");
    assert_render_error("{{#unless nope}}x{{/unless}}", data, 1, 11, "'nope' is not defined");
    assert_render_error("{{#if no}}{{#elif typo}}{{/if}}", data, 1, 19, "'typo' is not defined");
    assert_render_error("{{#each items}}{{#if @last}}{{missing}}{{/if}}{{/each}}", data, 1, 31,
                        "'missing' is not defined");
    assert_render_error("{{@index}}", data, 1, 3, "'@index' outside {{#each}}");
    assert_render_error("{{#if @first}}{{/if}}", data, 1, 7, "'@first' outside {{#each}}");

    /* the data must be a map */
    tmpl_set *set = set_with("x", __FILE__, __LINE__);
    tmpl_error err;
    char *out;
    assert_int_equal(tmpl_render(set, "t.tmpl", NULL, &out, NULL, &err), -1);
    assert_null(out);
    tmpl_set_free(set);
    tmpl_value_free(data);
}

/* ---- the built-in templates, compiled to C -------------------------------------------- */

/* Renders `name` both ways and asserts the same result, text or error. */
static void assert_compiled_as_tree(tmpl_set *set, const char *name, const tmpl_value *data)
{
    char *out[2] = {NULL, NULL};
    size_t length[2] = {0, 0};
    tmpl_error err[2];
    int rc[2];
    for (int tree = 0; tree < 2; tree++) {
        memset(&err[tree], 0, sizeof err[tree]);
        tmpl_set_use_compiled(set, !tree);
        rc[tree] = tmpl_render(set, name, data, &out[tree], &length[tree], &err[tree]);
    }
    tmpl_set_use_compiled(set, true);
    assert_int_equal(rc[0], rc[1]);
    if (rc[0] == 0) {
        assert_int_equal(length[0], length[1]);
        assert_memory_equal(out[0], out[1], length[0]);
    } else {
        assert_string_equal(err[0].template_name, err[1].template_name);
        assert_string_equal(err[0].message, err[1].message);
        assert_int_equal(err[0].line, err[1].line);
        assert_int_equal(err[0].column, err[1].column);
    }
    free(out[0]);
    free(out[1]);
}

/* A built-in template, rendered by its compiled function, reports where
 * data does not fit it (a name missing, a string where a list goes, in
 * an #each, in an included template) exactly as its tree does: the
 * compiled form fails without a message and the tree renders it again. */
static void test_compiled_templates_fail_as_trees(void **state)
{
    (void)state;
    tmpl_set *set = tmpl_set_new();
    for (size_t i = 0; i < mofgen_builtin_template_count; i++) {
        const builtin_template *bt = &mofgen_builtin_templates[i];
        tmpl_error err;
        assert_int_equal(tmpl_set_add(set, bt->name, bt->text, bt->length, &err), 0);
    }
    tmpl_value *empty = tmpl_map_new();
    tmpl_value *wrong = tmpl_map_new(); /* class a string */
    tmpl_set_string(wrong, "mofgen_version", "1");
    tmpl_set_string(wrong, "source", "x.mof");
    tmpl_set_string(wrong, "class", "C");
    tmpl_value *deeper = tmpl_map_new(); /* one property with nothing in it */
    tmpl_set_string(deeper, "mofgen_version", "1");
    tmpl_set_string(deeper, "source", "x.mof");
    tmpl_value *cls = tmpl_set_map(deeper, "class");
    tmpl_set_string(cls, "name", "C");
    tmpl_set_string(cls, "c_name", "C");
    tmpl_set_bool(cls, "has_description", false);
    tmpl_set_string(cls, "description", "");
    tmpl_set_list(cls, "embedded_classes");
    tmpl_list_add_map(tmpl_set_list(cls, "properties"));
    tmpl_list_add_map(tmpl_set_list(cls, "methods"));
    const tmpl_value *data[] = {empty, wrong, deeper};
    for (size_t i = 0; i < mofgen_builtin_template_count; i++)
        for (size_t k = 0; k < sizeof data / sizeof data[0]; k++)
            assert_compiled_as_tree(set, mofgen_builtin_templates[i].name, data[k]);
    tmpl_value_free(empty);
    tmpl_value_free(wrong);
    tmpl_value_free(deeper);
    tmpl_set_free(set);
}

/* ---- the examples of templates/README.md ----------------------------------------------- */

static tmpl_value *readme_data(void)
{
    tmpl_value *data = tmpl_map_new();
    tmpl_value *cls = tmpl_set_map(data, "class");
    tmpl_set_string(cls, "name", "SMS_DistributionJob");
    tmpl_set_string(cls, "c_name", "sms_distribution_job");
    tmpl_set_bool(data, "abstract", false);
    tmpl_set_bool(data, "has_keys", true);
    tmpl_value *properties = tmpl_set_list(data, "properties");
    tmpl_value *job_id = tmpl_list_add_map(properties);
    tmpl_set_string(job_id, "name", "JobID");
    tmpl_set_string(job_id, "c_type", "char *");
    tmpl_set_bool(job_id, "key", true);
    tmpl_value *retries = tmpl_list_add_map(properties);
    tmpl_set_string(retries, "name", "RetryCount");
    tmpl_set_string(retries, "c_type", "uint32_t");
    tmpl_set_bool(retries, "key", false);
    tmpl_value *items = tmpl_set_list(data, "items");
    for (int i = 1; i <= 3; i++)
        tmpl_set_stringf(tmpl_list_add_map(items), "value", "%d", i);
    return data;
}

static void test_readme_examples(void **state)
{
    (void)state;
    tmpl_value *data = readme_data();
    assert_renders("struct {{class.c_name}} {\n"
                   "{{#each properties}}\n"
                   "    {{! one member per property }}\n"
                   "    {{c_type}} {{name}};\n"
                   "{{/each}}\n"
                   "};\n",
                   data, "struct sms_distribution_job {\n    char * JobID;\n    uint32_t RetryCount;\n};\n");
    assert_renders("enum {{class.c_name}}_property {\n"
                   "{{#each properties}}\n"
                   "    {{class.c_name | upper}}_{{name | upper}} = {{@index}}{{#unless @last}},{{/unless}}\n"
                   "{{/each}}\n"
                   "};\n",
                   data,
                   "enum sms_distribution_job_property {\n"
                   "    SMS_DISTRIBUTION_JOB_JOBID = 0,\n"
                   "    SMS_DISTRIBUTION_JOB_RETRYCOUNT = 1\n"
                   "};\n");
    assert_renders("{{#if abstract}}\n"
                   "/* {{class.name}} is abstract: no constructor */\n"
                   "{{#elif has_keys}}\n"
                   "{{class.c_name}} *{{class.c_name}}_new(void);\n"
                   "{{#else}}\n"
                   "/* no keys */\n"
                   "{{/if}}\n",
                   data, "sms_distribution_job *sms_distribution_job_new(void);\n");
    assert_renders("int values[] = {\n"
                   "{{~#each items}}\n"
                   " {{value}}{{#unless @last}},{{/unless}}\n"
                   "{{~/each}}\n"
                   " };\n",
                   data, "int values[] = { 1, 2, 3 };\n");
    assert_renders("struct point origin[] = {{\"{{\"}}0, 0}};", data, "struct point origin[] = {{0, 0}};");
    assert_renders("{{!-- disabled for now:\n{{#each methods}}{{name}}{{/each}}\n--}}\n", data, "");
    tmpl_value_free(data);
}

/* ---- scale and determinism ----------------------------------------------------------- */

static tmpl_value *numbered_items(size_t count)
{
    tmpl_value *data = tmpl_map_new();
    tmpl_value *items = tmpl_set_list(data, "items");
    for (size_t i = 0; i < count; i++)
        tmpl_set_stringf(tmpl_list_add_map(items), "name", "item%zu", i);
    return data;
}

static const char list_template[] = "enum {\n"
                                    "{{#each items}}\n"
                                    "    E_{{name | upper}} = {{@index}}{{#unless @last}},{{/unless}}\n"
                                    "{{/each}}\n"
                                    "};\n";

static void test_large_list(void **state)
{
    (void)state;
    enum { COUNT = 10000 };
    tmpl_value *data = numbered_items(COUNT);
    size_t capacity = 64 + (size_t)COUNT * 40, used = 0;
    char *expected = malloc(capacity);
    assert_non_null(expected);
    used += (size_t)snprintf(expected + used, capacity - used, "enum {\n");
    for (size_t i = 0; i < COUNT; i++)
        used += (size_t)snprintf(expected + used, capacity - used, "    E_ITEM%zu = %zu%s\n", i, i,
                                 i + 1 < COUNT ? "," : "");
    snprintf(expected + used, capacity - used, "};\n");
    assert_renders(list_template, data, expected);
    free(expected);
    tmpl_value_free(data);
}

/* CPU time of the fastest of `runs` renders of `count` items. */
static double render_seconds(const tmpl_set *set, size_t count, int runs)
{
    tmpl_value *data = numbered_items(count);
    double best = 1e9;
    for (int run = 0; run < runs; run++) {
        clock_t start = clock();
        char *out = render_or_fail(set, "t.tmpl", data, NULL, __FILE__, __LINE__);
        double seconds = (double)(clock() - start) / CLOCKS_PER_SEC;
        free(out);
        if (seconds < best)
            best = seconds;
    }
    tmpl_value_free(data);
    return best;
}

static void test_rendering_time_is_linear(void **state)
{
    (void)state;
    tmpl_set *set = set_with(list_template, __FILE__, __LINE__);
    double small = render_seconds(set, 2500, 3);
    /* 4x the items: linear is ~4x the time, quadratic ~16x.  Noise only
       makes a run slower, so a slow-looking run is retried, not trusted. */
    double bound = 8 * small + 0.003;
    double large = render_seconds(set, 10000, 1);
    if (large > bound)
        large = render_seconds(set, 10000, 2);
    if (large > bound) {
        print_error("2500 items: %.4fs, 10000 items: %.4fs\n", small, large);
        fail();
    }
    tmpl_set_free(set);
}

static void test_rendering_is_repeatable(void **state)
{
    (void)state;
    tmpl_set *set = set_with(list_template, __FILE__, __LINE__);
    tmpl_value *data = numbered_items(50);
    size_t first_length, second_length;
    char *first = render_or_fail(set, "t.tmpl", data, &first_length, __FILE__, __LINE__);
    char *second = render_or_fail(set, "t.tmpl", data, &second_length, __FILE__, __LINE__);
    assert_int_equal(first_length, second_length);
    assert_memory_equal(first, second, first_length);
    free(first);
    free(second);
    tmpl_value_free(data);
    tmpl_set_free(set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        /* First: its keys must be numbered below 256 to reach the position
         * table, and key numbers are the process's, given in order. */
        cmocka_unit_test(test_maps_of_every_size),
        cmocka_unit_test(test_text_is_copied_verbatim),
        cmocka_unit_test(test_text_with_nul_bytes),
        cmocka_unit_test(test_value_insertion),
        cmocka_unit_test(test_set_stringf),
        cmocka_unit_test(test_set_stringn_and_unsigned),
        cmocka_unit_test(test_many_keys),
        cmocka_unit_test(test_replacing_a_key),
        cmocka_unit_test(test_render_into_reuses_output),
        cmocka_unit_test(test_string_refs),
        cmocka_unit_test(test_literal_tag),
        cmocka_unit_test(test_filters_upper_lower_chain),
        cmocka_unit_test(test_filter_c_string_escapes),
        cmocka_unit_test(test_filter_c_string_round_trips_through_the_compiler),
        cmocka_unit_test(test_filter_c_comment),
        cmocka_unit_test(test_filters_at_every_position),
        cmocka_unit_test(test_each_and_at_names),
        cmocka_unit_test(test_nested_each_scopes),
        cmocka_unit_test(test_dotted_name_does_not_fall_back_outwards),
        cmocka_unit_test(test_with_makes_a_map_the_scope),
        cmocka_unit_test(test_truth_values),
        cmocka_unit_test(test_if_elif_else_chain),
        cmocka_unit_test(test_comments),
        cmocka_unit_test(test_include_uses_current_scopes),
        cmocka_unit_test(test_include_errors),
        cmocka_unit_test(test_include_depth_limit_is_32),
        cmocka_unit_test(test_standalone_lines_disappear),
        cmocka_unit_test(test_lines_that_are_not_standalone),
        cmocka_unit_test(test_standalone_include),
        cmocka_unit_test(test_trim_markers),
        cmocka_unit_test(test_parse_errors_unclosed),
        cmocka_unit_test(test_parse_errors_block_structure),
        cmocka_unit_test(test_parse_errors_names_and_filters),
        cmocka_unit_test(test_failed_add_keeps_the_set),
        cmocka_unit_test(test_render_errors),
        cmocka_unit_test(test_readme_examples),
        cmocka_unit_test(test_rendering_time_is_linear), /* before the large list: fails fast */
        cmocka_unit_test(test_large_list),
        cmocka_unit_test(test_rendering_is_repeatable),
        cmocka_unit_test(test_compiled_templates_fail_as_trees),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
