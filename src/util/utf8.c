/*
 * utf8.c - counting code points (utf8.h).
 */
#include "utf8.h"

static int continues(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

size_t utf8_skip(const char *text, size_t length, size_t from, size_t count)
{
    size_t i = from;
    for (size_t k = 0; k < count && i < length; k++)
        for (i++; i < length && continues(text[i]); i++)
            ;
    return i;
}

size_t utf8_count(const char *text, size_t length)
{
    size_t n = 0;
    for (size_t i = 0; i < length; i++)
        n += !continues(text[i]);
    return n;
}
