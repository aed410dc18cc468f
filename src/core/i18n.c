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
static const struct { const char *w, *zh, *en; } words[] = {
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
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strcmp(words[i].w, word) == 0)
            return english ? words[i].en : words[i].zh;
    return word;
}
