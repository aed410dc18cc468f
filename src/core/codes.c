/* codes.c - look-ups in the national code tables (codes_data.c, generated)
 * and the resolving of what clerks and spreadsheets write instead of codes.
 *
 * Resolving order: the code itself; a 2-digit code missing its leading zero;
 * the standard Chinese name; a common word from the table below; for
 * ethnicity the name without 族 (汉 -> 汉族); the English name, ignoring case.
 * Every word maps to exactly one code; the unit tests check each one.
 */
#include "core/codes.h"
#include "core/i18n.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

/* Defined in the generated codes_data.c. */
extern const struct pd_code *const pd_codes_data[PD_CODES__COUNT];
extern const int pd_codes_data_n[PD_CODES__COUNT];

#define PD_CODE_INPUT_MAX 128

static const struct {
    const char *name, *title;
    const char *examples[3];   /* codes quoted when input is not understood */
} set_info[PD_CODES__COUNT] = {
    [PD_CODES_SEX]           = { "sex", "性别", { "1", "2", "9" } },
    [PD_CODES_MARITAL]       = { "marital", "婚姻状况", { "10", "20", "40" } },
    [PD_CODES_RELATION]      = { "relation", "与户主关系", { "02", "12", "22" } },
    [PD_CODES_ETHNICITY]     = { "ethnicity", "民族", { "01", "03", "11" } },
    [PD_CODES_EDUCATION]     = { "education", "文化程度", { "20", "60", "70" } },
    [PD_CODES_REGISTRATION]  = { "registration", "户口性质", { "1", "2", "9" } },
    [PD_CODES_CONTRACEPTION] = { "contraception", "避孕方法", { "3", "6", "9" } },
};

/* Words offices write instead of the standard name.  ASCII compares
 * ignoring case.  Keep each word unambiguous within its set (媳妇 means a
 * wife in some places and a daughter-in-law in others, so it is not here). */
