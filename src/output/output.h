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

/* The same commit, file by file, so a run holds one class's files in
 * memory, not the whole tree: output_add compares each file with what is
 * on disk and writes a changed one to a temporary beside its final name
 * (taking the lock on `dir` at the first change); output_finish with
 * `commit` renames them all into place, all or nothing, or (without, or
 * after any error) removes everything this run made.  `own_paths` are the
 * files with paths of their own (outside `dir`) the run may write; they
 * must outlive the stream.  output_add returns 0, or -1 after reporting
 * (every later call fails too); output_finish returns 0, or -1 after
 * reporting, and frees the stream. */
typedef struct output_stream output_stream;
output_stream *output_begin(const char *dir, const char *const *own_paths, size_t own_count, diag_engine *diag);
int output_add(output_stream *s, const char *name, const char *path, const char *content, size_t length);
int output_finish(output_stream *s, bool commit);

/* For tests only: called at each step of a commit; a non-zero return makes
 * that step fail as if with EIO (a hook may also kill the process there).
 * NULL in mofgen itself. */
typedef enum output_step {
    OUTPUT_STEP_LOCKED,  /* the lock is taken (index 0) */
    OUTPUT_STEP_WRITTEN, /* temporary `index` is written */
    OUTPUT_STEP_PLANNED, /* the journal naming every temporary is written (index 0) */
    OUTPUT_STEP_RENAME   /* file `index` is about to be renamed into place */
} output_step;
extern int (*output_fault_hook)(output_step step, size_t index);

#endif
