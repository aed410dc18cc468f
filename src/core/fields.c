/* fields.c - record field tables and value checking (see fields.h). */
#include "core/fields.h"
#include "core/i18n.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/idnum.h"
#include "core/text.h"

#define T(key, zh, en, len, fl, al) { key, zh, en, PD_F_TEXT, 0, fl, len, 0, NULL, al }
#define C(key, zh, en, set, fl, al) { key, zh, en, PD_F_CODE, set, fl, 0, 0, NULL, al }
#define D(key, zh, en, fl, al)      { key, zh, en, PD_F_DATE, 0, fl, 0, 0, NULL, al }
#define F(key, zh, en, al)          { key, zh, en, PD_F_FLAG, 0, 0, 0, 0, NULL, al }
#define K(key, zh, en, kind, fl, al) { key, zh, en, kind, 0, fl, 0, 0, NULL, al }

static const struct pd_field household_fields[] = {
    K("code", "户编号", "household code", PD_F_HHCODE, PD_FF_REQUIRED | PD_FF_NOEDIT,
      "户号|户编码|household|household_code"),
    T("police_no", "户口簿号", "household register no.", 32, 0, "户口本号|户籍号|police_no"),
    T("address", "住址", "address", 200, PD_FF_REQUIRED, "地址|家庭住址|门牌"),
    K("phone", "联系电话", "phone", PD_F_PHONE, 0, "电话|手机"),
    C("reg_type", "户别", "registration type", PD_CODES_REGISTRATION, 0, "户口类别|household_reg_type"),
};

static const struct pd_field person_fields[] = {
    T("name", "姓名", "name", 64, PD_FF_REQUIRED | PD_FF_CORE, "名字|full_name"),
    K("id_number", "身份证号", "ID number", PD_F_ID, PD_FF_CORE,
      "身份证号码|公民身份号码|身份证|id|id_no"),
    C("sex", "性别", "sex", PD_CODES_SEX, PD_FF_REQUIRED | PD_FF_CORE, "gender"),
    D("birth_date", "出生日期", "date of birth", PD_FF_REQUIRED | PD_FF_CORE, "出生年月日|生日|birth|dob"),
    C("ethnicity", "民族", "ethnicity", PD_CODES_ETHNICITY, PD_FF_CORE, "nation"),
    C("relation", "与户主关系", "relation to head", PD_CODES_RELATION, PD_FF_CORE, "关系|relation_to_head"),
    C("reg_type", "户口性质", "registration type", PD_CODES_REGISTRATION, PD_FF_CORE, "户口类型|registration"),
    T("reg_address", "户籍地址", "registered address", 200, PD_FF_CORE, "户籍地|户口所在地"),
    T("cur_address", "现住址", "current address", 200, PD_FF_CORE, "现居住地|居住地址|现住地址|address_now"),
    C("education", "文化程度", "education", PD_CODES_EDUCATION, 0, "学历"),
    T("employer", "工作单位", "employer", 100, 0, "单位|服务处所"),
    C("marital", "婚姻状况", "marital status", PD_CODES_MARITAL, PD_FF_CORE, "婚姻"),
    D("marital_date", "婚姻变动日期", "marital change date", 0, "婚变日期|结婚日期"),
    D("moved_date", "迁移日期", "date moved", 0, "迁入日期|迁出日期"),
    F("away", "人户分离", "registered here, away", "外出|away_flag"),
    F("flow_in", "流入人口", "living here, registered elsewhere", "流入"),
    { "disability_grade", "残疾等级", "disability grade", PD_F_INT, 0, 0, 4, 1, NULL, "残疾|disability" },
    F("urban_pension", "领取城镇职工养老金", "draws urban employee pension", "城镇养老金|pension"),
    /* women of childbearing age; empty for everyone else */
    D("first_marriage_date", "初婚日期", "first-marriage date", 0, "初婚时间"),
    T("spouse_name", "配偶姓名", "spouse name", 64, 0, "配偶"),
    K("spouse_id_number", "配偶身份证号", "spouse ID number", PD_F_ID, 0, "配偶身份证"),
    F("premarital_check", "婚前医学检查", "premarital check done", "婚检"),
    F("prepregnancy_check", "孕前优生健康检查", "free pre-pregnancy check done", "孕检|孕前检查"),
    D("last_check_date", "最近孕环情检查", "last pregnancy/IUD check", 0, "孕环检日期"),
};

