/* case_report.c - the case files as tables (see case_report.h). */
#include "report/case_report.h"
#include "core/idnum.h"

#include <stdio.h>
#include <string.h>

#include "core/approval.h"
#include "core/casefee.h"
#include "report/subsidy_list.h"

const char *pd_a19_docs_zh(unsigned mask, char *buf, size_t size)
{
    size_t n = 0;
    if (size)
        buf[0] = '\0';
    for (int i = 0; i < PD_DOC__COUNT; i++)
        if (mask & (1u << i)) {
            int w = snprintf(buf + n, size > n ? size - n : 0, "%s%s", n ? "、" : "",
                             pd_a19_doc_zh((enum pd_a19_doc)i));
            if (w > 0)
                n += (size_t)w;
        }
    if (n == 0 && size)
        pd_strlcpy(buf, "无", size);
    return buf;
}

static pd_err kv(struct pd_report *r, const char *k, const char *v, struct pd_error *err)
{
    const char *cells[2] = { k, v };
    return pd_report_add_row(r, cells, err);
}

static struct pd_report *fail_free(struct pd_report *r)
{
    pd_report_free(&r);
    return NULL;
}

/* A record printed as two columns, item and content: one application,
 * one fee case, one certificate stub. */
static struct pd_report *kv_report(const char *office, const char *what, struct pd_error *err)
{
    char title[256];
    snprintf(title, sizeof title, "%s%s", office ? office : "", what);
    struct pd_report *r = pd_report_new(title);
    if (!r)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory"), NULL;
    if (pd_report_add_col(r, "项目", PD_ALIGN_LEFT, 0, false, err) != PD_OK ||
        pd_report_add_col(r, "内容", PD_ALIGN_LEFT, 70, true, err) != PD_OK)
        return fail_free(r);
    return r;
}

/* ---- the lists: one builder ------------------------------------------------
 * Every list is the same table: a title after the office, columns (some
 * right-aligned, some kept as text for spreadsheets, one capped), rows from
 * a store walk, and "共 N 件/人" at the foot. */

struct list_spec {
    const char *what;               /* the title after the office */
    const char *const *cols;
    int ncols;
    unsigned right, keep;           /* column bits */
    int capped, cap;                /* column capped at cap display columns (-1: none) */
    const char *unit;               /* "件", "人" */
};

struct list_ctx {
    struct pd_report *r;
    struct pd_error *err;
    pd_err rc;
    int n;
};

static struct pd_report *list_new(const struct list_spec *sp, const char *office, const char *head,
                                  struct pd_error *err)
{
    char title[256];
    snprintf(title, sizeof title, "%s%s", office ? office : "", sp->what);
    struct pd_report *r = pd_report_new(title);
    if (!r)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory"), NULL;
    if (head && pd_report_add_head(r, head, err) != PD_OK)
        return fail_free(r);
    for (int i = 0; i < sp->ncols; i++)
        if (pd_report_add_col(r, sp->cols[i], sp->right & (1u << i) ? PD_ALIGN_RIGHT : PD_ALIGN_LEFT,
                              i == sp->capped ? sp->cap : 0, (sp->keep & (1u << i)) != 0, err) != PD_OK)
            return fail_free(r);
    return r;
}

/* After the walk (rc its result): the count at the foot, or the report freed. */
static struct pd_report *list_end(const struct list_spec *sp, struct list_ctx *x, pd_err rc,
                                  struct pd_error *err)
{
    if (rc == PD_OK)
        rc = x->rc;
    char foot[64];
    snprintf(foot, sizeof foot, "共 %d %s", x->n, sp->unit);
    if (rc == PD_OK)
        rc = pd_report_add_foot(x->r, foot, err);
    return rc == PD_OK ? x->r : fail_free(x->r);
}

static int add_row(struct list_ctx *x, const char *const *cells)
{
    x->rc = pd_report_add_row(x->r, cells, x->err);
    x->n++;
    return x->rc != PD_OK;
}

/* ---- second-child applications ---------------------------------------------- */

