/* i18n.c - the UI string table in the chosen language (see i18n.h). */
#include "core/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool english;
static bool msg_zh;   /* messages: English until pd_i18n_set (see i18n.h) */

static const char *const zh[S__COUNT] = {
#define PD_X(id, z, e) [id] = z,
    PD_STRINGS(PD_X)
#undef PD_X
};
static const char *const en[S__COUNT] = {
#define PD_X(id, z, e) [id] = e,
    PD_STRINGS(PD_X)
#undef PD_X
};

void pd_i18n_set(const char *lang)
{
    english = lang && strcmp(lang, "en") == 0;
    msg_zh = !english;
}

bool pd_msg_zh(void) { return msg_zh; }

const char *pd_i18n_locale_lang(void)
{
    static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncmp(v, "zh", 2) == 0 ? "zh" : "en";
    }
    return "en";
}

const char *pd_i18n_lang(void) { return english ? "en" : "zh"; }
bool pd_i18n_en(void) { return english; }

const char *pd_tr(enum pd_str id)
{
    if ((unsigned)id >= S__COUNT)
        return "?";
    return english ? en[id] : zh[id];
}

/* The format comes from the table above, never from input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
int pd_trf(char *buf, size_t size, enum pd_str id, ...)
{
    va_list ap;
    va_start(ap, id);
    int n = vsnprintf(buf, size, pd_tr(id), ap);
    va_end(ap);
    return n;
}
#pragma GCC diagnostic pop

/* Choice words of the event tables (core/event.c), shown instead of the
 * stored word. */
static const struct { const char *w, *zh, *en; } choice_words[] = {
    { "first", "初婚", "first marriage" },
    { "remarry", "再婚", "remarriage" },
    { "reunite", "复婚", "remarried to former spouse" },
    { "divorce", "离婚", "divorce" },
    { "widowed", "丧偶", "widowed" },
    { "age15", "年满15岁", "reached 15" },
    { "age50", "年满50岁", "reached 50" },
    { "move_in", "迁入", "moved in" },
    { "move_out", "迁出", "moved out" },
    { "death", "死亡", "death" },
    { "migrant", "流动", "migrant" },
    { "other", "其他", "other" },
    { "live_birth", "活产", "live birth" },
    { "stillbirth", "死产", "stillbirth" },
    { "induced_abortion", "人工流产", "induced abortion" },
    { "spontaneous_abortion", "自然流产", "spontaneous abortion" },
    { "onechild", "独生子女父母光荣证", "one-child parents' certificate" },
    { "first_child", "一孩生育证明", "first-child certificate" },
    { "second_child", "二孩生育证明", "second-child certificate" },
    { "active", "在册", "active" },
    { "dead", "死亡", "dead" },
    { "moved_out", "已迁出", "moved out" },
    { "left", "已离开", "left" },
    /* subsidy decisions (store/subsidy_store.c keys) */
    { "reward", "奖扶", "rural reward" },
    { "special", "特扶", "special assistance" },
    { "approve", "批准", "approved" },
    { "reject", "不批准", "rejected" },
    { "one_child", "独生子女", "one child" },
    { "two_daughters", "双女", "two daughters" },
    { "all_died", "子女死亡", "all children died" },
    { "child_died", "独生子女死亡", "only child died" },
    { "child_disabled", "独生子女伤残", "only child disabled" },
    { "certificate", "持独生子女证", "certificate holder" },
    { "new", "新增", "new" },
    { "continuing", "续发", "continuing" },
    { "leaving", "退出", "leaving" },
};

const char *pd_tr_word(const char *word)
{
    for (size_t i = 0; i < sizeof choice_words / sizeof choice_words[0]; i++)
        if (strcmp(choice_words[i].w, word) == 0)
            return english ? choice_words[i].en : choice_words[i].zh;
    return word;
}

/* ---- words from one language into the other ---------------------------- */

/* Matching a text against a format of the pairs: "%s" takes any run of
 * text (the shortest that lets the rest match), "%d", "%ld", "%lld", "%zu"
 * a run of digits (with a '-'), "%%" a '%'; anything else itself.  The
 * formats are this program's own (no field widths, no %.0s). */
#define CONV_ARGS 12
struct conv_cap { const char *p; size_t n; };

static size_t conv_spec(const char *f)
{
    if (f[0] != '%')
        return 0;
    if (f[1] == 's' || f[1] == 'd')
        return 2;
    if (f[1] == 'z' && f[2] == 'u')
        return 3;
    if (f[1] == 'l' && f[2] == 'd')
        return 3;
    if (f[1] == 'l' && f[2] == 'l' && f[3] == 'd')
        return 4;
    return 0;
}

static bool conv_match(const char *f, const char *t, struct conv_cap *cap, int k)
{
    for (;;) {
        size_t sp = conv_spec(f);
        if (sp) {
            if (k >= CONV_ARGS)
                return false;
            if (f[1] == 's') {
                for (size_t n = 0;; n++) {
                    cap[k] = (struct conv_cap){ t, n };
                    if (conv_match(f + sp, t + n, cap, k + 1))
                        return true;
                    if (!t[n])
                        return false;
                }
            }
            size_t n = t[0] == '-' ? 1 : 0;
            size_t d = n;
            while (t[d] >= '0' && t[d] <= '9')
                d++;
            if (d == n)
                return false;
            cap[k++] = (struct conv_cap){ t, d };
            f += sp;
            t += d;
            continue;
        }
        if (f[0] == '%' && f[1] == '%') {
            if (t[0] != '%')
                return false;
            f += 2;
            t++;
            continue;
        }
        if (*f != *t)
            return false;
        if (!*f)
            return true;
        f++;
        t++;
    }
}

/* core/i18n.h */
size_t pd_msg_convert(const char *const pairs[][2], size_t npairs, const char *const words[][2],
                      size_t nwords, const char *text, bool to_zh, char *buf, size_t size)
{
    int from = to_zh ? 1 : 0, to = to_zh ? 0 : 1;
    struct conv_cap cap[CONV_ARGS];
    if (size)
        buf[0] = '\0';
    size_t i = 0;
    while (i < npairs && !conv_match(pairs[i][from], text, cap, 0))
        i++;
    if (i == npairs)
        return (size_t)snprintf(buf, size, "%s", text);
    size_t n = 0;
    int k = 0;
    for (const char *f = pairs[i][to]; *f;) {
        size_t sp = conv_spec(f);
        const char *piece = f;
        size_t len = 1;
        if (sp) {
            piece = cap[k].p;
            len = cap[k].n;
            k++;
            /* a word of the other language becomes this language's */
            for (size_t w = 0; w < nwords; w++)
                if (strlen(words[w][from]) == len && strncmp(words[w][from], piece, len) == 0 && len) {
                    piece = words[w][to];
                    len = strlen(piece);
                    break;
                }
            f += sp;
        } else if (f[0] == '%' && f[1] == '%') {
            f += 2;
        } else {
            f++;
        }
        if (size && n < size - 1)
            snprintf(buf + n, size - n, "%.*s", (int)len, piece);
        n += len;
    }
    if (size && n >= size)
        buf[size - 1] = '\0';
    return n;
}
