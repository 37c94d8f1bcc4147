/*
 * fuzz_templates.c - libFuzzer target for user templates: a template is
 * input too (--template-dir).  The input's first line names the built-in
 * template it replaces (a name that is none picks one by its bytes); the
 * rest is the template.  It is written into a scratch --template-dir, and
 * mofgen renders a schema with a bit of everything (ValueMaps, arrays,
 * references, methods, embedded objects, instances) through it into a
 * scratch output folder, with the checks of scratch.h.
 */
#include "scratch.h"

#include "builtin_templates.h"

#include <stdint.h>

#ifndef FUZZ_ENTRY
#define FUZZ_ENTRY LLVMFuzzerTestOneInput
#endif

static const char schema[] =
    "[Abstract] class Base { [Key] string Name; };\n"
    "class Part : Base {\n"
    "  [ValueMap {\"0\", \"1\", \"2..5\", \"..\"}, Values {\"Off\", \"On\", \"Some\", \"Other\"}] uint16 State = 1;\n"
    "  uint8 Bytes[]; string Tags[4]; datetime When; real64 Ratio; boolean Flag; char16 Letter;\n"
    "  [EmbeddedInstance(\"Base\")] string Inner; Base REF Owner;\n"
    "  [ValueMap {\"0\", \"1\"}] uint32 Start([IN] uint32 Delay, [OUT] string Message[]);\n"
    "};\n"
    "[Association] class Link { [Key] Base REF A; [Key] Part REF B; };\n"
    "instance of Part { Name = \"p\"; State = 2; Tags = {\"a\", \"b\"}; };\n";

int FUZZ_ENTRY(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *newline = memchr(text, '\n', size);
    size_t name_length = newline ? (size_t)(newline - text) : size;
    const char *body = newline ? newline + 1 : text + size;
    size_t body_length = size - (size_t)(body - text);
    const builtin_template *target = NULL;
    unsigned hash = 0;
    for (size_t i = 0; i < name_length; i++)
        hash = hash * 31 + (unsigned char)text[i];
    for (size_t i = 0; i < mofgen_builtin_template_count && !target; i++)
        if (strlen(mofgen_builtin_templates[i].name) == name_length &&
            memcmp(mofgen_builtin_templates[i].name, text, name_length) == 0)
            target = &mofgen_builtin_templates[i];
    if (!target)
        target = &mofgen_builtin_templates[hash % mofgen_builtin_template_count];

    const char *template_dir = scratch_dir("templates");
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", template_dir, target->name);
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(body, 1, body_length, fp) != body_length || fclose(fp) != 0)
        abort();

    source_memory_file files[] = {{"schema.mof", schema, sizeof schema - 1}};
    const char *inputs[] = {"schema.mof"};
    mofgen_options opts = {.inputs = inputs, .input_count = 1, .output_dir = scratch_dir("output"),
                           .template_dir = template_dir, .memory_files = files, .memory_file_count = 1};
    scratch_run_and_check(&opts);
    scratch_empty(template_dir, 0);
    return 0;
}
