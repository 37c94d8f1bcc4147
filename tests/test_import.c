/*
 * test_import.c - `mofgen import-doc`: the seed page against the schema
 * written from it by hand, corrections as located warnings, and bad pages
 * refused with a located error and nothing written.
 */
#include "support.h"

#include "import_doc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The seed page, beside the corpora: $MOFGEN_CORPUS_DIR/../seed (by
 * default ../shared/seed); without it the test exits 77 (skipped). */
static char seed_path[512];
#define SEED seed_path

typedef struct imported {
    int status;
    char *diagnostics;
    import_result result;
} imported;

static imported import_page(const char *path, const char *const *options)
{
    imported r = {0};
    size_t length;
    FILE *stream = open_memstream(&r.diagnostics, &length);
    diag_engine diag;
    diag_init(&diag, stream);
    for (size_t i = 0; options && options[i]; i++)
        assert_int_equal(diag_option(&diag, options[i]), 0);
    r.status = import_doc_page(path, &diag, NULL, &r.result);
    fclose(stream);
    return r;
}

static void imported_free(imported *r)
{
    free(r->diagnostics);
    import_result_free(&r->result);
}

/* The --dump-model lines of `files`, one class or property a line. */
static char **model_lines(const char *const *files, size_t count, size_t *line_count)
{
    mofgen_options opts = {.inputs = files, .input_count = count, .dump = DUMP_MODEL};
    run_result r = test_run(&opts, (const char *const[]){"-w", NULL});
    assert_int_equal(r.status, 0);
    char **lines = calloc(256, sizeof *lines);
    size_t n = 0;
    for (char *line = strtok(r.output, "\n"); line && n < 256; line = strtok(NULL, "\n"))
        lines[n++] = strdup(line);
    run_result_free(&r);
    *line_count = n;
    return lines;
}

/* Replaces the first `from` in `line` by `to` (a known difference). */
static char *replace(char *line, const char *from, const char *to)
{
    char *at = strstr(line, from);
    assert_non_null(at);
    size_t n = strlen(line) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    snprintf(out, n, "%.*s%s%s", (int)(at - line), line, to, at + strlen(from));
    free(line);
    return out;
}

/* The seed page imports to the model of schema/SMS_DistributionJob.mof:
 * properties, their order, types, array-ness, key/read/write, ValueMap and
 * Values.  The differences are the ones the hand-written schema made on
 * purpose, listed here one by one. */
static void test_seed_matches_schema(void **state)
{
    (void)state;
    imported r = import_page(SEED, NULL);
    assert_int_equal(r.status, 0);
    char *dir = test_temp_dir();
    char *mof = test_write_file(dir, "SMS_DistributionJob.mof", r.result.mof);
    size_t got_count, want_count;
    char **got = model_lines((const char *const[]){mof}, 1, &got_count);
    char **want = model_lines((const char *const[]){"schema/SMS_BaseClass.mof", "schema/SMS_DistributionJob.mof"}, 2,
                              &want_count);
    /* 1. The hand-written schema declares SMS_BaseClass; the page only
     *    names it, so the import has the undeclared-superclass placeholder
     *    (last in the dump, as placeholders are). */
    assert_contains(want[1], "{\"name\": \"SMS_BaseClass\", \"superclass\": null, \"abstract\": true");
    assert_contains(got[got_count - 2], "{\"name\": \"SMS_BaseClass\", \"superclass\": null, \"abstract\": true, "
                                        "\"association\": false, \"indication\": false, \"placeholder\": true");
    free(want[1]);
    memmove(want + 1, want + 2, (want_count - 2) * sizeof *want);
    want_count--;
    free(got[got_count - 2]);
    got[got_count - 2] = got[got_count - 1];
    got_count--;
    /* The class line: the import's ends the property list after TotalSize
     * (the placeholder follows), the schema's too. */
    got[got_count - 2] = replace(got[got_count - 2], "\"methods\": []},", "\"methods\": []}");
    /* 2. The class description: the page's lead sentence, where the schema
     *    wrote its own. */
    want[1] = replace(want[1], "A distribution point job: the work of copying one package version to one distribution point.",
                      "The SMS_DistributionJob Windows Management Instrumentation (WMI) class is an SMS Provider server "
                      "class, in Configuration Manager, that represents a distribution point job.");
    /* 3. TotalSize: the page says "Date of the last status update.", which
     *    the schema corrected. */
    want[want_count - 2] = replace(want[want_count - 2], "Total size of the distribution job.", "Date of the last status update.");
    assert_int_equal(got_count, want_count);
    for (size_t i = 0; i < want_count; i++)
        assert_string_equal(got[i], want[i]);
    for (size_t i = 0; i < want_count; i++)
        free(want[i]), free(got[i]);
    free(want);
    free(got);
    free(mof);
    free(dir);
    imported_free(&r);
}

