/*
 * test_import_corpus.c - `mofgen import-doc` over every class page of the
 * Configuration Manager SDK (../shared/corpus/configmgr-sdk/pages): how
 * many import, and how many properties, value tables, bit tables and
 * methods come back against how many the pages have.
 *
 * What the pages have is counted here from their lines, independently of
 * the importer (which reads them through md4c): a class page is one whose
 * "## Syntax" code block starts with "class"; its properties are the
 * declaration lines of that block; its tables are the tables of its
 * "## Properties" section (a '|' line over a "|-|-|" row; bit tables: a
 * header naming "Bit"); its methods the linked rows of its "## Methods" table.
 */
/* nftw is XSI */
#define _XOPEN_SOURCE 700
#include "support.h"

#include "import_doc.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <ctype.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* $MOFGEN_CORPUS_DIR/configmgr-sdk/pages (default ../shared/corpus); without
 * it the test exits 77, which ctest reports as skipped. */
static char pages_dir[400];
#define PAGES pages_dir

typedef struct page_counts {
    size_t properties, tables, bit_tables, methods;
} page_counts;

static char **paths;
static size_t path_count, path_capacity;

static int collect(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    size_t n = strlen(path);
    if (type == FTW_F && n > 3 && strcmp(path + n - 3, ".md") == 0) {
        if (path_count == path_capacity) {
            path_capacity = path_capacity ? 2 * path_capacity : 1024;
            paths = realloc(paths, path_capacity * sizeof *paths);
        }
        paths[path_count++] = strdup(path);
    }
    return 0;
}

