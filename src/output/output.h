/*
 * output.h - putting emitted files on disk the way a build wants them:
 * all or nothing, atomically (temporary file, then rename), only files
 * whose content changed (so make/ninja do not rebuild what did not
 * change), under a lock on the output folder, and repairable after a kill
 * at any point (see output.c).
 */
#ifndef MOFGEN_OUTPUT_H
#define MOFGEN_OUTPUT_H

#include "diag.h"
#include "emit.h"

#include <stdio.h>

/* Compares `r` with what is in `dir`.  With `check_only`, writes nothing and
 * names each file that would change on `report`; returns 1 if any would,
 * -1 after reporting an interrupted earlier run.  Otherwise writes the
 * changed files (creating `dir`), first finishing or undoing what an
 * interrupted run left there; returns 0, or -1 after reporting an error (no
 * file is then replaced, and nothing this run made is left).  Something
 * that is not a regular file where an output file goes is an error. */
int output_commit(const emit_result *r, const char *dir, bool check_only, diag_engine *diag, FILE *report);

/* For tests only: called at each step of a commit; a non-zero return makes
 * that step fail as if with EIO (a hook may also kill the process there).
 * NULL in mofgen itself. */
typedef enum output_step {
    OUTPUT_STEP_LOCKED,  /* the lock is taken (index 0) */
    OUTPUT_STEP_PLANNED, /* the journal is written (index 0) */
    OUTPUT_STEP_WRITTEN, /* temporary `index` is written */
    OUTPUT_STEP_RENAME   /* file `index` is about to be renamed into place */
} output_step;
extern int (*output_fault_hook)(output_step step, size_t index);

#endif
