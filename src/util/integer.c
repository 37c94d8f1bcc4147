/*
 * integer.c - digits to a uint64_t (integer.h).
 */
#include "integer.h"

static unsigned digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (unsigned)((c | 0x20) - 'a' + 10);
    return 16; /* no digit of any radix read here */
}

integer_result integer_digits(const char *digits, size_t n, unsigned radix, uint64_t *value)
{
    uint64_t v = 0;
    *value = 0;
    if (n == 0)
        return INTEGER_NOT_DIGITS;
    for (size_t i = 0; i < n; i++) {
        unsigned d = digit_value(digits[i]);
        if (d >= radix)
            return INTEGER_NOT_DIGITS;
        if (v > (UINT64_MAX - d) / radix) {
            *value = UINT64_MAX;
            return INTEGER_OVERFLOW;
        }
        v = v * radix + d;
    }
    *value = v;
    return INTEGER_OK;
}
