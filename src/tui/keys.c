/* keys.c - the key binding table (see keys.h). */
#include "tui/keys.h"

#include <curses.h>
#include <string.h>

#include "core/i18n.h"

#define FK(c) (0x40000000 | (c))   /* a curses KEY_* code, apart from characters */
#define CTRL(c) ((c) & 0x1f)

static const struct {
    enum pd_action a;
    int keys[3];      /* 0 ends; letters match either case */
} bindings[] = {
    { ACT_HELP,       { FK(KEY_F(1)), 0, 0 } },
    { ACT_SAVE,       { FK(KEY_F(2)), CTRL('s'), 0 } },
    { ACT_FIND,       { FK(KEY_F(3)), '/', 0 } },
    { ACT_PICK,       { FK(KEY_F(4)), 0, 0 } },
    { ACT_FILTER,     { 'f', FK(KEY_F(5)), 0 } },
    { ACT_QUIT,       { FK(KEY_F(10)), 'q', 0 } },
    { ACT_BACK,       { 27, FK(KEY_EXIT), 0 } },
    { ACT_OPEN,       { '\n', FK(KEY_ENTER), 0 } },
    { ACT_NEXT,       { '\t', FK(KEY_DOWN), 0 } },
    { ACT_PREV,       { FK(KEY_BTAB), FK(KEY_UP), 0 } },
    { ACT_UP,         { FK(KEY_UP), 0, 0 } },
    { ACT_DOWN,       { FK(KEY_DOWN), 0, 0 } },
    { ACT_PGUP,       { FK(KEY_PPAGE), 0, 0 } },
    { ACT_PGDN,       { FK(KEY_NPAGE), 0, 0 } },
    { ACT_NEW_HH,     { 'n', 0, 0 } },
    { ACT_WCBA,       { 'w', 0, 0 } },
    { ACT_MIGRANTS,   { 'm', 0, 0 } },
    { ACT_ADD_MEMBER, { 'a', 0, 0 } },
    { ACT_BIRTH,      { 'b', 0, 0 } },
    { ACT_MOVE_IN,    { 'i', 0, 0 } },
    { ACT_EVENT,      { 'e', 0, 0 } },
    { ACT_CORRECT,    { 'c', 0, 0 } },
    { ACT_LOG,        { 'l', 0, 0 } },
    { ACT_HOUSEHOLD,  { 'h', FK(KEY_F(6)), 0 } },
    { ACT_DISCARD,    { CTRL('d'), 0, 0 } },
    { ACT_LEFT,       { FK(KEY_LEFT), 0, 0 } },
    { ACT_RIGHT,      { FK(KEY_RIGHT), 0, 0 } },
    { ACT_LINE_HOME,  { FK(KEY_HOME), CTRL('a'), 0 } },
    { ACT_LINE_END,   { FK(KEY_END), CTRL('e'), 0 } },
    { ACT_BKSP,       { FK(KEY_BACKSPACE), 127, 8 } },
    { ACT_DEL,        { FK(KEY_DC), 0, 0 } },
    { ACT_CLEAR,      { CTRL('u'), 0, 0 } },
    { ACT_RETURNED,   { 'r', 0, 0 } },
    { ACT_PUSH,       { 's', 0, 0 } },
    { ACT_SUBSIDY,    { 'p', 0, 0 } },
    { ACT_PROG,       { 'p', 0, 0 } },
    { ACT_YEAR_PREV,  { '-', FK(KEY_LEFT), 0 } },
    { ACT_YEAR_NEXT,  { '+', '=', FK(KEY_RIGHT) } },
    { ACT_APPROVE,    { 'y', 0, 0 } },
    { ACT_REJECT,     { 'n', 0, 0 } },
    { ACT_LOGOUT,     { 'x', 0, 0 } },
    { ACT_F10_LOGOUT, { FK(KEY_F(10)), 0, 0 } },
    { ACT_UNLOCK,     { '\n', FK(KEY_ENTER), 0 } },
    { ACT_RECONCILE,  { 'h', 0, 0 } },
    { ACT_SOURCE,     { 's', 0, 0 } },
    { ACT_DECIDE,     { 'd', 0, 0 } },
    { ACT_LOAD,       { 'l', 0, 0 } },
    { ACT_DASHBOARD,  { 'd', 0, 0 } },
    { ACT_REPORTS,    { 't', 0, 0 } },
    { ACT_QUALITY,    { 'k', 0, 0 } },
    { ACT_DUPLICATES, { 'u', 0, 0 } },
    { ACT_PERIOD,     { 't', 0, 0 } },
    { ACT_PERIOD_PREV,{ '-', 0, 0 } },
    { ACT_PERIOD_NEXT,{ '+', '=', 0 } },
    { ACT_DATES,      { 'd', 0, 0 } },
    { ACT_GROUP,      { 'g', 0, 0 } },
    { ACT_PRINT,      { 'p', 0, 0 } },
    { ACT_EXPORT,     { 'e', 0, 0 } },
    { ACT_RECHECK,    { 'r', 0, 0 } },
    { ACT_MERGE,      { 'm', 0, 0 } },
    { ACT_CASES,      { 'a', 0, 0 } },
    { ACT_SC_NEW,     { 'n', 0, 0 } },
    { ACT_VISIT,      { 'v', 0, 0 } },
    { ACT_OUTCOME,    { 'o', 0, 0 } },
    { ACT_PAY,        { 'y', 0, 0 } },
    { ACT_SERVICES,   { 'j', 0, 0 } },
    { ACT_TICK,       { ' ', 0, 0 } },
    { ACT_FEE_NEW,    { 'n', 0, 0 } },
    { ACT_BEN_NEW,    { 'a', 0, 0 } },
    { ACT_BEN_PAY,    { 'g', 0, 0 } },
    { ACT_VIEW,       { 'v', 0, 0 } },
    { ACT_UPDATES,    { 'i', 0, 0 } },
    { ACT_UPD_ANSWER, { 'a', 0, 0 } },
    { ACT_UPD_CONFIRM,{ 'c', 0, 0 } },
    { ACT_UPD_DISMISS,{ 'd', 0, 0 } },
    { ACT_UPD_ALL,    { 'f', 0, 0 } },
    { ACT_CHOOSE,     { FK(KEY_LEFT), FK(KEY_RIGHT), ' ' } },
};

