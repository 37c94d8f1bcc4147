/*
 * buffer.c - the growable output buffer the encoders append to.
 */
#include "mofrt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int grow(mofrt_buffer *b, size_t length)
{
    if (length > SIZE_MAX / 2 - b->length)
        return -1;
    size_t capacity = b->capacity ? b->capacity : 256;
    while (capacity < b->length + length + 1)
        capacity *= 2;
    char *data = realloc(b->data, capacity);
    if (!data)
        return -1;
    b->data = data;
    b->capacity = capacity;
    return 0;
}

int mofrt_buffer_reserve(mofrt_buffer *b, size_t length)
{
    return b->length + length + 1 > b->capacity ? grow(b, length) : 0;
}

int mofrt_buffer_append(mofrt_buffer *b, const char *text, size_t length)
{
    if (b->length + length + 1 > b->capacity && grow(b, length) != 0)
        return -1;
    memcpy(b->data + b->length, text, length);
    b->length += length;
    b->data[b->length] = '\0';
    return 0;
}

void mofrt_buffer_reset(mofrt_buffer *b)
{
    b->length = 0;
    if (b->data)
        b->data[0] = '\0';
}

void mofrt_buffer_free(mofrt_buffer *b)
{
    free(b->data);
    b->data = NULL;
    b->length = b->capacity = 0;
}
