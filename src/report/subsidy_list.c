/* subsidy_list.c - the confirmation as a notice or a work list (see
 * subsidy_list.h). */
#include "report/subsidy_list.h"

#include <stdio.h>
#include <string.h>

#include "core/codes.h"
#include "core/idnum.h"

void pd_date_zh(struct pd_date d, char *buf, size_t size)
{
    if (pd_date_valid(d))
        snprintf(buf, size, "%d年%d月%d日", d.y, d.m, d.d);
    else if (size)
        buf[0] = '\0';
}

static const char *s(const char *x)
{
    return x ? x : "";
}

static const char *code_name(enum pd_codeset set, char code)
{
    char c[2] = { code, '\0' };
    const char *n = code ? pd_code_name(set, c) : NULL;
    return n ? n : "";
}

static const char *section_no(int i)
{
    static const char *const n[] = { "一", "二", "三" };
    return i >= 0 && i < 3 ? n[i] : "";
}

/* 项目类别: "奖扶·独生子女" */
static void programme_cell(const struct pd_confirm_row *r, char *buf, size_t size)
{
    const char *cat = pd_subsidy_category_words(r->result.category, "zh");
    snprintf(buf, size, "%s%s%s", pd_programme_short(r->result.prog), cat[0] ? "·" : "", cat);
}

/* The first failing condition: one reason is what a notice board shows. */
static void leaving_reason(const struct pd_confirm_row *r, char *buf, size_t size)
{
    buf[0] = '\0';
    for (int i = 0; i < r->result.ncond; i++)
        if (!r->result.cond[i].ok) {
            pd_subsidy_cond_words(&r->result.cond[i], "zh", buf, size);
            return;
        }
}

static pd_err title_of(const struct pd_confirmation *c, const struct pd_policy *p,
                       const struct pd_notice_info *info, const char *what, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s%s%d年度%s%s", s(info->district), s(info->township), s(info->village),
             c->year, p->prog[c->prog].title, what);
    return PD_OK;
}

static pd_err sections(struct pd_report *rep, const struct pd_confirmation *c, int status,
                       struct pd_error *err)
{
    char line[128];
    static const char *const what[] = { "新增对象", "续发对象", "退出对象" };
    snprintf(line, sizeof line, "%s、%s(%d人)", section_no(status), what[status], c->count[status]);
    return pd_report_add_section(rep, line, err);
}

static void amount_text(long yuan, char *buf, size_t size)
{
    snprintf(buf, size, "%ld", yuan);
}