/* Each correction of the seed page: a located, named warning and a line of
 * the .mof's comment. */
static void test_seed_corrections(void **state)
{
    (void)state;
    imported r = import_page(SEED, NULL);
    assert_int_equal(r.status, 0);
    static const char *const expected[] = {
        ":36:23: warning: extra ';' in the class body [-Wextra-semi]",
        ":153:13: warning: 'Data type: UIn32' of 'RetryCount' disagrees with the Syntax block's 'UInt32'; "
        "'UInt32' is used [-Wdoc-type]",
        ":188:1: warning: this table is printed under 'TotalSize', but 'State' announces it (\"Possible values "
        "are:\"); it is attached to 'State' [-Wdoc-table]",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        char line[512];
        snprintf(line, sizeof line, "%s%s", SEED, expected[i]);
        assert_contains(r.diagnostics, line);
    }
    assert_contains(r.result.mof, "//  - line 188:1: this table is printed under 'TotalSize'");
    assert_contains(r.result.mof, "//  - line 153:13: 'Data type: UIn32'");
    char header[600];
    snprintf(header, sizeof header, "// %s (\"SMS_DistributionJob Server WMI Class\")", SEED);
    assert_contains(r.result.mof, header);
    /* --strict refuses them; -Wno-doc-table silences exactly one */
    imported strict = import_page(SEED, (const char *const[]){"--strict", NULL});
    assert_int_equal(strict.status, -1);
    imported_free(&strict);
    imported quiet = import_page(SEED, (const char *const[]){"-Wno-doc-table", NULL});
    assert_int_equal(quiet.status, 0);
    assert_not_contains(quiet.diagnostics, "[-Wdoc-table]");
    assert_contains(quiet.diagnostics, "[-Wdoc-type]");
    imported_free(&quiet);
    imported_free(&r);
}

/* A page written for these tests: a class page with the given Syntax
 * block body and Properties section. */
static char *class_page(const char *syntax, const char *properties)
{
    size_t n = strlen(syntax) + strlen(properties) + 512;
    char *page = malloc(n);
    snprintf(page, n,
             "---\ntitle: \"T_Class Class\"\n---\n# T_Class Server WMI Class\nThe `T_Class` class is a test.\n\n"
             "## Syntax\n\n```\n%s```\n\n## Methods\nNone.\n\n## Properties\n%s\n## Remarks\n",
             syntax, properties);
    return page;
}

/* Bit tables: the bit from the parentheses, a mask that disagrees warned
 * of; BitMap/BitValues written; a default from the prose. */
static void test_bits_and_defaults(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *text = class_page("Class T_Class\n{\n    UInt32 Flags;\n    UInt32 Count;\n};\n",
                            " `Flags`\n Data type: `UInt32`\n\n Access type: Read/Write\n\n Qualifiers: [bits]\n\n"
                            " Flags. Possible values are:\n\n|Hexadecimal (Bit)|Description|\n|-|-|\n"
                            "|0x00000001 (0)|FIRST. The first.|\n|0x0100011 (23)|LATE|\n\n"
                            " `Count`\n Data type: `UInt32`\n\n Access type: Read/Write\n\n Qualifiers: [key]\n\n"
                            " How many. The default value is 7.\n");
    char *path = test_write_file(dir, "t.md", text);
    imported r = import_page(path, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "t.md:33:2: warning: the mask 0x100011 of 'LATE' is not bit 23 (0x800000); bit 23 "
                                   "is used, as the parentheses say [-Wdoc-bits]");
    assert_contains(r.result.mof, "BitMap{\"0\", \"23\"},\n     BitValues{\"FIRST\", \"LATE\"}]");
    assert_contains(r.result.mof, "Description(\"Flags. FIRST: The first.\")");
    assert_contains(r.result.mof, "[read, write, key,\n     Description(\"How many. The default value is 7.\")]\n"
                                  "    UInt32 Count = 7;");
    imported_free(&r);
    free(path);
    free(text);
    free(dir);
}