const struct pd_fieldset pd_household_fields = {
    "household", household_fields, sizeof household_fields / sizeof household_fields[0]
};
const struct pd_fieldset pd_person_fields = {
    "person", person_fields, sizeof person_fields / sizeof person_fields[0]
};

const struct pd_field *pd_field_find(const struct pd_fieldset *fs, const char *key)
{
    for (int i = 0; i < fs->n; i++)
        if (strcmp(fs->fields[i].key, key) == 0)
            return &fs->fields[i];
    return NULL;
}

static bool alias_match(const char *aliases, const char *h)
{
    size_t hl = strlen(h);
    for (const char *p = aliases; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == hl && strncasecmp(p, h, n) == 0)
            return true;
        p = bar ? bar + 1 : NULL;
    }
    return false;
}

const struct pd_field *pd_field_by_header(const struct pd_fieldset *fs, const char *header)
{
    char h[128];
    pd_strlcpy(h, header, sizeof h);
    pd_text_normalise(h);
    pd_text_strip_spaces(h);
    for (int i = 0; i < fs->n; i++) {
        const struct pd_field *f = &fs->fields[i];
        /* the header lost its spaces: compare the English label without them */
        char en[128];
        pd_strlcpy(en, f->en, sizeof en);
        pd_text_strip_spaces(en);
        if (strcasecmp(f->key, h) == 0 || strcmp(f->zh, h) == 0 ||
            strcasecmp(en, h) == 0 || alias_match(f->aliases, h))
            return f;
    }
    return NULL;
}

const char *pd_field_label(const struct pd_field *f, const char *lang)
{
    return lang && strcmp(lang, "en") == 0 ? f->en : f->zh;
}

static bool enum_has(const char *choices, const char *s)
{
    return s[0] && alias_match(choices, s) && !strchr(s, '|');
}

static bool is_empty(const json_t *v)
{
    return v == NULL || json_is_null(v) ||
           (json_is_string(v) && json_string_length(v) == 0);
}

static pd_err check_hhcode(const char *s, const char *label, struct pd_error *err)
{
    size_t n = strlen(s);
    if (n != 18)
        return pd_fail(err, PD_EINVAL, NULL,
                       PD_MSG("%s“%s”应为18位数字（12位村居代码、2位组号、4位序号），现在是%zu位",
                "%s '%s' must be 18 digits (12-digit village code, 2-digit group, 4-digit serial), not %zu characters"),
                       label, s, n);
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return pd_fail(err, PD_EINVAL, NULL, PD_MSG("%s“%s”的第%zu位不是数字", "%s '%s' has a non-digit at position %zu"),
                           label, s, i + 1);
    return PD_OK;
}

