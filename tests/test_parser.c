/*
 * test_parser.c - scanner and grammar: what MOF text becomes in the AST and
 * the model, including the seed page's simplified syntax block.
 */
#include "checks.h"
#include "hash.h"
#include "name_table.h"
#include "model.h"
#include "parse.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

typedef struct parsed {
    arena *arena;
    source_set sources;
    diag_engine diag;
    char *diagnostics;
    size_t diagnostics_length;
    FILE *stream;
    ast_unit *unit;
    model *model;
} parsed;

static parsed *parse_paths(const char *const *paths, size_t count)
{
    parsed *p = calloc(1, sizeof *p);
    p->arena = arena_new();
    p->stream = open_memstream(&p->diagnostics, &p->diagnostics_length);
    diag_init(&p->diag, p->stream);
    p->unit = parse_files(p->arena, &p->diag, &p->sources, paths, count, NULL);
    p->model = model_build(p->arena, &p->diag, p->unit);
    checks_run(&p->diag, p->arena, p->model);
    fflush(p->stream);
    return p;
}

static parsed *parse_text(const char *text)
{
    char *dir = test_temp_dir();
    char *path = test_write_file(dir, "t.mof", text);
    const char *paths[] = {path};
    parsed *p = parse_paths(paths, 1);
    free(path);
    free(dir);
    return p;
}

static void parsed_free(parsed *p)
{
    fclose(p->stream);
    free(p->diagnostics);
    source_set_free(&p->sources);
    arena_free(p->arena);
    free(p);
}

static model_property *property(const model_class *c, size_t i)
{
    assert_true(i < c->properties.count);
    return c->properties.items[i];
}

/* The page's Syntax block, byte for byte, reads as the same class as the
 * full schema: same properties, same order, same types. */
static void test_simplified_block_matches_schema(void **state)
{
    (void)state;
    const char *simplified[] = {"tests/data/SMS_DistributionJob.simplified.mof"};
    const char *full[] = {"schema/SMS_BaseClass.mof", "schema/SMS_DistributionJob.mof"};
    parsed *a = parse_paths(simplified, 1);
    parsed *b = parse_paths(full, 2);
    assert_int_equal(a->diag.errors, 0);
    assert_int_equal(b->diag.errors, 0);
    assert_int_equal(b->diag.warnings, 0);
    /* The stray ';' and the undeclared base are the block's two quirks. */
    assert_contains(a->diagnostics, "SMS_DistributionJob.simplified.mof:14:23: warning: extra ';' in the class body [-Wextra-semi]");
    assert_contains(a->diagnostics, "superclass 'SMS_BaseClass' is not declared");
    model_class *ca = model_find_class(a->model, "SMS_DistributionJob");
    model_class *cb = model_find_class(b->model, "sms_distributionjob");
    assert_non_null(ca);
    assert_non_null(cb);
    assert_int_equal(ca->properties.count, 15);
    assert_int_equal(ca->properties.count, cb->properties.count);
    for (size_t i = 0; i < ca->properties.count; i++) {
        assert_string_equal(property(ca, i)->name, property(cb, i)->name);
        assert_int_equal(property(ca, i)->type, property(cb, i)->type);
        assert_int_equal(property(ca, i)->array, property(cb, i)->array);
    }
    assert_string_equal(property(ca, 0)->name, "Action");
    assert_int_equal(property(ca, 0)->type, CIM_UINT32);
    assert_int_equal(property(ca, 4)->type, CIM_UINT64);
    assert_int_equal(property(ca, 1)->type, CIM_DATETIME);
    assert_int_equal(property(ca, 6)->type, CIM_STRING);
    /* The full schema adds the page's prose: key, access and value tables. */
    assert_true(property(cb, 4)->key);
    assert_true(property(cb, 0)->write);
    assert_false(property(cb, 1)->write);
    assert_int_equal(property(cb, 0)->enum_count, 3);
    assert_int_equal(property(cb, 13)->enum_count, 9);
    assert_string_equal(property(cb, 13)->enum_entries[8].name, "DISTSRC_STATE_SUSPENDED");
    parsed_free(a);
    parsed_free(b);
}

static void test_keywords_case_insensitive_and_usable_as_names(void **state)
{
    (void)state;
    parsed *p = parse_text("CLASS A { DateTime DateTime; UINT32 Class; sInT8 of; BOOLEAN instance; };\n"
                           "class B : a { };");
    assert_int_equal(p->diag.errors, 0);
    model_class *a = model_find_class(p->model, "A");
    assert_int_equal(a->properties.count, 4);
    assert_string_equal(property(a, 0)->name, "DateTime");
    assert_int_equal(property(a, 0)->type, CIM_DATETIME);
    assert_string_equal(property(a, 1)->name, "Class");
    assert_int_equal(property(a, 2)->type, CIM_SINT8);
    assert_ptr_equal(model_find_class(p->model, "B")->superclass, a);
    parsed_free(p);
}

static const ast_value *default_of(const parsed *p, const char *cls, size_t i)
{
    return property(model_find_class(p->model, cls), i)->default_value;
}

