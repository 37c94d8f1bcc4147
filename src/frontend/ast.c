/*
 * ast.c - small facts about AST nodes shared by later stages.
 */
#include "ast.h"

const char *cim_type_name(cim_type t)
{
    static const char *const names[] = {
        [CIM_NONE] = "object",     [CIM_BOOLEAN] = "boolean", [CIM_UINT8] = "uint8",   [CIM_SINT8] = "sint8",
        [CIM_UINT16] = "uint16",   [CIM_SINT16] = "sint16",   [CIM_UINT32] = "uint32", [CIM_SINT32] = "sint32",
        [CIM_UINT64] = "uint64",   [CIM_SINT64] = "sint64",   [CIM_REAL32] = "real32", [CIM_REAL64] = "real64",
        [CIM_CHAR16] = "char16",   [CIM_STRING] = "string",   [CIM_DATETIME] = "datetime",
    };
    return names[t];
}

const mof_location *ast_value_where(const ast_value *v, mof_location *buffer)
{
    if (v->far_location)
        return v->at.far;
    *buffer = (mof_location){v->at.file, v->first_line, v->first_column, v->first_line + v->line_span,
                             v->last_column};
    return buffer;
}

ast_value *ast_value_new_at(arena *a, ast_value_kind kind, const ast_value *from)
{
    ast_value *v = arena_alloc(a, sizeof *v);
    v->kind = (uint8_t)kind;
    v->at = from->at;
    v->first_line = from->first_line;
    v->first_column = from->first_column;
    v->last_column = from->last_column;
    v->line_span = from->line_span;
    v->far_location = from->far_location; /* the far location shared: locations are not changed once set */
    return v;
}

void ast_value_set_where(arena *a, ast_value *v, const mof_location *loc)
{
    int span = loc->last_line - loc->first_line;
    v->far_location = loc->first_column < 0 || loc->first_column > UINT16_MAX || loc->last_column < 0 ||
                      loc->last_column > UINT16_MAX || span < 0 || span > UINT8_MAX;
    if (v->far_location) {
        mof_location *far = arena_alloc(a, sizeof *far);
        *far = *loc;
        v->at.far = far;
        v->first_line = 0;
        v->first_column = v->last_column = 0;
        v->line_span = 0;
        return;
    }
    v->at.file = loc->file;
    v->first_line = loc->first_line;
    v->first_column = (uint16_t)loc->first_column;
    v->last_column = (uint16_t)loc->last_column;
    v->line_span = (uint8_t)span;
}