struct pd_report *pd_subsidy_notice(const struct pd_confirmation *c, const struct pd_policy *p,
                                    const struct pd_notice_info *info, struct pd_error *err)
{
    char title[512];
    title_of(c, p, info, "对象公示名单", title, sizeof title);
    struct pd_report *rep = pd_report_new(title);
    if (!rep) {
        pd_fail(err, PD_ENOMEM, NULL, "out of memory building the notice");
        return NULL;
    }
    static const struct { const char *t; enum pd_align a; int max; bool keep; } cols[] = {
        { "序号", PD_ALIGN_RIGHT, 0, false },
        { "街道(乡镇)", PD_ALIGN_LEFT, 16, false },
        { "村(社区)", PD_ALIGN_LEFT, 16, false },
        { "姓名", PD_ALIGN_LEFT, 12, false },
        { "性别", PD_ALIGN_CENTER, 0, false },
        { "出生日期", PD_ALIGN_LEFT, 0, false },
        { "身份证号", PD_ALIGN_LEFT, 0, false },
        { "配偶", PD_ALIGN_LEFT, 12, false },
        { "户口性质", PD_ALIGN_LEFT, 0, false },
        { "现有子女", PD_ALIGN_LEFT, 0, false },
        { "项目及类别", PD_ALIGN_LEFT, 0, false },
        { "确认情况", PD_ALIGN_LEFT, 36, false },
        { "年金额(元)", PD_ALIGN_RIGHT, 0, false },
    };
    pd_err rc = PD_OK;
    for (size_t i = 0; i < sizeof cols / sizeof cols[0] && rc == PD_OK; i++)
        rc = pd_report_add_col(rep, cols[i].t, cols[i].a, cols[i].max, cols[i].keep, err);
    int no = 0;
    for (int st = 0; st < PD_CONFIRM__COUNT && rc == PD_OK; st++) {
        if (!c->count[st])
            continue;
        rc = sections(rep, c, st, err);
        for (int i = 0; i < c->nrows && rc == PD_OK; i++) {
            const struct pd_confirm_row *r = &c->rows[i];
            if ((int)r->status != st)
                continue;
            const struct pd_person_facts *f = &r->facts;
            char num[16], birth[PD_DATE_STRLEN], id[PD_ID_BUFSZ], kids[64], prog[96], state[256], amount[24];
            snprintf(num, sizeof num, "%d", ++no);
            pd_date_format(f->birth, birth);
            pd_id_mask(f->id_number, id);
            if (!f->id_number[0])
                id[0] = '\0';
            pd_subsidy_children_words(f, kids, sizeof kids);
            programme_cell(r, prog, sizeof prog);
            if (r->status == PD_CONFIRM_LEAVING) {
                char why[200];
                leaving_reason(r, why, sizeof why);
                snprintf(state, sizeof state, "退出:%s", why);
                snprintf(amount, sizeof amount, "0");
            } else {
                snprintf(state, sizeof state, "%s", pd_confirm_status_words(r->status, "zh"));
                amount_text(r->result.yearly, amount, sizeof amount);
            }
            const char *cells[] = {
                num, s(info->township), s(info->village), f->name, code_name(PD_CODES_SEX, f->sex),
                birth, id, f->spouse_name, code_name(PD_CODES_REGISTRATION, f->reg_type), kids, prog,
                state, amount,
            };
            rc = pd_report_add_row(rep, cells, err);
        }
    }
    char line[512], d1[40], d2[40];
    if (rc == PD_OK) {
        snprintf(line, sizeof line, "项目: %s   年度: %d   新增 %d 人, 续发 %d 人, 退出 %d 人",
                 pd_programme_short(c->prog), c->year, c->count[PD_CONFIRM_NEW],
                 c->count[PD_CONFIRM_CONTINUING], c->count[PD_CONFIRM_LEAVING]);
        rc = pd_report_add_head(rep, line, err);
    }
    if (rc == PD_OK) {
        snprintf(line, sizeof line, "合计: 扶助 %d 人, 年金额 %ld 元",
                 c->count[PD_CONFIRM_NEW] + c->count[PD_CONFIRM_CONTINUING],
                 c->amount[PD_CONFIRM_NEW] + c->amount[PD_CONFIRM_CONTINUING]);
        rc = pd_report_add_foot(rep, line, err);
    }
    if (rc == PD_OK) {
        int days = info->days > 0 ? info->days : 7;
        pd_date_zh(info->start, d1, sizeof d1);
        pd_date_zh(pd_date_add_days(info->start, days - 1), d2, sizeof d2);
        snprintf(line, sizeof line, "公示期: %s至%s(%d天)。对名单如有异议, 请在公示期内向下列电话反映。",
                 d1, d2, days);
        rc = pd_report_add_foot(rep, line, err);
    }
    if (rc == PD_OK) {
        size_t n = (size_t)snprintf(line, sizeof line, "监督电话:");
        if (s(info->phone_village)[0])
            n += (size_t)snprintf(line + n, sizeof line - n, " 村(社区) %s", info->phone_village);
        if (s(info->phone_town)[0] && n < sizeof line)
            n += (size_t)snprintf(line + n, sizeof line - n, "   街道(乡镇) %s", info->phone_town);
        if (s(info->phone_county)[0] && n < sizeof line)
            snprintf(line + n, sizeof line - n, "   区(县) %s", info->phone_county);
        rc = pd_report_add_foot(rep, line, err);
    }
    if (rc == PD_OK && s(info->place)[0]) {
        snprintf(line, sizeof line, "公示地点: %s", info->place);
        rc = pd_report_add_foot(rep, line, err);
    }
    if (rc == PD_OK) {
        snprintf(line, sizeof line, "%s(盖章)        %s", s(info->village), d1);
        rc = pd_report_add_foot(rep, line, err);
    }
    if (rc == PD_OK)
        rc = pd_report_add_foot(rep, "负责人(签字): ______________    经办人(签字): ______________    "
                                "审核人(签字): ______________", err);
    if (rc != PD_OK)
        pd_report_free(&rep);
    return rep;
}

