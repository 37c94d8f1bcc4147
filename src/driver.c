/*
 * driver.c - the stages in order (driver.h).  A stage runs only if the one
 * before it reported no error, so nothing is written from a broken schema.
 */
#include "driver.h"

#include "dump.h"
#include "emit.h"
#include "model.h"
#include "output.h"
#include "parse.h"

int mofgen_run(const mofgen_options *opts, diag_engine *diag, FILE *out)
{
    arena *a = arena_new();
    source_set sources = {0};
    parse_options popts = {.include_dirs = opts->include_dirs, .include_dir_count = opts->include_dir_count};
    int status = 1;
    ast_unit *unit = parse_files(a, diag, &sources, opts->inputs, opts->input_count, &popts);
    if (opts->dump == DUMP_AST) {
        dump_ast(out, unit);
        status = diag->errors ? 1 : 0;
        goto done;
    }
    model *m = model_build(a, diag, unit);
    if (opts->dump == DUMP_MODEL) {
        dump_model(out, m);
        status = diag->errors ? 1 : 0;
        goto done;
    }
    if (diag->errors || opts->syntax_only) {
        status = diag->errors ? 1 : 0;
        goto done;
    }
    emit_options eopts = {.template_dir = opts->template_dir, .classes = opts->classes,
                          .class_count = opts->class_count};
    emit_result files;
    if (emit_model(m, &eopts, diag, &files) != 0)
        goto done;
    int rc = output_commit(&files, opts->output_dir ? opts->output_dir : ".", opts->check, diag, out);
    emit_result_free(&files);
    status = rc == 0 ? 0 : 1;
done:
    source_set_free(&sources);
    arena_free(a);
    return status;
}