static const char *step_zh(const char *step)
{
    return strcmp(step, "village") == 0 ? "村(居)审核" : strcmp(step, "town") == 0 ? "乡镇(街道)审查"
                                                                                : "县级审批";
}

static const char *chk_zh(enum pd_chk s)
{
    return s == PD_CHK_MET ? "符合" : s == PD_CHK_NOT_MET ? "不符合" : "待核实";
}

static const char *sex_zh(const char *sex)
{
    return strcmp(sex, "1") == 0 ? "男" : strcmp(sex, "2") == 0 ? "女" : "";
}

/* The application's rows: who, what, the checks as the register stands,
 * each step taken.  `form`: the form to sign, with a line left for each
 * step not yet taken. */
static pd_err sc_body(struct pd_report *r, const struct pd_sc_case *c, const struct pd_a19_result *now,
                      bool form, struct pd_error *err)
{
    char buf[1024];
    pd_err rc = PD_OK;
    rc = rc ? rc : kv(r, "女方姓名", c->name, err);
    rc = rc ? rc : kv(r, "女方身份证号", c->id_number, err);
    rc = rc ? rc : kv(r, "男方姓名", c->spouse_name[0] ? c->spouse_name : "(未关联)", err);
    rc = rc ? rc : kv(r, "男方身份证号", c->spouse_id_number, err);
    rc = rc ? rc : kv(r, "户编号", c->household, err);
    rc = rc ? rc : kv(r, "再生育条件(条例第十九条)", pd_a19_zh(c->item), err);
    if (c->note[0])
        rc = rc ? rc : kv(r, "说明", c->note, err);
    rc = rc ? rc : kv(r, "申请日期", c->applied, err);
    rc = rc ? rc : kv(r, "已查验材料", pd_a19_docs_zh(c->documents, buf, sizeof buf), err);
    if (rc == PD_OK && now) {
        rc = pd_report_add_section(r, "系统核查(依据本村人口档案)", err);
        for (int i = 0; i < now->n && rc == PD_OK; i++) {
            /* the form is Chinese whatever language the session speaks */
            char w[512];
            pd_a19_words_text(now->c[i].words, "zh", w, sizeof w);
            rc = kv(r, chk_zh(now->c[i].state), w, err);
        }
        if (rc == PD_OK && now->docs_missing) {
            char d[512];
            rc = kv(r, "缺少材料", pd_a19_docs_zh(now->docs_missing, d, sizeof d), err);
        }
    }
    if (rc == PD_OK && form) {
        rc = kv(r, "申请人承诺", "以上情况属实，如有虚假愿承担责任。", err);
        rc = rc ? rc : kv(r, "申请人签字", "女方:                男方:                日期:", err);
    }
    if (rc == PD_OK)
        rc = pd_report_add_section(r, "审核审批", err);
    static const char *const order[3] = { "village", "town", "county" };
    for (int k = 0; k < 3 && rc == PD_OK; k++) {
        bool shown = false;
        for (int i = 0; i < c->nsteps && rc == PD_OK; i++) {
            const struct pd_sc_step *s = &c->steps[i];
            if (strcmp(s->step, order[k]) != 0)
                continue;
            snprintf(buf, sizeof buf, "%s %s  审核人: %s (%s)%s%s",
                     strcmp(s->decision, "approve") == 0 ? "同意" : "不同意", s->date,
                     s->reviewer[0] ? s->reviewer : "-", s->user, s->reason[0] ? "  理由: " : "", s->reason);
            rc = kv(r, step_zh(s->step), buf, err);
            shown = true;
        }
        /* the form leaves room for the steps still to come, until refused */
        if (rc == PD_OK && !shown && form && c->state != PD_CASE_REFUSED)
            rc = kv(r, step_zh(order[k]), "意见:                审核人签字:            日期:", err);
    }
    if (rc == PD_OK && c->nsteps == 0 && !form)
        rc = kv(r, "审核", "尚未审核", err);
    if (rc == PD_OK && c->state == PD_CASE_APPROVED)
        rc = kv(r, "生育证号", c->certificate, err);
    if (rc == PD_OK && c->state == PD_CASE_REFUSED)
        rc = kv(r, "不予批准理由", c->reason, err);
    return rc;
}