pd_err pd_field_check(const struct pd_field *f, const json_t *v,
                      struct pd_date today, struct pd_error *err)
{
    pd_err rc = PD_OK;
    if (is_empty(v)) {
        if (f->flags & PD_FF_REQUIRED)
            return pd_fail(err, PD_EINVAL, f->key, PD_MSG("请填写%s%.0s", "%s (%s) is required"), f->zh, f->key);
        return PD_OK;
    }
    const char *label = f->zh;
    switch (f->kind) {
    case PD_F_FLAG:
        if (!json_is_boolean(v))
            rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s只能是“是”或“否”",
                "%s (%s) must be true or false"), label, f->key);
        break;
    case PD_F_INT: {
        if (!json_is_integer(v)) {
            rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s必须是整数",
                "%s (%s) must be a whole number"), label, f->key);
            break;
        }
        json_int_t n = json_integer_value(v);
        if (n < f->min || n > f->maxlen)
            rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s应在%d到%d之间，现在是%lld",
                "%s (%s) must be from %d to %d, not %lld"),
                         label, f->key, f->min, f->maxlen, (long long)n);
        break;
    }
    default: {
        if (!json_is_string(v)) {
            rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s必须是文字", "%s (%s) must be text"), label, f->key);
            break;
        }
        const char *s = json_string_value(v);
        size_t len = json_string_length(v);
        if (len != strlen(s) || !pd_utf8_valid(s, len)) {
            rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s含有无法识别的字符（不是UTF-8文字）",
                "%s (%s) is not valid UTF-8 text"), label, f->key);
            break;
        }
        switch (f->kind) {
        case PD_F_TEXT:
            if ((int)len > f->maxlen)
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s太长：%zu字节，最多%d字节",
                "%s (%s) is too long: %zu bytes, at most %d"),
                             label, f->key, len, f->maxlen);
            else
                for (const char *p = s; *p; p++)
                    if ((unsigned char)*p < 0x20) {
                        rc = pd_fail(err, PD_EINVAL, f->key,
                                     PD_MSG("%s%.0s含有控制字符", "%s (%s) contains a control character"), label, f->key);
                        break;
                    }
            break;
        case PD_F_ID: {
            struct pd_idinfo id;
            struct pd_error e;
            if (pd_id_parse(s, today, &id, &e) != PD_OK)
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s：%s", "%s (%s): %s"), label, f->key, e.msg);
            else if (strcmp(id.number, s) != 0)
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s“%s”应写作“%s”", "%s (%s) '%s' must be stored as '%s'"),
                             label, f->key, s, id.number);
            break;
        }
        case PD_F_CODE:
            if (!pd_code_find(f->codes, s))
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s：“%s”不是%s里的代码", "%s (%s): '%s' is not a %s code"),
                             label, f->key, s, pd_codeset_title(f->codes));
            break;
        case PD_F_DATE: {
            struct pd_date d;
            char back[PD_DATE_STRLEN];
            struct pd_error e;
            if (pd_date_parse(s, &d, label, &e) != PD_OK) {
                rc = pd_fail(err, PD_EINVAL, f->key, "%s", e.msg);
                break;
            }
            pd_date_format(d, back);
            if (strcmp(back, s) != 0)
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s“%s”应写成年-月-日（如1985-06-15）",
                "%s (%s) '%s' must be written YYYY-MM-DD"),
                             label, f->key, s);
            else if (!(f->flags & PD_FF_FUTURE) && pd_date_cmp(d, today) > 0)
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s“%s”晚于今天", "%s (%s) %s is in the future"),
                             label, f->key, s);
            break;
        }
        case PD_F_ENUM:
            if (!enum_has(f->choices, s))
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s：“%s”不在可选项（%s）之中", "%s (%s): '%s' is not one of %s"),
                             label, f->key, s, f->choices);
            break;
        case PD_F_REF:
            if (len > 40)
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s：“%.40s…”不是记录编号",
                "%s (%s): '%.40s...' is not a record id"),
                             label, f->key, s);
            break;
        case PD_F_HHCODE: {
            struct pd_error e;
            if (check_hhcode(s, label, &e) != PD_OK)
                rc = pd_fail(err, PD_EINVAL, f->key, "%s", e.msg);
            break;
        }
        case PD_F_PHONE: {
            int digits = 0;
            bool bad = false;
            for (const char *p = s; *p; p++) {
                if (isdigit((unsigned char)*p))
                    digits++;
                else if (!strchr("-+ ()", *p))
                    bad = true;
            }
            if (bad || digits < 5 || len > 20)
                rc = pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s%.0s“%s”不是电话号码", "%s (%s) '%s' is not a phone number"),
                             label, f->key, s);
            break;
        }
        default:
            break;
        }
    }
    }
    return rc;
}

pd_err pd_fields_check(const struct pd_fieldset *fs, const json_t *obj,
                       bool complete, const char *const *extra,
                       struct pd_date today, struct pd_error *err)
{
    if (!json_is_object(obj))
        return pd_fail(err, PD_EINVAL, NULL, PD_MSG("%s数据必须是JSON对象", "%s data must be a JSON object"), fs->name);
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)obj, key, v) {
        const struct pd_field *f = pd_field_find(fs, key);
        if (!f) {
            bool skip = false;
            for (const char *const *x = extra; x && *x; x++)
                if (strcmp(*x, key) == 0)
                    skip = true;
            if (skip)
                continue;
            return pd_fail(err, PD_EINVAL, key, PD_MSG("%s没有“%s”这一项", "unknown %s field '%s'"), fs->name, key);
        }
        pd_err rc = pd_field_check(f, v, today, err);
        if (rc != PD_OK)
            return rc;
    }
    if (complete)
        for (int i = 0; i < fs->n; i++) {
            const struct pd_field *f = &fs->fields[i];
            if ((f->flags & PD_FF_REQUIRED) && is_empty(json_object_get(obj, f->key)))
                return pd_fail(err, PD_EINVAL, f->key, PD_MSG("请填写%s%.0s", "%s (%s) is required"), f->zh, f->key);
        }
    return PD_OK;
}

