/*
 * suggest.c - did-you-mean by edit distance (suggest.h).
 */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

enum { LONGEST = 63, NOT_CLOSE = 1000 };

size_t suggest_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > LONGEST || lb > LONGEST)
        return NOT_CLOSE;
    size_t row[LONGEST + 1]; /* one row of the table, reused */
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diagonal = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t above = row[j];
            size_t cost = tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1]) ? 0 : 1;
            size_t best = diagonal + cost;
            if (above + 1 < best)
                best = above + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diagonal = above;
        }
    }
    return row[lb];
}

void suggest_begin(suggestion *s, const char *typed)
{
    s->typed = typed;
    s->best = NULL;
    s->best_distance = NOT_CLOSE;
}

void suggest_consider_at(suggestion *s, const char *candidate, size_t distance)
{
    if (distance < s->best_distance) {
        s->best_distance = distance;
        s->best = candidate;
    }
}

void suggest_consider(suggestion *s, const char *candidate)
{
    suggest_consider_at(s, candidate, suggest_distance(s->typed, candidate));
}

const char *suggest_result(const suggestion *s)
{
    size_t length = strlen(s->typed);
    if (!s->best || s->best_distance > 2 || s->best_distance * 2 >= length)
        return NULL;
    return s->best;
}

const char *suggest_closest(const char *typed, const char *const *words, size_t count)
{
    suggestion s;
    suggest_begin(&s, typed);
    for (size_t i = 0; i < count; i++)
        suggest_consider(&s, words[i]);
    return suggest_result(&s);
}