struct pd_report *pd_sc_case_report(const struct pd_sc_case *c, const struct pd_a19_result *now,
                                    const char *office, struct pd_error *err)
{
    char buf[256];
    struct pd_report *r = kv_report(office, c->state == PD_CASE_APPROVED ? "第二个子女生育证明(再生育审批表)"
                                                                          : "再生育审批表", err);
    if (!r)
        return NULL;
    snprintf(buf, sizeof buf, "申请编号: %lld   状态: %s", c->id, pd_case_state_zh(c->state));
    pd_err rc = pd_report_add_head(r, buf, err);
    rc = rc ? rc : sc_body(r, c, now, false, err);
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, "村(居)委会(盖章):            乡镇(街道)计生办(盖章):            县级人口计生部门(盖章):", err);
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, "经办人签字:                  日期:", err);
    return rc == PD_OK ? r : fail_free(r);
}

/* The date the county approved, "" before. */
static const char *approved_on(const struct pd_sc_case *c)
{
    for (int i = 0; i < c->nsteps; i++)
        if (strcmp(c->steps[i].step, "county") == 0 && strcmp(c->steps[i].decision, "approve") == 0)
            return c->steps[i].date;
    return "";
}

struct pd_report *pd_sc_form_report(const struct pd_sc_case *c, const struct pd_a19_result *now,
                                    const char *office, struct pd_error *err)
{
    char buf[512];
    struct pd_report *r = kv_report(office, "再生育申请审批表", err);
    if (!r)
        return NULL;
    snprintf(buf, sizeof buf, "申请编号: %lld   状态: %s   打印时以本村人口档案核查", c->id,
             pd_case_state_zh(c->state));
    pd_err rc = pd_report_add_head(r, buf, err);
    rc = rc ? rc : sc_body(r, c, now, true, err);
    if (rc == PD_OK && c->state == PD_CASE_APPROVED) {
        /* the stub the office keeps when the certificate is handed over */
        rc = pd_report_add_section(r, "- - - - - - - - 第二个子女生育证明(存根) - - - - - - - -", err);
        rc = rc ? rc : kv(r, "证号", c->certificate, err);
        rc = rc ? rc : kv(r, "发证日期", approved_on(c), err);
        char idb[PD_ID_BUFSZ];
        snprintf(buf, sizeof buf, "%s  身份证号 %s", c->name,
                 c->id_number[0] ? pd_report_id_shown(c->id_number, idb, sizeof idb) : "-");
        rc = rc ? rc : kv(r, "女方", buf, err);
        snprintf(buf, sizeof buf, "%s  身份证号 %s", c->spouse_name[0] ? c->spouse_name : "-",
                 c->spouse_id_number[0] ? pd_report_id_shown(c->spouse_id_number, idb, sizeof idb) : "-");
        rc = rc ? rc : kv(r, "男方", buf, err);
        rc = rc ? rc : kv(r, "批准条件", pd_a19_zh(c->item), err);
        snprintf(buf, sizeof buf, "再生育申请 %lld", c->id);
        rc = rc ? rc : kv(r, "依据", buf, err);
        rc = rc ? rc : kv(r, "领证人签字", "                      日期:", err);
    }
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, "村(居)委会(盖章):            乡镇(街道)计生办(盖章):            县级人口计生部门(盖章):", err);
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, "经办人签字:                  日期:", err);
    return rc == PD_OK ? r : fail_free(r);
}

