/*
 * test_output.c - the output folder when things go wrong: a run killed
 * (SIGKILL) or stopped (SIGTERM) at each step of a commit, a full disk, a
 * FIFO or folder where a file goes, two runs at once, --check after an
 * interrupted run.  Each run that is to die is a child process, stopped at
 * an exact step through output_fault_hook, never by timing; afterwards the
 * folder must hold exactly what a clean run leaves there.
 */
#include "output.h"
#include "support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define MOFGEN MOFGEN_BINARY_DIR "/mofgen"

/* Version 1 of a schema, and version 2: every file changes and D is new. */
static const char v1_mof[] = "class A { uint32 X; };\nclass B { uint32 X; };\nclass C { uint32 X; };\n";
static const char v2_mof[] = "class A { uint32 Y; };\nclass B { uint32 Y; };\nclass C { uint32 Y; };\n"
                             "class D { string Z; };\n";
enum { V2_FILES = 8 };

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of DIR's entries (hidden ones too), in order; their number. */
static size_t sorted_names(const char *dir, char **names, size_t max)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && count < max)
            names[count++] = strdup(e->d_name);
    closedir(d);
    qsort(names, count, sizeof *names, compare_names);
    return count;
}

/* Every entry of DIR, each with its content (when a regular file): two
 * folders are alike when these are equal. */
static char *snapshot(const char *dir)
{
    char *names[256];
    size_t count = sorted_names(dir, names, 256);
    char *text = NULL;
    size_t length = 0;
    FILE *out = open_memstream(&text, &length);
    for (size_t i = 0; i < count; i++) {
        char *p = path_in(dir, names[i]);
        struct stat st;
        size_t n = 0;
        char *content = lstat(p, &st) == 0 && S_ISREG(st.st_mode) ? test_read_file(p, &n) : NULL;
        fprintf(out, "== %s %zu\n", names[i], n);
        if (content)
            fwrite(content, 1, n, out);
        free(content);
        free(p);
        free(names[i]);
    }
    fclose(out);
    return text;
}

/* Only the names, space-separated: a short message when they differ. */
static char *listing(const char *dir)
{
    char *names[256];
    size_t count = sorted_names(dir, names, 256), length = 1;
    for (size_t i = 0; i < count; i++)
        length += strlen(names[i]) + 1;
    char *text = calloc(length, 1);
    for (size_t i = 0; i < count; i++) {
        strcat(strcat(text, names[i]), " ");
        free(names[i]);
    }
    return text;
}

static void assert_same_folder(const char *dir, const char *expected_snapshot, const char *expected_listing)
{
    char *names = listing(dir), *all = snapshot(dir);
    assert_string_equal(names, expected_listing);
    assert_true(strcmp(all, expected_snapshot) == 0);
    free(names);
    free(all);
}

/* Runs MOF text `mof` (written to WORK/NAME) into OUT in this process. */
static run_result generate(const char *work, const char *name, const char *mof, const char *out, bool check)
{
    char *file = test_write_file(work, name, mof);
    const char *inputs[] = {file};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out, .check = check};
    run_result r = test_run(&opts, NULL);
    free(file);
    return r;
}

/* ---- runs in a child process ---------------------------------------------- */

static output_step fault_step;
static size_t fault_index;
static int fault_signal; /* 0: make the step fail instead */

static int fault_here(output_step step, size_t index)
{
    if (step != fault_step || index != fault_index)
        return 0;
    if (fault_signal)
        raise(fault_signal);
    return !fault_signal;
}

/* Runs `mof` into OUT in a child: with the fault hook armed at `step` and
 * `index`, after `setup` (when given).  Returns the child's wait status;
 * its diagnostics in *diagnostics. */