static void test_literals(void **state)
{
    (void)state;
    parsed *p = parse_text("class L {\n"
                           "  uint32 Hex = 0x1F; uint32 Oct = 017; uint8 Bin = 101b; sint32 Neg = -42;\n"
                           "  real64 R = -1.5e3; char16 C = 'x'; string S = \"a\\tb\\x41\\\"\" \" joined\";\n"
                           "  boolean T = TRUE; string N = NULL; uint8 Arr[] = {1, 2, 3}; uint64 Max = 18446744073709551615;\n"
                           "  char16 E = '\\x263A';\n"
                           "};");
    assert_int_equal(p->diag.errors, 0);
    assert_int_equal(default_of(p, "L", 0)->u.magnitude, 31);
    assert_int_equal(default_of(p, "L", 0)->radix, 16);
    assert_int_equal(default_of(p, "L", 1)->u.magnitude, 15);
    assert_int_equal(default_of(p, "L", 2)->u.magnitude, 5);
    assert_true(default_of(p, "L", 3)->negative);
    assert_int_equal(default_of(p, "L", 3)->u.magnitude, 42);
    assert_true(default_of(p, "L", 4)->u.real == -1500.0);
    assert_int_equal(default_of(p, "L", 5)->u.char16, 'x');
    assert_string_equal(default_of(p, "L", 6)->u.text, "a\tbA\" joined");
    assert_true(default_of(p, "L", 7)->u.boolean);
    assert_int_equal(default_of(p, "L", 8)->kind, VAL_NULL);
    assert_int_equal(default_of(p, "L", 9)->count, 3);
    assert_true(default_of(p, "L", 10)->u.magnitude == UINT64_MAX);
    assert_int_equal(default_of(p, "L", 11)->u.char16, 0x263A);
    parsed_free(p);
}

/* A value's location is held in 16 bytes when it fits them (columns up
 * to 65535, at most 255 lines) and kept whole in the arena otherwise:
 * both give back exactly what was set, on each side of each bound. */