static const struct pd_code_word {
    enum pd_codeset set;
    const char *word;
    const char *code;
} words[] = {
    { PD_CODES_SEX, "男性", "1" },
    { PD_CODES_SEX, "女性", "2" },
    { PD_CODES_SEX, "M", "1" },
    { PD_CODES_SEX, "F", "2" },
    { PD_CODES_SEX, "未知", "0" },
    { PD_CODES_SEX, "未说明", "9" },

    { PD_CODES_MARITAL, "有配偶", "20" },
    { PD_CODES_MARITAL, "离异", "40" },
    { PD_CODES_MARITAL, "未说明", "90" },

    { PD_CODES_RELATION, "妻子", "12" },
    { PD_CODES_RELATION, "丈夫", "11" },
    { PD_CODES_RELATION, "儿子", "20" },
    { PD_CODES_RELATION, "独子", "21" },
    { PD_CODES_RELATION, "大儿子", "22" },
    { PD_CODES_RELATION, "二子", "23" },
    { PD_CODES_RELATION, "二儿子", "23" },
    { PD_CODES_RELATION, "三儿子", "24" },
    { PD_CODES_RELATION, "养子", "27" },
    { PD_CODES_RELATION, "继子", "27" },
    { PD_CODES_RELATION, "女儿", "30" },
    { PD_CODES_RELATION, "独女", "31" },
    { PD_CODES_RELATION, "大女儿", "32" },
    { PD_CODES_RELATION, "次女", "33" },
    { PD_CODES_RELATION, "二女儿", "33" },
    { PD_CODES_RELATION, "三女儿", "34" },
    { PD_CODES_RELATION, "养女", "37" },
    { PD_CODES_RELATION, "继女", "37" },
    { PD_CODES_RELATION, "儿媳妇", "38" },
    { PD_CODES_RELATION, "外孙", "43" },
    { PD_CODES_RELATION, "孙媳", "45" },
    { PD_CODES_RELATION, "孙媳妇", "45" },
    { PD_CODES_RELATION, "外孙媳妇", "45" },
    { PD_CODES_RELATION, "孙女婿", "46" },
    { PD_CODES_RELATION, "外孙女婿", "46" },
    { PD_CODES_RELATION, "曾孙", "47" },
    { PD_CODES_RELATION, "曾孙女", "48" },
    { PD_CODES_RELATION, "父", "51" },
    { PD_CODES_RELATION, "爸爸", "51" },
    { PD_CODES_RELATION, "母", "52" },
    { PD_CODES_RELATION, "妈妈", "52" },
    { PD_CODES_RELATION, "继父", "57" },
    { PD_CODES_RELATION, "养父", "57" },
    { PD_CODES_RELATION, "继母", "58" },
    { PD_CODES_RELATION, "养母", "58" },
    { PD_CODES_RELATION, "爷爷", "61" },
    { PD_CODES_RELATION, "奶奶", "62" },
    { PD_CODES_RELATION, "外公", "63" },
    { PD_CODES_RELATION, "外婆", "64" },
    { PD_CODES_RELATION, "哥哥", "71" },
    { PD_CODES_RELATION, "嫂子", "72" },
    { PD_CODES_RELATION, "弟弟", "73" },
    { PD_CODES_RELATION, "弟媳妇", "74" },
    { PD_CODES_RELATION, "姐", "75" },
    { PD_CODES_RELATION, "妹", "77" },
    { PD_CODES_RELATION, "伯伯", "81" },
    { PD_CODES_RELATION, "叔叔", "83" },
    { PD_CODES_RELATION, "婶婶", "84" },
    { PD_CODES_RELATION, "舅舅", "85" },
    { PD_CODES_RELATION, "舅妈", "86" },
    { PD_CODES_RELATION, "姨妈", "88" },
    { PD_CODES_RELATION, "姑姑", "90" },
    { PD_CODES_RELATION, "姑妈", "90" },
    { PD_CODES_RELATION, "侄儿", "93" },
    { PD_CODES_RELATION, "其它", "80" },

    { PD_CODES_ETHNICITY, "维族", "05" },
    { PD_CODES_ETHNICITY, "蒙族", "02" },
    { PD_CODES_ETHNICITY, "外国血统", "98" },
    { PD_CODES_ETHNICITY, "其它", "97" },

    { PD_CODES_EDUCATION, "研究生", "10" },
    { PD_CODES_EDUCATION, "博士", "10" },
    { PD_CODES_EDUCATION, "硕士", "10" },
    { PD_CODES_EDUCATION, "本科", "20" },
    { PD_CODES_EDUCATION, "大学本科", "20" },
    { PD_CODES_EDUCATION, "大专", "30" },
    { PD_CODES_EDUCATION, "专科", "30" },
    { PD_CODES_EDUCATION, "大学专科", "30" },
    { PD_CODES_EDUCATION, "中专", "40" },
    { PD_CODES_EDUCATION, "中职", "40" },
    { PD_CODES_EDUCATION, "职高", "40" },
    { PD_CODES_EDUCATION, "技校", "40" },
    { PD_CODES_EDUCATION, "高中", "60" },
    { PD_CODES_EDUCATION, "初中", "70" },
    { PD_CODES_EDUCATION, "小学", "80" },
    /* GB/T 4658-2006 has no top-level code for no schooling. */
    { PD_CODES_EDUCATION, "文盲", "90" },
    { PD_CODES_EDUCATION, "半文盲", "90" },
    { PD_CODES_EDUCATION, "其它", "90" },

    { PD_CODES_REGISTRATION, "农业", "2" },
    { PD_CODES_REGISTRATION, "农村", "2" },
    { PD_CODES_REGISTRATION, "农村户口", "2" },
    { PD_CODES_REGISTRATION, "非农业", "1" },
    { PD_CODES_REGISTRATION, "非农", "1" },
    { PD_CODES_REGISTRATION, "非农户口", "1" },
    { PD_CODES_REGISTRATION, "城镇", "1" },
    { PD_CODES_REGISTRATION, "城镇户口", "1" },
    { PD_CODES_REGISTRATION, "其它", "9" },

    { PD_CODES_CONTRACEPTION, "男扎", "1" },
    { PD_CODES_CONTRACEPTION, "男性结扎", "1" },
    { PD_CODES_CONTRACEPTION, "输精管结扎", "1" },
    { PD_CODES_CONTRACEPTION, "女扎", "2" },
    { PD_CODES_CONTRACEPTION, "女性结扎", "2" },
    { PD_CODES_CONTRACEPTION, "输卵管结扎", "2" },
    { PD_CODES_CONTRACEPTION, "上环", "3" },
    { PD_CODES_CONTRACEPTION, "放环", "3" },
    { PD_CODES_CONTRACEPTION, "节育环", "3" },
    { PD_CODES_CONTRACEPTION, "环", "3" },
    { PD_CODES_CONTRACEPTION, "皮埋", "4" },
    { PD_CODES_CONTRACEPTION, "埋植", "4" },
    { PD_CODES_CONTRACEPTION, "口服药", "5" },
    { PD_CODES_CONTRACEPTION, "口服避孕药", "5" },
    { PD_CODES_CONTRACEPTION, "避孕针", "5" },
    { PD_CODES_CONTRACEPTION, "注射避孕针", "5" },
    { PD_CODES_CONTRACEPTION, "安全套", "6" },
    { PD_CODES_CONTRACEPTION, "外用药", "7" },
    { PD_CODES_CONTRACEPTION, "其它", "8" },
    { PD_CODES_CONTRACEPTION, "无", "9" },
    { PD_CODES_CONTRACEPTION, "未采取措施", "9" },
};

