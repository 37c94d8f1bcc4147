/*
 * support.h - running the compiler in-process from tests: MOF text in
 * temporary files, diagnostics captured as text.
 */
#ifndef MOFGEN_TEST_SUPPORT_H
#define MOFGEN_TEST_SUPPORT_H

#include "driver.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct run_result {
    int status;
    char *diagnostics; /* everything mofgen reported */
    char *output;      /* dumps and --check reports */
    unsigned errors, warnings;
} run_result;

/* A fresh temporary folder (removed by test_cleanup_dirs at exit). */
char *test_temp_dir(void);
/* Writes `text` to DIR/NAME and returns the path (malloc'ed). */
char *test_write_file(const char *dir, const char *name, const char *text);
char *test_read_file(const char *path, size_t *length); /* NULL when missing */

/* Runs mofgen on `opts`, with warning options such as "-Werror" applied
 * ("--max-errors=N" sets the error limit). */
run_result test_run(const mofgen_options *opts, const char *const *warning_options);
/* Shorthand: one MOF text as a file named NAME, --syntax-only or dump. */
run_result test_run_text(const char *name, const char *text, mofgen_dump dump, const char *const *warning_options);
void run_result_free(run_result *r);

/* Asserts `haystack` contains `needle`, printing both when it does not. */
#define assert_contains(haystack, needle) test_assert_contains((haystack), (needle), __FILE__, __LINE__)
void test_assert_contains(const char *haystack, const char *needle, const char *file, int line);
#define assert_not_contains(haystack, needle) test_assert_not_contains((haystack), (needle), __FILE__, __LINE__)
void test_assert_not_contains(const char *haystack, const char *needle, const char *file, int line);

#endif
