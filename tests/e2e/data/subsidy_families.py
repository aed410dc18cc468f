#!/usr/bin/env python3
"""subsidy_families.py - the families of tests/e2e/test_subsidy.sh as
change events (JSON lines for tests/tools/evsave): elderly rural parents at
the boundaries of each programme's rules, last year's recipients, a death,
or with --extra N, N more eligible parents so the notice runs to several
pages.  ID numbers are real GB 11643 numbers (check character computed)."""
import json, sys
W=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
def idn(birth, sex, seq):
    # sequence: 3 digits, odd male even female
    n = (seq*2 + (1 if sex=="1" else 0)) % 1000
    if sex=="1" and n%2==0: n+=1
    if sex=="2" and n%2==1: n+=1
    s = "330205" + birth.replace("-","") + "%03d" % n
    t = sum(int(c)*w for c,w in zip(s,W)) % 11
    return s + "10X98765432"[t]
HH="330205001001"
out=[]
def ev(**k): out.append(json.dumps(k, ensure_ascii=False))
hh=0
seq=[0]
def person(alias, name, sex, birth, reg="2", hhcode=None, **extra):
    seq[0]+=1
    d=dict(name=name, sex=sex, birth_date=birth, id_number=idn(birth,sex,seq[0]), reg_type=reg, ethnicity="01", relation="02", marital="21")
    d.update(extra)
    ev(**{"as":alias, "type":"person.add", "household":hhcode, "data":d})
def household(n, addr):
    code = HH + "01" + "%04d" % n
    ev(type="household.add", household=code, data=dict(code=code, address=addr, reg_type="2"))
    return code
def child(alias, sex, birth, **kw):
    d=dict(sex=sex, birth_date=birth); d.update(kw)
    ev(type="person.child", person="@"+alias, data=d)
def cert(alias, kind, number, date, **kw):
    d=dict(kind=kind, number=number, date=date); d.update(kw)
    ev(type="certificate.issue", person="@"+alias, data=d)
def decide(alias, prog, year, decision, **kw):
    d=dict(programme=prog, year=year, decision=decision, date="%d-12-20" % year); d.update(kw)
    ev(type="subsidy.decision", person="@"+alias, data=d)

h=household(1,"甬江街道示范社区一组1号")
person("wang","王大伯","1","1950-03-02", hhcode=h)
child("wang","1","1975-06-01", name="王小明", within_policy=True)
person("li","李阿婆","2","1952-12-31", hhcode=h)
child("li","2","1976-01-01", name="李大妹", within_policy=True)
child("li","2","1979-02-02", name="李二妹", within_policy=True)
h=household(2,"甬江街道示范社区一组2号")
person("zhang","张老伯","1","1953-01-01", hhcode=h)
child("zhang","1","1978-03-03", within_policy=True)
person("chen","陈奶奶","2","1932-12-31", hhcode=h)
child("chen","2","1955-03-03", within_policy=True)
person("zhao","赵大妈","2","1940-05-05", hhcode=h)
child("zhao","1","1965-01-01", within_policy=True)
child("zhao","2","1968-01-01", within_policy=True)
h=household(3,"甬江街道示范社区二组3号")
person("sun","孙大爷","1","1945-07-07", hhcode=h, marital="30")
child("sun","1","1970-01-01", alive=False, death_date="2005-07-01", within_policy=True)
person("zhou","周阿姨","2","1948-08-08", hhcode=h)
child("zhou","2","1980-08-08", within_policy=False)
person("wu","吴伯","1","1950-09-09", reg="1", hhcode=h)
child("wu","1","1976-09-09", within_policy=True)
h=household(4,"甬江街道示范社区二组4号")
person("zheng","郑女士","2","1960-10-10", hhcode=h)
child("zheng","1","1985-10-10", disability_grade=2, within_policy=True)
person("feng","冯先生","1","1975-11-11", hhcode=h)
child("feng","2","2000-01-15", within_policy=True)
cert("feng","onechild","ZJ2001-0123","2001-05-01")
person("qian","钱老汉","1","1948-04-04", hhcode=h)
child("qian","2","1974-04-04", within_policy=True)
ev(type="person.marriage", person="@wang", data=dict(change="first", date="1974-01-01", spouse="@li"))
decide("wang","reward",2011,"approve", amount=720)
decide("wu","reward",2011,"approve", amount=720)
decide("qian","reward",2011,"approve", amount=720)
ev(type="person.death", person="@qian", data=dict(date="2012-03-01"))
# --extra N: only N more eligible parents, in households of their own
extra = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "--extra" else 0
if extra:
    out.clear()
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "建国秀英桂兰志强明华玉珍德福金凤"
for i in range(extra):
    if i % 10 == 0:
        h = household(100 + i // 10, "甬江街道示范社区五组%d号" % (100 + i // 10))
    name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)] + GIVEN[(i * 7 + 3) % len(GIVEN)]
    person("x%d" % i, name, "1" if i % 2 else "2", "19%02d-%02d-%02d" % (40 + i % 12, 1 + i % 12, 1 + i % 28), hhcode=h)
    child("x%d" % i, "2" if i % 3 else "1", "1975-05-05", within_policy=True)
print("\n".join(out))