struct pd_report *pd_cert_stub_report(const struct pd_cert_info *ci, const char *office,
                                      struct pd_error *err)
{
    const char *kind = pd_cert_kind_zh(ci->kind);
    if (!kind)
        return pd_fail(err, PD_EINVAL, "kind", "unknown certificate kind '%s'", ci->kind), NULL;
    char what[128], buf[512];
    snprintf(what, sizeof what, "%s(存根)", kind);
    struct pd_report *r = kv_report(office, what, err);
    if (!r)
        return NULL;
    bool onechild = strcmp(ci->kind, "onechild") == 0;
    snprintf(buf, sizeof buf, "证号: %s   发证日期: %s", ci->number, ci->date);
    pd_err rc = pd_report_add_head(r, buf, err);
    rc = rc ? rc : kv(r, "证号", ci->number, err);
    rc = rc ? rc : kv(r, "发证日期", ci->date, err);
    rc = rc ? rc : kv(r, onechild ? "持证人(父/母)" : "女方", ci->name, err);
    rc = rc ? rc : kv(r, "身份证号", ci->id_number, err);
    rc = rc ? rc : kv(r, "配偶", ci->spouse_name[0] ? ci->spouse_name : "-", err);
    rc = rc ? rc : kv(r, "配偶身份证号", ci->spouse_id_number, err);
    if (ci->marital_date[0])
        rc = rc ? rc : kv(r, "婚姻变动日期", ci->marital_date, err);
    rc = rc ? rc : kv(r, "住址", ci->address, err);
    rc = rc ? rc : kv(r, "户编号", ci->household, err);
    if (ci->child_name[0]) {
        snprintf(buf, sizeof buf, "%s  %s  %s", ci->child_name, sex_zh(ci->child_sex), ci->child_birth);
        rc = rc ? rc : kv(r, onechild ? "独生子女" : "子女", buf, err);
    } else if (onechild) {
        rc = rc ? rc : kv(r, "独生子女", "(未关联档案)", err);
    }
    if (ci->reason[0])
        rc = rc ? rc : kv(r, "发证依据", ci->reason, err);
    rc = rc ? rc : kv(r, "登记人", ci->user[0] ? ci->user : "-", err);
    rc = rc ? rc : kv(r, "领证人签字", "                      日期:", err);
    if (rc == PD_OK)
        rc = pd_report_add_foot(r, "发证机关(盖章):                      经办人签字:", err);
    return rc == PD_OK ? r : fail_free(r);
}

static const char *const sc_cols[8] = { "编号", "女方姓名", "女方身份证号", "男方姓名", "再生育条件",
                                        "申请日期", "状态", "证号/理由" };
static const struct list_spec sc_spec = { "再生育申请登记表", sc_cols, 8, 1u << 0, 1u << 2, 4, 24, "件" };

static int sc_row_cb(void *vctx, const struct pd_sc_case *c)
{
    char num[24];
    snprintf(num, sizeof num, "%lld", c->id);
    const char *cells[8] = { num, c->name, c->id_number, c->spouse_name, pd_a19_zh(c->item), c->applied,
                             pd_case_state_zh(c->state), c->state == PD_CASE_REFUSED ? c->reason : c->certificate };
    return add_row(vctx, cells);
}

struct pd_report *pd_sc_list_report(struct pd_db *db, const char *state, const char *office,
                                    struct pd_error *err)
{
    struct list_ctx x = { list_new(&sc_spec, office, NULL, err), err, PD_OK, 0 };
    if (!x.r)
        return NULL;
    return list_end(&sc_spec, &x, pd_sc_each(db, state, sc_row_cb, &x, err), err);
}

static const char *outcome_zh(const char *o)
{
    if (!o[0])
        return "待报";
    if (strcmp(o, "live_birth") == 0)
        return "活产";
    if (strcmp(o, "stillbirth") == 0)
        return "死胎死产";
    if (strcmp(o, "induced_abortion") == 0)
        return "人工流产";
    if (strcmp(o, "spontaneous_abortion") == 0)
        return "自然流产";
    return o;
}