static bool set_ok(enum pd_codeset set)
{
    return (int)set >= 0 && set < PD_CODES__COUNT;
}

const char *pd_codeset_name(enum pd_codeset set)
{
    return set_ok(set) ? set_info[set].name : "";
}

const char *pd_codeset_title(enum pd_codeset set)
{
    return set_ok(set) ? set_info[set].title : "";
}

const struct pd_code *pd_codes(enum pd_codeset set, int *n)
{
    if (!set_ok(set)) {
        if (n)
            *n = 0;
        return NULL;
    }
    if (n)
        *n = pd_codes_data_n[set];
    return pd_codes_data[set];
}

const struct pd_code *pd_code_find(enum pd_codeset set, const char *code)
{
    int n;
    const struct pd_code *c = pd_codes(set, &n);

    if (!c || !code)
        return NULL;
    for (int i = 0; i < n; i++)
        if (strcmp(c[i].code, code) == 0)
            return &c[i];
    return NULL;
}

const char *pd_code_name(enum pd_codeset set, const char *code)
{
    const struct pd_code *c = pd_code_find(set, code);
    return c ? c->name : NULL;
}

static bool ascii_caseeq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return *a == *b;
}

static const struct pd_code *by_name(enum pd_codeset set, const char *s)
{
    int n;
    const struct pd_code *c = pd_codes(set, &n);

    for (int i = 0; i < n; i++)
        if (strcmp(c[i].name, s) == 0)
            return &c[i];
    return NULL;
}

static const struct pd_code *by_english(enum pd_codeset set, const char *s)
{
    int n;
    const struct pd_code *c = pd_codes(set, &n);

    for (int i = 0; i < n; i++)
        if (ascii_caseeq(c[i].en, s))
            return &c[i];
    return NULL;
}

static const struct pd_code *by_word(enum pd_codeset set, const char *s)
{
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (words[i].set == set && ascii_caseeq(words[i].word, s))
            return pd_code_find(set, words[i].code);
    return NULL;
}

