/*
 * test_corpus.c - real MOF that nobody on this project wrote: the DMTF CIM
 * Schema 2.49 (1,634 files joined by #pragma include) and the 631 Syntax
 * blocks of the Configuration Manager SDK pages, from $MOFGEN_CORPUS_DIR
 * (ctest sets it from the CMake variable; default ../shared/corpus).  Without
 * the corpora it exits 77, which ctest reports as skipped.
 */
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit status for "not run": ctest's SKIP_RETURN_CODE, as in automake. */
#define EXIT_SKIP 77

static char cim_schema[400], syntax_dir[400];

/* The whole CIM schema compiles with no error and no warning. */
static void test_cim_schema(void **state)
{
    (void)state;
    const char *inputs[] = {cim_schema};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .dump = DUMP_MODEL};
    run_result r = test_run(&opts, NULL);
    if (r.errors || r.warnings)
        fprintf(stderr, "%.4000s\n", r.diagnostics);
    assert_int_equal(r.status, 0);
    assert_int_equal(r.errors, 0);
    assert_int_equal(r.warnings, 0);
    /* Spot checks of the model: inheritance and qualifiers resolved. */
    assert_contains(r.output, "{\"name\": \"CIM_ManagedElement\", \"superclass\": null, \"abstract\": true");
    assert_contains(r.output, "{\"name\": \"CIM_Component\", \"superclass\": null, \"abstract\": true, \"association\": true");
    size_t classes = 0;
    for (const char *p = r.output; (p = strstr(p, "\n  {\"name\": ")) != NULL; p++)
        classes++;
    assert_true(classes >= 1600);
    run_result_free(&r);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* At least 98% of the SDK Syntax blocks compile (warnings allowed: they are
 * documentation-grade MOF); the ones that do not are the known three. */
static void test_configmgr_syntax_blocks(void **state)
{
    (void)state;
    const char *dir_path = syntax_dir;
    DIR *dir = opendir(dir_path);
    assert_non_null(dir);
    char *names[1024];
    size_t count = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && count < 1024)
        if (strstr(e->d_name, ".mof"))
            names[count++] = strdup(e->d_name);
    closedir(dir);
    qsort(names, count, sizeof *names, compare_names);
    assert_int_equal(count, 631);
    size_t failed = 0;
    char failures[4096] = "";
    for (size_t i = 0; i < count; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir_path, names[i]);
        const char *inputs[] = {path};
        mofgen_options opts = {.inputs = inputs, .input_count = 1, .syntax_only = true};
        run_result r = test_run(&opts, NULL);
        if (r.status != 0) {
            failed++;
            strncat(failures, names[i], sizeof failures - strlen(failures) - 2);
            strcat(failures, " ");
        }
        run_result_free(&r);
        free(names[i]);
    }
    fprintf(stderr, "SDK syntax blocks: %zu of %zu compile; failing: %s\n", count - failed, count, failures);
    assert_true((count - failed) * 100 >= count * 98);
    assert_string_equal(failures, "SMS_HealthAttestationDetails.mof SMS_MDMBulkEnrollmentProfiles.mof SMS_MIFGroup.mof ");
}

int main(void)
{
    const char *corpus = getenv("MOFGEN_CORPUS_DIR");
    if (corpus == NULL || *corpus == '\0')
        corpus = "../shared/corpus";
    snprintf(cim_schema, sizeof cim_schema, "%s/cim-2.49/cim_schema_2.49.0.mof", corpus);
    snprintf(syntax_dir, sizeof syntax_dir, "%s/configmgr-sdk/syntax", corpus);
    FILE *probe = fopen(cim_schema, "rb");
    DIR *dir = opendir(syntax_dir);
    if (probe == NULL || dir == NULL) {
        printf("SKIP: the corpora are not in '%s' (no %s): configure with -DMOFGEN_CORPUS_DIR=DIR "
               "to point at them\n",
               corpus, probe == NULL ? "cim-2.49/cim_schema_2.49.0.mof" : "configmgr-sdk/syntax/");
        if (probe != NULL)
            fclose(probe);
        if (dir != NULL)
            closedir(dir);
        return EXIT_SKIP;
    }
    fclose(probe);
    closedir(dir);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cim_schema),
        cmocka_unit_test(test_configmgr_syntax_blocks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