struct pd_report *pd_subsidy_worklist(const struct pd_confirmation *c, const struct pd_policy *p,
                                      const struct pd_notice_info *info, struct pd_error *err)
{
    char title[512];
    title_of(c, p, info, "资格确认名单", title, sizeof title);
    struct pd_report *rep = pd_report_new(title);
    if (!rep) {
        pd_fail(err, PD_ENOMEM, NULL, "out of memory building the list");
        return NULL;
    }
    static const struct { const char *t; enum pd_align a; int max; bool keep; } cols[] = {
        { "序号", PD_ALIGN_RIGHT, 0, false },
        { "人员编号", PD_ALIGN_LEFT, 0, false },
        { "姓名", PD_ALIGN_LEFT, 12, false },
        { "性别", PD_ALIGN_CENTER, 0, false },
        { "出生日期", PD_ALIGN_LEFT, 0, false },
        { "身份证号", PD_ALIGN_LEFT, 0, true },
        { "户编号", PD_ALIGN_LEFT, 0, true },
        { "现有子女", PD_ALIGN_LEFT, 0, false },
        { "项目及类别", PD_ALIGN_LEFT, 0, false },
        { "确认情况", PD_ALIGN_LEFT, 0, false },
        { "不符合的条件", PD_ALIGN_LEFT, 60, false },
        { "年金额(元)", PD_ALIGN_RIGHT, 0, false },
        { "审批", PD_ALIGN_LEFT, 0, false },
    };
    pd_err rc = PD_OK;
    for (size_t i = 0; i < sizeof cols / sizeof cols[0] && rc == PD_OK; i++)
        rc = pd_report_add_col(rep, cols[i].t, cols[i].a, cols[i].max, cols[i].keep, err);
    for (int i = 0; i < c->nrows && rc == PD_OK; i++) {
        const struct pd_confirm_row *r = &c->rows[i];
        const struct pd_person_facts *f = &r->facts;
        char num[16], birth[PD_DATE_STRLEN], kids[64], prog[96], why[512], amount[24], dec[64];
        snprintf(num, sizeof num, "%d", i + 1);
        pd_date_format(f->birth, birth);
        pd_subsidy_children_words(f, kids, sizeof kids);
        programme_cell(r, prog, sizeof prog);
        pd_subsidy_reasons(&r->result, "zh", true, why, sizeof why);
        amount_text(r->status == PD_CONFIRM_LEAVING ? 0 : r->result.yearly, amount, sizeof amount);
        if (strcmp(r->decision, "approve") == 0)
            snprintf(dec, sizeof dec, "批准 %s", r->decided_on);
        else if (strcmp(r->decision, "reject") == 0)
            snprintf(dec, sizeof dec, "%s %s", r->status == PD_CONFIRM_LEAVING ? "停发" : "不批准",
                     r->decided_on);
        else
            snprintf(dec, sizeof dec, "待审批");
        const char *cells[] = {
            num, f->pid, f->name, code_name(PD_CODES_SEX, f->sex), birth, f->id_number, f->household,
            kids, prog, pd_confirm_status_words(r->status, "zh"), why, amount, dec,
        };
        rc = pd_report_add_row(rep, cells, err);
    }
    char line[512];
    if (rc == PD_OK) {
        snprintf(line, sizeof line, "新增 %d 人 %ld 元; 续发 %d 人 %ld 元; 退出 %d 人 (上年 %ld 元); "
                 "已批准 %d, 未批准/停发 %d, 待审批 %d",
                 c->count[PD_CONFIRM_NEW], c->amount[PD_CONFIRM_NEW], c->count[PD_CONFIRM_CONTINUING],
                 c->amount[PD_CONFIRM_CONTINUING], c->count[PD_CONFIRM_LEAVING], c->amount[PD_CONFIRM_LEAVING],
                 c->approved, c->rejected, c->undecided);
        rc = pd_report_add_head(rep, line, err);
    }
    if (rc != PD_OK)
        pd_report_free(&rep);
    return rep;
}
