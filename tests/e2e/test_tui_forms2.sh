#!/bin/bash
# End-to-end test of the change forms that start from a household, in a real
# terminal (tmux, 80x24, monochrome): move in, migrant arrives (with and
# without a marriage-and-childbirth certificate), migrant leaves; and the
# migrant roster with each of its filters.  Each form is pre-filled from the
# household (addresses, registration type), first given one bad value
# (refused, the reason beside the field in Chinese, nothing saved), then
# saved: one more change in the outbox and the change in the household's
# change log.  The forms that start from a person are in test_tui_forms.sh.
# POPDESK = the binary (default build/popdesk).  Last line:
# "tui-forms2: N passed, N failed"; exit status 1 on failure.
set -u
export LC_ALL=C.UTF-8 TZ=Asia/Shanghai
. "$(dirname "$0")/lib/check.sh"
e2e_setup tui-forms2 --tmux popdesk-forms2 --pw secret123
. "$E2E_LIB/forms.sh"

forms_setup || { finish; exit; }

ID_ZJ=$(idck 33020519980101001)          # 周杰 m, moves in
ID_ZJ_BAD=${ID_ZJ:0:17}$([ "${ID_ZJ:17:1}" = 0 ] && echo 1 || echo 0)
ID_ZM=$(idck 41010219960304002)          # 赵敏 f, migrant with a certificate
ID_QH=$(idck 34010419900520004)          # 钱红 f, migrant without one

open_person 张三 "$ID_ZS"
tm_keys h
expect "家庭成员" "household of 张三"

# ---- move in (I on the household) ----
n=$(outbox)
tm_keys i
expect "迁入  户 $HH" "move-in form for the household"
expect "江北区甬江街道示范社区1号" "move in: addresses pre-filled from the household"
tm_text "$(ymd '-5 days')"; tm_keys Tab; tm_text "宁波市海曙区"; tm_keys Tab; tm_text "周杰"; tm_keys Tab
tm_text "$ID_ZJ_BAD"
expect "校验位不对" "move in: the bad ID number explained as typed"
refused "校验位不对" "$n" "move in: an ID number with a wrong check character"
tm_keys BSpace; tm_text "${ID_ZJ:17:1}"
expect "1998-01-01" "move in: sex and birth date filled from the ID number"
saved "$n" "move in"
expect "周杰" "move in: the new member in the household"

# ---- migrant arrives, with a certificate expiring soon ----
n=$(outbox)
tm_keys e
expect "登记变动" "household change menu"
if pick migrant.arrive; then ok "migrant.arrive chosen in the menu"; else bad "migrant.arrive chosen in the menu"; fi
expect "流动人口流入  户 $HH" "migrant-arrives form"
tm_text "$(ymd '-20 days')"; tm_keys Tab; tm_text "河南省郑州市中原区"; tm_keys Tab
tm_text "豫婚育字0001号"; tm_keys Tab; tm_text "中原区卫生健康委"; tm_keys Tab
tm_text "$(ymd '-1 year')"; tm_keys Tab; tm_text "$(ymd '-2 years')"; tm_keys Tab Tab
tm_text "赵敏"; tm_keys Tab; tm_text "$ID_ZM"
refused "早于发证日期" "$n" "migrant arrives: a certificate that expires before it was issued"
retype "$(ymd '+10 days')"
saved "$n" "migrant arrives (certificate)"

# ---- migrant arrives, no certificate ----
n=$(outbox)
tm_keys e
expect "登记变动" "household change menu again"
pick migrant.arrive || bad "migrant.arrive chosen again"
expect "流动人口流入  户 $HH" "migrant-arrives form again"
tm_text "$(ymd '-10 days')"; tm_keys Tab; tm_text "安徽省合肥市"; tm_keys Tab Tab Tab Tab Tab Tab
tm_text "钱红"; tm_keys Tab; tm_text "$ID_QH"
saved "$n" "migrant arrives (no certificate)"
tm_keys l
expect "变动记录" "household change log"
expect "迁入" "household change log: the move in"
expect "流动人口流入" "household change log: the migrants"
go_home

# ---- the migrant roster and its filters ----
tm_keys m
expect "流动人口名册" "migrant roster"
expect "筛选: 全部" "migrant roster: filter all"
if tm_screen | grep -q "赵敏" && tm_screen | grep -q "钱红" && ! tm_screen | grep -q "周杰"; then
    ok "migrant roster all: the two migrants, not the one who moved in"
else bad "migrant roster all: the two migrants, not the one who moved in"; fi
expect "$(ymd '+10 days')" "migrant roster: the certificate's expiry"
tm_keys f
expect "筛选: 证明30天内到期" "migrant roster: filter expiring"
if tm_screen | grep -q "赵敏" && ! tm_screen | grep -q "钱红"; then ok "expiring: 赵敏 only"
else bad "expiring: 赵敏 only"; fi
tm_keys f
expect "筛选: 证明已过期" "migrant roster: filter expired"
expect "找到 0 条" "expired: nobody"
tm_keys f
expect "筛选: 无婚育证明" "migrant roster: filter no certificate"
if tm_screen | grep -q "钱红" && ! tm_screen | grep -q "赵敏"; then ok "no certificate: 钱红 only"
else bad "no certificate: 钱红 only"; fi
tm_keys f
expect "筛选: 全部" "migrant roster: the filters go round"
go_home

# ---- migrant leaves ----
open_person 赵敏 "$ID_ZM"
n=$(outbox)
tm_keys e
expect "登记变动" "change menu of 赵敏"
if pick migrant.leave; then ok "migrant.leave chosen in the menu"; else bad "migrant.leave chosen in the menu"; fi
expect "流动人口离开  赵敏" "migrant-leaves form"
tm_text 20231301
refused "没有13月" "$n" "migrant leaves: month 13"
retype "$TODAY"; tm_keys Tab; tm_text "返回原籍"
saved "$n" "migrant leaves"
tm_keys l
expect "流动人口离开" "change log of 赵敏: leaves"
expect "流动人口流入" "change log of 赵敏: arrived"
go_home
tm_keys m
expect "流动人口名册" "migrant roster again"
if tm_screen | grep -q "钱红" && ! tm_screen | grep -q "赵敏"; then ok "migrant roster: 赵敏 gone after leaving"
else bad "migrant roster: 赵敏 gone after leaving"; fi
go_home

home_count_and_quit
finish
