/* service_report.c - printed tables of the service and benefit cases (see
 * service_report.h). */
#include "report/service_report.h"

#include <stdio.h>
#include <string.h>

static struct pd_report *fail_free(struct pd_report *r)
{
    pd_report_free(&r);
    return NULL;
}

static pd_err kv(struct pd_report *r, const char *k, const char *v, struct pd_error *err)
{
    const char *cells[2] = { k, v };
    return pd_report_add_row(r, cells, err);
}

/* A new report titled office + what, with the given columns; bit i of
 * `right` right-aligns column i, of `keep` keeps it as text. */
static struct pd_report *table(const char *office, const char *what, const char *const *cols, int n,
                               unsigned right, unsigned keep, struct pd_error *err)
{
    char title[256];
    snprintf(title, sizeof title, "%s%s", office ? office : "", what);
    struct pd_report *r = pd_report_new(title);
    if (!r)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory"), NULL;
    for (int i = 0; i < n; i++)
        if (pd_report_add_col(r, cols[i], right & (1u << i) ? PD_ALIGN_RIGHT : PD_ALIGN_LEFT, 0,
                              (keep & (1u << i)) != 0, err) != PD_OK)
            return fail_free(r);
    return r;
}

struct ctx { struct pd_report *r; struct pd_error *err; pd_err rc; int n; long sum1, sum2; int counts[8]; };

/* ---- high-risk archives ------------------------------------------------------ */

static int risk_cb(void *p, const struct pd_risk_case *c)
{
    struct ctx *x = p;
    char num[24], ng[16];
    snprintf(num, sizeof num, "%lld", c->id);
    snprintf(ng, sizeof ng, "%d", c->nguidance);
    const char *cells[9] = { num, c->name, c->id_number, c->household, pd_svc_zh(PD_SVC_RISK, c->group),
                             c->date, c->closed[0] ? c->closed : "在档", ng,
                             c->last_guidance[0] ? c->last_guidance : "-" };
    x->rc = pd_report_add_row(x->r, cells, x->err);
    x->n++;
    return x->rc != PD_OK;
}

struct pd_report *pd_risk_list_report(struct pd_db *db, bool open_only, struct pd_date from,
                                      struct pd_date to, const char *office, struct pd_error *err)
{
    static const char *const cols[9] = { "编号", "姓名", "身份证号", "户编号", "高危类别", "建档日期",
                                         "结案", "指导次数", "最近指导" };
    struct pd_report *r = table(office, open_only ? "高危家庭在档名册" : "高危家庭档案名册", cols, 9,
                                1u | 1u << 7, 1u << 2 | 1u << 3, err);
    if (!r)
        return NULL;
    struct ctx x = { r, err, PD_OK, 0, 0, 0, { 0 } };
    pd_err rc = pd_risk_each(db, open_only, risk_cb, &x, err);
    if (rc == PD_OK)
        rc = x.rc;
    struct pd_svc_rate rate;
    if (rc == PD_OK)
        rc = pd_risk_coverage(db, from, to, &rate, err);
    char line[256], f[PD_DATE_STRLEN], t[PD_DATE_STRLEN], rt[64];
    if (rc == PD_OK) {
        pd_date_format(from, f);
        pd_date_format(to, t);
        pd_svc_rate_text(&rate, rt, sizeof rt);
        snprintf(line, sizeof line, "共 %d 件.  指导服务覆盖率 (%s 至 %s): 有指导记录的建档家庭 %lld / 建档家庭 %lld = %s",
                 x.n, f, t, rate.num, rate.den, rt);
        rc = pd_report_add_foot(r, line, err);
    }
    return rc == PD_OK ? r : fail_free(r);
}

