/*
 * error.c - building and formatting decode errors.
 */
#include "mofrt_internal.h"

#include <stdio.h>
#include <string.h>

void mofrt_fail(mofrt_error *err, mofrt_error_code code, const char *property, const char *fmt, ...)
{
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    snprintf(err->property, sizeof err->property, "%s", property ? property : "");
    err->line = 0;
    err->column = 0;
}

void mofrt_locate(mofrt_error *err, const char *text, size_t offset)
{
    unsigned long line = 1, column = 1;
    for (size_t i = 0; i < offset; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c == '\n') {
            line++;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            column++;
        }
    }
    err->line = line;
    err->column = column;
}

int mofrt_error_format(const mofrt_error *e, const char *source, char *buf, size_t size)
{
    char where[160] = "";
    if (source && e->line)
        snprintf(where, sizeof where, "%s:%lu:%lu: ", source, e->line, e->column);
    else if (source)
        snprintf(where, sizeof where, "%s: ", source);
    if (e->property[0])
        return snprintf(buf, size, "%serror: property '%s': %s", where, e->property, e->message);
    return snprintf(buf, size, "%serror: %s", where, e->message);
}
