/* mkevents.c - test helper: appends N saved changes to a register through
 * pd_event_save (the real path: validation, records, audit chain, outbox).
 *
 *   mkevents DB N [--big K] [--correct M]
 *
 * Every 8th event founds a household (household.add), the others register a
 * person in it (person.add) with a valid resident ID number; with --big K
 * every K-th person carries long Chinese addresses (~1 KB envelope: an
 * oversize candidate); with --correct M every M-th event is a
 * record.correct of the household's address (a type the district can be
 * told to refuse).  Prints the register's last seq.  The register must
 * exist (popdesk init).  Built by the e2e tests and bench scripts:
 *   cc -Isrc ... tests/e2e/lib/mkevents.c BUILD/libpopdesk.a LIBS
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/idnum.h"
#include "store/db.h"
#include "store/events.h"
#include "store/query.h"

static const char *const family[] = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙" };
static const char *const given[] = { "小红", "建国", "秀英", "志强", "桂兰", "海燕", "伟", "芳", "军", "丽娟", "德明", "春梅" };
static const char *const streets[] = { "江北区庄桥街道", "慈城镇", "洪塘街道", "甬江街道" };

static void die(const char *what, const struct pd_error *e)
{
    fprintf(stderr, "mkevents: %s: %s\n", what, e->msg);
    exit(1);
}

/* A long address of n repetitions of a Chinese phrase (3 bytes a character). */
static void long_text(char *buf, size_t size, int chars)
{
    static const char *const ph = "浙江省宁波市江北区庄桥街道镇海路幸福新村";
    size_t n = 0;
    int c = 0;
    const char *p = ph;
    while (c < chars && n + 4 < size) {
        if (!*p)
            p = ph;
        memcpy(buf + n, p, 3);
        n += 3;
        p += 3;
        c++;
    }
    buf[n] = '\0';
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mkevents DB N [--big K] [--correct M]\n");
        return 2;
    }
    const char *path = argv[1];
    long n = atol(argv[2]);
    long big = 0, correct = 0;
    for (int i = 3; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--big") == 0)
            big = atol(argv[i + 1]);
        else if (strcmp(argv[i], "--correct") == 0)
            correct = atol(argv[i + 1]);
    }
    struct pd_error err;
    pd_error_clear(&err);
    struct pd_db *db;
    if (pd_db_open(path, 0, &db, &err) != PD_OK)
        die("opening the register", &err);
    const char *station = pd_db_station(db);
    struct pd_status st;
    if (pd_status_read(db, &st, &err) != PD_OK)
        die("reading the register", &err);
    long long hh_no = st.households, serial = st.last_seq;
    char hh[PD_EV_REF_MAX] = "";
    if (hh_no > 0)
        snprintf(hh, sizeof hh, "%s%06lld", station, hh_no);
    long long last = 0;
    if (pd_db_begin(db, &err) != PD_OK)
        die("starting", &err);
    for (long i = 0; i < n; i++) {
        long long k = serial + i;
        struct pd_event ev;
        json_t *d;
        const char *type;
        char addr[700], addr2[700];
        bool want_big = big && i % big == big - 1;
        if ((!hh[0] || k % 8 == 0) && !(want_big && hh[0])) {
            hh_no++;
            snprintf(hh, sizeof hh, "%s%06lld", station, hh_no);
            snprintf(addr, sizeof addr, "宁波市%s幸福村%lld号", streets[k % 4], hh_no);
            d = json_pack("{s:s, s:s, s:s}", "code", hh, "address", addr, "reg_type", "2");
            type = "household.add";
        } else if (correct && k % correct == correct - 1 && !want_big) {
            snprintf(addr, sizeof addr, "宁波市%s幸福村%lld号（更正）", streets[(k + 1) % 4], hh_no);
            d = json_pack("{s:s, s:{s:s}}", "reason", "门牌号登记错误", "fields", "address", addr);
            type = "record.correct";
        } else {
            /* birth dates spread over ~27 years; (date, serial) never repeats */
            long long day = k % 10000, idx = k / 10000;
            int y = 1960 + (int)(day / 365), doy = (int)(day % 365);
            static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
            int m = 0;
            while (doy >= mdays[m])
                doy -= mdays[m++];
            int sex = (int)(k % 2) + 1;
            char birth[40], id[48], first17[40], name[64];
            snprintf(birth, sizeof birth, "%04d-%02d-%02d", y, m + 1, doy + 1);
            int seq3 = (int)((idx * 2) % 1000) + (sex == 1 ? 1 : 0);
            snprintf(first17, sizeof first17, "330205%04d%02d%02d%03d", y, m + 1, doy + 1, seq3);
            snprintf(id, sizeof id, "%s%c", first17, pd_id_check_char(first17));
            snprintf(name, sizeof name, "%s%s", family[k % 12], given[(k / 12) % 12]);
            snprintf(addr, sizeof addr, "宁波市%s幸福村%lld号", streets[k % 4], hh_no);
            d = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                          "name", name, "id_number", id, "sex", sex == 1 ? "1" : "2",
                          "birth_date", birth, "ethnicity", "01", "relation", k % 8 == 1 ? "02" : "10",
                          "reg_type", "2", "reg_address", addr, "cur_address", addr,
                          "marital", "20");
            if (want_big) {
                long_text(addr, sizeof addr, 66);
                long_text(addr2, sizeof addr2, 33);
                json_object_set_new(d, "reg_address", json_string(addr));
                json_object_set_new(d, "cur_address", json_string(addr));
                json_object_set_new(d, "employer", json_string(addr2));
            }
            type = "person.add";
        }
        if (pd_event_init(&ev, type, hh, NULL, d, &err) != PD_OK)
            die(type, &err);
        if (pd_event_save(db, &ev, "clerk01", &err) != PD_OK)
            die(type, &err);
        last = ev.seq;
        pd_event_done(&ev);
        if (i % 5000 == 4999) {
            if (pd_db_commit(db, &err) != PD_OK || pd_db_begin(db, &err) != PD_OK)
                die("saving", &err);
        }
    }
    if (pd_db_commit(db, &err) != PD_OK)
        die("saving", &err);
    pd_db_close(&db);
    printf("%lld\n", last);
    return 0;
}
