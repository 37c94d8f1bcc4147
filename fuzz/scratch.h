/*
 * scratch.h - what the fuzz targets that write share: a scratch folder made
 * once per process and emptied after each input, and the checks every run
 * that writes must pass (abort() is the finding).
 */
#ifndef MOFGEN_FUZZ_SCRATCH_H
#define MOFGEN_FUZZ_SCRATCH_H

#include "driver.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t scratch_empty(const char *dir, int check_debris);

static char scratch_dirs[4][64];
static size_t scratch_used;

static void scratch_remove_all(void)
{
    for (size_t i = 0; i < scratch_used; i++) {
        scratch_empty(scratch_dirs[i], 0);
        rmdir(scratch_dirs[i]);
    }
}

/* A new folder in /tmp, the same one for the whole process; removed at
 * exit. */
static const char *scratch_dir(const char *tag)
{
    char (*dirs)[64] = scratch_dirs;
    size_t used = scratch_used;
    for (size_t i = 0; i < used; i++)
        if (strstr(dirs[i], tag))
            return dirs[i];
    if (used == 4)
        abort();
    snprintf(dirs[used], sizeof dirs[used], "/tmp/mofgen-fuzz-%s-XXXXXX", tag);
    if (!mkdtemp(dirs[used]))
        abort();
    if (used == 0)
        atexit(scratch_remove_all);
    scratch_used++;
    return dirs[used];
}

/* Empties DIR; returns how many entries it held.  With `check_debris`,
 * aborts on anything a finished run must not leave: a journal, a lock
 * file, a temporary or backup. */
static size_t scratch_empty(const char *dir, int check_debris)
{
    DIR *d = opendir(dir);
    if (!d)
        abort();
    size_t count = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (check_debris && (strstr(e->d_name, ".mofgen") || e->d_name[0] == '.')) {
            fprintf(stderr, "debris left in the output folder: %s\n", e->d_name);
            abort();
        }
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) != 0 && rmdir(path) != 0)
            abort();
        count++;
    }
    closedir(d);
    return count;
}

/* Runs `opts` writing into its output folder (empty), then checks: no
 * debris; nothing written when the run failed; and when it succeeded, a
 * second run with --check finds nothing to change.  Empties the folder. */
static void scratch_run_and_check(mofgen_options *opts)
{
    diag_engine diag;
    /* MOFGEN_FUZZ_VERBOSE=1: see what mofgen says about an input. */
    diag_init(&diag, getenv("MOFGEN_FUZZ_VERBOSE") ? stderr : NULL);
    diag.max_errors = 20;
    opts->check = false;
    int status = mofgen_run(opts, &diag, stdout);
    if (status == 0) {
        diag_engine again;
        diag_init(&again, NULL);
        char *report = NULL;
        size_t length = 0;
        FILE *out = open_memstream(&report, &length);
        opts->check = true;
        int check = mofgen_run(opts, &again, out);
        fclose(out);
        if (check != 0 || length != 0) {
            fprintf(stderr, "a second run would change the output (status %d):\n%s\n", check, report);
            abort();
        }
        free(report);
        opts->check = false;
    }
    size_t written = scratch_empty(opts->output_dir, 1);
    if (getenv("MOFGEN_FUZZ_VERBOSE"))
        fprintf(stderr, "status %d, %zu files written\n", status, written);
    if (status != 0 && written != 0) {
        fprintf(stderr, "a run that failed left %zu files\n", written);
        abort();
    }
}

#endif