static int generate_in_child(const char *work, const char *mof, const char *out, output_step step, size_t index,
                             int sig, void (*setup)(void), char **diagnostics)
{
    char *file = test_write_file(work, "schema.mof", mof);
    int pipe_fds[2];
    assert_int_equal(pipe(pipe_fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(pipe_fds[0]);
        alarm(60); /* a guard: a child that hangs dies of SIGALRM */
        if (setup)
            setup();
        fault_step = step;
        fault_index = index;
        fault_signal = sig;
        output_fault_hook = sig >= 0 ? fault_here : NULL;
        const char *inputs[] = {file};
        mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out};
        run_result r = test_run(&opts, NULL);
        ssize_t ignored = write(pipe_fds[1], r.diagnostics, strlen(r.diagnostics));
        (void)ignored;
        _exit(r.status);
    }
    close(pipe_fds[1]);
    size_t cap = 4096, n = 0;
    char *text = malloc(cap + 1);
    for (ssize_t got; (got = read(pipe_fds[0], text + n, cap - n)) > 0;)
        if ((n += (size_t)got) == cap)
            text = realloc(text, (cap *= 2) + 1);
    text[n] = '\0';
    close(pipe_fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    free(file);
    *diagnostics = text;
    return status;
}

/* A folder holding what a clean run of `mof` writes, and its snapshot. */
static char *clean_run(const char *work, const char *mof, char **names)
{
    char *out = path_in(work, "clean");
    run_result r = generate(work, "schema.mof", mof, out, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *text = snapshot(out);
    *names = listing(out);
    free(out);
    return text;
}

/* ---- kills -------------------------------------------------------------- */

/* SIGKILL at every step of a commit, over an older set of files and into a
 * new folder: the next run repairs, and leaves what a clean run leaves. */
static void test_kill_at_each_step_then_repair(void **state)
{
    (void)state;
    const struct {
        output_step step;
        size_t index;
        const char *repair_note; /* what the next run says it did (NULL: nothing to repair) */
    } points[] = {
        {OUTPUT_STEP_LOCKED, 0, NULL},
        {OUTPUT_STEP_PLANNED, 0, "what it had begun to write is removed"},
        {OUTPUT_STEP_WRITTEN, 0, "what it had begun to write is removed"},
        {OUTPUT_STEP_WRITTEN, 5, "what it had begun to write is removed"},
        {OUTPUT_STEP_WRITTEN, V2_FILES - 1, "what it had begun to write is removed"},
        {OUTPUT_STEP_RENAME, 0, "its commit is now complete"},
        {OUTPUT_STEP_RENAME, 1, "its commit is now complete"},
        {OUTPUT_STEP_RENAME, 4, "its commit is now complete"},
        {OUTPUT_STEP_RENAME, V2_FILES - 1, "its commit is now complete"},
    };
    char *work = test_temp_dir();
    char *clean_names, *clean = clean_run(work, v2_mof, &clean_names);
    for (int fresh = 0; fresh < 2; fresh++) {
        for (size_t i = 0; i < sizeof points / sizeof points[0]; i++) {
            char *out = path_in(work, fresh ? "fresh/out" : "out");
            if (!fresh) {
                run_result r = generate(work, "schema.mof", v1_mof, out, false);
                assert_int_equal(r.status, 0);
                run_result_free(&r);
            }
            char *diagnostics;
            int status = generate_in_child(work, v2_mof, out, points[i].step, points[i].index, SIGKILL, NULL,
                                           &diagnostics);
            assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
            free(diagnostics);

            run_result r = generate(work, "schema.mof", v2_mof, out, false);
            assert_int_equal(r.status, 0);
            if (points[i].repair_note)
                assert_contains(r.diagnostics, points[i].repair_note);
            else
                assert_not_contains(r.diagnostics, "interrupted");
            run_result_free(&r);
            assert_same_folder(out, clean, clean_names);
            /* And a second run finds nothing to do. */
            r = generate(work, "schema.mof", v2_mof, out, true);
            assert_int_equal(r.status, 0);
            assert_string_equal(r.output, "");
            run_result_free(&r);
            char command[600];
            snprintf(command, sizeof command, "rm -rf '%s/out' '%s/fresh'", work, work);
            assert_int_equal(system(command), 0);
            free(out);
        }
    }
    free(clean);
    free(clean_names);
    free(work);
}

/* A run killed as soon as it holds the lock leaves the lock file; the next
 * run removes it even when it has nothing to write. */
static void test_stale_lock_file_is_removed(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    run_result_free(&r);
    char *old_names = listing(out), *old = snapshot(out);
    char *diagnostics;
    int status = generate_in_child(work, v2_mof, out, OUTPUT_STEP_LOCKED, 0, SIGKILL, NULL, &diagnostics);
    assert_true(WIFSIGNALED(status));
    free(diagnostics);
    char *names = listing(out);
    assert_string_equal(names, ".mofgen.lock A.c A.h B.c B.h C.c C.h ");
    free(names);
    r = generate(work, "schema.mof", v1_mof, out, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    assert_same_folder(out, old, old_names);
    free(old);
    free(old_names);
    free(out);
    free(work);
}

/* A file with a path of its own (the --depfile, in another folder) is in
 * the same commit: killed midway, the next run finishes it there too. */
static void test_kill_with_a_depfile_elsewhere(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out"), *deps = path_in(work, "deps"), *dep = path_in(work, "deps/x.d");
    char *mof = test_write_file(work, "schema.mof", v2_mof);
    const char *inputs[] = {mof};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = out, .depfile = dep};
    for (size_t at = V2_FILES; at > 0; at -= 4) {
        fflush(NULL);
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            fault_step = OUTPUT_STEP_RENAME;
            fault_index = at; /* the depfile is the last of V2_FILES + 1 */
            fault_signal = SIGKILL;
            output_fault_hook = fault_here;
            run_result r = test_run(&opts, NULL);
            _exit(r.status);
        }
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        run_result r = test_run(&opts, NULL);
        assert_int_equal(r.status, 0);
        assert_contains(r.diagnostics, "its commit is now complete");
        run_result_free(&r);
        char *names = listing(deps);
        assert_string_equal(names, "x.d ");
        free(names);
        names = listing(out);
        assert_string_equal(names, "A.c A.h B.c B.h C.c C.h D.c D.h ");
        free(names);
        char command[600];
        snprintf(command, sizeof command, "rm -rf '%s' '%s'", out, deps);
        assert_int_equal(system(command), 0);
    }
    free(mof);
    free(dep);
    free(deps);
    free(out);
    free(work);
}

/* A journal mofgen did not write, or one naming files that are not its
 * temporaries, is refused: nothing is renamed or removed on its word. */
static void test_foreign_journal_is_refused(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    char *victim = test_write_file(work, "victim.txt", "keep me\n");
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    run_result_free(&r);
    char forged[1024];
    int n = snprintf(forged, sizeof forged, "mofgen-journal 1 R 1\n%s%c%s/.victim.txt.1.0.mofgen-tmp%c%c", victim, 0,
                     work, 0, 0);
    const struct {
        const char *text;
        size_t length;
    } journals[] = {
        {"not a journal\n", 14},
        {forged, (size_t)n},                       /* no "end" */
        {NULL, 0},                                 /* the same, whole: still not its own files */
    };
    char whole[1100];
    memcpy(whole, forged, (size_t)n);
    memcpy(whole + n, "end\n", 4);
    for (size_t i = 0; i < sizeof journals / sizeof journals[0]; i++) {
        const char *text = journals[i].text ? journals[i].text : whole;
        size_t length = journals[i].text ? journals[i].length : (size_t)n + 4;
        char *journal = path_in(out, ".mofgen.journal");
        FILE *fp = fopen(journal, "wb");
        assert_int_equal(fwrite(text, 1, length, fp), length);
        fclose(fp);
        r = generate(work, "schema.mof", v2_mof, out, false);
        assert_int_equal(r.status, 1);
        assert_contains(r.diagnostics, ".mofgen.journal' is not a journal this mofgen can read; if no mofgen run is "
                                       "writing to '");
        run_result_free(&r);
        char *kept = test_read_file(victim, NULL);
        assert_string_equal(kept, "keep me\n");
        free(kept);
        char *names = listing(out);
        assert_string_equal(names, ".mofgen.journal A.c A.h B.c B.h C.c C.h ");
        free(names);
        unlink(journal);
        free(journal);
    }
    free(victim);
    free(out);
    free(work);
}

/* A journal cut short (the run was killed while writing it, before any
 * temporary existed) is removed, and the run goes on. */
static void test_journal_cut_short(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    char *clean_names, *clean = clean_run(work, v2_mof, &clean_names);
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    run_result_free(&r);
    free(test_write_file(out, ".mofgen.journal", "mofgen-journal 1 P 8\nA.h"));
    r = generate(work, "schema.mof", v2_mof, out, false);
    assert_int_equal(r.status, 0);
    assert_contains(r.diagnostics, "was interrupted; what it had begun to write is removed");
    run_result_free(&r);
    assert_same_folder(out, clean, clean_names);
    free(clean);
    free(clean_names);
    free(out);
    free(work);
}

/* A run killed with its journal left: --check says so (exit 1, what to
 * do), before and after a live run's lock; a repairing run clears it. */
static void test_check_reports_an_interrupted_run(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    run_result_free(&r);
    char *diagnostics;
    int status = generate_in_child(work, v2_mof, out, OUTPUT_STEP_RENAME, 3, SIGKILL, NULL, &diagnostics);
    assert_true(WIFSIGNALED(status));
    free(diagnostics);
    r = generate(work, "schema.mof", v2_mof, out, true);
    assert_int_equal(r.status, 1);
    assert_contains(r.diagnostics, "was interrupted and left '");
    assert_contains(r.diagnostics, ".mofgen.journal'; run mofgen without --check to finish or undo what it began");
    run_result_free(&r);
    r = generate(work, "schema.mof", v2_mof, out, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    r = generate(work, "schema.mof", v2_mof, out, true);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.diagnostics, "");
    run_result_free(&r);
    free(out);
    free(work);
}

/* SIGTERM while files are written: the child removes its temporaries, its
 * journal, its lock file and the folders it made, then dies of SIGTERM.
 * While files are renamed it waits: the commit completes first. */
static void test_sigterm_cleans_up(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    run_result_free(&r);
    char *old_names = listing(out), *old = snapshot(out);
    char *diagnostics;
    const int signals[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        int status = generate_in_child(work, v2_mof, out, OUTPUT_STEP_WRITTEN, 3, signals[i], NULL, &diagnostics);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == signals[i]);
        free(diagnostics);
        assert_same_folder(out, old, old_names);
    }
    int status;

    char *fresh = path_in(work, "new/sub/out"), *made = path_in(work, "new");
    status = generate_in_child(work, v2_mof, fresh, OUTPUT_STEP_PLANNED, 0, SIGTERM, NULL, &diagnostics);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    free(diagnostics);
    struct stat st;
    assert_int_not_equal(stat(made, &st), 0); /* every folder it made is gone */

    char *clean_names, *clean = clean_run(work, v2_mof, &clean_names);
    status = generate_in_child(work, v2_mof, out, OUTPUT_STEP_RENAME, 2, SIGTERM, NULL, &diagnostics);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    free(diagnostics);
    assert_same_folder(out, clean, clean_names);
    free(clean);
    free(clean_names);
    free(fresh);
    free(made);
    free(old);
    free(old_names);
    free(out);
    free(work);
}

