/* event.c - event types, their data fields and checks (see event.h). */
#include "core/event.h"
#include "core/i18n.h"

#include <string.h>

#include "core/approval.h"
#include "core/casefee.h"
#include "core/idnum.h"
#include "core/services.h"

#define T(key, zh, en, len, fl) { key, zh, en, PD_F_TEXT, 0, fl, len, 0, NULL, NULL }
#define D(key, zh, en, fl)      { key, zh, en, PD_F_DATE, 0, fl, 0, 0, NULL, NULL }
#define E(key, zh, en, fl, ch)  { key, zh, en, PD_F_ENUM, 0, fl, 0, 0, ch, NULL }
#define R(key, zh, en, fl)      { key, zh, en, PD_F_REF, 0, fl, 0, 0, NULL, NULL }
#define F(key, zh, en)          { key, zh, en, PD_F_FLAG, 0, 0, 0, 0, NULL, NULL }
#define REQ PD_FF_REQUIRED
#define SET(name, arr) static const struct pd_fieldset name = { #name, arr, sizeof arr / sizeof arr[0] }

static const struct pd_field f_birth[] = {
    R("mother", "母亲", "mother (person id)", REQ),
    R("father", "父亲", "father (person id)", 0),
    { "birth_order", "孩次", "birth order", PD_F_INT, 0, 0, 20, 1, NULL, NULL },
    F("adopted", "收养", "legally adopted"),
};
static const struct pd_field f_death[] = {
    D("date", "死亡日期", "date of death", REQ),
    T("cause", "死亡原因", "cause", 200, 0),
};
static const struct pd_field f_move_in[] = {
    D("date", "迁入日期", "date moved in", REQ),
    T("from", "迁出地", "moved from", 200, 0),
};
static const struct pd_field f_move_out[] = {
    D("date", "迁出日期", "date moved out", REQ),
    T("to", "迁往地", "moved to", 200, 0),
};
static const struct pd_field f_marriage[] = {
    E("change", "变动类型", "change", REQ, "first|remarry|reunite|divorce|widowed"),
    D("date", "变动日期", "date", REQ),
    T("spouse_name", "配偶姓名", "spouse name", 64, 0),
    { "spouse_id_number", "配偶身份证号", "spouse ID number", PD_F_ID, 0, 0, 0, 0, NULL, NULL },
    R("spouse", "配偶", "spouse (person id)", 0),
};
static const struct pd_field f_child[] = {
    T("name", "子女姓名", "child's name", 64, 0),
    { "sex", "性别", "sex", PD_F_CODE, PD_CODES_SEX, REQ, 0, 0, NULL, NULL },
    D("birth_date", "出生日期", "date of birth", REQ),
    F("alive", "健在", "alive"),
    D("death_date", "死亡日期", "date of death", 0),
    F("adopted", "收养", "adopted"),
    { "disability_grade", "残疾等级", "disability grade", PD_F_INT, 0, 0, 4, 1, NULL, NULL },
    F("within_policy", "政策内", "within policy"),
    R("child", "子女档案", "child (person id)", 0),
};
static const struct pd_field f_enter[] = {
    D("date", "日期", "date", REQ),
    E("reason", "原因", "reason", REQ, "age15|move_in|migrant|other"),
};
static const struct pd_field f_leave[] = {
    D("date", "日期", "date", REQ),
    E("reason", "原因", "reason", REQ, "age50|move_out|death|migrant|other"),
};
static const struct pd_field f_contra[] = {
    { "method", "避孕方法", "method", PD_F_CODE, PD_CODES_CONTRACEPTION, REQ, 0, 0, NULL, NULL },
    D("start", "开始日期", "start", REQ),
    D("end", "结束日期", "end", 0),
    T("provider", "服务机构", "provider", 100, 0),
};
static const struct pd_field f_preg[] = {
    D("registered", "登记日期", "registered", REQ),
    D("expected", "预产期", "expected date", REQ | PD_FF_FUTURE),
    T("certificate", "生育证号", "birth certificate no.", 40, 0),
};
static const struct pd_field f_outcome[] = {
    { "pregnancy", "怀孕记录", "pregnancy record", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
    E("outcome", "结局", "outcome", REQ, "live_birth|stillbirth|induced_abortion|spontaneous_abortion"),
    D("date", "日期", "date", REQ),
};
static const struct pd_field f_arrive[] = {
    D("date", "流入日期", "date arrived", REQ),
    T("from", "户籍地", "registered in", 200, 0),
    T("cert_number", "婚育证明编号", "certificate no.", 40, 0),
    T("cert_authority", "发证机关", "issued by", 100, 0),
    D("cert_issue", "发证日期", "issued on", 0),
    D("cert_expiry", "有效期至", "valid until", PD_FF_FUTURE),
    D("cert_presented", "验证日期", "presented on", 0),
};
static const struct pd_field f_mleave[] = {
    D("date", "离开日期", "date left", REQ),
    T("to", "去向", "went to", 200, 0),
};
static const struct pd_field f_cert[] = {
    E("kind", "证件类别", "certificate", REQ, "onechild|first_child|second_child"),
    T("number", "证号", "number", 40, REQ),
    D("date", "发证日期", "date issued", REQ),
    T("reason", "再生育理由", "reason (Article 19 item)", 200, 0),
    R("child", "子女", "child (person id)", 0),
};
static const struct pd_field f_correct[] = {
    T("reason", "更正原因", "reason", 200, REQ),
};
/* person.merge: ev->person is the duplicate record, retired; `into` is the
 * record kept, which takes over its children, methods, pregnancies,
 * certificates and any field it lacks (docs/STATISTICS.md, "Duplicates"). */
static const struct pd_field f_merge[] = {
    R("into", "保留档案", "record kept (person id)", REQ),
    T("reason", "合并原因", "reason", 200, REQ),
};
/* subsidy.decision: a supervisor's decision on one person's subsidy for a
 * year (docs/POLICY.md, "Annual confirmation") */
static const struct pd_field f_decision[] = {
    E("programme", "扶助项目", "programme", REQ, "reward|special|onechild"),
    { "year", "年度", "year", PD_F_INT, 0, REQ, 2100, 1990, NULL, NULL },
    E("decision", "审批结果", "decision", REQ, "approve|reject"),
    E("category", "类别", "category", 0,
      "one_child|two_daughters|all_died|child_died|child_disabled|certificate"),
    E("status", "确认情况", "new, continuing or leaving", 0, "new|continuing|leaving"),
    { "amount", "年扶助金额", "yearly amount (yuan)", PD_F_INT, 0, 0, 1000000, 0, NULL, NULL },
    T("reason", "理由", "reason (required to reject)", 200, 0),
    D("date", "审批日期", "date decided", REQ),
};
/* crosscheck.answer: the clerk's answer to a district cross-check request
 * (协查, a pull update of type crosscheck.request; docs/SYNC.md "Pull") */
static const struct pd_field f_crosscheck[] = {
    T("update", "协查编号", "the district's update id", 128, REQ),
    { "id_number", "身份证号", "ID number asked about", PD_F_ID, 0, 0, 0, 0, NULL, NULL },
    T("answer", "回复", "answer", 2000, REQ),
    F("found", "本地有档", "the person is in this register"),
};
/* second_child.apply: the wife applies (docs/CASES.md); the store adds
 * `case` (the application's number) and `checks` (the automatic conditions
 * in words, as found when applying). */
static const struct pd_field f_sc_apply[] = {
    E("item", "再生育条件", "Article 19 item", REQ, PD_A19_CHOICES),
    D("date", "申请日期", "date applied", REQ),
    T("documents", "已查验材料", "documents checked (comma-separated)", 400, 0),
    T("note", "说明", "note (required for other items)", 200, 0),
    { "case", "申请编号", "application number", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
    T("checks", "自动核查", "automatic checks in words", 2000, 0),
};
/* second_child.review: one step (village, town, county) of an application */
static const struct pd_field f_sc_review[] = {
    { "case", "申请编号", "application number", PD_F_INT, 0, REQ, 2000000000, 1, NULL, NULL },
    E("step", "审批环节", "step", REQ, PD_CASE_STEPS),
    E("decision", "审批结果", "decision", REQ, "approve|refuse"),
    D("date", "审批日期", "date", REQ),
    T("reviewer", "审核人", "reviewer (name)", 64, 0),
    T("reason", "理由", "reason (required to refuse)", 200, 0),
    T("certificate", "生育证号", "second-child certificate no. (county approval)", 40, 0),
    T("documents", "已查验材料", "documents checked (comma-separated)", 400, 0),
};
static const struct pd_field f_visit[] = {
    { "pregnancy", "怀孕记录", "pregnancy record", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
    D("date", "随访日期", "date of the visit", REQ),
    { "week", "孕周", "week of pregnancy", PD_F_INT, 0, REQ, 45, 1, NULL, NULL },
    T("findings", "随访情况", "findings", 200, 0),
    D("next", "下次随访", "next visit", PD_FF_FUTURE),
};
/* fee.levy: the levy decision as computed from the policy file when made */
static const struct pd_field f_levy[] = {
    { "case", "案件编号", "case number", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
    E("kind", "征收事由", "kind", REQ, PD_FEE_KINDS),
    D("birth_date", "出生日期", "date of the birth", REQ),
    R("child", "子女", "child (person id)", 0),
    R("father", "父亲", "father (person id)", 0),
    { "extra", "多生子女数", "children beyond policy", PD_F_INT, 0, 0, 10, 1, NULL, NULL },
    { "multiple", "倍数", "multiple of the base", PD_F_INT, 0, REQ, 200, 1, NULL, NULL },
    { "base_year", "基数年度", "base period (first year)", PD_F_INT, 0, REQ, 2100, 1990, NULL, NULL },
    { "mother_amount", "女方金额", "mother's amount (yuan)", PD_F_INT, 0, REQ, 1000000000, 0, NULL, NULL },
    { "father_amount", "男方金额", "father's amount (yuan)", PD_F_INT, 0, 0, 1000000000, 0, NULL, NULL },
    { "amount", "征收总额", "total (yuan)", PD_F_INT, 0, REQ, 2000000000, 1, NULL, NULL },
    T("basis", "计算依据", "computation in words", 400, 0),
    D("date", "决定日期", "date decided", REQ),
};
static const struct pd_field f_payment[] = {
    { "case", "案件编号", "case number", PD_F_INT, 0, REQ, 2000000000, 1, NULL, NULL },
    { "amount", "缴纳金额", "amount paid (yuan)", PD_F_INT, 0, REQ, 1000000000, 1, NULL, NULL },
    D("date", "缴纳日期", "date paid", REQ),
    T("receipt", "收据号", "receipt no.", 40, 0),
};
/* risk.archive: a high-risk family archived (docs/CASES.md "High-risk
 * archives"); the store adds `case` (the archive's number). */
static const struct pd_field f_risk_archive[] = {
    E("group", "高危类别", "high-risk group", REQ, PD_RISK_GROUPS),
    D("date", "建档日期", "date archived", REQ),
    F("planning", "计划再生育", "planning another birth"),
    T("note", "说明", "note (required for other)", 200, 0),
    { "case", "档案编号", "archive number", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
};
/* risk.guidance: one guidance service given; `case` defaults to the
 * person's open archive (the store fills it in) */
static const struct pd_field f_risk_guidance[] = {
    { "case", "档案编号", "archive number", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
    D("date", "服务日期", "date of the service", REQ),
    E("kind", "服务方式", "kind of guidance", REQ, PD_GUIDANCE_KINDS),
    T("notes", "服务内容", "notes", 400, 0),
    T("by", "服务人员", "given by (name)", 64, REQ),
};
static const struct pd_field f_risk_close[] = {
    { "case", "档案编号", "archive number", PD_F_INT, 0, REQ, 2000000000, 1, NULL, NULL },
    D("date", "结案日期", "date closed", REQ),
    T("reason", "结案原因", "reason", 200, REQ),
};
/* health.service: one women's health service; `free` absent means free;
 * the store adds `quarter` to a check (三查) when not given and `record` */
static const struct pd_field f_health[] = {
    E("kind", "服务项目", "kind of service", REQ, PD_HEALTH_KINDS),
    D("date", "服务日期", "date of the service", REQ),
    T("quarter", "季度", "quarter (checks: 2012Q3)", 6, 0),
    T("result", "结果", "result", 100, 0),
    T("items", "药具名称", "supplies handed out", 100, 0),
    { "quantity", "数量", "quantity", PD_F_INT, 0, 0, 10000, 1, NULL, NULL },
    T("provider", "服务机构", "provider", 100, 0),
    F("free", "免费", "free of charge"),
    T("note", "说明", "note", 200, 0),
    { "record", "记录编号", "record number", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
};
/* benefit.apply: an application for one of the other benefits; the store
 * adds `case`, `amount` (from the policy file; welfare_fund: the amount
 * asked) and `checks` (the conditions in words) */
static const struct pd_field f_ben_apply[] = {
    E("programme", "帮扶项目", "programme", REQ, PD_BEN_PROG_CHOICES),
    E("category", "类别", "category", REQ, PD_BEN_CAT_CHOICES),
    D("date", "申请日期", "date applied", REQ),
    { "amount", "金额", "amount (yuan)", PD_F_INT, 0, 0, 1000000, 0, NULL, NULL },
    { "income", "人均年收入", "yearly income per head stated (yuan)", PD_F_INT, 0, 0, 100000000, 0, NULL, NULL },
    { "cost", "自付医疗费用", "own medical costs stated (yuan)", PD_F_INT, 0, 0, 100000000, 0, NULL, NULL },
    D("birth_date", "分娩日期", "date of the birth (migrant_birth)", 0),
    R("child", "子女", "child (person id)", 0),
    T("reason", "申请理由", "reason", 200, 0),
    { "case", "申请编号", "application number", PD_F_INT, 0, 0, 2000000000, 1, NULL, NULL },
    T("checks", "自动核查", "conditions in words", 2000, 0),
};
/* benefit.decide: a supervisor approves or refuses (the store checks the role) */
static const struct pd_field f_ben_decide[] = {
    { "case", "申请编号", "application number", PD_F_INT, 0, REQ, 2000000000, 1, NULL, NULL },
    E("decision", "审批结果", "decision", REQ, "approve|refuse"),
    D("date", "审批日期", "date decided", REQ),
    { "amount", "核定金额", "amount approved (yuan)", PD_F_INT, 0, 0, 1000000, 0, NULL, NULL },
    T("reason", "理由", "reason (required to refuse)", 200, 0),
    T("reviewer", "审批人", "reviewer (name)", 64, 0),
};
static const struct pd_field f_ben_pay[] = {
    { "case", "申请编号", "application number", PD_F_INT, 0, REQ, 2000000000, 1, NULL, NULL },
    { "amount", "发放金额", "amount paid (yuan)", PD_F_INT, 0, REQ, 1000000, 1, NULL, NULL },
    D("date", "发放日期", "date paid", REQ),
    T("receipt", "凭证号", "receipt no.", 40, 0),
};
static const struct pd_field f_none[] = { T("", "", "", 0, 0) };

SET(ev_birth, f_birth);       SET(ev_death, f_death);
SET(ev_move_in, f_move_in);   SET(ev_move_out, f_move_out);
SET(ev_marriage, f_marriage); SET(ev_child, f_child);
SET(ev_enter, f_enter);       SET(ev_leave, f_leave);
SET(ev_contra, f_contra);     SET(ev_preg, f_preg);
SET(ev_outcome, f_outcome);   SET(ev_arrive, f_arrive);
SET(ev_mleave, f_mleave);     SET(ev_cert, f_cert);
SET(ev_correct, f_correct);   SET(ev_merge, f_merge);
SET(ev_decision, f_decision); SET(ev_crosscheck, f_crosscheck);
SET(ev_sc_apply, f_sc_apply); SET(ev_sc_review, f_sc_review);
SET(ev_visit, f_visit);       SET(ev_levy, f_levy);
SET(ev_payment, f_payment);
SET(ev_risk_archive, f_risk_archive); SET(ev_risk_guidance, f_risk_guidance);
SET(ev_risk_close, f_risk_close); SET(ev_health, f_health);
SET(ev_ben_apply, f_ben_apply); SET(ev_ben_decide, f_ben_decide);
SET(ev_ben_pay, f_ben_pay);
static const struct pd_fieldset ev_none = { "event", f_none, 0 };

static const struct pd_event_type types[PD_EV__COUNT] = {
    { PD_EV_HOUSEHOLD_ADD,   "household.add",   "立户", "new household", PD_EVT_NEW_HOUSEHOLD, &pd_household_fields, false },
    { PD_EV_PERSON_ADD,      "person.add",      "登记人口", "person registered", PD_EVT_NEW_PERSON, &ev_none, true },
    { PD_EV_PERSON_BIRTH,    "person.birth",    "出生", "birth", PD_EVT_NEW_PERSON, &ev_birth, true },
    { PD_EV_PERSON_DEATH,    "person.death",    "死亡", "death", PD_EVT_PERSON, &ev_death, false },
    { PD_EV_PERSON_MOVE_IN,  "person.move_in",  "迁入", "move in", PD_EVT_NEW_PERSON, &ev_move_in, true },
    { PD_EV_PERSON_MOVE_OUT, "person.move_out", "迁出", "move out", PD_EVT_PERSON, &ev_move_out, false },
    { PD_EV_PERSON_MARRIAGE, "person.marriage", "婚姻变动", "marriage change", PD_EVT_PERSON, &ev_marriage, false },
    { PD_EV_PERSON_CHILD,    "person.child",    "子女登记", "child recorded", PD_EVT_PERSON, &ev_child, false },
    { PD_EV_WOMAN_ENTER,     "woman.enter",     "进入育龄妇女", "enters childbearing-age register", PD_EVT_PERSON, &ev_enter, false },
    { PD_EV_WOMAN_LEAVE,     "woman.leave",     "退出育龄妇女", "leaves childbearing-age register", PD_EVT_PERSON, &ev_leave, false },
    { PD_EV_CONTRACEPTION,   "woman.contraception", "避孕节育", "contraception change", PD_EVT_PERSON, &ev_contra, false },
    { PD_EV_PREGNANCY,       "woman.pregnancy", "怀孕登记", "pregnancy registered", PD_EVT_PERSON, &ev_preg, false },
    { PD_EV_PREG_OUTCOME,    "woman.pregnancy_outcome", "妊娠结局", "pregnancy outcome", PD_EVT_PERSON, &ev_outcome, false },
    { PD_EV_MIGRANT_ARRIVE,  "migrant.arrive",  "流动人口流入", "migrant arrives", PD_EVT_NEW_PERSON, &ev_arrive, true },
    { PD_EV_MIGRANT_LEAVE,   "migrant.leave",   "流动人口离开", "migrant leaves", PD_EVT_PERSON, &ev_mleave, false },
    { PD_EV_CERTIFICATE,     "certificate.issue", "发证", "certificate issued", PD_EVT_PERSON, &ev_cert, false },
    { PD_EV_CORRECT,         "record.correct",  "更正", "correction", PD_EVT_RECORD, &ev_correct, false },
    { PD_EV_PERSON_MERGE,    "person.merge",    "合并重复档案", "duplicate records merged", PD_EVT_PERSON, &ev_merge, false },
    { PD_EV_SUBSIDY_DECISION, "subsidy.decision", "扶助审批", "subsidy decision", PD_EVT_PERSON, &ev_decision, false },
    { PD_EV_CROSSCHECK_ANSWER, "crosscheck.answer", "协查回复", "cross-check answer", PD_EVT_NONE, &ev_crosscheck, false },
    { PD_EV_SC_APPLY,        "second_child.apply", "再生育申请", "second-child application", PD_EVT_PERSON, &ev_sc_apply, false },
    { PD_EV_SC_REVIEW,       "second_child.review", "再生育审批", "second-child review step", PD_EVT_PERSON, &ev_sc_review, false },
    { PD_EV_PREG_VISIT,      "woman.pregnancy_visit", "孕期随访", "pregnancy follow-up visit", PD_EVT_PERSON, &ev_visit, false },
    { PD_EV_FEE_LEVY,        "fee.levy", "社会抚养费征收", "social maintenance fee levied", PD_EVT_PERSON, &ev_levy, false },
    { PD_EV_FEE_PAYMENT,     "fee.payment", "社会抚养费缴纳", "social maintenance fee paid", PD_EVT_PERSON, &ev_payment, false },
    { PD_EV_RISK_ARCHIVE,    "risk.archive", "高危家庭建档", "high-risk family archived", PD_EVT_PERSON, &ev_risk_archive, false },
    { PD_EV_RISK_GUIDANCE,   "risk.guidance", "高危家庭指导服务", "guidance to a high-risk family", PD_EVT_PERSON, &ev_risk_guidance, false },
    { PD_EV_RISK_CLOSE,      "risk.close", "高危档案结案", "high-risk archive closed", PD_EVT_PERSON, &ev_risk_close, false },
    { PD_EV_HEALTH_SERVICE,  "health.service", "妇女健康服务", "women's health service", PD_EVT_PERSON, &ev_health, false },
    { PD_EV_BENEFIT_APPLY,   "benefit.apply", "帮扶救助申请", "benefit application", PD_EVT_PERSON, &ev_ben_apply, false },
    { PD_EV_BENEFIT_DECIDE,  "benefit.decide", "帮扶救助审批", "benefit decision", PD_EVT_PERSON, &ev_ben_decide, false },
    { PD_EV_BENEFIT_PAYMENT, "benefit.payment", "帮扶救助发放", "benefit paid", PD_EVT_PERSON, &ev_ben_pay, false },
};

const struct pd_event_type *pd_event_type_find(const char *name)
{
    for (int i = 0; i < PD_EV__COUNT; i++)
        if (strcmp(types[i].name, name) == 0)
            return &types[i];
    return NULL;
}

const struct pd_event_type *pd_event_type_get(enum pd_event_kind kind)
{
    return (unsigned)kind < PD_EV__COUNT ? &types[kind] : NULL;
}

pd_err pd_event_init(struct pd_event *ev, const char *type, const char *household,
                     const char *person, json_t *data, struct pd_error *err)
{
    memset(ev, 0, sizeof *ev);
    ev->data = data ? data : json_object();
    ev->type = pd_event_type_find(type ? type : "");
    if (!ev->type)
        return pd_fail(err, PD_EINVAL, "type", PD_MSG("没有“%s”这种变动",
                "unknown event type '%s'"), type ? type : "");
    if (strlen(household ? household : "") >= sizeof ev->household ||
        strlen(person ? person : "") >= sizeof ev->person)
        return pd_fail(err, PD_EINVAL, NULL, PD_MSG("记录编号太长",
                "record id too long"));
    pd_strlcpy(ev->household, household ? household : "", sizeof ev->household);
    pd_strlcpy(ev->person, person ? person : "", sizeof ev->person);
    return PD_OK;
}

void pd_event_done(struct pd_event *ev)
{
    if (ev->data)
        json_decref(ev->data);
    ev->data = NULL;
}

static const char *str(const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static struct pd_date date_of(const json_t *obj, const char *key)
{
    struct pd_date d = { 0, 0, 0 };
    pd_date_parse(str(obj, key), &d, key, NULL);
    return d;
}

/* ID number agreeing with sex and birth date, when all are given. */
static pd_err check_person_id(const json_t *data, struct pd_date today, struct pd_error *err)
{
    const char *id = str(data, "id_number");
    if (!id[0])
        return PD_OK;
    struct pd_idinfo info;
    if (pd_id_parse(id, today, &info, err) != PD_OK) {
        if (err)
            pd_strlcpy(err->field, "id_number", sizeof err->field);
        return PD_EINVAL;
    }
    const char *sex = str(data, "sex");
    return pd_id_agrees(&info, sex[0] ? sex[0] - '0' : 0, date_of(data, "birth_date"), err);
}

/* The Chinese label of a data key (an event's own field or a person
 * field), for messages; the key itself when no table has it. */
static const char *key_label(const char *key)
{
    const struct pd_field *f = pd_field_find(&pd_person_fields, key);
    for (int i = 0; !f && i < PD_EV__COUNT; i++)
        if (types[i].own)
            f = pd_field_find(types[i].own, key);
    return f ? f->zh : key;
}

static pd_err check_order(const json_t *d, const char *a, const char *b,
                          const char *what, struct pd_error *err)
{
    struct pd_date da = date_of(d, a), db = date_of(d, b);
    bool zh = pd_msg_zh();
    if (!pd_date_is_empty(da) && !pd_date_is_empty(db) && pd_date_cmp(db, da) < 0)
        return pd_fail(err, PD_EINVAL, b, PD_MSG("%s“%s”%.0s早于%s（%s）", "%s (%s %s) is before %s (%s)"),
                       zh ? key_label(b) : b, str(d, b), what, zh ? key_label(a) : a, str(d, a));
    return PD_OK;
}

pd_err pd_event_validate(const struct pd_event *ev, struct pd_date today,
                         struct pd_error *err)
{
    const struct pd_event_type *t = ev->type;
    if (!t)
        return pd_fail(err, PD_EINVAL, "type", PD_MSG("变动没有类型",
                "event has no type"));
    if (!json_is_object(ev->data))
        return pd_fail(err, PD_EINVAL, "data", PD_MSG("变动的数据必须是JSON对象",
                "event data must be a JSON object"));

    switch (t->target) {
    case PD_EVT_HOUSEHOLD:
        if (!ev->household[0])
            return pd_fail(err, PD_EINVAL, "household", PD_MSG("%s需要指定户",
                "%s needs a household"), pd_msg_zh() ? t->zh : t->name);
        break;
    case PD_EVT_PERSON:
        if (!ev->person[0])
            return pd_fail(err, PD_EINVAL, "person", PD_MSG("%s需要指定人员",
                "%s needs a person"), pd_msg_zh() ? t->zh : t->name);
        break;
    case PD_EVT_NEW_PERSON:
        if (ev->type->kind != PD_EV_MIGRANT_ARRIVE && !ev->household[0])
            return pd_fail(err, PD_EINVAL, "household", PD_MSG("%s需要指定户",
                "%s needs a household"), pd_msg_zh() ? t->zh : t->name);
        break;
    case PD_EVT_RECORD:
        if (!ev->person[0] && !ev->household[0])
            return pd_fail(err, PD_EINVAL, "person", PD_MSG("%s需要指定人员或户",
                "%s needs a person or a household"), pd_msg_zh() ? t->zh : t->name);
        break;
    default:
        break;
    }

    pd_err rc;
    if (t->kind == PD_EV_CORRECT) {
        static const char *const extra[] = { "fields", NULL };
        rc = pd_fields_check(t->own, ev->data, true, extra, today, err);
        if (rc != PD_OK)
            return rc;
        const json_t *fields = json_object_get(ev->data, "fields");
        if (!json_is_object(fields) || json_object_size(fields) == 0)
            return pd_fail(err, PD_EINVAL, "fields", PD_MSG("更正必须写明要改的项目",
                "a correction must name the fields it changes"));
        const struct pd_fieldset *fs = ev->person[0] ? &pd_person_fields : &pd_household_fields;
        rc = pd_fields_check(fs, fields, false, NULL, today, err);
        if (rc != PD_OK)
            return rc;
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)fields, key, v) {
            if (pd_field_find(fs, key)->flags & PD_FF_NOEDIT)
                return pd_fail(err, PD_EINVAL, key, PD_MSG("%s不能更正",
                "%s cannot be corrected"), pd_msg_zh() ? pd_field_find(fs, key)->zh : key);
        }
        return PD_OK;
    }

    if (t->person_fields) {
        /* data = the event's own fields + the new person's fields */
        json_t *own = json_object(), *person = json_object();
        const char *key;
        json_t *v;
        json_object_foreach(ev->data, key, v) {
            if (pd_field_find(t->own, key))
                json_object_set(own, key, v);
            else
                json_object_set(person, key, v);
        }
        rc = pd_fields_check(t->own, own, true, NULL, today, err);
        if (rc == PD_OK)
            rc = pd_fields_check(&pd_person_fields, person, true, NULL, today, err);
        json_decref(own);
        json_decref(person);
        if (rc == PD_OK)
            rc = check_person_id(ev->data, today, err);
        if (rc != PD_OK)
            return rc;
    } else {
        rc = pd_fields_check(t->own, ev->data, true, NULL, today, err);
        if (rc != PD_OK)
            return rc;
    }

    switch (t->kind) {
    case PD_EV_HOUSEHOLD_ADD:
        if (ev->household[0] && strcmp(ev->household, str(ev->data, "code")) != 0)
            return pd_fail(err, PD_EINVAL, "code", PD_MSG("户编号%s与变动所属的户%s不一致",
                "household code %s differs from the event's household %s"),
                           str(ev->data, "code"), ev->household);
        break;
    case PD_EV_CONTRACEPTION:
        return check_order(ev->data, "start", "end", "ends", err);
    case PD_EV_PREGNANCY:
        return check_order(ev->data, "registered", "expected", "expected", err);
    case PD_EV_MIGRANT_ARRIVE:
        return check_order(ev->data, "cert_issue", "cert_expiry", "expires", err);
    case PD_EV_PERSON_CHILD:
        if (json_is_false(json_object_get(ev->data, "alive")) && !str(ev->data, "death_date")[0])
            return pd_fail(err, PD_EINVAL, "death_date", PD_MSG("孩子已死亡，请填写死亡日期",
                "a child who died needs the date of death"));
        return check_order(ev->data, "birth_date", "death_date", "died", err);
    case PD_EV_SUBSIDY_DECISION:
        if (strcmp(str(ev->data, "decision"), "reject") == 0 && !str(ev->data, "reason")[0])
            return pd_fail(err, PD_EINVAL, "reason", PD_MSG("不批准或停发补助必须写明原因",
                "a rejected or stopped subsidy needs the reason"));
        break;
    case PD_EV_SC_APPLY: {
        unsigned mask;
        if (pd_a19_docs_parse(str(ev->data, "documents"), &mask, "documents", err) != PD_OK)
            return PD_EINVAL;
        if (strcmp(str(ev->data, "item"), "other") == 0 && !str(ev->data, "note")[0])
            return pd_fail(err, PD_EINVAL, "note", "an application under another item of Article 19 needs a note saying which");
        break;
    }
    case PD_EV_SC_REVIEW: {
        unsigned mask;
        if (pd_a19_docs_parse(str(ev->data, "documents"), &mask, "documents", err) != PD_OK)
            return PD_EINVAL;
        bool approve = strcmp(str(ev->data, "decision"), "approve") == 0;
        if (!approve && !str(ev->data, "reason")[0])
            return pd_fail(err, PD_EINVAL, "reason", "a refused application needs the reason");
        if (approve && strcmp(str(ev->data, "step"), "county") == 0 && !str(ev->data, "certificate")[0])
            return pd_fail(err, PD_EINVAL, "certificate", "the county approval issues the second-child "
                           "certificate: give its number");
        break;
    }
    case PD_EV_FEE_LEVY: {
        json_int_t m = json_integer_value(json_object_get(ev->data, "mother_amount"));
        json_int_t f = json_integer_value(json_object_get(ev->data, "father_amount"));
        json_int_t a = json_integer_value(json_object_get(ev->data, "amount"));
        if (m + f != a)
            return pd_fail(err, PD_EINVAL, "amount", "the total %lld is not the mother's %lld plus the father's %lld",
                           (long long)a, (long long)m, (long long)f);
        if (strcmp(str(ev->data, "kind"), "extra") == 0 && !json_object_get(ev->data, "extra"))
            return pd_fail(err, PD_EINVAL, "extra", "a levy for children beyond policy needs how many (extra)");
        break;
    }
    case PD_EV_PREG_VISIT:
        return check_order(ev->data, "date", "next", "next visit", err);
    case PD_EV_RISK_ARCHIVE:
        if (strcmp(str(ev->data, "group"), "other") == 0 && !str(ev->data, "note")[0])
            return pd_fail(err, PD_EINVAL, "note", "an archive under another high-risk group needs a note saying which");
        break;
    case PD_EV_HEALTH_SERVICE: {
        const char *q = str(ev->data, "quarter");
        int qy, qq;
        if (q[0] && pd_quarter_parse(q, &qy, &qq, "quarter", err) != PD_OK)
            return PD_EINVAL;
        break;
    }
    case PD_EV_BENEFIT_APPLY: {
        enum pd_benefit_prog prog;
        int cat;
        if (pd_benefit_prog_parse(str(ev->data, "programme"), &prog, "programme", err) != PD_OK ||
            pd_benefit_cat_parse(prog, str(ev->data, "category"), &cat, "category", err) != PD_OK)
            return PD_EINVAL;
        break;
    }
    case PD_EV_BENEFIT_DECIDE:
        if (strcmp(str(ev->data, "decision"), "refuse") == 0 && !str(ev->data, "reason")[0])
            return pd_fail(err, PD_EINVAL, "reason", "a refused application needs the reason");
        break;
    case PD_EV_PERSON_MERGE:
        if (strcmp(str(ev->data, "into"), ev->person) == 0)
            return pd_fail(err, PD_EINVAL, "into", PD_MSG("档案不能合并到它自己（%s）",
                "a record cannot be merged into itself (%s)"), ev->person);
        break;
    case PD_EV_PERSON_BIRTH: {
        const char *mother = str(ev->data, "mother");
        if (ev->person[0] && strcmp(mother, ev->person) == 0)
            return pd_fail(err, PD_EINVAL, "mother", PD_MSG("母亲不能是孩子本人",
                "a baby cannot be its own mother"));
        break;
    }
    default:
        break;
    }
    return PD_OK;
}

json_t *pd_event_envelope(const struct pd_event *ev)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s?, s:O}",
                     "seq", (json_int_t)ev->seq, "id", ev->id, "type", ev->type->name,
                     "at", ev->at, "user", ev->user,
                     "household", ev->household[0] ? ev->household : NULL,
                     "person", ev->person[0] ? ev->person : NULL,
                     "data", ev->data);
}

const char *pd_marriage_change_code(const char *change)
{
    static const struct { const char *w, *code; } m[] = {
        { "first", "21" }, { "remarry", "22" }, { "reunite", "23" },
        { "divorce", "40" }, { "widowed", "30" },
    };
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i].w, change) == 0)
            return m[i].code;
    return NULL;
}
