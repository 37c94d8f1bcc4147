/*
 * utf8.h - columns in UTF-8 text.  A column is a code point (what a caret
 * lines up under), so a byte that continues a sequence (10xxxxxx) is no
 * column of its own.  Decoding a code point is the runtime's
 * (mofrt_utf8_decode); these only count.
 */
#ifndef MOFGEN_UTF8_H
#define MOFGEN_UTF8_H

#include <stddef.h>

/* The byte offset `count` code points after byte `from` of text[0..length),
 * or `length` when the text ends first. */
size_t utf8_skip(const char *text, size_t length, size_t from, size_t count);

/* The number of code points in text[0..length). */
size_t utf8_count(const char *text, size_t length);

#endif
