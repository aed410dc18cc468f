/* idnum.c - resident identity numbers (GB 11643-1999): normalising what
 * clerks and spreadsheets write, checking, converting old 15-digit numbers,
 * agreement with the stored sex and birth date, masking for notices.
 */
#include "core/idnum.h"
#include "core/i18n.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

#define PD_ID_INPUT_MAX 128   /* longer text is not an ID number */
#define PD_ID_FIELD "id_number"

static const int id_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3,
                                    7, 9, 10, 5, 8, 4, 2 };
static const char id_check_map[11] = { '1', '0', 'X', '9', '8', '7',
                                       '6', '5', '4', '3', '2' };

char pd_id_check_char(const char *first17)
{
    int sum = 0;

    if (!first17)
        return '\0';
    for (int i = 0; i < 17; i++) {
        if (first17[i] < '0' || first17[i] > '9')
            return '\0';
        sum += (first17[i] - '0') * id_weights[i];
    }
    return id_check_map[sum % 11];
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* "3.30205E+17", "3,30205e17", "3E+17": what a spreadsheet shows once it has
 * taken the ID for a number. */
static bool looks_scientific(const char *s)
{
    const char *p = s;

    if (!is_digit(*p))
        return false;
    while (is_digit(*p))
        p++;
    if (*p == '.' || *p == ',') {
        p++;
        if (!is_digit(*p))
            return false;
        while (is_digit(*p))
            p++;
    }
    if (*p != 'E' && *p != 'e')
        return false;
    p++;
    if (*p == '+' || *p == '-')
        p++;
    if (!is_digit(*p))
        return false;
    while (is_digit(*p))
        p++;
    return *p == '\0';
}

static int digits_val(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* 17 digits and the right check character, the birth date in it real and
 * not after today: nothing in pd_id_parse refuses it, so no quote. */
static bool plain_valid_id(const char *s, struct pd_date today)
{
    for (int i = 0; i < 17; i++)
        if (!is_digit(s[i]))
            return false;
    if (!(is_digit(s[17]) || s[17] == 'X') || s[18] != '\0' || pd_id_check_char(s) != s[17])
        return false;
    struct pd_date b = { .y = digits_val(s + 6, 4), .m = digits_val(s + 10, 2), .d = digits_val(s + 12, 2) };
    return pd_date_valid(b) && !(pd_date_valid(today) && pd_date_cmp(b, today) > 0);
}

pd_err pd_id_parse(const char *in, struct pd_date today, struct pd_idinfo *out,
                   struct pd_error *err)
{
    char buf[PD_ID_INPUT_MAX];
    char q[80];
    struct pd_idinfo info;
    size_t len, nchars = 0, pos;
    bool changed;
    char datebuf[PD_DATE_STRLEN], todaybuf[PD_DATE_STRLEN];

    memset(&info, 0, sizeof info);
    if (!in)
        in = "";
    if (strlen(in) >= sizeof buf)    /* quoted only for the message */
        pd_text_quote(q, sizeof q, in);
    if (strlen(in) >= sizeof buf)
        return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                       PD_MSG("身份证号“%s”太长：应为18位",
                "ID number '%s' is far too long: it must have 18 "
                       "characters"), q);
    pd_strlcpy(buf, in, sizeof buf);
    changed = pd_text_normalise(buf);
    if (buf[0] == '\0')
        return pd_fail(err, PD_EINVAL, PD_ID_FIELD, PD_MSG("身份证号是空的", "ID number is empty"));
    if (!plain_valid_id(buf, today)) /* no message, no quote: saves check millions */
        pd_text_quote(q, sizeof q, buf);
    if (looks_scientific(buf))
        return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                       PD_MSG("身份证号“%s”：电子表格把它变成了数字，后几位已经丢失；请把这一列设为文本格式后重新输入号码",
                "ID number '%s': the spreadsheet turned the ID number "
                       "into a number and its digits are lost; the column "
                       "must be formatted as text and the numbers typed again"),
                       q);
    if (pd_text_strip_spaces(buf))
        changed = true;

    /* Characters first: a letter or a stray mark says more than a count. */
    len = strlen(buf);
    for (pos = 0; pos < len;) {
        uint32_t cp;
        size_t n = pd_utf8_decode(buf + pos, len - pos, &cp);
        char one[8], shown[8];
        nchars++;
        if (n == 1 && buf[pos] == 'x') {
            buf[pos] = 'X';
            changed = true;
        }
        if (!(n == 1 && (is_digit(buf[pos]) || buf[pos] == 'X'))) {
            memcpy(one, buf + pos, n);
            one[n] = '\0';
            pd_text_quote(shown, sizeof shown, one);
            return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                           PD_MSG("身份证号“%s”：第%zu位是“%s”；身份证号只能是数字，第18位可以是X",
                "ID number '%s': character %zu is '%s'; an ID "
                           "number has only digits, and X as the last of 18"),
                           q, nchars, shown);
        }
        pos += n;
    }
    if (len != 18 && len != 15)
        return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                       PD_MSG("身份证号“%s”有%zu位；应为18位（老式号码为15位）",
                "ID number '%s' has %zu characters; it must have 18 "
                       "(or 15 for an old-style number)"), q, len);
    for (pos = 0; pos < len; pos++)
        if (buf[pos] == 'X' && (len == 15 || pos != 17))
            return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                           PD_MSG("身份证号“%s”：第%zu位是X；X只能是18位号码的最后一位",
                "ID number '%s': character %zu is 'X'; X can only "
                           "be the last character of an 18-character number"),
                           q, pos + 1);

    if (len == 15) {
        /* address(6) + "19" + YYMMDD + sequence(3), then the check. */
        memcpy(info.number, buf, 6);
        memcpy(info.number + 6, "19", 2);
        memcpy(info.number + 8, buf + 6, 9);
        info.number[17] = pd_id_check_char(info.number);
        info.number[18] = '\0';
        info.converted15 = true;
    } else {
        memcpy(info.number, buf, 18);
        info.number[18] = '\0';
    }
    memcpy(info.address, info.number, 6);
    info.address[6] = '\0';
    info.birth.y = digits_val(info.number + 6, 4);
    info.birth.m = digits_val(info.number + 10, 2);
    info.birth.d = digits_val(info.number + 12, 2);
    if (!pd_date_valid(info.birth))
        return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                       PD_MSG("身份证号“%s”：其中的出生日期%.8s不是有效日期",
                "ID number '%s': the birth date in it, %.8s, is not a "
                       "real date"), q, info.number + 6);
    if (pd_date_valid(today) && pd_date_cmp(info.birth, today) > 0) {
        pd_date_format(info.birth, datebuf);
        pd_date_format(today, todaybuf);
        return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                       PD_MSG("身份证号“%s”：其中的出生日期%s晚于今天（%s）",
                "ID number '%s': the birth date in it, %s, is after "
                       "today (%s)"), q, datebuf, todaybuf);
    }
    if (!info.converted15) {
        char want = pd_id_check_char(info.number);
        if (want != info.number[17]) {
            bool zeros = memcmp(info.number + 15, "000", 3) == 0;
            return pd_fail(err, PD_EINVAL, PD_ID_FIELD,
                           PD_MSG("身份证号“%s”校验位不对：应为“%c”，现在是“%c”%s",
                "ID number '%s': wrong check character: expected "
                           "'%c', got '%c'%s"), q, want, info.number[17],
                           zeros ? PD_MSG("。号码以000结尾，电子表格把号码存成数字时会这样：请把这一列设为文本格式后重新输入号码",
                ". It ends in 000, as an ID does once a "
                                   "spreadsheet has stored it as a number and "
                                   "rounded it: the column must be formatted "
                                   "as text and the number typed again")
                                 : PD_MSG("，可能有数字输错了", "; a digit may be mistyped"));
        }
    }
    info.sex = (info.number[16] - '0') % 2 ? 1 : 2;
    info.normalised = changed;
    if (out)
        *out = info;
    return PD_OK;
}