struct pd_report *pd_preg_file_report(const struct pd_preg_file *f, const char *office,
                                      struct pd_error *err)
{
    char title[256], buf[512];
    snprintf(title, sizeof title, "%s孕情档案", office ? office : "");
    struct pd_report *r = pd_report_new(title);
    if (!r)
        return pd_fail(err, PD_ENOMEM, NULL, "out of memory"), NULL;
    pd_err rc = PD_OK;
    char idb[PD_ID_BUFSZ];
    snprintf(buf, sizeof buf, "姓名: %s   身份证号: %s   出生日期: %s   档案号: %s", f->name,
             pd_report_id_shown(f->id_number, idb, sizeof idb),
             f->birth_date, f->person);
    rc = pd_report_add_head(r, buf, err);
    snprintf(buf, sizeof buf, "户编号: %s   配偶: %s   现住址: %s", f->household,
             f->spouse_name[0] ? f->spouse_name : "-", f->cur_address[0] ? f->cur_address : "-");
    rc = rc ? rc : pd_report_add_head(r, buf, err);
    static const char *const cols[5] = { "随访日期", "孕周", "随访情况", "下次随访", "随访人" };
    for (int i = 0; i < 5 && rc == PD_OK; i++)
        rc = pd_report_add_col(r, cols[i], i == 1 ? PD_ALIGN_RIGHT : PD_ALIGN_LEFT, i == 2 ? 40 : 0, false, err);
    int shown = f->npreg < PD_PREG_MAX ? f->npreg : PD_PREG_MAX;
    for (int i = 0; i < shown && rc == PD_OK; i++) {
        const struct pd_preg_rec *g = &f->preg[i];
        snprintf(buf, sizeof buf, "孕情 %lld: 登记 %s  预产期 %s  生育证 %s  结局: %s%s%s", g->id, g->registered,
                 g->expected, g->certificate[0] ? g->certificate : "-", outcome_zh(g->outcome),
                 g->outcome_date[0] ? " " : "", g->outcome_date);
        rc = pd_report_add_section(r, buf, err);
        int nv = g->nvisits < PD_PREG_VISITS ? g->nvisits : PD_PREG_VISITS;
        for (int j = 0; j < nv && rc == PD_OK; j++) {
            const struct pd_preg_visit *v = &g->visits[j];
            char wk[16];
            snprintf(wk, sizeof wk, "%d", v->week);
            const char *cells[5] = { v->date, wk, v->findings, v->next, v->user };
            rc = pd_report_add_row(r, cells, err);
        }
        if (rc == PD_OK && g->nvisits == 0)
            rc = pd_report_add_section(r, "(尚无随访记录)", err);
    }
    if (rc == PD_OK && f->npreg == 0)
        rc = pd_report_add_section(r, "(无孕情记录)", err);
    if (rc == PD_OK && f->npreg > PD_PREG_MAX) {
        snprintf(buf, sizeof buf, "另有 %d 次较早孕情未列出", f->npreg - PD_PREG_MAX);
        rc = pd_report_add_foot(r, buf, err);
    }
    return rc == PD_OK ? r : fail_free(r);
}

static const char *const overdue_cols[10] = { "序号", "姓名", "身份证号", "户编号", "登记日期", "预产期",
                                               "超期天数", "末次随访", "孕周", "档案号" };
static const struct list_spec overdue_spec = { "预产期已过未报妊娠结局名单", overdue_cols, 10,
                                               1u << 0 | 1u << 6 | 1u << 8, 1u << 2 | 1u << 3, -1, 0, "人" };

static int overdue_cb(void *vctx, const struct pd_overdue_row *o)
{
    struct list_ctx *x = vctx;
    char num[24], days[24], wk[16];
    snprintf(num, sizeof num, "%d", x->n + 1);
    snprintf(days, sizeof days, "%d", o->days_over);
    snprintf(wk, sizeof wk, o->last_week ? "%d" : "", o->last_week);
    const char *cells[10] = { num, o->name, o->id_number, o->household, o->registered, o->expected, days,
                              o->last_visit[0] ? o->last_visit : "无", wk, o->person };
    return add_row(x, cells);
}

struct pd_report *pd_overdue_report(struct pd_db *db, struct pd_date on, const char *office,
                                    struct pd_error *err)
{
    char d[PD_DATE_STRLEN], head[128];
    pd_date_format(on, d);
    snprintf(head, sizeof head, "截至日期: %s", d);
    struct list_ctx x = { list_new(&overdue_spec, office, head, err), err, PD_OK, 0 };
    if (!x.r)
        return NULL;
    return list_end(&overdue_spec, &x, pd_overdue_each(db, on, overdue_cb, &x, err), err);
}