static bool parse_flag(const char *s, bool *out)
{
    static const char *yes[] = { "1", "是", "有", "y", "yes", "true", "√", "已", NULL };
    static const char *no[] = { "0", "否", "无", "n", "no", "false", "未", NULL };
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0) { *out = true; return true; }
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0) { *out = false; return true; }
    return false;
}

json_t *pd_field_normalise(const struct pd_field *f, const char *text,
                           struct pd_date today, bool *changed,
                           struct pd_error *err)
{
    char buf[512];
    bool ch = false;
    pd_strlcpy(buf, text ? text : "", sizeof buf);
    if (pd_text_normalise(buf))
        ch = true;
    if (changed)
        *changed = false;
    if (buf[0] == '\0')
        return json_null();
    json_t *v = NULL;
    switch (f->kind) {
    case PD_F_TEXT:
        v = json_string(buf);
        break;
    case PD_F_ID: {
        struct pd_idinfo id;
        struct pd_error e;
        if (pd_id_parse(buf, today, &id, &e) != PD_OK) {
            pd_fail(err, PD_EINVAL, f->key, "%s", e.msg);
            return NULL;
        }
        if (id.normalised || id.converted15 || strcmp(id.number, text) != 0)
            ch = true;
        v = json_string(id.number);
        break;
    }
    case PD_F_CODE: {
        char code[8];
        bool word = false;
        struct pd_error e;
        if (pd_code_resolve(f->codes, buf, code, sizeof code, &word, f->zh, &e) != PD_OK) {
            pd_fail(err, PD_EINVAL, f->key, "%s", e.msg);
            return NULL;
        }
        if (word)
            ch = true;
        v = json_string(code);
        break;
    }
    case PD_F_DATE: {
        struct pd_date d;
        char out[PD_DATE_STRLEN];
        struct pd_error e;
        if (pd_date_parse(buf, &d, f->zh, &e) != PD_OK) {
            pd_fail(err, PD_EINVAL, f->key, "%s", e.msg);
            return NULL;
        }
        pd_date_format(d, out);
        if (strcmp(out, buf) != 0)
            ch = true;
        v = json_string(out);
        break;
    }
    case PD_F_FLAG: {
        bool b;
        if (!parse_flag(buf, &b)) {
            pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s“%s”只能填“是”或“否”（也可填1或0）",
                "%s '%s' must be 是/否 (yes/no, 1/0)"), f->zh, buf);
            return NULL;
        }
        v = json_boolean(b);
        break;
    }
    case PD_F_INT: {
        char *end;
        long n = strtol(buf, &end, 10);
        if (*end != '\0' || end == buf) {
            pd_fail(err, PD_EINVAL, f->key, PD_MSG("%s“%s”必须是整数", "%s '%s' must be a whole number"), f->zh, buf);
            return NULL;
        }
        v = json_integer(n);
        break;
    }
    case PD_F_HHCODE:
    case PD_F_PHONE:
    case PD_F_REF:
    case PD_F_ENUM:
        if (f->kind != PD_F_PHONE && pd_text_strip_spaces(buf))
            ch = true;
        v = json_string(buf);
        break;
    }
    if (!v) {
        pd_fail(err, PD_ENOMEM, f->key, "out of memory");
        return NULL;
    }
    if (pd_field_check(f, v, today, err) != PD_OK) {
        json_decref(v);
        return NULL;
    }
    if (changed)
        *changed = ch;
    return v;
}

void pd_field_format(const struct pd_field *f, const json_t *v, bool names,
                     char *buf, size_t size)
{
    if (size == 0)
        return;
    buf[0] = '\0';
    if (is_empty(v))
        return;
    if (json_is_boolean(v))
        pd_strlcpy(buf, json_is_true(v) ? "是" : "否", size);
    else if (json_is_integer(v))
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    else if (json_is_string(v)) {
        const char *s = json_string_value(v);
        const char *name = (names && f->kind == PD_F_CODE) ? pd_code_name(f->codes, s) : NULL;
        pd_strlcpy(buf, name ? name : s, size);
    }
}
