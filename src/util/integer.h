/*
 * integer.h - the compiler's one reading of an unsigned integer's digits,
 * for the scanner's literals (mof.l) and ValueMap entries (value_map.c).
 */
#ifndef MOFGEN_INTEGER_H
#define MOFGEN_INTEGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum integer_result {
    INTEGER_OK,
    INTEGER_NOT_DIGITS, /* empty, or a character that is no digit of the radix */
    INTEGER_OVERFLOW    /* more than UINT64_MAX: *value is UINT64_MAX */
} integer_result;

/* Reads digits[0..n) in `radix` (2 to 16; letters in either case) into
 * *value. */
integer_result integer_digits(const char *digits, size_t n, unsigned radix, uint64_t *value);

#endif