static const char *fee_kind_zh(const char *kind)
{
    return strcmp(kind, "unmarried") == 0 ? "非婚生育" : "超政策生育";
}

static const char *const fee_cols[9] = { "编号", "女方", "身份证号", "男方", "出生日期", "事由",
                                         "征收额(元)", "已缴(元)", "欠缴(元)" };
static const struct list_spec fee_spec = { "社会抚养费征收台账", fee_cols, 9, 1u << 0 | 0x7u << 6, 1u << 2,
                                           -1, 0, "件" };
static const struct list_spec fee_open_spec = { "社会抚养费未结案件", fee_cols, 9, 1u << 0 | 0x7u << 6,
                                                1u << 2, -1, 0, "件" };

static int fee_cb(void *vctx, const struct pd_fee_case *c)
{
    char num[24], a[24], p[24], o[24];
    snprintf(num, sizeof num, "%lld", c->id);
    snprintf(a, sizeof a, "%ld", c->amount);
    snprintf(p, sizeof p, "%ld", c->paid);
    snprintf(o, sizeof o, "%ld", c->outstanding);
    const char *cells[9] = { num, c->name, c->id_number, c->father_name, c->birth_date, fee_kind_zh(c->kind),
                             a, p, o };
    return add_row(vctx, cells);
}

struct pd_report *pd_fee_list_report(struct pd_db *db, bool open_only, const char *office,
                                     struct pd_error *err)
{
    const struct list_spec *sp = open_only ? &fee_open_spec : &fee_spec;
    struct list_ctx x = { list_new(sp, office, NULL, err), err, PD_OK, 0 };
    if (!x.r)
        return NULL;
    return list_end(sp, &x, pd_fee_each(db, open_only, fee_cb, &x, err), err);
}

struct pd_report *pd_fee_case_report(const struct pd_fee_case *c, const char *office,
                                     struct pd_error *err)
{
    char what[96], buf[512];
    snprintf(what, sizeof what, "社会抚养费征收案件 %lld", c->id);
    struct pd_report *r = kv_report(office, what, err);
    if (!r)
        return NULL;
    pd_err rc = PD_OK;
    rc = rc ? rc : kv(r, "女方", c->name, err);
    rc = rc ? rc : kv(r, "女方身份证号", c->id_number, err);
    rc = rc ? rc : kv(r, "男方", c->father_name[0] ? c->father_name : "(未在本村登记)", err);
    rc = rc ? rc : kv(r, "出生日期", c->birth_date, err);
    rc = rc ? rc : kv(r, "事由", fee_kind_zh(c->kind), err);
    if (rc == PD_OK) {
        char basis[sizeof c->basis * 2];
        pd_fee_basis_text(c->basis, "zh", basis, sizeof basis);
        rc = kv(r, "计算依据", basis, err);
    }
    snprintf(buf, sizeof buf, "%ld 元 (女方 %ld, 男方 %ld)", c->amount, c->mother_amount, c->father_amount);
    rc = rc ? rc : kv(r, "征收总额", buf, err);
    rc = rc ? rc : kv(r, "决定日期", c->date, err);
    if (rc == PD_OK)
        rc = pd_report_add_section(r, "缴纳记录", err);
    int np = c->npayments < PD_FEE_PAYMENTS ? c->npayments : PD_FEE_PAYMENTS;
    for (int i = 0; i < np && rc == PD_OK; i++) {
        snprintf(buf, sizeof buf, "%ld 元  收据 %s  (%s)", c->payments[i].amount,
                 c->payments[i].receipt[0] ? c->payments[i].receipt : "-", c->payments[i].user);
        rc = kv(r, c->payments[i].date, buf, err);
    }
    snprintf(buf, sizeof buf, "已缴 %ld 元, 欠缴 %ld 元", c->paid, c->outstanding);
    rc = rc ? rc : kv(r, "合计", buf, err);
    return rc == PD_OK ? r : fail_free(r);
}
