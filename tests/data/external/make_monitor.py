"""Writes monitoring-stage workbooks (项目支出绩效目标执行监控表, FORMS §4.3) the way other
programs do, and expected_monitor.json: what a careful clerk would copy by hand from each card.

- monitor/openpyxl-monitor-national.xlsx: the national layout (财预〔2019〕136号) with the
  liberties units take: an extra row in the header area, labels spaced out with full-width
  spaces, rows inserted in the indicator table (level names merged down over them), one card
  with an 调整后预算数 column; amounts as numbers, rates as numbers shown as percents.
- monitor/openpyxl-monitor-central.xlsx: a central-system export: amounts and rates as TEXT
  ('1,234.50', '47.00%'), level names repeated on every row, ticks `✔` `√` `是` `1`, one card
  of 1-6月 with exactly 14 indicator rows.
- monitor/libreoffice-monitor-national.xls: the national file re-saved by LibreOffice.

Findings planted on purpose (and listed per card in expected_monitor.json under `rules`,
`alerts`; `absent_rules` are codes the planted situation must NOT produce):
  学生资助  J04 (两项勾选), J05 (完全不可能，无原因)
  道路养护  J02 (执行率 25% < 时间进度 58.3% − 15), J03 (未勾选)
  文化惠民  J01 (填报执行率 46.00%，应为 64.00%); 预计结余 17.50 with a reason (so no J06)
  环卫保洁  M01 (年初预算数 2460 ≠ 2300+100+50), J06 (预计结余 160.00, no reason anywhere)

Every expected number is computed here from the values written, independently of jixiao:
执行率 = 执行数 ÷ (调整后预算数, else 年初预算数), 预计结余 = that base − 全年预计执行数.

Run: python3 make_monitor.py   (needs openpyxl; LibreOffice optional, for the .xls copy)
The .xlsx files are byte-identical from run to run (fixed document dates and zip times).
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "monitor")
FIXED = datetime.datetime(2024, 8, 5, 9, 0, 0)

REASONS = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]
LIKELY = ["确定能", "有可能", "完全不可能"]
MONEY_ROWS = ["total", "fiscal", "carryover", "other"]


def merged(ws, rng, value):
    first = rng.split(":")[0]
    ws[first] = value
    if ":" in rng and rng.split(":")[0] != rng.split(":")[1]:
        ws.merge_cells(rng)


def ind(l1, l2, l3, target, actual, forecast, likely=("确定能",), reasons=(), why="", remark=""):
    """One indicator row: `likely` the ticked 完成目标可能性 columns (none, one or several)."""
    return dict(l1=l1, l2=l2, l3=l3, target=target, actual=actual, forecast=forecast,
                likely=list(likely), reasons=list(reasons), why=why, remark=remark)


# ---------------------------------------------------------------- the cards

# Money: per row (total, fiscal, carryover, other): 年初预算数, 调整后预算数 (or None),
# 1-N月执行数, 全年预计执行数. The stated rate is computed from them unless `stated_total_rate`.

NATIONAL = [
    dict(
        sheet="学生资助", name="家庭经济困难学生资助", code="2024302001011",
        dept="区教育局 302001", unit="区学生资助管理中心", attribute="延续", month=7,
        spaced=False, extra_row=False,
        money=dict(
            total=(580.0, 620.0, 372.0, 620.0),
            fiscal=(500.0, 540.0, 330.0, 540.0),
            carryover=(50.0, 50.0, 42.0, 50.0),
            other=(30.0, 30.0, 0.0, 30.0),
        ),
        goal="落实各学段学生资助政策，做到应助尽助。",
        progress="春季学期各项资助已发放，秋季学期资助对象认定进行中。",
        indicators=[
            ind("产出指标", "数量指标", "资助学前教育幼儿人数", "≥1200人次", "420人次", "800人次",
                likely=("完全不可能",)),  # J05: no reason at all
            ind("产出指标", "数量指标", "资助义务教育寄宿生人数", "≥3500人", "3480人", "3520人"),
            ind("产出指标", "数量指标", "资助普通高中学生人数", "≥1800人", "1760人", "1820人"),
            # Rows the unit inserted under 数量指标 (the merge runs over them).
            ind("产出指标", "数量指标", "资助中职学生人数", "≥900人", "610人", "900人",
                likely=("确定能", "有可能")),  # J04
            ind("产出指标", "数量指标", "发放营养餐补助学生数", "≥6000人", "2900人", "5600人",
                likely=("有可能",), reasons=("经费保障",),
                why="部分学校营养餐供应合同未续签，秋季学期补发。"),
            ind("产出指标", "质量指标", "资助对象认定准确率", "100%", "100%", "100%"),
            ind("产出指标", "时效指标", "资助资金发放及时率", "100%", "100%", "100%"),
            ind("效益指标", "社会效益指标", "困难学生应助尽助率", "100%", "100%", "100%"),
            ind("效益指标", "可持续影响指标", "资助政策知晓率", "≥95%", "93%", "96%"),
            ind("满意度指标", "服务对象满意度指标", "受助学生满意度", "≥90%", "94%", "94%"),
        ],
        rules=["J04", "J05"], absent=[],
        alerts=["完成目标可能性：有可能", "完成目标可能性：完全不可能"],
    ),
    dict(
        sheet="道路养护", name="农村公路养护", code="2024305003002",
        dept="区交通运输局 305003", unit="区公路养护中心", attribute="延续", month=7,
        spaced=True, extra_row=True,
        money=dict(
            total=(860.0, None, 215.0, 860.0),
            fiscal=(800.0, None, 200.0, 800.0),
            carryover=(60.0, None, 15.0, 60.0),
            other=(0.0, None, 0.0, 0.0),
        ),
        goal="完成420公里农村公路日常养护，路况优良中等路率不低于85%。",
        progress="上半年完成日常养护，大中修工程招标延后，资金支付滞后。",
        indicators=[
            ind("产出指标", "数量指标", "养护农村公路里程", "≥420公里", "420公里", "420公里"),
            ind("产出指标", "数量指标", "修复路面坑槽面积", "≥8000平方米", "3100平方米", "8000平方米",
                likely=()),  # J03
            ind("产出指标", "数量指标", "整治安全隐患路段", "≥15处", "6处", "15处"),
            ind("产出指标", "质量指标", "优良中等路率", "≥85%", "82%", "85%",
                likely=("有可能",), reasons=("人员保障",), why="养护工人招聘不足，下半年增补。"),
            ind("产出指标", "时效指标", "水毁抢修时间", "≤48小时", "36小时", "≤48小时"),
            ind("产出指标", "成本指标", "每公里养护成本", "≤2万元", "0.5万元", "2万元"),
            ind("效益指标", "社会效益指标", "农村公路安全通行率", "≥98%", "99%", "99%"),
            ind("满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%", "91%", "92%"),
        ],
        rules=["J02", "J03"], absent=[],
        alerts=["执行进度滞后", "完成目标可能性：有可能"],
    ),
    dict(
        sheet="文化惠民", name="文化惠民演出", code="2024307002005",
        dept="区文化广电旅游局 307002", unit="区文化馆", attribute="新增", month=7,
        spaced=False, extra_row=True,
        money=dict(
            total=(150.0, None, 96.0, 132.5),
            fiscal=(150.0, None, 96.0, 132.5),
            carryover=(0.0, None, 0.0, 0.0),
            other=(0.0, None, 0.0, 0.0),
        ),
        stated_total_rate=0.46,  # J01: 96 ÷ 150 = 64.00%, written as 46.00%
        goal="全年开展惠民演出60场、送戏下乡30场。",
        progress="已演出41场，送戏下乡18场。",
        indicators=[
            ind("产出指标", "数量指标", "惠民演出场次", "≥60场", "41场", "60场"),
            ind("产出指标", "数量指标", "送戏下乡场次", "≥30场", "18场", "30场"),
            ind("产出指标", "质量指标", "演出节目审查合格率", "100%", "100%", "100%"),
            ind("产出指标", "时效指标", "演出任务完成时间", "2024年11月30日前", "按计划推进", "2024年11月30日前"),
            ind("产出指标", "成本指标", "单场演出成本", "≤2.5万元", "2.2万元", "2.2万元",
                reasons=("其他",), why="政府采购中标价低于预算，预计结余17.50万元。"),
            ind("效益指标", "社会效益指标", "惠及群众人次", "≥5万人次", "3.6万人次", "5.2万人次"),
            ind("满意度指标", "服务对象满意度指标", "观众满意度", "≥90%", "95%", "95%"),
        ],
        rules=["J01"], absent=["J06"],
        alerts=["执行率与金额不符"],
    ),
]

CENTRAL = [
    dict(
        sheet="社区养老", name="社区居家养老服务补贴", code="2024303004008",
        dept="区民政局", unit="区养老服务指导中心", month=6, tick="cycle",
        money=dict(
            total=(1234.5, None, 580.22, 1234.5),
            fiscal=(1000.0, None, 480.22, 1000.0),
            carryover=(200.0, None, 100.0, 200.0),
            other=(34.5, None, 0.0, 34.5),
        ),
        goal="为辖区失能、高龄老人提供居家养老服务，全年服务36000人次。",
        progress="1-6月服务18,500人次，新增助餐点3个。",
        # Exactly 14 rows; the chosen column's mark varies row by row.
        indicators=[
            ind("产出指标", "数量指标", "居家养老服务人次", "≥36000人次", "18,500人次", "36,200人次"),
            ind("产出指标", "数量指标", "助餐服务人次", "≥12000人次", "6,300人次", "12,400人次"),
            ind("产出指标", "数量指标", "上门服务老人数", "≥800人", "620人", "820人"),
            ind("产出指标", "数量指标", "新增助餐点数量", "≥6个", "3个", "5个",
                likely=("有可能",), reasons=("硬件条件保障",), why="2处场地尚未落实。"),
            ind("产出指标", "质量指标", "服务合格率", "≥95%", "97%", "97%"),
            ind("产出指标", "质量指标", "护理员持证上岗率", "100%", "100%", "100%"),
            ind("产出指标", "时效指标", "补贴发放及时率", "100%", "100%", "100%"),
            ind("产出指标", "时效指标", "服务响应时间", "≤24小时", "12小时", "12小时"),
            ind("产出指标", "成本指标", "人均服务成本", "≤1200元", "560元", "1,150元"),
            ind("效益指标", "社会效益指标", "失能老人照护覆盖率", "≥60%", "45%", "58%",
                likely=("完全不可能",), reasons=("经费保障", "人员保障"),
                why="失能老人评估人数增加，护理员缺口较大。"),
            ind("效益指标", "社会效益指标", "家庭照护负担减轻", "明显", "明显", "明显"),
            ind("效益指标", "可持续影响指标", "服务网络持续运行年限", "≥3年", "—", "≥3年"),
            ind("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "93%", "93%"),
            ind("满意度指标", "服务对象满意度指标", "家属满意度", "≥90%", "92%", "92%"),
        ],
        rules=[], absent=["J01", "J05"],
        alerts=["完成目标可能性：有可能", "完成目标可能性：完全不可能"],
    ),
    dict(
        sheet="环卫保洁", name="城区环卫保洁服务", code="2024315001003",
        dept="区城市管理和综合执法局", unit="区环境卫生管理所", month=7, tick="√",
        money=dict(
            # M01: 2460 ≠ 2300 + 100 + 50 (only in the 年初预算数 column).
            total=(2460.0, None, 1476.0, 2300.0),
            fiscal=(2300.0, None, 1400.0, 2200.0),
            carryover=(100.0, None, 76.0, 100.0),
            other=(50.0, None, 0.0, 0.0),
        ),
        goal="城区道路机械化清扫率达到90%以上，垃圾日产日清。",
        progress="1-7月完成城区道路清扫保洁，机械化清扫率91%。",
        indicators=[
            ind("产出指标", "数量指标", "清扫保洁面积", "≥520万平方米", "520万平方米", "520万平方米"),
            ind("产出指标", "数量指标", "公厕保洁座数", "≥120座", "120座", "120座"),
            ind("产出指标", "质量指标", "机械化清扫率", "≥90%", "91%", "91%"),
            ind("产出指标", "时效指标", "生活垃圾清运时间", "日产日清", "日产日清", "日产日清"),
            ind("效益指标", "社会效益指标", "市容环境投诉下降率", "≥10%", "8%", "12%"),
            ind("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%", "92%", "92%"),
        ],
        rules=["M01", "J06"], absent=[],
        alerts=[],
    ),
]

# The 14-row card's ticks: the central system writes whatever the unit typed.
TICK_CYCLE = ["✔", "√", "是", "1"]


# ---------------------------------------------------------------- arithmetic (the clerk's)

def rate(executed, base):
    return None if not base else executed / base


def base_of(row):
    start, adjusted, _, _ = row
    return adjusted if adjusted is not None else start


def expect(card):
    m = card["money"]
    start, adjusted, executed, forecast = m["total"]
    base = base_of(m["total"])
    surplus = round(base - forecast, 2)
    worst = None
    for i in card["indicators"]:
        for j in sorted(i["likely"], key=LIKELY.index):
            if worst is None or LIKELY.index(j) > LIKELY.index(worst):
                worst = j
    return {
        "unit": card["unit"], "name": card["name"], "code": card["code"], "month": card["month"],
        "budget_start": start, "budget_adjusted": adjusted, "executed": executed,
        "rate": round(executed / base, 4), "time_progress": round(card["month"] / 12, 4),
        "forecast": forecast, "surplus": surplus if surplus > 0 else None,
        "surplus_reason": any(i["why"] or i["reasons"] for i in card["indicators"]) if surplus > 0 else None,
        "likelihood": worst,
        "indicator_count": len(card["indicators"]),
        "indicators": [[i["l1"], i["l2"], i["l3"], i["likely"][0] if len(i["likely"]) == 1 else None]
                       for i in card["indicators"]],
        "rules": card["rules"], "absent_rules": card["absent"], "alerts": card["alerts"],
    }


def check_plants(card, e):
    """The planted findings really follow from the numbers written (and nothing unplanted does)."""
    m = card["money"]
    lag = card["month"] / 12 - e["rate"]
    assert (lag > 0.15) == ("J02" in card["rules"]), card["sheet"]
    sums_ok = all(abs(m["total"][k] - sum(m[r][k] for r in MONEY_ROWS[1:])) < 0.005
                  for k in (0, 2, 3) if m["total"][k] is not None)
    assert sums_ok == ("M01" not in card["rules"]), card["sheet"]
    if "stated_total_rate" in card:
        assert abs(card["stated_total_rate"] - e["rate"]) > 0.005 and "J01" in card["rules"]
    if e["surplus"] is not None:
        assert e["surplus_reason"] == ("J06" not in card["rules"]), card["sheet"]
    assert e["executed"] <= base_of(m["total"])  # no J13
    n = [len(i["likely"]) for i in card["indicators"]]
    assert (0 in n) == ("J03" in card["rules"]) and (any(k > 1 for k in n)) == ("J04" in card["rules"])


# ---------------------------------------------------------------- national layout

# A: captions; B..D levels; E 年度指标值; F 1-N月执行数; G 全年预计执行数; H..L reasons, M 原因说明;
# N..P 完成目标可能性; Q 备注.
NCOLS = 17


def national_card(ws, card):
    n = card["month"]
    sp = (lambda s: "\u3000".join(s)) if card["spaced"] else (lambda s: s)
    last = "Q"
    merged(ws, f"A1:{last}1", "项目支出绩效目标执行监控表")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    merged(ws, f"A2:{last}2", f"（2024年1-{n}月）")
    r = 3
    ws.cell(r, 1, sp("项目名称"))
    merged(ws, f"B{r}:H{r}", card["name"])
    merged(ws, f"I{r}:J{r}", sp("项目编码"))
    merged(ws, f"K{r}:{last}{r}", card["code"])
    r += 1
    ws.cell(r, 1, "主管部门及代码")
    merged(ws, f"B{r}:H{r}", card["dept"])
    merged(ws, f"I{r}:J{r}", sp("实施单位"))
    merged(ws, f"K{r}:{last}{r}", card["unit"])
    r += 1
    if card["extra_row"]:
        # A row the unit added to the header area.
        ws.cell(r, 1, "项目负责人")
        merged(ws, f"B{r}:H{r}", "李明")
        merged(ws, f"I{r}:J{r}", sp("项目属性"))
        merged(ws, f"K{r}:{last}{r}", card["attribute"])
        r += 1
    # Money block.
    m = card["money"]
    adjusted = m["total"][1] is not None
    heads = ["年初预算数"] + (["调整后预算数"] if adjusted else []) + [f"1-{n}月执行数", f"1-{n}月执行率", "全年预计执行数"]
    top = r
    merged(ws, f"A{r}:A{r + 4}", "项目资金\n（万元）")
    merged(ws, f"B{r}:D{r}", None)
    col = 5
    cols = []
    for h in heads:
        ws.merge_cells(start_row=r, start_column=col, end_row=r, end_column=col + 1)
        ws.cell(r, col, h)
        cols.append(col)
        col += 2
    for k, (key, label) in enumerate(zip(MONEY_ROWS, ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金"])):
        rr = top + 1 + k
        merged(ws, f"B{rr}:D{rr}", label)
        start, adj, executed, forecast = m[key]
        vals = [start] + ([adj] if adjusted else []) + [executed, None, forecast]
        stated = rate(executed, base_of(m[key]))
        if key == "total" and "stated_total_rate" in card:
            stated = card["stated_total_rate"]
        vals[-2] = None if stated is None else round(stated, 4)
        for c, v in zip(cols, vals):
            ws.merge_cells(start_row=rr, start_column=c, end_row=rr, end_column=c + 1)
            if v is not None:
                cell = ws.cell(rr, c, v)
                cell.number_format = "0.00%" if c == cols[-2] else "#,##0.00"
    r = top + 5
    # 年度总体目标.
    merged(ws, f"A{r}:A{r + 1}", "年度总体目标")
    merged(ws, f"B{r}:H{r}", "年初设定目标")
    merged(ws, f"I{r}:{last}{r}", f"1-{n}月执行情况")
    merged(ws, f"B{r + 1}:H{r + 1}", card["goal"])
    merged(ws, f"I{r + 1}:{last}{r + 1}", card["progress"])
    r += 2
    # Indicator table: two header rows.
    h = r
    for c, label in [(2, "一级指标"), (3, "二级指标"), (4, "三级指标"), (5, "年度指标值"),
                     (6, f"1-{n}月执行数"), (7, "全年预计执行数"), (17, "备注")]:
        ws.merge_cells(start_row=h, start_column=c, end_row=h + 1, end_column=c)
        ws.cell(h, c, label)
    merged(ws, f"H{h}:M{h}", "偏差原因分析")
    merged(ws, f"N{h}:P{h}", "完成目标可能性")
    for c, label in enumerate(REASONS + ["原因说明"] + LIKELY, start=8):
        ws.cell(h + 1, c, label)
    r = h + 2
    prev1 = prev2 = None
    start1 = start2 = r
    for i in card["indicators"]:
        if i["l1"] != prev1:
            if prev1 is not None and r - 1 > start1:
                ws.merge_cells(f"B{start1}:B{r - 1}")
            ws.cell(r, 2, i["l1"])
            prev1, start1, prev2 = i["l1"], r, None
        if i["l2"] != prev2:
            if prev2 is not None and r - 1 > start2:
                ws.merge_cells(f"C{start2}:C{r - 1}")
            ws.cell(r, 3, i["l2"])
            prev2, start2 = i["l2"], r
        ws.cell(r, 4, i["l3"])
        ws.cell(r, 5, i["target"])
        ws.cell(r, 6, i["actual"])
        ws.cell(r, 7, i["forecast"])
        for k, reason in enumerate(REASONS):
            if reason in i["reasons"]:
                ws.cell(r, 8 + k, "√")
        if i["why"]:
            ws.cell(r, 13, i["why"])
        for k, j in enumerate(LIKELY):
            if j in i["likely"]:
                ws.cell(r, 14 + k, "√")
        if i["remark"]:
            ws.cell(r, 17, i["remark"])
        r += 1
    if r - 1 > start1:
        ws.merge_cells(f"B{start1}:B{r - 1}")
    if r - 1 > start2:
        ws.merge_cells(f"C{start2}:C{r - 1}")
    merged(ws, f"A{h}:A{r - 1}", "绩效指标")
    ws.cell(r + 1, 1, "填表人：")
    ws.cell(r + 1, 6, "联系电话：")
    ws.cell(r + 1, 12, "填报日期：")
    for c, w in zip("ABCDEFGHIJKLMNOPQ", [14, 11, 16, 22, 14, 12, 12, 6, 6, 6, 8, 6, 24, 6, 6, 8, 10]):
        ws.column_dimensions[c].width = w


# ---------------------------------------------------------------- central-system export

def txt_money(v):
    return f"{v:,.2f}"


def txt_rate(v):
    return "" if v is None else f"{v * 100:.2f}%"


def central_card(ws, card):
    n = card["month"]
    merged(ws, "A1:P1", "项目支出绩效目标执行监控表")
    merged(ws, "A2:P2", f"（2024年1-{n}月）")
    ws["A3"] = "项目名称"
    merged(ws, "B3:G3", card["name"])
    ws["H3"] = "项目编码"
    merged(ws, "I3:P3", card["code"])
    ws["A4"] = "主管部门"
    merged(ws, "B4:G4", card["dept"])
    ws["H4"] = "实施单位"
    merged(ws, "I4:P4", card["unit"])
    merged(ws, "A5:B5", "项目资金（万元）")
    for c, label in enumerate(["年初预算数", f"1-{n}月执行数", f"1-{n}月执行率", "全年预计执行数"], start=3):
        ws.cell(5, c, label)
    m = card["money"]
    for k, (key, label) in enumerate(zip(MONEY_ROWS, ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金"])):
        r = 6 + k
        merged(ws, f"A{r}:B{r}", label)
        start, _, executed, forecast = m[key]
        ws.cell(r, 3, txt_money(start))
        ws.cell(r, 4, txt_money(executed))
        ws.cell(r, 5, txt_rate(rate(executed, base_of(m[key]))) or "0.00%")
        ws.cell(r, 6, txt_money(forecast))
    merged(ws, "A10:A11", "年度总体目标")
    merged(ws, "B10:H10", "年初设定目标")
    merged(ws, "I10:P10", f"1-{n}月执行情况")
    merged(ws, "B11:H11", card["goal"])
    merged(ws, "I11:P11", card["progress"])
    for c, label in [(1, "一级指标"), (2, "二级指标"), (3, "三级指标"), (4, "年度指标值"),
                     (5, f"1-{n}月执行情况"), (6, "全年预计完成情况"), (16, "备注")]:
        ws.merge_cells(start_row=12, start_column=c, end_row=13, end_column=c)
        ws.cell(12, c, label)
    merged(ws, "G12:L12", "偏差原因分析")
    merged(ws, "M12:O12", "完成目标可能性")
    for c, label in enumerate(REASONS + ["原因说明"] + LIKELY, start=7):
        ws.cell(13, c, label)
    r = 14
    for k, i in enumerate(card["indicators"]):
        mark = TICK_CYCLE[k % len(TICK_CYCLE)] if card["tick"] == "cycle" else card["tick"]
        for c, v in enumerate([i["l1"], i["l2"], i["l3"], i["target"], i["actual"], i["forecast"]], start=1):
            ws.cell(r, c, v)
        for j, reason in enumerate(REASONS):
            if reason in i["reasons"]:
                ws.cell(r, 7 + j, mark)
        if i["why"]:
            ws.cell(r, 12, i["why"])
        for j, lk in enumerate(LIKELY):
            if lk in i["likely"]:
                ws.cell(r, 13 + j, mark)
        if i["remark"]:
            ws.cell(r, 16, i["remark"])
        r += 1


# ---------------------------------------------------------------- writing

def save(wb, path):
    """Saves with fixed document dates and zip entry times: the same bytes on every run."""
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "openpyxl"
    wb.save(path)  # openpyxl stamps `modified` with now(): put the fixed date back
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(<)", rb"\g<1>" + stamp.encode() + rb"\g<2>", data)
            z.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6]), data,
                       compress_type=zipfile.ZIP_DEFLATED)


def main():
    os.makedirs(OUT, exist_ok=True)
    out = {}

    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    for card in NATIONAL:
        national_card(wb.create_sheet(card["sheet"]), card)
        e = expect(card)
        check_plants(card, e)
        sheets[card["sheet"]] = e
    national = os.path.join(OUT, "openpyxl-monitor-national.xlsx")
    save(wb, national)
    out["openpyxl-monitor-national.xlsx"] = sheets

    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    for card in CENTRAL:
        central_card(wb.create_sheet(card["sheet"]), card)
        e = expect(card)
        check_plants(card, e)
        e["text_amounts"] = True
        sheets[card["sheet"]] = e
    assert any(len(c["indicators"]) == 14 for c in CENTRAL)
    assert any(c["month"] != 7 for c in CENTRAL)
    save(wb, os.path.join(OUT, "openpyxl-monitor-central.xlsx"))
    out["openpyxl-monitor-central.xlsx"] = sheets

    # Re-saved by LibreOffice, as a unit with another program would.
    soffice = shutil.which("soffice")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([soffice, "--headless", "--convert-to", "xls", "--outdir", tmp, national],
                           check=True, capture_output=True, timeout=300)
            shutil.move(os.path.join(tmp, "openpyxl-monitor-national.xls"),
                        os.path.join(OUT, "libreoffice-monitor-national.xls"))
        out["libreoffice-monitor-national.xls"] = out["openpyxl-monitor-national.xlsx"]
    elif os.path.exists(os.path.join(OUT, "libreoffice-monitor-national.xls")):
        out["libreoffice-monitor-national.xls"] = out["openpyxl-monitor-national.xlsx"]

    with open(os.path.join(HERE, "expected_monitor.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