static const struct pd_code *lookup(enum pd_codeset set, const char *s)
{
    const struct pd_code *c;

    if ((c = pd_code_find(set, s)))
        return c;
    if (s[0] >= '0' && s[0] <= '9' && s[1] == '\0') {
        char two[3] = { '0', s[0], '\0' };
        if ((c = pd_code_find(set, two)))
            return c;
    }
    if ((c = by_name(set, s)) || (c = by_word(set, s)))
        return c;
    if (set == PD_CODES_ETHNICITY) {
        char withzu[PD_CODE_INPUT_MAX + 4];
        size_t len = strlen(s);
        if (len + sizeof "族" <= sizeof withzu) {
            memcpy(withzu, s, len);
            memcpy(withzu + len, "族", sizeof "族");
            if ((c = by_name(set, withzu)))
                return c;
        }
    }
    return by_english(set, s);
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* True when `in`, apart from surrounding ASCII white space, is `code`. */
static bool is_code_itself(const char *in, const char *code)
{
    size_t n = strlen(code);

    while (is_ws(*in))
        in++;
    if (strncmp(in, code, n) != 0)
        return false;
    for (in += n; *in; in++)
        if (!is_ws(*in))
            return false;
    return true;
}

pd_err pd_code_resolve(enum pd_codeset set, const char *in, char *out,
                       size_t outsz, bool *was_word, const char *field,
                       struct pd_error *err)
{
    char buf[PD_CODE_INPUT_MAX];
    char q[80];
    char examples[256];
    char which[PD_FIELD_MAX + 8] = "";
    const char *label;
    const struct pd_code *c;
    size_t pos = 0;

    if (was_word)
        *was_word = false;
    if (out && outsz > 0)
        out[0] = '\0';
    if (!set_ok(set))
        return pd_fail(err, PD_EINVAL, field, PD_MSG("没有第%d号代码表", "unknown code table %d"), (int)set);
    /* The clerk reads the Chinese title; err->field takes the identifier. */
    if (!field || !*field) {
        field = set_info[set].name;
        label = set_info[set].title;
    } else {
        label = field;
    }
    if (!in)
        in = "";
    if (strlen(in) >= sizeof buf)    /* quoted only for the message */
        pd_text_quote(q, sizeof q, in);
    if (strlen(in) >= sizeof buf)
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("%s“%s”太长，不是%s代码", "%s '%s' is too long for a %s code"), label, q,
                       set_info[set].title);
    pd_strlcpy(buf, in, sizeof buf);
    pd_text_normalise(buf);
    c = buf[0] ? lookup(set, buf) : NULL;
    if (!c)                          /* quoted only for the message */
        pd_text_quote(q, sizeof q, buf);
    if (c) {
        if (!out || outsz <= strlen(c->code))
            return pd_fail(err, PD_EINVAL, field,
                           PD_MSG("放不下%s代码", "no room for the %s code"), set_info[set].title);
        pd_strlcpy(out, c->code, outsz);
        if (was_word)
            *was_word = !is_code_itself(in, c->code);
        return PD_OK;
    }

    examples[0] = '\0';
    for (int i = 0; i < 3; i++) {
        const struct pd_code *e = pd_code_find(set, set_info[set].examples[i]);
        int w;
        if (!e)
            continue;
        w = snprintf(examples + pos, sizeof examples - pos, "%s%s %s",
                     pos ? ", " : "", e->code, e->name);
        if (w < 0 || (size_t)w >= sizeof examples - pos)
            break;
        pos += (size_t)w;
    }
    /* Name the table too when the field is called something else. */
    if (strcmp(label, set_info[set].title) != 0)
        snprintf(which, sizeof which, PD_MSG("（%s）", " (%s)"), set_info[set].title);
    if (!buf[0])
        return pd_fail(err, PD_EINVAL, field,
                       PD_MSG("请填写%s%s，可填代码或名称，如%s", "%s%s is empty; write a code or name such as %s"),
                       label, which, examples);
    return pd_fail(err, PD_EINVAL, field,
                   PD_MSG("%s%s“%s”不是认得的代码或名称；请填如%s",
                "%s%s '%s' is not a code or name popdesk knows; write one "
                   "such as %s"), label, which, q, examples);
}