static int compare_paths(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static bool contains_ci(const char *s, const char *needle)
{
    for (size_t n = strlen(needle); *s; s++)
        if (strncasecmp(s, needle, n) == 0)
            return true;
    return false;
}

static const char *skip_blanks(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

/* Counts what page `path` has, line by line; false when it is not a class
 * page. */
static bool count_page(const char *path, page_counts *c)
{
    memset(c, 0, sizeof *c);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[8192];
    enum { NONE, SYNTAX, CODE, PROPERTIES, METHODS, DONE_CODE } where = NONE;
    bool is_class = false, first_code_line = true, previous_table = false, header_next = false, in_body = false;
    char previous_line[8192] = "";
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        const char *s = skip_blanks(line);
        if (where == CODE) {
            if (strncmp(s, "```", 3) == 0) {
                where = DONE_CODE;
                continue;
            }
            if (first_code_line && *s) {
                is_class = strncasecmp(s, "class", 5) == 0 && !isalnum((unsigned char)s[5]);
                first_code_line = false;
            }
            if (strchr(s, '{'))
                in_body = true;
            else if (*s == '}')
                in_body = false;
            else if (in_body && *s && strpbrk(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
                c->properties++;
            continue;
        }
        if (strncmp(s, "## ", 3) == 0) {
            const char *h = skip_blanks(s + 3);
            where = strncasecmp(h, "Syntax", 6) == 0 && where == NONE ? SYNTAX
                    : strncasecmp(h, "Properties", 10) == 0 ? PROPERTIES
                    : strncasecmp(h, "Methods", 7) == 0 ? METHODS
                    : where == SYNTAX ? SYNTAX : DONE_CODE;
            previous_table = false;
            continue;
        }
        if (where == SYNTAX && strncmp(s, "```", 3) == 0) {
            where = CODE;
            continue;
        }
        bool table_line = *s == '|';
        /* a table: a '|' line, then a delimiter row ("|-|-|") */
        if (where == PROPERTIES && table_line && header_next && strspn(s, "|-: \t") == strlen(s) && strchr(s, '-')) {
            c->tables++;
            c->bit_tables += contains_ci(previous_line, "bit");
        }
        header_next = where == PROPERTIES && table_line && !previous_table;
        if (header_next)
            snprintf(previous_line, sizeof previous_line, "%s", s);
        if (where == METHODS && table_line && strstr(s, "](") && strncmp(skip_blanks(s + 1), "[", 1) == 0)
            c->methods++;
        previous_table = table_line;
    }
    fclose(f);
    return is_class;
}

/* Every class page imports and its MOF compiles (import-doc compiles what
 * it writes); every table of a Properties section is attached to a
 * property; the properties and methods come back. */
static void test_import_every_class_page(void **state)
{
    (void)state;
    assert_int_equal(nftw(PAGES, collect, 16, FTW_PHYS), 0);
    qsort(paths, path_count, sizeof *paths, compare_paths);
    page_counts total = {0};
    size_t class_pages = 0, wmi_class_pages = 0, imported = 0;
    import_stats st = {0};
    for (size_t i = 0; i < path_count; i++) {
        page_counts c;
        if (!count_page(paths[i], &c))
            continue;
        class_pages++;
        wmi_class_pages += strstr(paths[i], "-wmi-class.md") != NULL;
        total.properties += c.properties;
        total.tables += c.tables;
        total.bit_tables += c.bit_tables;
        total.methods += c.methods;
        char *diagnostics = NULL;
        size_t length;
        FILE *stream = open_memstream(&diagnostics, &length);
        diag_engine diag;
        diag_init(&diag, stream);
        import_result r;
        import_stats before = st;
        int rc = import_doc_page(paths[i], &diag, &st, &r);
        size_t got = st.value_tables + st.bit_tables + st.tables_prose + st.tables_repeated - before.value_tables -
                     before.bit_tables - before.tables_prose - before.tables_repeated;
        if (got != c.tables || st.bit_tables - before.bit_tables != c.bit_tables)
            printf("%s: %zu tables (%zu bit tables) counted, %zu read (%zu as bit tables)\n", paths[i], c.tables,
                   c.bit_tables, got, st.bit_tables - before.bit_tables);
        fclose(stream);
        if (rc == 0)
            imported++;
        else
            fprintf(stderr, "%s did not import:\n%.2000s\n", paths[i], diagnostics);
        import_result_free(&r);
        free(diagnostics);
    }
    size_t tables = st.value_tables + st.bit_tables;
    printf("| SDK class pages (`*-wmi-class.md`: %zu) | pages have | imported |\n|---|---:|---:|\n", wmi_class_pages);
    printf("| class pages imported with no error | %zu | %zu |\n", class_pages, imported);
    printf("| properties (Syntax block lines) | %zu | %zu |\n", total.properties, st.properties);
    printf("| tables in Properties sections | %zu | %zu attached: %zu ValueMap, %zu BitMap, %zu description text, %zu "
           "the same table again on a property described twice |\n",
           total.tables, tables + st.tables_prose + st.tables_repeated, st.value_tables, st.bit_tables, st.tables_prose,
           st.tables_repeated);
    printf("| bit tables | %zu | %zu |\n", total.bit_tables, st.bit_tables);
    printf("| methods (linked in Methods tables) | %zu | %zu |\n", total.methods, st.methods);
    assert_true(class_pages >= 628);
    assert_int_equal(imported, class_pages);
    assert_int_equal(st.tables_left, 0);
    assert_int_equal(tables + st.tables_prose + st.tables_repeated, total.tables);
    assert_true(st.properties * 100 >= total.properties * 99);
    assert_true(st.method_links >= total.methods);
    assert_int_equal(st.methods, total.methods);
    for (size_t i = 0; i < path_count; i++)
        free(paths[i]);
    free(paths);
}

int main(void)
{
    const char *corpus = getenv("MOFGEN_CORPUS_DIR");
    snprintf(pages_dir, sizeof pages_dir, "%s/configmgr-sdk/pages", corpus && *corpus ? corpus : "../shared/corpus");
    struct stat st;
    if (stat(pages_dir, &st) != 0) {
        printf("SKIP: no SDK pages in '%s': configure with -DMOFGEN_CORPUS_DIR=DIR to point at the corpora\n", pages_dir);
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_import_every_class_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
