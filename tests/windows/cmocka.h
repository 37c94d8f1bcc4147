/*
 * cmocka.h - the part of cmocka's API that the runtime and generated-code
 * tests use (test_runtime.c, test_generated.c, test_methods.c), in portable
 * C99, so that the same test files build with mingw-w64 and run under wine:
 * Debian has no Windows build of cmocka.  Only tests/windows/ puts it on the
 * include path; every other build uses the real cmocka.
 *
 * Same behaviour where it matters: a failed assertion prints the file, line
 * and values, ends that test (longjmp) and the group goes on; the run
 * returns the number of failed tests.
 */
#ifndef MOFGEN_WINDOWS_CMOCKA_H
#define MOFGEN_WINDOWS_CMOCKA_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef void (*CMUnitTestFunction)(void **state);
typedef int (*CMFixtureFunction)(void **state);

struct CMUnitTest {
    const char *name;
    CMUnitTestFunction test_func;
};

#define cmocka_unit_test(f) {#f, f}

static jmp_buf cm_test_failed;

static inline void cm_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: error: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    longjmp(cm_test_failed, 1);
}

#define fail_msg(...) cm_fail(__FILE__, __LINE__, __VA_ARGS__)
#define assert_true(c) ((c) ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is not true", #c))
#define assert_false(c) (!(c) ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is not false", #c))
#define assert_null(p) ((p) == NULL ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is not NULL", #p))
#define assert_non_null(p) ((p) != NULL ? (void)0 : cm_fail(__FILE__, __LINE__, "%s is NULL", #p))
#define assert_ptr_not_equal(a, b) \
    ((const void *)(a) != (const void *)(b) ? (void)0 : cm_fail(__FILE__, __LINE__, "%s == %s", #a, #b))

/* cmocka compares as unsigned integers of the widest kind. */
static inline void cm_int_equal(unsigned long long a, unsigned long long b, const char *file, int line)
{
    if (a != b)
        cm_fail(file, line, "%llu (%#llx) != %llu (%#llx)", a, a, b, b);
}
#define assert_int_equal(a, b) cm_int_equal((unsigned long long)(a), (unsigned long long)(b), __FILE__, __LINE__)

static inline void cm_string_equal(const char *a, const char *b, const char *file, int line)
{
    if (a == NULL || b == NULL || strcmp(a, b) != 0)
        cm_fail(file, line, "\"%s\" != \"%s\"", a ? a : "(null)", b ? b : "(null)");
}
#define assert_string_equal(a, b) cm_string_equal((a), (b), __FILE__, __LINE__)

static inline void cm_memory_equal(const void *a, const void *b, size_t n, const char *file, int line)
{
    if (memcmp(a, b, n) != 0)
        cm_fail(file, line, "%lu bytes differ", (unsigned long)n);
}
#define assert_memory_equal(a, b, n) cm_memory_equal((a), (b), (n), __FILE__, __LINE__)

static inline int cm_run_group(const char *group, const struct CMUnitTest *tests, size_t count)
{
    size_t failed = 0;
    printf("[==========] %s: Running %lu test(s).\n", group, (unsigned long)count);
    for (size_t i = 0; i < count; i++) {
        void *state = NULL;
        printf("[ RUN      ] %s\n", tests[i].name);
        if (setjmp(cm_test_failed) == 0) {
            tests[i].test_func(&state);
            printf("[       OK ] %s\n", tests[i].name);
        } else {
            printf("[  FAILED  ] %s\n", tests[i].name);
            failed++;
        }
    }
    printf("[==========] %s: %lu test(s) run.\n[  PASSED  ] %lu test(s).\n", group, (unsigned long)count,
           (unsigned long)(count - failed));
    if (failed)
        printf("[  FAILED  ] %lu test(s).\n", (unsigned long)failed);
    return (int)failed;
}

#define cmocka_run_group_tests(tests, setup, teardown) \
    ((void)(setup), (void)(teardown), cm_run_group(#tests, (tests), sizeof(tests) / sizeof((tests)[0])))

#endif
