/*
 * hash.h - the compiler's own string hash, eight bytes at a step: its
 * tables (name_table.c, the parser's interned strings) look up hundreds of
 * thousands of names and strings in a big schema, and a byte-at-a-time
 * hash was a tenth of --syntax-only.
 *
 * Generated lookup tables use the runtime's mofrt_name_hash instead, which
 * generated code and the compiler must agree on; nothing here is emitted.
 */
#ifndef MOFGEN_HASH_H
#define MOFGEN_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* OR-ed into every byte for a case-insensitive hash: 'A'..'Z' become
 * 'a'..'z', lowercase letters stay, and strings strcasecmp calls equal
 * (same bytes but for ASCII case) hash the same.  Other bytes may meet
 * (a collision, never a wrong answer: the tables compare the names). */
#define HASH_FOLD_CASE UINT64_C(0x2020202020202020)
#define HASH_EXACT UINT64_C(0)

static inline uint64_t hash_step(uint64_t h, uint64_t word)
{
    h = (h ^ word) * UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

/* `fold` is HASH_EXACT or HASH_FOLD_CASE.  The last partial word is
 * zero-padded, so two strings of the same length pad alike; the length
 * is in the seed, so "a" and "a\0" differ. */
static inline uint64_t hash_text(const char *text, size_t length, uint64_t fold)
{
    const size_t total = length;
    uint64_t h = hash_step(UINT64_C(0xCBF29CE484222325), (uint64_t)length);
    for (; length >= 8; text += 8, length -= 8) {
        uint64_t word;
        memcpy(&word, text, 8);
        h = hash_step(h, word | fold);
    }
    if (length) {
        /* The last partial word, zero-padded: as memcpy(&word, text,
         * length) into a zeroed word would make it, but without a call (a
         * fifth of the cost of claiming a C name) or a byte loop.  On a
         * little-endian machine a load that ends at the text's end, shifted,
         * is that word; so is a pair of overlapping loads for a text under
         * eight bytes. */
        uint64_t word = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (total >= 8) {
            memcpy(&word, text + length - 8, 8);
            word >>= 8 * (8 - length);
        } else if (length >= 4) {
            uint32_t low, high;
            memcpy(&low, text, 4);
            memcpy(&high, text + length - 4, 4);
            word = low | (uint64_t)high << 8 * (length - 4);
        } else {
            const unsigned char *u = (const unsigned char *)text;
            word = u[0] | (uint64_t)u[length / 2] << 8 * (length / 2) | (uint64_t)u[length - 1] << 8 * (length - 1);
        }
#else
        (void)total;
        unsigned char tail[8] = {0};
        for (size_t i = 0; i < length; i++)
            tail[i] = (unsigned char)text[i];
        memcpy(&word, tail, 8);
#endif
        h = hash_step(h, word | fold);
    }
    /* A multiply carries a word's changes upward only: without a finaliser
     * (murmur3's fmix64) the top bytes of the last word hardly reach the
     * low bits that pick a table slot, and names that differ only there
     * (Ab0000xy, dates, IDs) would share one cluster of slots. */
    h ^= h >> 33;
    h *= UINT64_C(0xFF51AFD7ED558CCD);
    h ^= h >> 33;
    h *= UINT64_C(0xC4CEB9FE1A85EC53);
    return h ^ (h >> 33);
}

#endif
