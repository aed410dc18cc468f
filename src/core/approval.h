/* approval.h - second-child applications (再生育申请): the Article 19 items
 * a couple may claim, the documents a clerk checks, the conditions the
 * register can decide on its own, and the review steps an application goes
 * through (applied -> village reviewed -> town checked -> county approved,
 * or refused at any step).
 *
 * Pure: the store gathers the facts (src/store/cases.c) and this module
 * decides, each condition with its reason in words ("both spouses only
 * children: husband's parents have one child in the register").  What the
 * register cannot know (years underground, a city-level assessment) is left
 * to the documents and the reviewers; docs/CASES.md lists which is which.
 *
 * Ownership: plain data, no pointers; results are written into the
 * caller's structs.
 */
#ifndef PD_CORE_APPROVAL_H
#define PD_CORE_APPROVAL_H

#include <stdbool.h>
#include <stddef.h>
#include "core/date.h"
#include "core/err.h"

/* Article 19 items (Zhejiang regulation as revised 2007). */
enum pd_a19_item {
    PD_A19_ONLY_CHILDREN,   /* both spouses only children */
    PD_A19_RURAL_DAUGHTER,  /* rural couple with one daughter */
    PD_A19_MINORITY,        /* ethnic minority couple */
    PD_A19_REMARRIAGE,      /* remarriage: one had one child, the other none */
    PD_A19_DISABLED_CHILD,  /* first child disabled (city-level assessment) */
    PD_A19_MINER_DAUGHTER,  /* 5+ years underground mining, one daughter */
    PD_A19_OTHER,           /* the other items of the article */
    PD_A19__COUNT
};
/* The event data's words, in the order of the enum. */
#define PD_A19_CHOICES \
    "only_children|rural_daughter|minority|remarriage|disabled_child|miner_daughter|other"

const char *pd_a19_key(enum pd_a19_item it);          /* "only_children" */
const char *pd_a19_zh(enum pd_a19_item it);           /* "夫妻双方均为独生子女" */
const char *pd_a19_en(enum pd_a19_item it);           /* "both spouses only children" */
/* PD_EINVAL naming `field` when unknown. */
pd_err pd_a19_parse(const char *s, enum pd_a19_item *out, const char *field, struct pd_error *err);

/* Documents a clerk checks (bit i = document i). */
enum pd_a19_doc {
    PD_DOC_MARRIAGE,        /* 结婚证 */
    PD_DOC_HUKOU,           /* 户口簿 */
    PD_DOC_ID_CARDS,        /* 双方身份证 */
    PD_DOC_ONECHILD,        /* 独生子女证明 */
    PD_DOC_CHILD_BIRTH,     /* 子女出生医学证明 */
    PD_DOC_DIVORCE,         /* 离婚证/原配偶死亡证明 */
    PD_DOC_DISABILITY,      /* 市级病残儿医学鉴定 */
    PD_DOC_MINING,          /* 井下作业年限证明 */
    PD_DOC_OTHER,           /* 其他证明材料 */
    PD_DOC__COUNT
};
const char *pd_a19_doc_key(enum pd_a19_doc d);        /* "marriage_cert" */
const char *pd_a19_doc_zh(enum pd_a19_doc d);         /* "结婚证" */
/* "marriage_cert,hukou,id_cards" (commas, spaces allowed) into a bit mask.
 * An unknown or repeated word is PD_EINVAL naming `field` and the word. */
pd_err pd_a19_docs_parse(const char *s, unsigned *mask, const char *field, struct pd_error *err);
/* The mask as keys joined by ","; returns buf. */
const char *pd_a19_docs_format(unsigned mask, char *buf, size_t size);
/* The documents an item needs (always marriage, hukou, ID cards). */
unsigned pd_a19_docs_required(enum pd_a19_item it);

/* ---- facts from the register ------------------------------------------ */

#define PD_A19_NAME 96
#define PD_A19_CHILDREN 8

struct pd_a19_spouse {
    bool known;                 /* in the register (the wife always; the husband when linked) */
    char name[PD_A19_NAME];
    char ethnicity[4];          /* GB 3304 code, "" unknown */
    char reg_type[4];           /* 户口性质: "1", "2", "9", "" unknown */
    char marital[4];            /* GB/T 2261.2 code */
    struct pd_date marital_date;
    int parents_children;       /* children the person's parents have in the register; -1 parents not linked */
    bool parents_onechild_cert; /* the parents hold a one-child certificate naming the person */
    char onechild_number[48];
    int prior_children;         /* this spouse's children not the other spouse's; -1 unknown */
};

struct pd_a19_child {
    char sex;                   /* '1' / '2' */
    struct pd_date birth;
    bool alive;
    bool adopted;
    int disability_grade;       /* 0 none recorded */
};

struct pd_a19_facts {
    struct pd_a19_spouse wife, husband;
    int nchildren;              /* the couple's children (may exceed PD_A19_CHILDREN) */
    struct pd_a19_child children[PD_A19_CHILDREN];
};

/* ---- the automatic check ---------------------------------------------- */

enum pd_chk { PD_CHK_MET, PD_CHK_NOT_MET, PD_CHK_UNKNOWN };

#define PD_A19_CONDS 6
#define PD_A19_WORDS 200

struct pd_a19_cond {
    enum pd_chk state;
    char words[PD_A19_WORDS];   /* "rural couple: both agricultural registration" */
};

struct pd_a19_result {
    int n;
    struct pd_a19_cond c[PD_A19_CONDS];
    unsigned docs_missing;      /* required documents not checked */
    bool blocked;               /* a condition not met or a document missing: no county approval */
};

/* Every condition of `it` the register can decide, each in words, and the
 * documents still missing from `docs`. */
void pd_a19_check(enum pd_a19_item it, const struct pd_a19_facts *f, unsigned docs,
                  struct pd_a19_result *out);
/* "met", "NOT MET", "to check" */
const char *pd_chk_words(enum pd_chk s);
/* Every condition "[met] words" joined by "; " plus "missing documents: ...",
 * always in English whoever signed in (the stored form the case row keeps
 * and the district receives; r's own words follow the UI language);
 * returns buf. */
const char *pd_a19_result_words(const struct pd_a19_result *r, char *buf, size_t size);
/* Condition words (either language, e.g. stored ones) in `lang` ("zh",
 * "en"; NULL: the UI language).  Returns the length the whole would have. */
size_t pd_a19_words_text(const char *words, const char *lang, char *buf, size_t size);

/* ---- the review steps ------------------------------------------------- */

enum pd_case_state {
    PD_CASE_APPLIED,        /* applied at the village/community */
    PD_CASE_VILLAGE,        /* village reviewed (村/居审核) */
    PD_CASE_TOWN,           /* town checked (乡镇/街道审查) */
    PD_CASE_APPROVED,       /* county approved (县级审批), certificate issued */
    PD_CASE_REFUSED,
    PD_CASE__COUNT
};
#define PD_CASE_STEPS "village|town|county"
const char *pd_case_state_key(enum pd_case_state s);   /* "applied", "village", ... */
const char *pd_case_state_zh(enum pd_case_state s);    /* "已申请", "村审核", ... */
pd_err pd_case_state_parse(const char *s, enum pd_case_state *out, struct pd_error *err);

/* The state after `step` ("village", "town", "county") with `approve`
 * (false: refused), from `cur`.  Steps go in order; a refused or approved
 * case takes no further step.  PD_EINVAL with words naming the step due. */
pd_err pd_case_next(enum pd_case_state cur, const char *step, bool approve,
                    enum pd_case_state *next, struct pd_error *err);

#endif