/* A type typo in the Syntax block: the page's Data type is used; a class
 * name there stays (an embedded object), warned of. */
static void test_type_typo(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *text = class_page("Class T_Class\n{\n    UIt32 Status;\n    SMS_Token Schedule;\n};\n",
                            " `Status`\n Data type: `UInt32`\n\n Access type: Read-only\n\n Qualifiers: [read]\n\n S.\n\n"
                            " `Schedule`\n Data type: `String`\n\n Access type: Read-only\n\n Qualifiers: [read]\n\n T.\n");
    char *path = test_write_file(dir, "t.md", text);
    imported r = import_page(path, NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "t.md:22:13: warning: the Syntax block types 'Status' as 'UIt32', which is not a type; "
                                   "'Data type: UInt32' is used [-Wdoc-type]");
    assert_contains(r.diagnostics, "t.md:31:13: warning: 'Data type: String' of 'Schedule' disagrees with the Syntax "
                                   "block's class 'SMS_Token'; the Syntax block is followed [-Wdoc-type]");
    assert_contains(r.result.mof, "    UInt32 Status;");
    assert_contains(r.result.mof, "    SMS_Token Schedule;");
    imported_free(&r);
    free(path);
    free(text);
    free(dir);
}

/* Methods come from the pages the Methods table links to; a link into the
 * site's tree that the copy lacks is found by file name beside the page. */
static void test_method_pages(void **state)
{
    (void)state;
    char *dir = test_temp_dir();
    char *text = class_page("Class T_Class\n{\n    UInt32 ID;\n};\n",
                            " `ID`\n Data type: `UInt32`\n\n Access type: Read-only\n\n Qualifiers: [key, read]\n\n The ID.\n");
    /* a Methods table in place of "None." */
    const char *table = "|Method|Description|\n|-|-|\n"
                        "|[Run Method in Class T_Class](../../../develop/reference/x/run-method-in-class-t_class.md)|Runs.|\n";
    char *methods = strstr(text, "None.");
    size_t n = strlen(text) + strlen(table) + 1;
    char *page = malloc(n);
    snprintf(page, n, "%.*s%s%s", (int)(methods - text), text, table, methods + strlen("None."));
    char *path = test_write_file(dir, "t_class.md", page);
    free(test_write_file(dir, "run-method-in-class-t_class.md",
                         "# Run Method in Class T_Class\nThe `Run` method runs.\n\n## Syntax\n\n```\n"
                         "uint32 Run\n{\n    [IN]    UInt32 Times\n    [OUT]   String Log\n};\n```\n\n"
                         "## Parameters\n `Times`\n Data type: `UInt32`\n\n Qualifiers: [id(\"0\"), in]\n\n How often.\n\n"
                         " `Log`\n Data type: `String`\n\n Qualifiers: [out]\n\n What happened.\n"));
    imported r = import_page(path, NULL);
    if (r.status != 0)
        fprintf(stderr, "%s\n", r.diagnostics);
    assert_int_equal(r.status, 0);
    assert_contains(r.result.mof, "    [Description(\"The Run method runs.\")]\n    UInt32 Run(\n"
                                  "        [In, ID(0),\n         Description(\"How often.\")]\n        UInt32 Times,\n"
                                  "        [Out,\n         Description(\"What happened.\")]\n        String Log);\n");
    imported_free(&r);
    free(path);
    free(page);
    free(text);
    free(dir);
}

