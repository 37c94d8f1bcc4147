/*
 * dump.h - --dump-ast and --dump-model: what mofgen read and understood, as
 * JSON, for tooling and for tests that check the model without reading C.
 */
#ifndef MOFGEN_DUMP_H
#define MOFGEN_DUMP_H

#include "model.h"

#include <stdio.h>

void dump_ast(FILE *out, const ast_unit *unit);
void dump_model(FILE *out, const model *m);

#endif