static const char *sex_words(int sex)
{
    return sex == 1 ? PD_MSG("男", "male (男)") : PD_MSG("女", "female (女)");
}

pd_err pd_id_agrees(const struct pd_idinfo *id, int sex, struct pd_date birth,
                    struct pd_error *err)
{
    char a[PD_DATE_STRLEN], b[PD_DATE_STRLEN];

    if (!id)
        return pd_fail(err, PD_EINVAL, PD_ID_FIELD, PD_MSG("没有可核对的身份证号", "no ID number to compare"));
    if ((sex == 1 || sex == 2) && (id->sex == 1 || id->sex == 2) &&
        sex != id->sex)
        return pd_fail(err, PD_EINVAL, "sex",
                       PD_MSG("性别登记为%s，但身份证号%s显示为%s（第17位是%s）",
                "sex is recorded as %s but ID number %s says %s: "
                       "its 17th digit is %s"), sex_words(sex), id->number,
                       sex_words(id->sex), id->sex == 1 ? PD_MSG("单数", "odd") : PD_MSG("双数", "even"));
    if (!pd_date_is_empty(birth) && pd_date_cmp(birth, id->birth) != 0) {
        pd_date_format(birth, a);
        pd_date_format(id->birth, b);
        return pd_fail(err, PD_EINVAL, "birth_date",
                       PD_MSG("出生日期登记为%s，但身份证号%s显示为%s", "birth date is recorded as %s but ID number %s says %s"),
                       a, id->number, b);
    }
    return PD_OK;
}

void pd_id_mask(const char *number, char buf[PD_ID_BUFSZ])
{
    size_t len = number ? strlen(number) : 0;
    bool ascii = true;

    for (size_t i = 0; i < len; i++)
        if ((unsigned char)number[i] >= 0x80 || (unsigned char)number[i] < 0x20)
            ascii = false;
    if (len > PD_ID_LEN || !ascii) {
        memset(buf, '*', PD_ID_LEN);
        buf[PD_ID_LEN] = '\0';
        return;
    }
    if (len <= 10) {
        /* Showing 6 + 4 would show everything: hide it all. */
        memset(buf, '*', len);
        buf[len] = '\0';
        return;
    }
    memcpy(buf, number, 6);
    memset(buf + 6, '*', len - 10);
    memcpy(buf + len - 4, number + len - 4, 4);
    buf[len] = '\0';
}