/* Bad pages: a located error, and `mofgen import-doc` writes nothing, not
 * even for the good page named beside it. */
static const struct bad_page {
    const char *what;
    const char *text;
    const char *error;
} bad_pages[] = {
    {"no Syntax block",
     "# T_Class Server WMI Class\nText.\n\n## Properties\n `A`\n Data type: `UInt32`\n",
     "bad.md:1:3: error: the page has no Syntax block (a '## Syntax' heading with a code block under it): it is not a "
     "class page"},
    {"a value column that is not numbers",
     "# T_Class Server WMI Class\n\n## Syntax\n\n```\nClass T_Class\n{\n    UInt32 A;\n};\n```\n\n## Properties\n"
     " `A`\n Data type: `UInt32`\n\n A. Possible values are:\n\n|Value|Description|\n|-|-|\n|one|ONE|\n|two|TWO|\n",
     "bad.md:20:2: error: 'one' in the value table of 'A' is not a number (the property is UInt32)"},
    {"a truncated file",
     "# T_Class Server WMI Class\n\n## Syntax\n\n```\nClass T_Class\n{\n    UInt32 A;\n",
     "bad.md:6:1: error: the Syntax block is never closed: the page is truncated"},
    {"a truncated Syntax block",
     "# T_Class Server WMI Class\n\n## Syntax\n\n```\nClass T_Class\n{\n    UInt32 A;\n```\n",
     "bad.md:10:1: error: unexpected end of file; expected a property, reference or method declaration, or '}'"},
    {"a method page",
     "# Foo Method in Class T_Class\n\n## Syntax\n\n```\nuint32 Foo([IN] UInt32 A);\n```\n",
     "bad.md:1:3: error: 'Foo Method in Class T_Class' is a method page, not a class page"},
    {"a structure page",
     "# AppInfo Structure\n\n## Syntax\n\n```\ntypedef struct AppInfo {\n  int a;\n} AppInfo;\n```\n",
     "bad.md:6:1: error: the Syntax block declares no class ('typedef struct AppInfo {'): this is not a class page"},
    {"no title", "Text only.\n", "bad.md:1:1: error: the page has no '# Title' heading"},
    {"a COM method page",
     "# IThing::Run Method\n\n## Syntax\n\n```\n[IDL]\nHRESULT Run(\n     HANDLE hToken\n);\n```\n",
     "bad.md:6:1: error: the Syntax block is IDL code, not MOF ('HRESULT Run('): this is not a class page"},
    {"a C++ function page",
     "# IThing::Go Method\n\n## Syntax\n\n```\nHRESULT IThing::Go();\n```\n",
     "bad.md:6:1: error: the Syntax block is a function declaration, not a MOF class ('HRESULT IThing::Go();')"},
};

static void test_bad_pages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_pages / sizeof bad_pages[0]; i++) {
        char *dir = test_temp_dir();
        char *path = test_write_file(dir, "bad.md", bad_pages[i].text);
        char *out = malloc(strlen(dir) + 8);
        sprintf(out, "%s/out", dir);
        char *diagnostics = NULL;
        size_t length;
        FILE *stream = open_memstream(&diagnostics, &length);
        diag_engine diag;
        diag_init(&diag, stream);
        int status = import_doc_run((const char *const[]){SEED, path}, 2, out, &diag, stream);
        fclose(stream);
        if (!strstr(diagnostics, bad_pages[i].error))
            fprintf(stderr, "case '%s':\n%s\n", bad_pages[i].what, diagnostics);
        assert_int_equal(status, 1);
        const char *at = strstr(diagnostics, bad_pages[i].error);
        assert_non_null(at);
        /* the error names the page as the user named it */
        assert_true(at - strlen(dir) - 1 >= diagnostics && strncmp(at - strlen(dir) - 1, dir, strlen(dir)) == 0);
        struct stat st;
        assert_int_not_equal(stat(out, &st), 0); /* nothing written, not even the seed's */
        free(diagnostics);
        free(out);
        free(path);
        free(dir);
    }
}