static const struct { const char *name, *zh, *en; } shown[ACT__COUNT] = {
#define PD_X(a, name, zh, en) [a] = { name, zh, en },
    PD_ACTIONS(PD_X)
#undef PD_X
};

static int key_value(const struct pd_key *k)
{
    if (k->type == PD_KEY_CHAR) {
        uint32_t c = k->ch;
        if (c >= 'A' && c <= 'Z')
            c = c - 'A' + 'a';
        return (int)c;
    }
    if (k->type == PD_KEY_FUNC)
        return FK(k->code);
    return -1;
}

bool pd_key_is(const struct pd_key *k, enum pd_action a)
{
    int v = key_value(k);
    if (v < 0)
        return false;
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
        if (bindings[i].a == a)
            for (int j = 0; j < 3 && bindings[i].keys[j]; j++)
                if (bindings[i].keys[j] == v)
                    return true;
    return false;
}

enum pd_action pd_key_action(const struct pd_key *k, const enum pd_action *allowed, int n)
{
    for (int i = 0; i < n; i++)
        if (pd_key_is(k, allowed[i]))
            return allowed[i];
    return ACT_NONE;
}

const char *pd_key_name(enum pd_action a)
{
    return (unsigned)a < ACT__COUNT ? shown[a].name : "";
}

const char *pd_key_label(enum pd_action a)
{
    if ((unsigned)a >= ACT__COUNT)
        return "";
    return pd_i18n_en() ? shown[a].en : shown[a].zh;
}

bool pd_key_is_letter(enum pd_action a)
{
    for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
        if (bindings[i].a == a)
            return bindings[i].keys[0] >= 'a' && bindings[i].keys[0] <= 'z';
    return false;
}

bool pd_key_is_change(enum pd_action a)
{
    switch (a) {
    case ACT_NEW_HH: case ACT_ADD_MEMBER: case ACT_BIRTH: case ACT_MOVE_IN: case ACT_EVENT:
    case ACT_CORRECT: case ACT_APPROVE: case ACT_REJECT: case ACT_MERGE:
    case ACT_SC_NEW: case ACT_VISIT: case ACT_OUTCOME: case ACT_PAY:
    case ACT_FEE_NEW: case ACT_BEN_NEW: case ACT_BEN_PAY:
    case ACT_UPD_ANSWER: case ACT_UPD_CONFIRM: case ACT_UPD_DISMISS:
        return true;
    default:
        return false;
    }
}