static void test_value_locations_near_and_far(void **state)
{
    (void)state;
    arena *a = arena_new();
    source_file file = {.name = "f.mof"};
    const mof_location cases[] = {
        {&file, 1, 1, 1, 1},
        {&file, 7, 65535, 7, 65535},
        {&file, 7, 65536, 7, 65540},
        {&file, 7, 3, 7, 65536},
        {&file, 7, 65536, 8, 3},
        {&file, 10, 4, 265, 2},
        {&file, 10, 4, 266, 2},
        {&file, 2000000000, 5, 2000000000, 9},
        {NULL, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ast_value *v = arena_alloc(a, sizeof *v);
        v->kind = VAL_STRING;
        ast_value_set_where(a, v, &cases[i]);
        bool far = cases[i].first_column > 65535 || cases[i].last_column > 65535 ||
                   cases[i].last_line - cases[i].first_line > 255;
        assert_int_equal(v->far_location, far);
        mof_location buffer;
        const mof_location *at = ast_value_where(v, &buffer);
        assert_ptr_equal(at->file, cases[i].file);
        assert_int_equal(at->first_line, cases[i].first_line);
        assert_int_equal(at->first_column, cases[i].first_column);
        assert_int_equal(at->last_line, cases[i].last_line);
        assert_int_equal(at->last_column, cases[i].last_column);
        /* A value made in its place (a list of one, a char16 read from a
         * string) is written where it is. */
        ast_value *copy = ast_value_new_at(a, VAL_ARRAY, v);
        assert_int_equal(copy->kind, VAL_ARRAY);
        assert_memory_equal(AST_WHERE(copy), at, sizeof *at);
    }
    arena_free(a);

    /* Through the parser: a value past column 65535 and a string over 300
     * lines are reported where they are. */
    size_t pad = 70000;
    char *text = malloc(pad + 4096);
    int n = sprintf(text, "class W {\n");
    memset(text + n, ' ', pad);
    n += (int)pad;
    n += sprintf(text + n, "uint8 P = 300;\n  [MaxLen(\n");
    for (int i = 0; i < 300; i++)
        n += sprintf(text + n, "\"%d\"\n", i);
    sprintf(text + n, ")] string Q;\n};\n");
    parsed *p = parse_text(text);
    free(text);
    assert_int_equal(p->diag.errors, 2);
    assert_non_null(strstr(p->diagnostics, "t.mof:2:70011: error: bad value for property 'P'"));
    assert_non_null(strstr(p->diagnostics, "t.mof:4:1: error: bad value for qualifier 'MaxLen'"));
    const model_class *w = model_find_class(p->model, "W");
    const ast_value *p_default = property(w, 0)->default_value;
    assert_true(p_default->far_location);
    assert_int_equal(AST_WHERE(p_default)->first_column, 70011);
    const ast_value *max_len = model_find_qualifier(&property(w, 1)->qualifiers, "MaxLen")->ast->value;
    assert_true(max_len->far_location);
    assert_int_equal(AST_WHERE(max_len)->first_line, 4);
    assert_int_equal(AST_WHERE(max_len)->last_line, 303);
    parsed_free(p);
}

/* What the established compilers read is what the author meant: an
 * unknown escape keeps its '\\' (cimmof), a raw line break stays in the
 * string as "\n" with LF or CRLF lines (mofcomp), an instance property
 * with no value is an explicit NULL (mofcomp, OMI), not a missing one. */
static void test_dialect_values(void **state)
{
    (void)state;
    parsed *p = parse_text("class L {\n"
                           "  string Unknown = \"enable\\disable \\x41\\q\";\n"
                           "  string Lines = \"one \" \"two\r\nthree\nfour\";\n"
                           "  [Key] uint32 K; string D = \"default\";\n"
                           "};\n"
                           "instance of L { K = 1; D; };\n");
    assert_int_equal(p->diag.errors, 0);
    assert_int_equal(p->diag.warnings, 4);
    assert_string_equal(default_of(p, "L", 0)->u.text, "enable\\disable A\\q");
    assert_string_equal(default_of(p, "L", 1)->u.text, "one two\nthree\nfour");
    assert_int_equal(p->model->instances.count, 1);
    const model_instance *mi = p->model->instances.items[0];
    assert_int_equal(mi->ast->properties.count, 2);
    const ast_property_value *d = mi->ast->properties.items[1];
    assert_string_equal(d->name, "D");
    assert_non_null(d->value);
    assert_int_equal(d->value->kind, VAL_NULL);
    parsed_free(p);
}

/* A '"' missing at the end of a line does not swallow the lines up to the
 * next string: the string ends there, with its error. */
static void test_unterminated_string_stays_on_its_line(void **state)
{
    (void)state;
    parsed *p = parse_text("class A { string S = \"abc;\n  string T = \"x\"; string U = \"\";\n};\n"
                           "class A2 { string S = \"abc;\n  string U = \"\"; };\nclass B { };\n");
    assert_contains(p->diagnostics, "t.mof:1:22: error: missing terminating '\"' character");
    assert_not_contains(p->diagnostics, "newline-in-string");
    assert_non_null(model_find_class(p->model, "B"));
    parsed_free(p);
}

static long max_rss_kb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

/* A long Description in thousands of adjacent pieces (as generated MOF has)
 * joins in linear memory: 222 KB in 3,000 pieces once took over 300 MB. */
static void test_long_string_concatenation(void **state)
{
    (void)state;
    enum { PIECES = 3000, PIECE = 74 };
    size_t size = 64 + PIECES * (PIECE + 4);
    char *mof = malloc(size);
    size_t n = (size_t)sprintf(mof, "class A { [Description(");
    for (int i = 0; i < PIECES; i++)
        n += (size_t)sprintf(mof + n, "\"%04d %.*s\"\n", i, PIECE - 5,
                             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    sprintf(mof + n, ")] string S; };");
    long before = max_rss_kb();
    parsed *p = parse_text(mof);
    long grown_kb = max_rss_kb() - before;
    assert_int_equal(p->diag.errors, 0);
    const char *text = property(model_find_class(p->model, "A"), 0)->description;
    assert_non_null(text);
    assert_int_equal(strlen(text), PIECES * PIECE);
    assert_memory_equal(text, "0000 xxx", 8);
    assert_memory_equal(text + (PIECES - 1) * PIECE, "2999 xxx", 8);
    fprintf(stderr, "joining %d pieces: max RSS grew %ld KB\n", PIECES, grown_kb);
    assert_true(grown_kb < 64 * 1024);
    parsed_free(p);
    free(mof);
}

/* CRLF line ends and a UTF-8 BOM change nothing, columns included. */
static void test_crlf_and_bom(void **state)
{
    (void)state;
    parsed *p = parse_text("\xEF\xBB\xBF// comment\r\nclass C\r\n{\r\n    uint32 X;;\r\n};\r\n");
    assert_int_equal(p->diag.errors, 0);
    assert_contains(p->diagnostics, "t.mof:4:14: warning: extra ';'");
    assert_int_equal(model_find_class(p->model, "C")->properties.count, 1);
    parsed_free(p);
}

static void test_utf16_file(void **state)
{
    (void)state;
    /* "class U { string S; };" in UTF-16LE with a BOM, as WMI tools write. */
    const char *ascii = "class U { string S; };";
    char *dir = test_temp_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/u16.mof", dir);
    FILE *fp = fopen(path, "wb");
    fputc(0xFF, fp);
    fputc(0xFE, fp);
    for (const char *c = ascii; *c; c++) {
        fputc(*c, fp);
        fputc(0, fp);
    }
    fclose(fp);
    const char *paths[] = {path};
    parsed *p = parse_paths(paths, 1);
    assert_int_equal(p->diag.errors, 0);
    assert_non_null(model_find_class(p->model, "U"));
    parsed_free(p);
    free(dir);
}

/* One mistake does not hide the next: every broken property is reported. */
static void test_error_recovery_reports_all(void **state)
{
    (void)state;
    parsed *p = parse_text("class A {\n  uint32 = 5;\n  uint32 Ok;\n  string S = ;\n};\nclass B { uint32 X; };\n");
    assert_int_equal(p->diag.errors, 2);
    assert_contains(p->diagnostics, "t.mof:2:10: error: unexpected '='");
    assert_contains(p->diagnostics, "t.mof:4:14: error: unexpected ';'");
    assert_non_null(model_find_class(p->model, "B"));
    assert_int_equal(model_find_class(p->model, "A")->properties.count, 1);
    parsed_free(p);
}

/* Recovery resynchronises on the bracket that closes what the error is in,
 * so the declaration after a broken one is neither lost nor blamed. */
static void test_error_recovery_keeps_the_next_declaration(void **state)
{
    (void)state;
    parsed *p = parse_text("class A { uint32 x y };\n"                      /* error at the class's '}' */
                           "class B { uint32 z = {1,}; string s = ; };\n"   /* in an array, then a value */
                           "instance of B { z = 1 };\n"                     /* error at the instance's '}' */
                           "instance of B { z = 2; };\n"
                           "[Key(] class C { uint32 m(uint32 a,); uint32 k; };\n" /* qualifiers, parameters */
                           "qualifier Q1 : boolean = false, Scope(property) Flavor(x);\n"
                           "qualifier Q2 : boolean = false;\n");
    assert_int_equal(p->diag.errors, 7);
    assert_contains(p->diagnostics, "t.mof:1:22: error: unexpected '}'; expected a name or '['");
    assert_contains(p->diagnostics, "t.mof:2:25: error: unexpected '}'; expected a value");
    assert_contains(p->diagnostics, "t.mof:2:39: error: unexpected ';'; expected a value");
    assert_contains(p->diagnostics, "t.mof:3:23: error: unexpected '}'; expected ';'");
    assert_contains(p->diagnostics, "t.mof:5:6: error: unexpected ']'; expected a value");
    assert_contains(p->diagnostics, "t.mof:5:36: error: unexpected ')'; expected a name");
    assert_contains(p->diagnostics, "t.mof:6:49: error: unexpected identifier 'Flavor'; expected ';' or ','");
    const model_class *b = model_find_class(p->model, "B");
    assert_non_null(b);
    assert_int_equal(b->properties.count, 1); /* z; s was broken */
    const model_class *c = model_find_class(p->model, "C");
    assert_non_null(c);
    assert_int_equal(c->properties.count, 1);
    assert_int_equal(c->methods.count, 1);
    /* Q2 does not inherit the broken Q1's Scope(property). */
    const ast_qualifier_decl *q2 = NULL;
    for (size_t i = 0; i < p->model->qualifier_decls.count; i++) {
        const ast_qualifier_decl *d = p->model->qualifier_decls.items[i];
        if (strcmp(d->name, "Q2") == 0)
            q2 = d;
    }
    assert_non_null(q2);
    assert_int_equal(q2->scopes.count, 0);
    parsed_free(p);
}

/* A missing ';' before a line that starts "[key]": the brackets are the
 * next property's qualifiers, not the previous one's array size; on the
 * same line ("Dummy[key]", an SDK page) they stay an odd array size. */
static void test_missing_semicolon_before_qualifiers(void **state)
{
    (void)state;
    parsed *p = parse_text("class A {\n  String X\n  [key] String Y;\n  UInt8 Dummy[key]  ;\n};\n");
    assert_int_equal(p->diag.errors, 0);
    assert_contains(p->diagnostics, "t.mof:2:11: warning: expected ';' after the declaration [-Wmissing-semicolon]");
    assert_contains(p->diagnostics, "t.mof:4:15: warning: array size 'key' is not a number");
    const model_class *a = model_find_class(p->model, "A");
    assert_int_equal(a->properties.count, 3);
    assert_int_equal(property(a, 0)->array, ARRAY_NONE);
    assert_false(property(a, 0)->key);
    assert_true(property(a, 1)->key);
    assert_int_equal(property(a, 2)->array, ARRAY_VARIABLE);
    parsed_free(p);

    /* "[key]" before the class closes is the last property's after all; a
     * parameter's stays its own; one before a qualified property joins it. */
    p = parse_text("class A {\n string X\n [key]\n};\nclass B { string Y; uint32 M(string a\n [in]);\n"
                   " string P\n [key] [read] string Q; };\n");
    assert_int_equal(p->diag.errors, 0);
    assert_contains(p->diagnostics, "t.mof:3:3: warning: array size 'key' is not a number");
    assert_contains(p->diagnostics, "t.mof:6:3: warning: array size 'in' is not a number");
    a = model_find_class(p->model, "A");
    assert_int_equal(property(a, 0)->array, ARRAY_VARIABLE);
    const model_class *b = model_find_class(p->model, "B");
    assert_false(property(b, 0)->key);
    assert_true(property(b, 2)->key && property(b, 2)->read);
    assert_int_equal(((const model_method *)b->methods.items[0])->result->qualifiers.count, 0);
    parsed_free(p);
}

/* A mistake inside an embedded instance written in place ends at its own
 * '}': the values after it still belong to the outer instance. */
static void test_embedded_instance_recovery(void **state)
{
    (void)state;
    parsed *p = parse_text("class D { uint32 y; };\nclass C { [Key] uint32 K; D s; string t; };\n"
                           "instance of C { K = 1; s = instance of D { y = 2 }; t = 5; };\n");
    assert_int_equal(p->diag.errors, 2);
    assert_contains(p->diagnostics, "t.mof:3:50: error: unexpected '}'; expected ';'");
    assert_contains(p->diagnostics, "t.mof:3:57: error: bad value for property 't': expected a string");
    parsed_free(p);
}

/* After a type, 'as', 'true', 'false' and 'null' can only be names. */
static void test_value_keywords_as_names(void **state)
{
    (void)state;
    parsed *p = parse_text("class A { string As; boolean True; uint32 Null([In] string False); };\n"
                           "instance of A { As = \"x\"; True = false; };\n");
    assert_int_equal(p->diag.errors, 0);
    const model_class *a = model_find_class(p->model, "A");
    assert_string_equal(property(a, 0)->name, "As");
    assert_string_equal(property(a, 1)->name, "True");
    parsed_free(p);
}

/* WMI and real schemas: a method returning a reference, a void method,
 * 'ref:Class' on a parameter, and a property called Ref given a value. */
static void test_reference_and_void_methods(void **state)
{
    (void)state;
    parsed *p = parse_text("class F { };\n"
                           "class S { [Key] uint32 K; F REF Ref; S REF GetRef([In] ref:F x); void Reset(); };\n"
                           "instance of S { K = 1; Ref = \"F.a=1\"; };\n");
    assert_int_equal(p->diag.errors, 0);
    assert_int_equal(p->diag.warnings, 1); /* -Wref-colon */
    assert_contains(p->diagnostics, "t.mof:2:56: warning: 'ref:F' is not MOF; write 'F REF x' [-Wref-colon]");
    const model_class *s = model_find_class(p->model, "S");
    assert_int_equal(s->properties.count, 2);
    assert_int_equal(s->methods.count, 2);
    const model_method *get = s->methods.items[0], *reset = s->methods.items[1];
    assert_true(get->result->is_reference);
    assert_string_equal(get->result->class_name, "S");
    assert_true(((model_parameter *)get->parameters.items[0])->as_property->is_reference);
    assert_false(get->returns_void);
    assert_true(reset->returns_void);
    parsed_free(p);
}

static void test_methods_references_arrays(void **state)
{
    (void)state;
    parsed *p = parse_text("class T { };\n"
                           "[Association] class R { [Key] T REF Left; [Key] T REF Right; };\n"
                           "class M { uint32 Go([IN] string Name, [IN, OUT] uint32 Counts[], [OUT] T REF Result); "
                           "uint8 Fixed[24]; string Tags[]; };");
    assert_int_equal(p->diag.errors, 0);
    model_class *r = model_find_class(p->model, "R");
    assert_true(r->association);
    assert_true(property(r, 0)->is_reference);
    assert_ptr_equal(property(r, 0)->class_ref, model_find_class(p->model, "T"));
    model_class *m = model_find_class(p->model, "M");
    assert_int_equal(m->methods.count, 1);
    model_method *go = m->methods.items[0];
    assert_int_equal(go->parameters.count, 3);
    model_parameter *counts = go->parameters.items[1];
    assert_true(counts->in && counts->out);
    assert_int_equal(counts->as_property->array, ARRAY_VARIABLE);
    assert_int_equal(property(m, 0)->array, ARRAY_FIXED);
    assert_int_equal(property(m, 0)->array_size, 24);
    parsed_free(p);
}

static void test_inheritance_and_override(void **state)
{
    (void)state;
    parsed *p = parse_text("[Abstract] class Base { [Key, Description(\"id\")] string Id; uint32 Size; };\n"
                           "class Mid : Base { [Override(\"Size\"), Description(\"bytes\")] uint32 Size; string Extra; };\n"
                           "class Leaf : Mid { };");
    assert_int_equal(p->diag.errors, 0);
    model_class *leaf = model_find_class(p->model, "Leaf");
    assert_int_equal(leaf->properties.count, 3);
    assert_string_equal(property(leaf, 0)->name, "Id");
    assert_true(property(leaf, 0)->key);
    assert_string_equal(property(leaf, 1)->description, "bytes");
    assert_string_equal(property(leaf, 1)->origin->name, "Mid");
    assert_string_equal(property(leaf, 2)->name, "Extra");
    assert_true(model_find_class(p->model, "Base")->abstract);
    assert_false(leaf->abstract); /* Abstract is not inherited */
    parsed_free(p);
}

static void test_value_map_ranges(void **state)
{
    (void)state;
    parsed *p = parse_text("class V { [ValueMap{\"0\", \"2..4\", \"0x8000..\", \"..\"}, Values{\"a\", \"b\", \"vendor\", \"rest\"}] "
                           "uint16 X; [ValueMap{\"-5..-1\", \"1\"}] sint8 S; };");
    assert_int_equal(p->diag.errors, 0);
    model_property *x = property(model_find_class(p->model, "V"), 0);
    assert_int_equal(x->enum_count, 4);
    assert_int_equal(x->enum_entries[1].kind, MOFRT_ENUM_RANGE);
    assert_int_equal(x->enum_entries[1].low, 2);
    assert_int_equal(x->enum_entries[1].high, 4);
    assert_int_equal(x->enum_entries[2].low, 0x8000);
    assert_int_equal(x->enum_entries[2].high, 0xFFFF);
    assert_true(x->enum_open);
    model_property *s = property(model_find_class(p->model, "V"), 1);
    assert_int_equal((int64_t)s->enum_entries[0].low, -5);
    assert_int_equal((int64_t)s->enum_entries[0].high, -1);
    parsed_free(p);
}

static void test_includes(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char sub[600];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    char command[700];
    snprintf(command, sizeof command, "mkdir -p '%s'", sub);
    assert_int_equal(system(command), 0);
    free(test_write_file(sub, "base.mof", "class Base { uint32 A; };"));
    free(test_write_file(sub, "mid.mof", "#pragma include (\"base.mof\")\nclass Mid : Base { };"));
    char *root = test_write_file(dir, "root.mof", "#pragma locale (\"en_US\")\n#pragma include (\"sub/mid.mof\")\n"
                                                  "class Top : Mid { };\n#pragma include (\"missing.mof\")\n");
    const char *paths[] = {root};
    parsed *p = parse_paths(paths, 1);
    assert_int_equal(p->diag.errors, 1);
    assert_contains(p->diagnostics, ":4:18: error: cannot find included file 'missing.mof'");
    assert_int_equal(model_find_class(p->model, "Top")->properties.count, 1);
    parsed_free(p);

    char *cycle = test_write_file(dir, "cycle.mof", "#pragma include (\"cycle.mof\")\nclass Z { };");
    const char *cycle_paths[] = {cycle};
    p = parse_paths(cycle_paths, 1);
    assert_contains(p->diagnostics, "includes itself (include cycle)");
    parsed_free(p);
    free(cycle);
    free(root);
    free(dir);
}

static void test_instances(void **state)
{
    (void)state;
    parsed *p = parse_text("class C { [Key] uint32 Id; string Name; };\n"
                           "instance of C as $first { Id = 1; Name = \"one\"; };\n"
                           "instance of C { Id = 2; Nope = 3; };\n");
    assert_int_equal(p->model->instances.count, 2);
    assert_int_equal(p->diag.errors, 1);
    assert_contains(p->diagnostics, "t.mof:3:25: error: class 'C' has no property 'Nope'");
    parsed_free(p);
}

/* WMI's dialect: pragmas, the Amended flavor, Object, instances of system
 * classes that no MOF declares. */
static void test_wmi_dialect(void **state)
{
    (void)state;
    const char *paths[] = {"tests/data/wmi_dialect.mof"};
    parsed *p = parse_paths(paths, 1);
    if (p->diag.errors)
        fprintf(stderr, "%s", p->diagnostics);
    assert_int_equal(p->diag.errors, 0);
    assert_contains(p->diagnostics, "instance of undeclared class '__Win32Provider' is not checked");
    assert_string_equal(p->model->namespace_name, "\\\\.\\root\\cimv2");
    model_class *item = model_find_class(p->model, "Sample_Item");
    assert_int_equal(item->properties.count, 5);
    model_property *payload = property(item, 1);
    assert_true(payload->embedded);
    assert_null(payload->class_name); /* Object: untyped */
    model_property *children = property(item, 2);
    assert_ptr_equal(children->class_ref, model_find_class(p->model, "Sample_Base"));
    assert_true(property(item, 4)->enum_open);
    assert_int_equal(item->methods.count, 1);
    parsed_free(p);
}

/* Grows 100,000 lists of 9 items in `a` (each fitted when done if `fit`),
 * checks their items, and returns the slots the arena handed out. */
static size_t slots_of_lists_of_nine(arena *a, int *marks, bool fit)
{
    for (int i = 0; i < 100000; i++) {
        ptr_vec v = {0};
        for (int n = 0; n < 9; n++)
            ptr_vec_push(a, &v, &marks[n]);
        if (fit) {
            ptr_vec_fit(a, &v);
            assert_int_equal(v.capacity, 9);
        }
        for (int n = 0; n < 9; n++)
            assert_ptr_equal(v.items[n], &marks[n]);
    }
    return arena_used(a) / sizeof(void *);
}

/* ptr_vec reuses the arrays lists outgrow: lists grown side by side, and
 * some given an exact capacity first (as copy_members does), keep every
 * item; and the reuse bounds the arena: short lists rebuilt many times
 * take a tiny fraction of what they would with the arrays left behind. */
static void test_ptr_vec_reuses_outgrown_arrays(void **state)
{
    (void)state;
    enum { LISTS = 64, ROUNDS = 5 };
    static int marks[4096];
    arena *a = arena_new();
    for (int round = 0; round < ROUNDS; round++) {
        ptr_vec lists[LISTS] = {{0}};
        for (int i = 0; i < LISTS; i += 3) { /* an exact capacity, not a power of two */
            lists[i].capacity = 5 + (size_t)i % 7;
            lists[i].items = arena_alloc(a, lists[i].capacity * sizeof *lists[i].items);
        }
        for (int n = 0; n < 700; n++)
            for (int i = 0; i < LISTS; i++)
                if (n < 11 * (i % 9) + 3)
                    ptr_vec_push(a, &lists[i], &marks[(i * 53 + n) % 4096]);
        for (int i = 0; i < LISTS; i++) {
            assert_int_equal(lists[i].count, 11 * (i % 9) + 3);
            for (size_t n = 0; n < lists[i].count; n++)
                assert_ptr_equal(lists[i].items[n], &marks[(i * 53 + (int)n) % 4096]);
        }
    }
    arena_free(a);

    /* 100,000 lists of 9 items, grown through arrays of 4, 8 and 16
     * slots: 28 slots each if the outgrown arrays were left behind, 16 and
     * a few shared ones with them reused. */
    a = arena_new();
    size_t slots = slots_of_lists_of_nine(a, marks, false);
    assert_true(slots >= 100000u * 16);
    assert_true(slots < 100000u * 18);
    arena_free(a);

    /* Fitted when done, the same lists keep 9 slots each; an empty one stays empty, a reserved
     * one takes its room once and grows past it. */
    a = arena_new();
    slots = slots_of_lists_of_nine(a, marks, true);
    assert_true(slots < 100000u * 10);
    ptr_vec empty = {0};
    ptr_vec_fit(a, &empty);
    assert_null(empty.items);
    ptr_vec reserved = {0};
    ptr_vec_reserve(a, &reserved, 3);
    void **room = reserved.items;
    for (int n = 0; n < 7; n++) {
        ptr_vec_push(a, &reserved, &marks[n]);
        if (n < 3)
            assert_ptr_equal(reserved.items, room);
    }
    for (int n = 0; n < 7; n++)
        assert_ptr_equal(reserved.items[n], &marks[n]);

    /* A list released gives its array to the next list of its size, so
     * a scratch list built 100,000 times costs its arrays once. */
    ptr_vec scratch = {0};
    for (int n = 0; n < 8; n++)
        ptr_vec_push(a, &scratch, &marks[n]);
    void **array = scratch.items;
    ptr_vec_release(a, &scratch);
    assert_null(scratch.items);
    assert_int_equal(scratch.count, 0);
    assert_int_equal(scratch.capacity, 0);
    ptr_vec next = {0};
    for (int n = 0; n < 5; n++)
        ptr_vec_push(a, &next, &marks[n]);
    assert_ptr_equal(next.items, array);
    for (int n = 0; n < 5; n++)
        assert_ptr_equal(next.items[n], &marks[n]);
    ptr_vec_release(a, &next);
    size_t before = arena_used(a);
    for (int round = 0; round < 100000; round++) {
        for (int n = 0; n < 1 + round % 40; n++)
            ptr_vec_push(a, &scratch, &marks[n]);
        ptr_vec_release(a, &scratch);
    }
    assert_true(arena_used(a) - before < 1024);
    arena_free(a);

    /* Arrays of 1 to 3 slots (reserved or fitted so) are never reused as
     * 4-slot ones: lists grown from them, side by side with lists of 4 to
     * 8 grown from nothing, all keep their items. */
    a = arena_new();
    enum { SMALL = 300 };
    static ptr_vec small[SMALL], other[SMALL], two[SMALL];
    for (int i = 0; i < SMALL; i++) {
        small[i] = (ptr_vec){0};
        other[i] = (ptr_vec){0};
        ptr_vec_reserve(a, &small[i], (size_t)(1 + i % 3));
        for (int n = 0; n < 1 + i % 3; n++)
            ptr_vec_push(a, &small[i], &marks[(i + n) % 4096]);
        ptr_vec fitted = {0};
        for (int n = 0; n < 1 + i % 3; n++)
            ptr_vec_push(a, &fitted, &marks[n]);
        ptr_vec_fit(a, &fitted);
        ptr_vec_push(a, &fitted, &marks[9]); /* grown again from its fitted size */
        assert_ptr_equal(fitted.items[fitted.count - 1], &marks[9]);
        two[i] = (ptr_vec){0};
        ptr_vec_reserve(a, &two[i], 2); /* fitted below its room of 2 */
        ptr_vec_push(a, &two[i], &marks[(i + 11) % 4096]);
        ptr_vec_fit(a, &two[i]);
    }
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < SMALL; i++) {
            ptr_vec_push(a, &small[i], &marks[(i + 7 * round + 100) % 4096]); /* past its reserved room */
            for (int n = 0; n < 4 + i % 5; n++)
                ptr_vec_push(a, &other[i], &marks[(i * 3 + n) % 4096]);
        }
    for (int i = 0; i < SMALL; i++) {
        size_t room = (size_t)(1 + i % 3);
        assert_int_equal(small[i].count, room + 2);
        for (size_t n = 0; n < room; n++)
            assert_ptr_equal(small[i].items[n], &marks[(i + (int)n) % 4096]);
        for (int round = 0; round < 2; round++)
            assert_ptr_equal(small[i].items[room + (size_t)round], &marks[(i + 7 * round + 100) % 4096]);
        assert_int_equal(two[i].count, 1);
        assert_ptr_equal(two[i].items[0], &marks[(i + 11) % 4096]);
        assert_int_equal(other[i].count, 2 * (4 + i % 5));
        for (int round = 0; round < 2; round++)
            for (int n = 0; n < 4 + i % 5; n++)
                assert_ptr_equal(other[i].items[round * (4 + i % 5) + n], &marks[(i * 3 + n) % 4096]);
    }
    arena_free(a);
}

/* The tables' hash: names equal but for ASCII case hash alike at every
 * length (whole words, a partial last word); a table finds each name by
 * any spelling and keeps apart names that differ in one byte. */
static void test_hash_folds_case_at_every_length(void **state)
{
    (void)state;
    char lower[80], mixed[80], other[80];
    arena *a = arena_new();
    name_table *t = name_table_new(a);
    static char names[41][48];
    for (size_t n = 0; n <= 40; n++) {
        for (size_t i = 0; i < n; i++) {
            lower[i] = (char)('a' + (i * 7 + n) % 26);
            mixed[i] = (i + n) % 3 ? (char)(lower[i] - 32) : lower[i];
        }
        lower[n] = mixed[n] = '\0';
        assert_true(hash_text(lower, n, HASH_FOLD_CASE) == hash_text(mixed, n, HASH_FOLD_CASE));
        if (n > 0) {
            memcpy(other, lower, n + 1);
            other[n - 1] = other[n - 1] == 'z' ? 'y' : (char)(other[n - 1] + 1);
            assert_true(hash_text(lower, n, HASH_EXACT) != hash_text(other, n, HASH_EXACT));
            assert_true(hash_text(lower, n, HASH_EXACT) != hash_text(mixed, n, HASH_EXACT) || !strcmp(lower, mixed));
        }
        memcpy(names[n], lower, n + 1);
        name_table_put(t, names[n], names[n]);
    }
    for (size_t n = 0; n <= 40; n++) {
        for (size_t i = 0; i < n; i++)
            mixed[i] = (i + n) % 2 ? (char)(names[n][i] - 32) : names[n][i];
        mixed[n] = '\0';
        assert_ptr_equal(name_table_get(t, mixed), names[n]);
        if (n > 0) {
            mixed[n - 1] = '0';
            assert_null(name_table_get(t, mixed));
        }
    }
    assert_int_not_equal(hash_text("a\0", 2, HASH_EXACT), hash_text("a", 1, HASH_EXACT));
    arena_free(a);
}

/* Names that differ only in their last bytes (IDs, dates, "Ab0000xy")
 * spread over a table's slots: a family of 3,844 in 8,192 slots fills
 * about 3,000 of them when the hash mixes every byte into the low bits
 * (1,296 names and some 1,200 slots without case), and a few hundred
 * when the last word's top bytes do not reach them. */
static void test_hash_spreads_names_differing_at_the_end(void **state)
{
    (void)state;
    static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static uint8_t used[8192];
    for (size_t length = 8; length <= 24; length += 8)
        for (int fold = 0; fold < 2; fold++) {
            memset(used, 0, sizeof used);
            size_t distinct = 0;
            char name[32];
            memset(name, 'A', sizeof name);
            for (size_t x = 0; x < 62; x++)
                for (size_t y = 0; y < 62; y++) {
                    name[length - 2] = alphabet[x];
                    name[length - 1] = alphabet[y];
                    size_t slot = hash_text(name, length, fold ? HASH_FOLD_CASE : HASH_EXACT) & 8191;
                    distinct += !used[slot];
                    used[slot] = 1;
                }
            assert_true(distinct > (fold ? 1100u : 2800u));
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_simplified_block_matches_schema),
        cmocka_unit_test(test_keywords_case_insensitive_and_usable_as_names),
        cmocka_unit_test(test_literals),
        cmocka_unit_test(test_value_locations_near_and_far),
        cmocka_unit_test(test_dialect_values),
        cmocka_unit_test(test_unterminated_string_stays_on_its_line),
        cmocka_unit_test(test_long_string_concatenation),
        cmocka_unit_test(test_crlf_and_bom),
        cmocka_unit_test(test_utf16_file),
        cmocka_unit_test(test_error_recovery_reports_all),
        cmocka_unit_test(test_error_recovery_keeps_the_next_declaration),
        cmocka_unit_test(test_value_keywords_as_names),
        cmocka_unit_test(test_embedded_instance_recovery),
        cmocka_unit_test(test_missing_semicolon_before_qualifiers),
        cmocka_unit_test(test_reference_and_void_methods),
        cmocka_unit_test(test_methods_references_arrays),
        cmocka_unit_test(test_inheritance_and_override),
        cmocka_unit_test(test_value_map_ranges),
        cmocka_unit_test(test_includes),
        cmocka_unit_test(test_instances),
        cmocka_unit_test(test_wmi_dialect),
        cmocka_unit_test(test_ptr_vec_reuses_outgrown_arrays),
        cmocka_unit_test(test_hash_folds_case_at_every_length),
        cmocka_unit_test(test_hash_spreads_names_differing_at_the_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
