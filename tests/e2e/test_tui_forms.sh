#!/bin/bash
# End-to-end test of the change forms that start from a person, in a real
# terminal (tmux, 80x24, monochrome): death, move out, marriage change,
# contraception change, pregnancy registered, pregnancy outcome, certificate
# issued and a correction with its reason; and the roster of women of
# childbearing age with each of its filters.  Every form is opened from the
# person's change menu, pre-filled from the person, first given one bad
# value (refused, the reason beside the field in Chinese, nothing saved),
# then saved: one more change in the outbox and the change in the person's
# change log.  The forms that start from a household are in
# test_tui_forms2.sh.
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui-forms: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui-forms --tmux popdesk-forms --pw secret123
. "$E2E_LIB/forms.sh"

forms_setup || { finish; exit; }

# ---- death (张老汉) ----
open_person 张老汉 "$ID_ZLH"
n=$(outbox)
open_form person.death "死亡  张老汉"
tm_text 20991231
refused "晚于今天" "$n" "death: a date in the future"
retype "$(ymd '-3 days')"; tm_keys Tab; tm_text "病故"
saved "$n" "death"
expect "人员 张老汉" "death: back on the person"
expect "死亡" "death: the person's status"
go_home

# ---- marriage change, then move out (张小军) ----
open_person 张小军 "$ID_ZXJ"
n=$(outbox)
open_form person.marriage "婚姻变动  张小军"
tm_text xyz
refused "不在可选项" "$n" "marriage: a change that is not one of the choices"
retype first; tm_keys Tab; tm_text "$(ymd '-40 days')"; tm_keys Tab; tm_text "陈静"
saved "$n" "marriage change"
n=$(outbox)
open_form person.move_out "迁出  张小军"
tm_text 19900101; tm_keys Tab; tm_text "宁波市海曙区"
refused "早于张小军的出生" "$n" "move out: a date before the birth (the store's refusal)"
expect "早于张小军的出生日期（1995-08-08）" "move out: the whole refusal on the message line"
retype "$(ymd '-2 days')"   # the refusal took the focus to the date
saved "$n" "move out"
tm_keys l
expect "变动记录" "change log of 张小军"
expect "婚姻变动" "change log: the marriage change"
expect "迁出" "change log: the move out"
go_home

# ---- contraception change, certificate, correction (李梅) ----
open_person 李梅 "$ID_LM"
n=$(outbox)
open_form woman.contraception "避孕节育  李梅"
tm_text 99; tm_keys Tab
expect "不是认得的代码或名称" "contraception: code 99 explained as typed"
refused "不是认得的代码或名称" "$n" "contraception: a method code that does not exist"
retype 3; tm_keys Tab; tm_text "$(ymd '-30 days')"; tm_keys Tab Tab; tm_text "社区卫生服务中心"
saved "$n" "contraception change"

n=$(outbox)
open_form certificate.issue "发证  李梅"
tm_text abc
refused "不在可选项" "$n" "certificate: a kind that is not one of the choices"
retype onechild; tm_keys Tab; tm_text "浙独字第0012号"; tm_keys Tab; tm_text "$(ymd '-1 days')"
saved "$n" "certificate issued"

n=$(outbox)
open_form record.correct "更正  李梅"
expect "1987-06-20" "correction: pre-filled from the record"
tm_keys Tab Tab Tab Tab Tab Tab Tab Tab Tab; tm_text "江北区甬江街道示范社区1号"   # 现住址
refused "必填" "$n" "correction: no reason"
expect "更正原因" "correction: the reason field has the focus"
tm_text "户口簿现住址漏登"
saved "$n" "correction with its reason"
tm_keys l
expect "变动记录" "change log of 李梅"
expect "避孕节育" "change log: the contraception change"
expect "发证" "change log: the certificate"
expect "更正" "change log: the correction"
go_home

# ---- pregnancy registered (王芳), the women's roster, the outcome ----
open_person 王芳 "$ID_WF"
n=$(outbox)
open_form woman.pregnancy "怀孕登记  王芳"
expect "$TODAY" "pregnancy: registration date pre-filled with today"
tm_keys Tab; tm_text 20200101
refused "早于登记日期" "$n" "pregnancy: expected date before the registration"
retype "$(ymd '+200 days')"; tm_keys Tab; tm_text "浙生字第0345号"
saved "$n" "pregnancy registered"
go_home

tm_keys w
expect "育龄妇女名册" "women's roster"
expect "筛选: 全部" "roster: filter all"
if tm_screen | grep -q "李梅" && tm_screen | grep -q "王芳"; then ok "roster all: both women"
else bad "roster all: both women"; fi
tm_keys f
expect "筛选: 已婚" "roster: filter married"
if tm_screen | grep -q "李梅" && tm_screen | grep -q "王芳"; then ok "roster married: both married women"
else bad "roster married: both married women"; fi
tm_keys f
expect "筛选: 怀孕登记中" "roster: filter pregnant"
if tm_screen | grep -q "王芳" && ! tm_screen | grep -q "李梅"; then ok "roster pregnant: 王芳 only"
else bad "roster pregnant: 王芳 only"; fi
expect "$(ymd '+200 days')" "roster pregnant: the expected date"
tm_keys f
expect "筛选: 已婚未避孕" "roster: filter married without a method"
expect "找到 0 条" "roster no method: nobody (李梅 has a method, 王芳 is pregnant)"
tm_keys f f f
expect "筛选: 怀孕登记中" "roster: the filters go round"
tm_keys Enter
expect "人员 王芳" "roster: Enter opens the person"
if tm_screen | grep -q "找到"; then bad "person: the roster's count not left on the message line"
else ok "person: the roster's count not left on the message line"; fi

n=$(outbox)
open_form woman.pregnancy_outcome "妊娠结局  王芳"
tm_keys Tab; tm_text live_birth; tm_keys Tab; tm_text 20230230
refused "只有28天" "$n" "outcome: 30 February"
retype "$TODAY"
saved "$n" "pregnancy outcome"
tm_keys l
expect "怀孕登记" "change log of 王芳: the pregnancy"
expect "妊娠结局" "change log of 王芳: the outcome"
go_home
tm_keys w
expect "育龄妇女名册" "women's roster again"
tm_keys f f
expect "筛选: 怀孕登记中" "roster: filter pregnant again"
if ! tm_screen | grep -q "王芳"; then ok "roster pregnant: 王芳 gone after the outcome"
else bad "roster pregnant: 王芳 gone after the outcome"; fi
tm_keys f
expect "筛选: 已婚未避孕" "roster: filter married without a method again"
if tm_screen | grep -q "王芳" && ! tm_screen | grep -q "李梅"; then ok "roster no method: 王芳 after the outcome, not 李梅"
else bad "roster no method: 王芳 after the outcome, not 李梅"; fi
tm_keys h
expect "家庭成员" "roster: H opens the household"
go_home

home_count_and_quit
finish
