/*
 * main.c - the mofgen command line: options in, mofgen_run, exit status out.
 * Exit 0 on success, 1 on errors in the input, 2 on usage errors, 3 when
 * memory runs out.
 */
#include "arena.h"
#include "driver.h"
#include "suggest.h"
#include "import_doc.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

static void print_help(FILE *out)
{
    fputs("Usage: mofgen [OPTIONS] FILE.mof...\n"
          "       mofgen import-doc [-o DIR] [-W...] PAGE.md...\n"
          "\n"
          "Compiles CIM/WMI class declarations in MOF (DMTF DSP0004) into C bindings:\n"
          "for each class a .h/.c pair with a struct, enums from ValueMap/Values,\n"
          "accessors, a class descriptor, and JSON and MOF serializers.  Generated\n"
          "code links mofgen's runtime library (mofrt).  A FILE of '-' is standard\n"
          "input (cpp schema.mof | mofgen -o out -).\n"
          "\n"
          "Options:\n"
          "  -o DIR               write the generated files into DIR (default: .)\n"
          "  -I DIR               also look in DIR for #pragma include files\n"
          "  --template-dir DIR   use templates from DIR where present; the built-in ones and\n"
          "                       their guide (README.md) are installed in share/mofgen/templates/\n"
          "                       of mofgen's prefix (templates/ in its source tree)\n"
          "  --class NAME         emit only class NAME (repeatable; default: every class)\n"
          "  --namespace NS       emit only the classes of namespace NS (#pragma namespace;\n"
          "                       before any, root\\default), e.g. --namespace root\\cimv2\n"
          "  --namespace-prefix   start each class's C names with its namespace\n"
          "                       (root_cimv2_Win32_Foo), so one class name in two namespaces\n"
          "                       makes two sets of bindings\n"
          "  --check              write nothing; exit 1 and name the files that would change\n"
          "  --syntax-only        parse and check, emit nothing\n"
          "  --depfile FILE       also write FILE, a Makefile rule naming every MOF file read\n"
          "                       (includes too) and template used, for build systems\n"
          "  --depfile-target T   the rule's target (default: the first generated file)\n"
          "  --list-outputs       write nothing; print 'output PATH' for each file the same\n"
          "                       options would write, then 'input PATH' for each MOF file read\n"
          "  --dump-ast           print the parsed declarations as JSON and stop\n"
          "  --dump-model         print the checked model as JSON and stop\n"
          "  -Werror              treat every warning as an error\n"
          "  -Werror=NAME         treat warning NAME as an error\n"
          "  -Wno-error=NAME      keep warning NAME a warning, even with -Werror\n"
          "  -Wno-NAME, -WNAME    turn warning NAME off or on\n"
          "  -Wall, -Wextra       every warning on (as they are by default)\n"
          "  -w                   no warnings (so -Werror turns none into errors)\n"
          "  --strict             refuse documentation-grade MOF: the quirk warnings become errors\n"
          "  --max-errors N       stop reporting after N errors (default 100, 0 = no limit)\n"
          "  --max-warnings N     stop reporting after N warnings (default 1000, 0 = no limit)\n"
          "  --max-depth N        refuse brackets ('{', '(', '[') or #pragma include nested\n"
          "                       more than N deep (default 100; includes: 200 at most)\n"
          "  --max-input-size N   refuse to read more than N bytes of MOF, all files together;\n"
          "                       K, M, G suffixes (default 4G)\n"
          "  -h, --help           show this help\n"
          "  --version            show the version\n"
          "\n"
          "mofgen import-doc reads Configuration Manager SDK class pages (Markdown) and\n"
          "writes CLASS.mof for each into DIR (default: .): the Syntax block's class with\n"
          "the qualifiers, descriptions, value and bit tables, defaults and methods (from\n"
          "the linked method pages) that the page gives in prose.  Each correction of the\n"
          "page is a doc-* warning and a line of the comment atop the .mof.  The -W\n"
          "options, -w and --strict apply; on any error nothing is written.\n"
          "\n"
          "Warnings (quirks marked *; --strict makes those errors):\n",
          out);
    for (int i = 0; i < W__COUNT; i++)
        fprintf(out, "  %c %-22s %s\n", diag_warning_is_quirk((warning_id)i) ? '*' : ' ',
                diag_warning_name((warning_id)i), diag_warning_summary((warning_id)i));
    fputs("\n"
          "Exit status: 0 success, 1 errors in the input (or --check found changes),\n"
          "2 a usage error, 3 out of memory.  On any error no file is written.  A second run writing\n"
          "to the same folder waits for the first; a run that was killed is finished\n"
          "or undone by the next one (--check reports it).\n"
          "\n"
          "Manual: man mofgen.\n",
          out);
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static int usage_error(const char *fmt, ...)
{
    fputs("mofgen: error: ", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'mofgen --help' for more information.\n", stderr);
    return 2;
}

typedef struct arg_lists {
    const char **inputs, **includes, **classes;
    size_t input_count, include_count, class_count;
} arg_lists;

typedef enum value_option {
    OPT_OUTPUT,
    OPT_INCLUDE,
    OPT_TEMPLATE_DIR,
    OPT_CLASS,
    OPT_MAX_ERRORS,
    OPT_MAX_WARNINGS,
    OPT_MAX_DEPTH,
    OPT_MAX_INPUT_SIZE,
    OPT_DEPFILE,
    OPT_DEPFILE_TARGET,
    OPT_NAMESPACE
} value_option;

static const struct {
    const char *name;
    value_option id;
} value_options[] = {
    {"-o", OPT_OUTPUT},         {"-I", OPT_INCLUDE},   {"--template-dir", OPT_TEMPLATE_DIR},
    {"--class", OPT_CLASS},     {"--max-errors", OPT_MAX_ERRORS}, {"--depfile", OPT_DEPFILE},
    {"--depfile-target", OPT_DEPFILE_TARGET}, {"--namespace", OPT_NAMESPACE},
    {"--max-warnings", OPT_MAX_WARNINGS},   {"--max-depth", OPT_MAX_DEPTH},
    {"--max-input-size", OPT_MAX_INPUT_SIZE},
};

/* Matches "-o DIR", "-oDIR", "--name DIR" and "--name=DIR".  Returns false
 * when `argv[*i]` is not option `name`; else true with *value set (NULL when
 * the value is missing). */
static bool match_value_option(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return false;
    bool long_option = name[1] == '-';
    if (arg[n] == '=' && long_option) {
        *value = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0') {
        if (long_option)
            return false; /* --classes is not --class */
        *value = arg + n;
        return true;
    }
    *value = *i + 1 < argc ? argv[++*i] : NULL;
    return true;
}

/* A count option's value: digits, then (with `suffixes`) K, M or G for
 * powers of 1024.  Returns 0, or the usage error's status. */
static int count_value(const char *name, const char *value, bool suffixes, unsigned long long max,
                       unsigned long long *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(value, &end, 10);
    if (!isdigit((unsigned char)value[0]))
        end = (char *)value;
    unsigned shift = 0;
    if (suffixes && end != value && *end && !end[1] && strchr("kKmMgG", *end)) {
        shift = strchr("kK", *end) ? 10 : strchr("mM", *end) ? 20 : 30;
        end++;
    }
    char message[160];
    if (end == value || *end) {
        snprintf(message, sizeof message, "%s takes a number%s, not '%%s'", name, suffixes ? " (K, M, G allowed)" : "");
        return usage_error(message, value);
    }
    if (errno == ERANGE || n > (max >> shift)) {
        snprintf(message, sizeof message, "%s: '%%s' is too large", name);
        return usage_error(message, value);
    }
    *out = n << shift;
    return 0;
}

/* Applies one value option; returns the exit status so far. */
static int apply_value_option(value_option id, const char *name, const char *value, mofgen_options *opts,
                              arg_lists *lists, diag_engine *diag)
{
    if (!value || !*value)
        return usage_error("option '%s' needs a value", name);
    switch (id) {
    case OPT_OUTPUT: opts->output_dir = value; break;
    case OPT_INCLUDE: lists->includes[lists->include_count++] = value; break;
    case OPT_TEMPLATE_DIR: {
        struct stat st;
        if (stat(value, &st) != 0 || !S_ISDIR(st.st_mode))
            return usage_error("--template-dir: the folder '%s' does not exist", value);
        opts->template_dir = value;
        break;
    }
    case OPT_CLASS: lists->classes[lists->class_count++] = value; break;
    case OPT_DEPFILE: opts->depfile = value; break;
    case OPT_DEPFILE_TARGET: opts->depfile_target = value; break;
    case OPT_NAMESPACE: opts->namespace_name = value; break;
    case OPT_MAX_ERRORS:
    case OPT_MAX_WARNINGS:
    case OPT_MAX_DEPTH:
    case OPT_MAX_INPUT_SIZE: {
        unsigned long long n = 0;
        int rc = count_value(name, value, id == OPT_MAX_INPUT_SIZE, id == OPT_MAX_INPUT_SIZE ? ULLONG_MAX : UINT_MAX, &n);
        if (rc)
            return rc;
        if ((id == OPT_MAX_DEPTH || id == OPT_MAX_INPUT_SIZE) && n == 0)
            return usage_error("%s must be at least 1", name);
        if (id == OPT_MAX_ERRORS)
            diag->max_errors = (unsigned)n;
        else if (id == OPT_MAX_WARNINGS)
            diag->max_warnings = (unsigned)n;
        else if (id == OPT_MAX_DEPTH)
            opts->max_depth = (unsigned)n;
        else
            opts->max_input_size = n;
        break;
    }
    }
    return 0;
}

/* Options without a value. */
typedef enum flag_option { FLAG_HELP, FLAG_VERSION, FLAG_CHECK, FLAG_SYNTAX_ONLY, FLAG_DUMP_AST, FLAG_DUMP_MODEL,
                           FLAG_LIST_OUTPUTS, FLAG_NAMESPACE_PREFIX } flag_option;

static const struct {
    const char *name;
    flag_option id;
} flag_options[] = {
    {"-h", FLAG_HELP},          {"--help", FLAG_HELP},           {"--version", FLAG_VERSION},
    {"--check", FLAG_CHECK},    {"--syntax-only", FLAG_SYNTAX_ONLY}, {"--dump-ast", FLAG_DUMP_AST},
    {"--dump-model", FLAG_DUMP_MODEL}, {"--list-outputs", FLAG_LIST_OUTPUTS},
    {"--namespace-prefix", FLAG_NAMESPACE_PREFIX},
};

#define COUNT_OF(a) (sizeof(a) / sizeof((a)[0]))

/* "unknown option '--chek'; did you mean '--check'?", as gcc says it. */
static int unknown_option(const char *arg)
{
    char typed[256];
    snprintf(typed, sizeof typed, "%.*s", (int)strcspn(arg, "="), arg);
    suggestion s;
    suggest_begin(&s, typed);
    for (size_t i = 0; i < COUNT_OF(value_options); i++)
        suggest_consider(&s, value_options[i].name);
    for (size_t i = 0; i < COUNT_OF(flag_options); i++)
        suggest_consider(&s, flag_options[i].name);
    suggest_consider(&s, "--strict");
    const char *hint = suggest_result(&s);
    if (hint)
        return usage_error("unknown option '%s'; did you mean '%s'?", arg, hint);
    return usage_error("unknown option '%s'", arg);
}

/* mofgen import-doc [-o DIR] [-W...] PAGE.md... */
static int import_doc_main(int argc, char **argv, diag_engine *diag)
{
    const char *output_dir = NULL;
    const char **pages = xcalloc((size_t)argc, sizeof *pages);
    size_t count = 0;
    int status = 0;
    bool only_files = false;
    for (int i = 2; i < argc && status == 0; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        if (!only_files && match_value_option(argc, argv, &i, "-o", &value)) {
            if (!value || !*value)
                status = usage_error("option '%s' needs a value", "-o");
            output_dir = value;
        } else if (only_files || arg[0] != '-') {
            pages[count++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = true;
        } else if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            print_help(stdout);
            free(pages);
            return 0;
        } else if (strncmp(arg, "-W", 2) == 0 || strcmp(arg, "-w") == 0 || strcmp(arg, "--strict") == 0) {
            if (diag_option(diag, arg) != 0)
                status = usage_error("unknown warning option '%s' (see 'mofgen --help' for the list)", arg);
        } else {
            status = usage_error("import-doc: unknown option '%s'", arg);
        }
    }
    if (status == 0 && count == 0)
        status = usage_error("%s", "import-doc: no pages named (mofgen import-doc [-o DIR] PAGE.md...)");
    if (status == 0)
        status = import_doc_run(pages, count, output_dir, diag, stdout);
    free(pages);
    return status;
}

/* Emission builds each class's data, renders it and frees it before the
 * next class.  glibc gives the freed top of its heap back to the kernel
 * past 128 KB, so every class faulted the same pages in again: 10,600 page
 * faults for CIM 2.49 instead of 3,340 (at 6a42f58), a fifth of the run's
 * user time on a virtual machine.  A short-lived process loses nothing by keeping them:
 * its peak memory is the same.  (The CLI's policy, not the library's: a
 * program that links libmofgen keeps its own.) */
static void keep_freed_memory(void)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
#endif
}

int main(int argc, char **argv)
{
    keep_freed_memory();
    diag_engine diag;
    diag_init(&diag, stderr);
    if (argc > 1 && strcmp(argv[1], "import-doc") == 0)
        return import_doc_main(argc, argv, &diag);
    mofgen_options opts = {0};
    arg_lists lists = {0};
    lists.inputs = xcalloc((size_t)argc, sizeof *lists.inputs);
    lists.includes = xcalloc((size_t)argc, sizeof *lists.includes);
    lists.classes = xcalloc((size_t)argc, sizeof *lists.classes);
    int status = 0;
    bool only_files = false;
    for (int i = 1; i < argc && status == 0; i++) {
        const char *arg = argv[i];
        const char *value = NULL;
        bool matched = false;
        for (size_t k = 0; !only_files && !matched && k < COUNT_OF(value_options); k++)
            if (match_value_option(argc, argv, &i, value_options[k].name, &value)) {
                matched = true;
                status = apply_value_option(value_options[k].id, value_options[k].name, value, &opts, &lists, &diag);
            }
        if (matched)
            continue;
        int flag = -1;
        for (size_t k = 0; !only_files && k < COUNT_OF(flag_options); k++)
            if (strcmp(arg, flag_options[k].name) == 0)
                flag = (int)flag_options[k].id;
        if (only_files || arg[0] != '-' || strcmp(arg, "-") == 0) {
            lists.inputs[lists.input_count++] = arg;
        } else if (strcmp(arg, "--") == 0) {
            only_files = true;
        } else if (flag >= 0) {
            switch ((flag_option)flag) {
            case FLAG_HELP: print_help(stdout); goto done;
            case FLAG_VERSION: printf("mofgen %s\n", MOFGEN_VERSION); goto done;
            case FLAG_CHECK: opts.check = true; break;
            case FLAG_SYNTAX_ONLY: opts.syntax_only = true; break;
            case FLAG_DUMP_AST: opts.dump = DUMP_AST; break;
            case FLAG_DUMP_MODEL: opts.dump = DUMP_MODEL; break;
            case FLAG_LIST_OUTPUTS: opts.list_outputs = true; break;
            case FLAG_NAMESPACE_PREFIX: opts.namespace_prefix = true; break;
            }
        } else if (strncmp(arg, "-W", 2) == 0 || strcmp(arg, "-w") == 0 || strcmp(arg, "--strict") == 0) {
            if (diag_option(&diag, arg) != 0) {
                char hint[128];
                if (diag_option_suggestion(arg, hint, sizeof hint))
                    status = usage_error("unknown warning option '%s'; did you mean '%s'?", arg, hint);
                else
                    status = usage_error("unknown warning option '%s' (see 'mofgen --help' for the list)", arg);
            }
        } else {
            status = unknown_option(arg);
        }
    }
    if (status == 0 && lists.input_count == 0)
        status = usage_error("%s", "no input files");
    if (status == 0) {
        opts.inputs = lists.inputs;
        opts.input_count = lists.input_count;
        opts.include_dirs = lists.includes;
        opts.include_dir_count = lists.include_count;
        if (lists.class_count) {
            opts.classes = lists.classes;
            opts.class_count = lists.class_count;
        }
        status = mofgen_run(&opts, &diag, stdout);
    }
done:
    free(lists.inputs);
    free(lists.includes);
    free(lists.classes);
    return status;
}
