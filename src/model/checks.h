/*
 * checks.h - the semantic checks over the resolved model, one named
 * function each in a table (in the manner of dtc's checks.c).  They only
 * report: the driver runs them after model_build, and nothing they do
 * changes the model.
 */
#ifndef MOFGEN_CHECKS_H
#define MOFGEN_CHECKS_H

#include "model.h"

/* Runs every check of the table in checks.c over `m`. */
void checks_run(diag_engine *diag, arena *a, const model *m);

#endif