/* A property described twice (tests/data/import/described_twice.md): the
 * two descriptions merge, with a warning naming both places; the second's
 * table, the first having none, is attached. */
static void test_described_twice(void **state)
{
    (void)state;
    imported r = import_page("tests/data/import/described_twice.md", NULL);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "described_twice.md:41:3: warning: 'Kind' is described a second time (first at "
                                   "18:3), the same as the first; merged into it (table included) [-Wdoc-page]");
    assert_contains(r.diagnostics, "described_twice.md:55:3: warning: 'State' is described a second time (first at "
                                   "32:3), differently; the two are merged, its table included [-Wdoc-page]");
    assert_contains(r.result.mof, "     ValueMap{\"1\", \"2\"},\n     Values{\"CI\", \"RULE\"}]\n    UInt32 Kind;");
    assert_contains(r.result.mof, "[read,\n     Description(\"The state.\"),\n     ValueMap{\"0\", \"1\"},\n"
                                  "     Values{\"OFF\", \"ON\"}]\n    UInt32 State;");
    imported_free(&r);
}

/* Method pages with faults whose meaning is plain, each a located warning
 * and a line of the comment: a ')' too many, a '};' after the method, a
 * method page linked twice (read once), a Syntax block naming the method
 * otherwise than its page's title. */
static void test_method_page_faults(void **state)
{
    (void)state;
    imported r = import_page("tests/data/import/t_methods-server-wmi-class.md", NULL);
    if (r.status != 0)
        fprintf(stderr, "%s\n", r.diagnostics);
    assert_int_equal(r.status, 0);
    static const char *const expected[] = {
        "extra-method-in-class-t_methods.md:9:14: warning: a ')' too many in the Syntax block (the parameter list "
        "closes on line 10); left out [-Wdoc-page]",
        "stray-method-in-class-t_methods.md:10:1: warning: a '};' after the method's ')' in the Syntax block closes "
        "nothing; left out [-Wdoc-page]",
        "t_methods-server-wmi-class.md:19:3: warning: the method page "
        "'../../../develop/reference/x/extra-method-in-class-t_methods.md' is linked a second time (first at 17:3); "
        "read once [-Wdoc-page]",
        "copyex-method-in-class-t_methods.md:7:8: warning: the Syntax block names the method 'Copy', but the page's "
        "title names it 'CopyEx'; 'CopyEx' is used [-Wdoc-page]",
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        assert_contains(r.diagnostics, expected[i]);
    assert_contains(r.result.mof, "    SInt32 Extra(\n        Boolean A,\n        String B);");
    assert_contains(r.result.mof, "        [Out]\n        String Data[]);");
    assert_contains(r.result.mof, "    SInt32 CopyEx(\n        UInt32 ID);");
    assert_contains(r.result.mof, "//  - tests/data/import/extra-method-in-class-t_methods.md:9:14: a ')' too many");
    assert_contains(r.result.mof, "//  - line 19:3: the method page");
    /* read once: one Extra */
    const char *extra = strstr(r.result.mof, "SInt32 Extra(");
    assert_null(strstr(extra + 1, "SInt32 Extra("));
    imported_free(&r);
}

int main(void)
{
    const char *corpus = getenv("MOFGEN_CORPUS_DIR");
    snprintf(seed_path, sizeof seed_path, "%s/../seed/SMS_DistributionJob.md",
             corpus && *corpus ? corpus : "../shared/corpus");
    FILE *seed = fopen(SEED, "rb");
    if (seed == NULL) {
        printf("SKIP: no seed page at %s: configure with -DMOFGEN_CORPUS_DIR=DIR (the seed is DIR/../seed)\n", SEED);
        return 77; /* ctest: skipped */
    }
    fclose(seed);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seed_matches_schema),
        cmocka_unit_test(test_seed_corrections),
        cmocka_unit_test(test_bits_and_defaults),
        cmocka_unit_test(test_type_typo),
        cmocka_unit_test(test_method_pages),
        cmocka_unit_test(test_bad_pages),
        cmocka_unit_test(test_described_twice),
        cmocka_unit_test(test_method_page_faults),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