struct pd_report *pd_risk_case_report(const struct pd_risk_case *c, const char *office,
                                      struct pd_error *err)
{
    char what[64], buf[512];
    snprintf(what, sizeof what, "高危家庭档案 %lld", c->id);
    static const char *const cols[2] = { "项目", "内容" };
    struct pd_report *r = table(office, what, cols, 2, 0, 2u, err);
    if (!r)
        return NULL;
    pd_err rc = kv(r, "姓名", c->name, err);
    rc = rc ? rc : kv(r, "身份证号", c->id_number, err);
    rc = rc ? rc : kv(r, "户编号", c->household, err);
    rc = rc ? rc : kv(r, "高危类别", pd_svc_zh(PD_SVC_RISK, c->group), err);
    rc = rc ? rc : kv(r, "计划再生育", c->planning ? "是" : "否", err);
    rc = rc ? rc : kv(r, "说明", c->note, err);
    rc = rc ? rc : kv(r, "建档日期", c->date, err);
    if (c->closed[0]) {
        snprintf(buf, sizeof buf, "%s (%s)", c->closed, c->close_reason);
        rc = rc ? rc : kv(r, "结案", buf, err);
    }
    if (rc == PD_OK)
        rc = pd_report_add_section(r, "指导服务记录", err);
    int n = c->nguidance < PD_RISK_GUIDANCE_MAX ? c->nguidance : PD_RISK_GUIDANCE_MAX;
    for (int i = 0; i < n && rc == PD_OK; i++) {
        const struct pd_risk_guidance_rec *g = &c->guidance[i];
        snprintf(buf, sizeof buf, "%s  %s  服务人员 %s  (%s)", pd_svc_zh(PD_SVC_GUIDANCE, g->kind),
                 g->notes[0] ? g->notes : "-", g->by, g->user);
        rc = kv(r, g->date, buf, err);
    }
    snprintf(buf, sizeof buf, "共 %d 次", c->nguidance);
    rc = rc ? rc : kv(r, "合计", buf, err);
    return rc == PD_OK ? r : fail_free(r);
}

/* ---- health services ---------------------------------------------------------- */

static int health_cb(void *p, const struct pd_health_rec *h)
{
    struct ctx *x = p;
    char num[24], qty[16];
    snprintf(num, sizeof num, "%lld", h->id);
    if (h->quantity)
        snprintf(qty, sizeof qty, "%d", h->quantity);
    else
        qty[0] = '\0';
    char detail[240];
    snprintf(detail, sizeof detail, "%s%s%s", h->result, h->result[0] && h->items[0] ? " " : "", h->items);
    const char *cells[10] = { num, h->name, h->id_number, pd_svc_zh(PD_SVC_HEALTH, h->kind), h->date,
                              h->quarter, detail, qty, h->provider, h->free ? "免费" : "收费" };
    x->rc = pd_report_add_row(x->r, cells, x->err);
    for (int i = 0; i < 5; i++) {
        const struct pd_svc_code *c = pd_svc_code_at(PD_SVC_HEALTH, i);
        if (c && strcmp(c->key, h->kind) == 0)
            x->counts[i]++;
    }
    x->n++;
    return x->rc != PD_OK;
}

struct pd_report *pd_health_list_report(struct pd_db *db, const struct pd_health_filter *f,
                                        const char *office, struct pd_error *err)
{
    static const char *const cols[10] = { "编号", "姓名", "身份证号", "服务项目", "日期", "季度",
                                          "结果/药具", "数量", "服务机构", "收费" };
    char what[128];
    snprintf(what, sizeof what, "妇女健康服务登记%s%s", f && f->quarter ? " " : "", f && f->quarter ? f->quarter : "");
    struct pd_report *r = table(office, what, cols, 10, 1u | 1u << 7, 1u << 2, err);
    if (!r)
        return NULL;
    struct ctx x = { r, err, PD_OK, 0, 0, 0, { 0 } };
    pd_err rc = pd_health_each(db, f, health_cb, &x, err);
    if (rc == PD_OK)
        rc = x.rc;
    char line[400] = "";
    int l = snprintf(line, sizeof line, "共 %d 条:", x.n);
    for (int i = 0; i < 5 && l > 0 && (size_t)l < sizeof line; i++) {
        const struct pd_svc_code *c = pd_svc_code_at(PD_SVC_HEALTH, i);
        l += snprintf(line + l, sizeof line - (size_t)l, " %s %d", c->zh, x.counts[i]);
    }
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, line, err);
    return rc == PD_OK ? r : fail_free(r);
}