/* SIGTERM after more files than the table of what a signal removes first
 * had room for (it grows, and files are added to it without blocking the
 * signals): every temporary still goes, and the folder is as it was. */
static void test_sigterm_after_many_files(void **state)
{
    (void)state;
    enum { CLASSES = 60 }; /* two files each: past the table's first 64 */
    char many_v1[CLASSES * 40], many_v2[CLASSES * 40];
    size_t n1 = 0, n2 = 0;
    for (int i = 0; i < CLASSES; i++) {
        n1 += (size_t)snprintf(many_v1 + n1, sizeof many_v1 - n1, "class K%d { uint32 X; };\n", i);
        n2 += (size_t)snprintf(many_v2 + n2, sizeof many_v2 - n2, "class K%d { uint32 Y; };\n", i);
    }
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    run_result r = generate(work, "schema.mof", many_v1, out, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *old_names = listing(out), *old = snapshot(out);
    char *diagnostics;
    int status = generate_in_child(work, many_v2, out, OUTPUT_STEP_WRITTEN, 100, SIGTERM, NULL, &diagnostics);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    free(diagnostics);
    assert_same_folder(out, old, old_names);

    char *fresh = path_in(work, "new/out"), *made = path_in(work, "new");
    status = generate_in_child(work, many_v2, fresh, OUTPUT_STEP_WRITTEN, 100, SIGTERM, NULL, &diagnostics);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
    free(diagnostics);
    struct stat st;
    assert_int_not_equal(stat(made, &st), 0); /* its temporaries and the folders it made are gone */
    free(fresh);
    free(made);
    free(old);
    free(old_names);
    free(out);
    free(work);
}

/* A rename that fails after others succeeded: they get their old content
 * back, the new files go, and nothing of the run is left. */
static void test_failed_rename_restores_the_others(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    run_result_free(&r);
    char *old_names = listing(out), *old = snapshot(out);
    for (size_t at = 0; at < V2_FILES; at += 3) {
        char *diagnostics;
        int status = generate_in_child(work, v2_mof, out, OUTPUT_STEP_RENAME, at, 0, NULL, &diagnostics);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
        assert_contains(diagnostics, "cannot replace '");
        assert_contains(diagnostics, "Input/output error");
        free(diagnostics);
        assert_same_folder(out, old, old_names);
    }
    free(old);
    free(old_names);
    free(out);
    free(work);
}

/* ---- a full disk -------------------------------------------------------- */

static void limit_file_size(void)
{
    struct rlimit limit = {.rlim_cur = 1500, .rlim_max = RLIM_INFINITY};
    signal(SIGXFSZ, SIG_IGN); /* write() then fails with EFBIG */
    setrlimit(RLIMIT_FSIZE, &limit);
}

/* The disk fills up: the error names the file, the folders the run made
 * are removed, an existing folder is left as it was. */
static void test_full_disk(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *fresh = path_in(work, "new/out"), *made = path_in(work, "new");
    char *diagnostics;
    int status = generate_in_child(work, v2_mof, fresh, OUTPUT_STEP_LOCKED, 0, -1, limit_file_size, &diagnostics);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    assert_contains(diagnostics, "File too large");
    free(diagnostics);
    struct stat st;
    assert_int_not_equal(stat(made, &st), 0);

    char *out = path_in(work, "out");
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    run_result_free(&r);
    char *old_names = listing(out), *old = snapshot(out);
    status = generate_in_child(work, v2_mof, out, OUTPUT_STEP_LOCKED, 0, -1, limit_file_size, &diagnostics);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    assert_contains(diagnostics, "cannot write '");
    free(diagnostics);
    assert_same_folder(out, old, old_names);
    free(old);
    free(old_names);
    free(out);
    free(fresh);
    free(made);
    free(work);
}

/* ---- what is in the way ------------------------------------------------- */

static void make_fifo(const char *path)
{
    assert_int_equal(mkfifo(path, 0666), 0);
}

static void make_folder(const char *path)
{
    assert_int_equal(mkdir(path, 0777), 0);
}

static void make_symlink(const char *path)
{
    assert_int_equal(symlink("A.h.real", path), 0);
}

static void make_dangling_symlink(const char *path)
{
    assert_int_equal(symlink("nowhere", path), 0);
}

static void make_socket(const char *path)
{
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    assert_true(strlen(path) < sizeof address.sun_path);
    strcpy(address.sun_path, path);
    assert_int_equal(bind(fd, (struct sockaddr *)&address, sizeof address), 0);
    close(fd);
}

/* A FIFO (which used to hang mofgen), a folder, a symbolic link or a socket
 * where an output file goes: a clear error, for --check too, and nothing
 * written.  Each run is a child with an alarm, so a hang fails the test. */
static void test_refuses_what_is_not_a_regular_file(void **state)
{
    (void)state;
    const struct {
        void (*make)(const char *path);
        const char *kind;
    } cases[] = {
        {make_fifo, "it is a FIFO (named pipe), not a regular file"},
        {make_folder, "it is a folder, not a regular file"},
        {make_symlink, "it is a symbolic link, not a regular file"},
        {make_dangling_symlink, "it is a symbolic link, not a regular file"},
        {make_socket, "it is a socket, not a regular file"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *work = test_temp_dir();
        char *out = path_in(work, "out");
        run_result r = generate(work, "schema.mof", v1_mof, out, false);
        run_result_free(&r);
        char *in_the_way = path_in(out, "D.h");
        free(test_write_file(out, "A.h.real", "a file a link points to\n"));
        cases[i].make(in_the_way);
        char *old_names = listing(out);
        char *diagnostics;
        int status = generate_in_child(work, v2_mof, out, OUTPUT_STEP_LOCKED, 0, -1, NULL, &diagnostics);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
        char expected[600];
        snprintf(expected, sizeof expected, "mofgen: error: cannot write '%s': %s", in_the_way, cases[i].kind);
        assert_contains(diagnostics, expected);
        free(diagnostics);
        char *names = listing(out);
        assert_string_equal(names, old_names);
        free(names);
        char *a = path_in(out, "A.h"), *text = test_read_file(a, NULL);
        assert_contains(text, "X"); /* still version 1 */
        assert_not_contains(text, "_get_Y");
        free(text);
        free(a);
        /* --check reads what is there too: the same error, no hang. */
        r = generate(work, "schema.mof", v2_mof, out, true);
        assert_int_equal(r.status, 1);
        assert_contains(r.diagnostics, expected);
        run_result_free(&r);
        free(old_names);
        free(in_the_way);
        free(out);
        free(work);
    }
}

/* ---- two runs ----------------------------------------------------------- */

/* Reads the child's stderr until `needle` has come. */
static void wait_for_text(int fd, const char *needle, char *seen, size_t size)
{
    size_t n = 0;
    seen[0] = '\0';
    while (!strstr(seen, needle)) {
        ssize_t got = read(fd, seen + n, size - 1 - n);
        assert_true(got > 0);
        n += (size_t)got;
        seen[n] = '\0';
    }
}

/* Another run holds the lock: mofgen (the real binary) says it waits, and
 * writes nothing until the lock is let go.  The holder removes the lock
 * file as it finishes, as mofgen does; the waiting run then locks anew. */
static void test_second_run_waits_for_the_lock(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out");
    char *clean_names, *clean = clean_run(work, v2_mof, &clean_names);
    char *mof = test_write_file(work, "schema.mof", v2_mof);
    assert_int_equal(mkdir(out, 0777), 0);
    char *lock_path = path_in(out, ".mofgen.lock");
    int held = open(lock_path, O_RDWR | O_CREAT, 0666);
    assert_true(held >= 0);
    assert_int_equal(flock(held, LOCK_EX), 0);

    int err_pipe[2];
    assert_int_equal(pipe(err_pipe), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(err_pipe[1], 2);
        close(err_pipe[0]);
        close(held);
        alarm(60);
        execl(MOFGEN, MOFGEN, "-o", out, mof, (char *)NULL);
        _exit(127);
    }
    close(err_pipe[1]);
    char seen[4096];
    char expected[600];
    snprintf(expected, sizeof expected,
             "mofgen: note: waiting for another mofgen run to finish writing to '%s' (it holds '%s')", out, lock_path);
    wait_for_text(err_pipe[0], expected, seen, sizeof seen);
    char *names = listing(out);
    assert_string_equal(names, ".mofgen.lock "); /* nothing written while it waits */
    free(names);
    assert_int_equal(unlink(lock_path), 0);
    close(held);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(err_pipe[0]);
    assert_same_folder(out, clean, clean_names); /* and no lock file left */
    free(lock_path);
    free(mof);
    free(clean);
    free(clean_names);
    free(out);
    free(work);
}

/* A folder holding only the lock when a run starts to wait for it may not
 * be empty when the run gets it: what the holder wrote is there, and a file
 * it left as this run would write it is not touched (the run looks at the
 * folder after taking the lock, not before). */
static void test_files_written_while_waiting_are_seen(void **state)
{
    (void)state;
    char *work = test_temp_dir();
    char *out = path_in(work, "out"), *clean_dir = path_in(work, "clean");
    char *clean_names, *clean = clean_run(work, v2_mof, &clean_names);
    char *mof = test_write_file(work, "schema.mof", v2_mof);
    assert_int_equal(mkdir(out, 0777), 0);
    char *lock_path = path_in(out, ".mofgen.lock");
    int held = open(lock_path, O_RDWR | O_CREAT, 0666);
    assert_true(held >= 0);
    assert_int_equal(flock(held, LOCK_EX), 0);

    int err_pipe[2];
    assert_int_equal(pipe(err_pipe), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(err_pipe[1], 2);
        close(err_pipe[0]);
        close(held);
        alarm(60);
        execl(MOFGEN, MOFGEN, "-o", out, mof, (char *)NULL);
        _exit(127);
    }
    close(err_pipe[1]);
    char seen[4096];
    wait_for_text(err_pipe[0], "mofgen: note: waiting for another mofgen run", seen, sizeof seen);
    /* As the lock's holder: D's files, the last the run writes, as a clean
     * run leaves them, aged. */
    const char *written[] = {"D.h", "D.c"};
    struct stat before[2];
    for (int i = 0; i < 2; i++) {
        char *from = path_in(clean_dir, written[i]), *to = path_in(out, written[i]);
        size_t n;
        char *content = test_read_file(from, &n);
        FILE *fp = fopen(to, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(content, 1, n, fp), n);
        assert_int_equal(fclose(fp), 0);
        struct timespec aged[2] = {{.tv_sec = 978307200}, {.tv_sec = 978307200}}; /* 2001-01-01 */
        assert_int_equal(utimensat(AT_FDCWD, to, aged, 0), 0);
        assert_int_equal(stat(to, &before[i]), 0);
        free(content);
        free(from);
        free(to);
    }
    assert_int_equal(unlink(lock_path), 0);
    close(held);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(err_pipe[0]);
    assert_same_folder(out, clean, clean_names);
    for (int i = 0; i < 2; i++) {
        char *to = path_in(out, written[i]);
        struct stat after;
        assert_int_equal(stat(to, &after), 0);
        assert_int_equal(after.st_ino, before[i].st_ino); /* not replaced */
        assert_int_equal(after.st_mtim.tv_sec, before[i].st_mtim.tv_sec);
        free(to);
    }
    free(lock_path);
    free(mof);
    free(clean);
    free(clean_names);
    free(clean_dir);
    free(out);
    free(work);
}

/* ---- streaming ------------------------------------------------------------ */

static size_t temporaries_written;

static int count_written(output_step step, size_t index)
{
    if (step == OUTPUT_STEP_WRITTEN && index + 1 > temporaries_written)
        temporaries_written = index + 1;
    return 0;
}

/* Files go to their temporaries class by class, as they are rendered; an
 * error found only after the last class (two classes defining one C name)
 * must still leave the folder as it was, and a new folder not made. */
static void test_error_after_files_were_written_changes_nothing(void **state)
{
    (void)state;
    static const char collides[] = "class A { [ValueMap{\"1\", \"2\"}, Values{\"x\", \"y\"}] uint32 B; };\n"
                                   "class C { uint32 Y; };\n"
                                   "class A_B { uint32 Z; };\n";
    char *work = test_temp_dir();
    char *out = path_in(work, "out"), *fresh = path_in(work, "new/out"), *made = path_in(work, "new");
    run_result r = generate(work, "schema.mof", v1_mof, out, false);
    assert_int_equal(r.status, 0);
    run_result_free(&r);
    char *old_names = listing(out), *old = snapshot(out);
    for (int into_new = 0; into_new < 2; into_new++) {
        temporaries_written = 0;
        output_fault_hook = count_written;
        r = generate(work, "schema.mof", collides, into_new ? fresh : out, false);
        output_fault_hook = NULL;
        assert_int_equal(r.status, 1);
        assert_contains(r.diagnostics, "would both define 'A_B'");
        run_result_free(&r);
        /* A.h, A.c, C.h, C.c and A_B's were on disk before the error. */
        assert_int_equal(temporaries_written, 6);
        if (into_new) {
            struct stat st;
            assert_int_not_equal(stat(made, &st), 0);
        } else {
            assert_same_folder(out, old, old_names);
        }
    }
    free(old);
    free(old_names);
    free(made);
    free(fresh);
    free(out);
    free(work);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kill_at_each_step_then_repair),
        cmocka_unit_test(test_stale_lock_file_is_removed),
        cmocka_unit_test(test_kill_with_a_depfile_elsewhere),
        cmocka_unit_test(test_foreign_journal_is_refused),
        cmocka_unit_test(test_journal_cut_short),
        cmocka_unit_test(test_check_reports_an_interrupted_run),
        cmocka_unit_test(test_sigterm_cleans_up),
        cmocka_unit_test(test_sigterm_after_many_files),
        cmocka_unit_test(test_failed_rename_restores_the_others),
        cmocka_unit_test(test_full_disk),
        cmocka_unit_test(test_refuses_what_is_not_a_regular_file),
        cmocka_unit_test(test_second_run_waits_for_the_lock),
        cmocka_unit_test(test_files_written_while_waiting_are_seen),
        cmocka_unit_test(test_error_after_files_were_written_changes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
