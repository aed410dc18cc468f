/* bench_subsidy.c - what the subsidy engine and the printouts cost:
 * eligibility of every person for every programme at 1 000 000 persons
 * (target <= 1 s), the public notice of 5 000 rows as PDF (target <= 2 s),
 * text and CSV.
 *
 * The persons' facts are synthetic and varied (ages 30-90, one to three
 * children, deaths, disabilities, out-of-policy births, certificates,
 * registration types), a pool of 65 536 cycled over the million so the
 * figure is the engine's, not memory's.  Prints figures; asserts nothing.
 * usage: bench_subsidy [--persons N] [--rows N] [--dir DIR] [--policy FILE]
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/policy_load.h"
#include "core/subsidy.h"
#include "report/subsidy_list.h"

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void make_person(struct pd_person_facts *f, int i)
{
    memset(f, 0, sizeof *f);
    snprintf(f->pid, sizeof f->pid, "330205001001P%07d", i);
    snprintf(f->household, sizeof f->household, "3302050010010%05d", i / 4);
    static const char *const sn = "王李张刘陈杨黄赵吴周";
    int s = (int)rnd(10) * 3;
    snprintf(f->name, sizeof f->name, "%.3s建国", sn + s);
    f->sex = rnd(2) ? '1' : '2';
    f->birth = (struct pd_date){ 1922 + (int)rnd(60), 1 + (int)rnd(12), 1 + (int)rnd(28) };
    snprintf(f->id_number, sizeof f->id_number, "330205%04d%02d%02d%03d%c", f->birth.y, f->birth.m,
             f->birth.d, (int)rnd(1000), '0' + (int)rnd(10));
    f->reg_type = rnd(10) < 7 ? '2' : '1';
    f->status = rnd(50) == 0 ? PD_PS_DEAD : PD_PS_ACTIVE;
    f->urban_pension = rnd(20) == 0;
    if (rnd(3)) {
        f->spouse_sex = f->sex == '1' ? '2' : '1';
        f->spouse_birth = (struct pd_date){ f->birth.y + (int)rnd(5) - 2, 6, 1 };
        snprintf(f->spouse_name, sizeof f->spouse_name, "配偶");
    }
    f->nchildren = 1 + (int)rnd(3);
    for (int c = 0; c < f->nchildren; c++) {
        struct pd_child_facts *ch = &f->children[c];
        ch->sex = rnd(2) ? '1' : '2';
        ch->birth = (struct pd_date){ f->birth.y + 22 + (int)rnd(15), 1 + (int)rnd(12), 1 + (int)rnd(28) };
        ch->alive = rnd(15) != 0;
        if (!ch->alive)
            ch->death = (struct pd_date){ ch->birth.y + 10, 1, 1 };
        ch->disability_grade = rnd(30) == 0 ? 1 + (int)rnd(4) : 0;
        ch->within_policy = rnd(25) == 0 ? 0 : 1;
    }
    f->onechild_child = -1;
    if (f->nchildren == 1 && rnd(2)) {
        f->onechild_cert = true;
        f->onechild_date = (struct pd_date){ f->children[0].birth.y + 1, 3, 1 };
        f->onechild_child = 0;
    }
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    long persons = 1000000, rows = 5000;
    const char *dir = NULL, *policy_path = NULL;
    static const struct option opts[] = {
        { "persons", required_argument, NULL, 'p' },
        { "rows", required_argument, NULL, 'r' },
        { "dir", required_argument, NULL, 'd' },
        { "policy", required_argument, NULL, 'P' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'p': persons = atol(optarg); break;
        case 'r': rows = atol(optarg); break;
        case 'd': dir = optarg; break;
        case 'P': policy_path = optarg; break;
        default:
            fprintf(stderr, "usage: bench_subsidy [--persons N] [--rows N] [--dir DIR] [--policy FILE]\n");
            return 2;
        }
    }
    if (!dir)
        dir = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    if (!policy_path)
        policy_path = "conf/policy/zhejiang-2012.ini";
    struct pd_policy policy;
    struct pd_error err;
    if (pd_policy_load(policy_path, &policy, &err) != PD_OK) {
        fprintf(stderr, "bench_subsidy: %s\n", err.msg);
        return 1;
    }

    /* ---- the engine ---- */
    enum { POOL = 65536 };
    struct pd_person_facts *pool = malloc(POOL * sizeof *pool);
    if (!pool)
        return 1;
    for (int i = 0; i < POOL; i++)
        make_person(&pool[i], i);
    long eligible[PD_PROG__COUNT] = { 0 };
    long amount[PD_PROG__COUNT] = { 0 };
    double t0 = now();
    for (long i = 0; i < persons; i++) {
        const struct pd_person_facts *f = &pool[i & (POOL - 1)];
        for (int p = 0; p < PD_PROG__COUNT; p++) {
            struct pd_subsidy_result r;
            pd_subsidy_assess(&policy, (enum pd_programme)p, 2012, f, &r);
            eligible[p] += r.eligible;
            amount[p] += r.yearly;
        }
    }
    double t_engine = now() - t0;
    printf("subsidy engine: %ld persons x 3 programmes in %.3f s (%.0f ns a person); eligible: "
           "reward %ld, special %ld, onechild %ld  [target <= 1 s]\n",
           persons, t_engine, t_engine * 1e9 / (double)persons, eligible[0], eligible[1], eligible[2]);
    t0 = now();
    long words = 0;
    for (long i = 0; i < 100000; i++) {
        struct pd_subsidy_result r;
        pd_subsidy_assess(&policy, PD_PROG_REWARD, 2012, &pool[i & (POOL - 1)], &r);
        char buf[512];
        pd_subsidy_reasons(&r, "zh", false, buf, sizeof buf);
        words += (long)strlen(buf);
    }
    printf("reasons in words: 100000 persons in %.3f s (%ld bytes)\n", now() - t0, words);

    /* ---- the notice of `rows` rows ---- */
    struct pd_confirmation conf = { .prog = PD_PROG_REWARD, .year = 2012 };
    conf.rows = calloc((size_t)rows, sizeof *conf.rows);
    if (!conf.rows)
        return 1;
    for (long i = 0, k = 0; i < rows; k++) {
        struct pd_confirm_row *r = &conf.rows[i];
        r->facts = pool[k & (POOL - 1)];
        pd_subsidy_assess(&policy, PD_PROG_REWARD, 2012, &r->facts, &r->result);
        if (!r->result.eligible && k % 7)
            continue;
        r->status = !r->result.eligible ? PD_CONFIRM_LEAVING : k % 3 ? PD_CONFIRM_CONTINUING : PD_CONFIRM_NEW;
        conf.count[r->status]++;
        conf.amount[r->status] += r->result.yearly;
        i++;
    }
    conf.nrows = (int)rows;
    /* the notice lists groups in order */
    int w = 0;
    struct pd_confirm_row *sorted = calloc((size_t)rows, sizeof *sorted);
    for (int st = 0; st < PD_CONFIRM__COUNT; st++)
        for (long i = 0; i < rows; i++)
            if ((int)conf.rows[i].status == st)
                sorted[w++] = conf.rows[i];
    free(conf.rows);
    conf.rows = sorted;
    struct pd_notice_info info = { .district = "江北区", .township = "甬江街道", .village = "示范社区", .days = 7,
                                   .start = { 2012, 6, 15 }, .phone_village = "0574-87000001",
                                   .phone_town = "0574-87000002", .phone_county = "0574-87000003",
                                   .place = "社区公示栏" };
    t0 = now();
    struct pd_report *rep = pd_subsidy_notice(&conf, &policy, &info, &err);
    double t_build = now() - t0;
    if (!rep) {
        fprintf(stderr, "bench_subsidy: %s\n", err.msg);
        return 1;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/bench-notice-%d.pdf", dir, (int)getpid());
    t0 = now();
    pd_err e = pd_report_write_pdf(rep, path, &err);
    double t_pdf = now() - t0;
    if (e != PD_OK) {
        fprintf(stderr, "bench_subsidy: %s\n", err.msg);
        return 1;
    }
    FILE *pf = fopen(path, "rb");
    long size = 0;
    if (pf) {
        fseek(pf, 0, SEEK_END);
        size = ftell(pf);
        fclose(pf);
    }
    unlink(path);
    printf("notice of %ld rows: built in %.3f s; PDF in %.3f s (%ld KB)  [target <= 2 s]\n",
           rows, t_build, t_pdf, size / 1024);
    snprintf(path, sizeof path, "%s/bench-notice-%d.txt", dir, (int)getpid());
    struct pd_report_opts ro = { "gb18030", 66 };
    t0 = now();
    e = pd_report_write_file(rep, PD_FMT_TEXT, path, &ro, &err);
    double t_text = now() - t0;
    unlink(path);
    snprintf(path, sizeof path, "%s/bench-notice-%d.csv", dir, (int)getpid());
    ro.encoding = "utf-8";
    t0 = now();
    if (e == PD_OK)
        e = pd_report_write_file(rep, PD_FMT_CSV, path, &ro, &err);
    double t_csv = now() - t0;
    unlink(path);
    if (e != PD_OK) {
        fprintf(stderr, "bench_subsidy: %s\n", err.msg);
        return 1;
    }
    printf("notice of %ld rows: text (GB18030, 66-line pages) in %.3f s; CSV in %.3f s\n", rows, t_text, t_csv);
    pd_report_free(&rep);
    free(conf.rows);
    free(pool);
    return 0;
}