/* ---- benefits ------------------------------------------------------------------ */

static const char *state_zh(const char *s)
{
    return strcmp(s, "applied") == 0 ? "待审批" : strcmp(s, "approved") == 0 ? "已批准"
         : strcmp(s, "refused") == 0 ? "不予批准" : strcmp(s, "paid") == 0 ? "已发放" : s;
}

static const char *prog_title(const struct pd_policy *pol, enum pd_benefit_prog p)
{
    if (pol && pol->benefit[p].configured && pol->benefit[p].title[0])
        return pol->benefit[p].title;
    return pd_benefit_prog_zh(p);
}

struct bctx { struct ctx x; const struct pd_policy *pol; bool all; };

static int ben_cb(void *p, const struct pd_benefit_case *c)
{
    struct bctx *b = p;
    struct ctx *x = &b->x;
    char num[24], amt[24], paid[24], what[200];
    snprintf(num, sizeof num, "%d", x->n + 1);
    bool granted = strcmp(c->state, "approved") == 0 || strcmp(c->state, "paid") == 0;
    snprintf(amt, sizeof amt, "%ld", c->amount);
    snprintf(paid, sizeof paid, "%ld", c->paid);
    if (b->all)
        snprintf(what, sizeof what, "%s/%s", prog_title(b->pol, c->prog), pd_benefit_cat_zh(c->prog, c->category));
    else
        snprintf(what, sizeof what, "%s", pd_benefit_cat_zh(c->prog, c->category));
    char caseno[24];
    snprintf(caseno, sizeof caseno, "%lld", c->id);
    const char *cells[11] = { num, caseno, c->name, strcmp(c->sex, "1") == 0 ? "男" : strcmp(c->sex, "2") == 0 ? "女" : "",
                              c->id_number, c->address, what, c->applied, state_zh(c->state), amt, paid };
    x->rc = pd_report_add_row(x->r, cells, x->err);
    x->n++;
    if (granted)
        x->sum1 += c->amount;
    x->sum2 += c->paid;
    return x->rc != PD_OK;
}

struct pd_report *pd_benefit_list_report(struct pd_db *db, const struct pd_policy *pol, int prog,
                                         const char *state, const char *office, struct pd_error *err)
{
    static const char *const cols[11] = { "序号", "申请编号", "姓名", "性别", "身份证号", "住址", "类别",
                                          "申请日期", "状态", "金额(元)", "已发放(元)" };
    char what[200];
    snprintf(what, sizeof what, "%s%s%s", prog >= 0 ? prog_title(pol, (enum pd_benefit_prog)prog) : "帮扶救助",
             state ? state_zh(state) : "", "台账");
    struct pd_report *r = table(office, what, cols, 11, 1u | 1u << 1 | 1u << 9 | 1u << 10, 1u << 4, err);
    if (!r)
        return NULL;
    struct bctx b = { { r, err, PD_OK, 0, 0, 0, { 0 } }, pol, prog < 0 };
    pd_err rc = pd_benefit_each(db, prog, state, ben_cb, &b, err);
    if (rc == PD_OK)
        rc = b.x.rc;
    char line[256];
    snprintf(line, sizeof line, "共 %d 件; 批准金额合计 %ld 元, 已发放合计 %ld 元, 待发放 %ld 元",
             b.x.n, b.x.sum1, b.x.sum2, b.x.sum1 - b.x.sum2);
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, line, err);
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, "负责人(签字): ______________    经办人(签字): ______________    "
                                   "日期: ____年__月__日", err);
    return rc == PD_OK ? r : fail_free(r);
}

