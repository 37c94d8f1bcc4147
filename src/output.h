/*
 * output.h - putting emitted files on disk the way a build wants them:
 * all or nothing, atomically (temporary file, then rename), and only files
 * whose content changed, so make/ninja do not rebuild what did not change.
 */
#ifndef MOFGEN_OUTPUT_H
#define MOFGEN_OUTPUT_H

#include "diag.h"
#include "emit.h"

#include <stdio.h>

/* Compares `r` with what is in `dir`.  With `check_only`, writes nothing and
 * names each file that would change on `report`; returns 1 if any would.
 * Otherwise writes the changed files (creating `dir`); returns 0, or -1
 * after reporting an error (no file is then replaced). */
int output_commit(const emit_result *r, const char *dir, bool check_only, diag_engine *diag, FILE *report);

#endif
