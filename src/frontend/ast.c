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