struct pd_report *pd_benefit_case_report(const struct pd_benefit_case *c, const struct pd_policy *pol,
                                         const char *office, struct pd_error *err)
{
    char what[200], buf[2100];
    snprintf(what, sizeof what, "%s申请审批表 %lld", prog_title(pol, c->prog), c->id);
    static const char *const cols[2] = { "项目", "内容" };
    struct pd_report *r = table(office, what, cols, 2, 0, 2u, err);
    if (!r)
        return NULL;
    pd_err rc = kv(r, "申请人", c->name, err);
    rc = rc ? rc : kv(r, "身份证号", c->id_number, err);
    rc = rc ? rc : kv(r, "住址", c->address, err);
    rc = rc ? rc : kv(r, "类别", pd_benefit_cat_zh(c->prog, c->category), err);
    rc = rc ? rc : kv(r, "申请日期", c->applied, err);
    if (c->income >= 0) {
        snprintf(buf, sizeof buf, "%ld 元", c->income);
        rc = rc ? rc : kv(r, "人均年收入", buf, err);
    }
    if (c->cost >= 0) {
        snprintf(buf, sizeof buf, "%ld 元", c->cost);
        rc = rc ? rc : kv(r, "自付医疗费用", buf, err);
    }
    if (c->birth_date[0])
        rc = rc ? rc : kv(r, "分娩日期", c->birth_date, err);
    rc = rc ? rc : kv(r, "申请理由", c->reason, err);
    /* one row per condition, so no cell is cut in the text output */
    const char *p = c->checks;
    bool first = true;
    while (rc == PD_OK && *p) {
        const char *semi = strstr(p, "; [");
        size_t len = semi ? (size_t)(semi - p) : strlen(p);
        char cell[256];
        snprintf(cell, sizeof cell, "%.*s", (int)(len < sizeof cell ? len : sizeof cell - 1), p);
        char shown[512];    /* stored in English; the form is Chinese */
        pd_benefit_words_text(cell, "zh", shown, sizeof shown);
        rc = kv(r, first ? "条件核查(申请时)" : "", shown, err);
        first = false;
        p += len;
        if (semi)
            p += 2;
    }
    snprintf(buf, sizeof buf, "%ld 元", c->amount);
    rc = rc ? rc : kv(r, "金额", buf, err);
    rc = rc ? rc : kv(r, "状态", state_zh(c->state), err);
    if (c->decided[0]) {
        snprintf(buf, sizeof buf, "%s  %s  %s%s%s", c->decided, c->decided_by, c->reviewer,
                 c->decision_reason[0] ? "  理由: " : "", c->decision_reason);
        rc = rc ? rc : kv(r, "审批", buf, err);
    }
    if (rc == PD_OK)
        rc = pd_report_add_section(r, "发放记录", err);
    int n = c->npayments < PD_BEN_PAYMENTS ? c->npayments : PD_BEN_PAYMENTS;
    for (int i = 0; i < n && rc == PD_OK; i++) {
        snprintf(buf, sizeof buf, "%ld 元  凭证 %s  (%s)", c->payments[i].amount,
                 c->payments[i].receipt[0] ? c->payments[i].receipt : "-", c->payments[i].user);
        rc = kv(r, c->payments[i].date, buf, err);
    }
    snprintf(buf, sizeof buf, "已发放 %ld 元, 待发放 %ld 元", c->paid,
             strcmp(c->state, "approved") == 0 || strcmp(c->state, "paid") == 0 ? c->amount - c->paid : 0);
    rc = rc ? rc : kv(r, "合计", buf, err);
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, "申请人(签字): ______________    经办人(签字): ______________    "
                                   "审批人(签字): ______________", err);
    return rc == PD_OK ? r : fail_free(r);
}
