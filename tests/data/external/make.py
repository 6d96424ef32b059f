"""Writes target-stage workbooks the way other programs do (openpyxl; LibreOffice re-saves),
in the layouts of FORMS §4.1/§4.2 but with the liberties units take: rows inserted, labels
spaced out, amounts as text, a mid-term column, inline `label：value` cells, values below their
labels. Also writes expected.json: what a careful clerk would copy by hand from each card.

Run: python3 make.py   (needs openpyxl; LibreOffice optional, for the .xls/.ods copies)
"""
import json
import os
import shutil
import subprocess
import tempfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))
expected = {}


def merged(ws, rng, value):
    first = rng.split(":")[0]
    ws[first] = value
    ws.merge_cells(rng)


def national_card(ws, card, *, mid_term=False, spaced=False, inserted=0, text_amounts=False):
    sp = (lambda s: "\u3000".join(s)) if spaced else (lambda s: s)
    merged(ws, "A1:I1", "项目支出绩效目标申报表")
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")
    merged(ws, "A2:I2", "（ 2024 年度）")
    r = 3 + inserted  # units insert rows under the title
    ws.cell(r, 1, sp("项目名称"))
    merged(ws, f"B{r}:E{r}", card["name"])
    ws.cell(r, 6, "项目编码：")
    merged(ws, f"G{r}:I{r}", card["code"])
    r += 1
    ws.cell(r, 1, "主管部门及代码")
    merged(ws, f"B{r}:E{r}", card["dept"])
    ws.cell(r, 6, "实施单位（盖章）")
    merged(ws, f"G{r}:I{r}", card["unit"])
    r += 1
    ws.cell(r, 1, sp("项目属性"))
    merged(ws, f"B{r}:E{r}", card["attribute"])
    ws.cell(r, 6, "项目期限")
    merged(ws, f"G{r}:I{r}", "2024年1月-12月")
    r += 1
    money_top = r
    ws.cell(r, 1, "项目资金\n（万元）")
    amt = (lambda v: f"{v:,.2f}") if text_amounts else (lambda v: v)
    col = 2
    if mid_term:
        ws.cell(r, 2, "中期资金总额：")
        ws.cell(r, 3, amt(card["total"] * 3))
        ws.cell(r + 1, 2, "其中：财政拨款")
        ws.cell(r + 1, 3, amt(card["fiscal"] * 3))
        ws.cell(r + 2, 2, "上年结转资金")
        ws.cell(r + 2, 3, amt(card["carryover"] * 3))
        ws.cell(r + 3, 2, "其他资金")
        ws.cell(r + 3, 3, amt(card["other"] * 3))
        col = 5
    ws.cell(r, col, "年度资金总额（万元）：")
    ws.cell(r, col + 1, amt(card["total"]))
    ws.cell(r + 1, col, "其中：财政拨款")
    ws.cell(r + 1, col + 1, amt(card["fiscal"]))
    ws.cell(r + 2, col, "上年结转资金")
    ws.cell(r + 2, col + 1, amt(card["carryover"]))
    ws.cell(r + 3, col, "其他资金")
    ws.cell(r + 3, col + 1, amt(card["other"]))
    ws.merge_cells(f"A{money_top}:A{money_top + 3}")
    r += 4
    ws.cell(r, 1, "总体目标")
    ws.cell(r, 2, "中期目标")
    merged(ws, f"C{r}:E{r}", None)
    ws.cell(r, 6, "年度目标")
    # The national card puts the goal texts under their labels.
    merged(ws, f"B{r + 1}:E{r + 1}", "三年内完成全部改造任务")
    merged(ws, f"F{r + 1}:I{r + 1}", card["goal"])
    ws.merge_cells(f"A{r}:A{r + 1}")
    r += 2
    ws.cell(r, 1, "绩效指标")
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "指标值", "指标解释"]):
        ws.cell(r, 2 + i, h)
    top = r
    r += 1
    prev1 = prev2 = None
    start1 = start2 = r
    for (l1, l2, l3, v) in card["indicators"]:
        if l1 != prev1:
            if prev1 is not None and r - 1 > start1:
                ws.merge_cells(f"B{start1}:B{r - 1}")
            ws.cell(r, 2, l1)
            prev1, start1 = l1, r
            prev2 = None
        if l2 != prev2:
            if prev2 is not None and r - 1 > start2:
                ws.merge_cells(f"C{start2}:C{r - 1}")
            ws.cell(r, 3, l2)
            prev2, start2 = l2, r
        ws.cell(r, 4, l3)
        ws.cell(r, 5, v)
        ws.cell(r, 6, "考察" + l3)
        r += 1
    if r - 1 > start1:
        ws.merge_cells(f"B{start1}:B{r - 1}")
    if r - 1 > start2:
        ws.merge_cells(f"C{start2}:C{r - 1}")
    ws.merge_cells(f"A{top}:A{r - 1}")
    ws.cell(r + 1, 1, "填表人：")
    ws.cell(r + 1, 4, "联系电话：")
    ws.cell(r + 1, 7, "填报日期：")
    for c, w in zip("ABCDEFGHI", [14, 16, 16, 24, 14, 22, 12, 12, 12]):
        ws.column_dimensions[c].width = w


def inline_card(ws, card):
    """Labels and values in one cell (`项目名称：…`), indicator header 年度指标值, the total a
    formula without its result."""
    ws["A1"] = "项目支出绩效目标表"
    ws["A2"] = "项目名称：" + card["name"]
    ws["D2"] = "项目编码：" + card["code"]
    ws["A3"] = "实施单位：" + card["unit"]
    ws["D3"] = "主管部门：" + card["dept"]
    ws["A4"] = "项目属性：" + card["attribute"]
    ws["A5"] = "年度资金总额"
    ws["B5"] = "=B6+B7+B8"
    ws["A6"] = "其中：财政拨款"
    ws["B6"] = card["fiscal"]
    ws["A7"] = "上年结转资金"
    ws["B7"] = card["carryover"]
    ws["A8"] = "其他资金"
    ws["B8"] = card["other"]
    ws["A9"] = "年度目标："
    ws["B9"] = card["goal"]
    ws["A11"] = "一级指标"
    ws["B11"] = "二级指标"
    ws["C11"] = "三级指标"
    ws["D11"] = "年度指标值"
    r = 12
    for (l1, l2, l3, v) in card["indicators"]:
        ws.cell(r, 1, l1)
        ws.cell(r, 2, l2)
        ws.cell(r, 3, l3)
        ws.cell(r, 4, v)
        r += 1


def horizontal_card(ws, card):
    """An 附件 line above the title, the year inside the title, the money block as a header row
    with the values below it, and 总体目标 holding the annual goal directly."""
    ws["A1"] = "附件2"
    merged(ws, "A2:F2", "2024年度项目支出绩效目标申报表")
    ws["A3"] = "填报单位（盖章）："
    ws["A4"] = "项目名称"
    merged(ws, "B4:C4", card["name"])
    ws["D4"] = "项目编码"
    merged(ws, "E4:F4", card["code"])
    ws["A5"] = "主管部门"
    merged(ws, "B5:C5", card["dept"])
    ws["D5"] = "实施单位"
    merged(ws, "E5:F5", card["unit"])
    ws["A6"] = "项目属性"
    merged(ws, "B6:C6", card["attribute"])
    ws["D6"] = "项目期限"
    merged(ws, "E6:F6", "1年")
    merged(ws, "A7:A8", "项目资金（万元）")
    for c, (label, key) in enumerate([("年度资金总额", "total"), ("财政拨款", "fiscal"), ("上年结转资金", "carryover"), ("其他资金", "other")]):
        ws.cell(7, 2 + c, label)
        ws.cell(8, 2 + c, card[key])
    ws["A9"] = "总体目标"
    merged(ws, "B9:F9", card["goal"])
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
        ws.cell(10, 1 + i, h)
    r = 11
    for (l1, l2, l3, v) in card["indicators"]:
        ws.cell(r, 1, l1)
        ws.cell(r, 2, l2)
        ws.cell(r, 3, l3)
        ws.cell(r, 4, v)
        r += 1


def listed_card(ws, card):
    """A provincial system's export: one label per row with its value beside it, the whole
    project's money first and the year's after it, the goals under 项目绩效目标."""
    rows = [
        ("财政项目支出绩效目标申报表", None),
        ("（2024年度）", None),
        ("项目名称", card["name"]),
        ("项目代码", card["code"]),
        ("项目性质", "经常性项目"),
        ("项目类别", "特定目标类"),
        ("主管部门", card["dept"]),
        ("实施单位", card["unit"]),
        ("计划开始日期", "2024/1/1"),
        ("计划完成日期", "2024/12/31"),
        ("项目资金（万元）", None),
        ("项目资金总额", card["total"] * 2),
        ("其中：财政资金", card["fiscal"] * 2),
        ("年度资金申请总额", card["total"]),
        ("其中：当年财政拨款", card["fiscal"]),
        ("上年结转资金", card["carryover"]),
        ("其他资金", card["other"]),
        ("项目绩效目标", None),
        ("项目总目标", "两年内完成全区公厕提升改造。"),
        ("年度总体目标", card["goal"]),
    ]
    for i, (label, value) in enumerate(rows, start=1):
        ws.cell(i, 1, label)
        if value is not None:
            ws.cell(i, 2, value)
    r = len(rows) + 1
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
        ws.cell(r, 1 + i, h)
    for (l1, l2, l3, v) in card["indicators"]:
        r += 1
        ws.cell(r, 1, l1)
        ws.cell(r, 2, l2)
        ws.cell(r, 3, l3)
        ws.cell(r, 4, v)
    ws.cell(r + 2, 1, "填报人：")
    ws.cell(r + 2, 3, "审核人：")


def overall_card(ws, unit, tasks, goal, indicators):
    merged(ws, "A1:F1", "部门（单位）整体支出绩效目标申报表")
    merged(ws, "A2:F2", "（2024年度）")
    ws["A3"] = "部门（单位）名称"
    merged(ws, "B3:F3", unit)
    ws["A4"] = "年度主要任务"
    ws["B4"] = "任务名称"
    ws["C4"] = "主要内容"
    merged(ws, "D4:F4", "预算申请（万元）")
    ws["D5"] = "总额"
    ws["E5"] = "财政拨款"
    ws["F5"] = "其他资金"
    r = 6
    for (name, content, total, fiscal, other) in tasks:
        ws.cell(r, 2, name)
        ws.cell(r, 3, content)
        ws.cell(r, 4, total)
        ws.cell(r, 5, fiscal)
        ws.cell(r, 6, other)
        r += 1
    ws.cell(r, 2, "金额合计")
    # Formulas, written without their results as openpyxl does: the reader works them out.
    for col in "DEF":
        ws[f"{col}{r}"] = f"=SUM({col}6:{col}{r - 1})"
    ws.merge_cells(f"A4:A{r}")
    r += 1
    ws.cell(r, 1, "年度总体目标")
    merged(ws, f"B{r}:F{r}", goal)
    r += 1
    ws.cell(r, 1, "年度绩效指标")
    for i, h in enumerate(["一级指标", "二级指标", "三级指标", "指标值"]):
        ws.cell(r, 2 + i, h)
    r += 1
    for (l1, l2, l3, v) in indicators:
        ws.cell(r, 2, l1)
        ws.cell(r, 3, l2)
        ws.cell(r, 4, l3)
        ws.cell(r, 5, v)
        r += 1


IND = [
    ("产出指标", "数量指标", "改造老旧管网长度", "≥12公里"),
    ("产出指标", "数量指标", "新建雨水口数量", "≥300个"),
    ("产出指标", "质量指标", "工程验收合格率", "100%"),
    ("产出指标", "时效指标", "完工时间", "2024年11月30日前"),
    ("产出指标", "成本指标", "每公里改造成本", "≤85万元"),
    ("效益指标", "社会效益指标", "内涝点减少数量", "≥8处"),
    ("效益指标", "可持续影响指标", "管网使用年限", "≥30年"),
    ("满意度指标", "服务对象满意度指标", "沿线居民满意度", "≥90%"),
]

CARDS = {
    "openpyxl-national.xlsx": dict(
        name="老旧排水管网改造工程", code="2024301012003", dept="区水务局 301012", unit="区水务工程建设管理中心",
        attribute="新增", total=1234.5, fiscal=1000.0, carryover=134.5, other=100.0,
        goal="完成12公里老旧管网改造，消除8处内涝点。", indicators=IND),
    "openpyxl-inline.xlsx": dict(
        name="社区健康服务补助", code="2024301021007", dept="区卫生健康局", unit="区社区健康服务管理中心",
        attribute="延续", total=86.4, fiscal=86.4, carryover=0.0, other=0.0,
        goal="为辖区居民提供基本公共卫生服务。",
        indicators=[
            ("产出", "数量", "建档人数", "≥5万人"),
            ("产出", "时效", "服务完成时间", "2024年12月31日前"),
            ("效益", "社会效益", "慢病规范管理率", "≥70%"),
            ("满意度", "服务对象满意度", "居民满意度", "≥90%"),
        ]),
    "openpyxl-horizontal.xlsx": dict(
        name="森林防火巡护", code="2024309001004", dept="区林业局", unit="区森林防火指挥部办公室",
        attribute="延续", total=256.8, fiscal=200.0, carryover=36.8, other=20.0,
        goal="全年无重大森林火灾，火情发现后30分钟内处置。",
        indicators=[
            ("产出指标", "数量指标", "巡护里程", "≥5000公里"),
            ("产出指标", "时效指标", "火情处置时间", "≤30分钟"),
            ("效益指标", "生态效益指标", "森林覆盖率", "≥45%"),
            ("满意度指标", "服务对象满意度指标", "林区群众满意度", "≥90%"),
        ]),
    "openpyxl-listed.xlsx": dict(
        name="公共厕所提升改造", code="2024315002006", dept="区城市管理和综合执法局", unit="区环境卫生管理所",
        attribute="", total=318.6, fiscal=300.0, carryover=10.6, other=8.0,
        goal="完成40座公厕提升改造，群众如厕环境明显改善。",
        indicators=[
            ("产出指标", "数量指标", "改造公厕数量", "≥40座"),
            ("产出指标", "质量指标", "验收合格率", "100%"),
            ("效益指标", "社会效益指标", "群众投诉下降率", "≥30%"),
            ("满意度指标", "服务对象满意度指标", "如厕群众满意度", "≥90%"),
        ]),
}


def main():
    out = {}
    wb = Workbook()
    ws = wb.active
    ws.title = "管网改造"
    c = CARDS["openpyxl-national.xlsx"]
    national_card(ws, c, mid_term=True, spaced=True, inserted=2, text_amounts=True)
    ws2 = wb.create_sheet("部门整体")
    tasks = [("排水管网运维", "全区管网巡查养护", 820.3, 800.0, 20.3), ("防汛应急", "汛期抢险与物资储备", 156.7, 150.0, 6.7)]
    overall_card(ws2, "区水务局", tasks, "保障城区排水安全，汛期无重大内涝。", [
        ("投入", "预算执行", "预算执行率", "≥95%"),
        ("过程", "资金管理", "资金使用合规率", "100%"),
        ("产出", "职责履行", "管网巡查覆盖率", "100%"),
        ("效果", "履职效益", "内涝点减少数量", "≥8处"),
    ])
    path = os.path.join(HERE, "openpyxl-national.xlsx")
    wb.save(path)
    out["openpyxl-national.xlsx"] = {"管网改造": card_expect(c), "部门整体": {
        "unit": "区水务局", "tasks": len(tasks),
        "task_total": round(sum(t[2] for t in tasks), 2), "indicators": 4}}

    wb = Workbook()
    ws = wb.active
    ws.title = "健康服务"
    c = CARDS["openpyxl-inline.xlsx"]
    inline_card(ws, c)
    wb.save(os.path.join(HERE, "openpyxl-inline.xlsx"))
    out["openpyxl-inline.xlsx"] = {"健康服务": card_expect(c)}

    wb = Workbook()
    ws = wb.active
    ws.title = "森林防火"
    c = CARDS["openpyxl-horizontal.xlsx"]
    horizontal_card(ws, c)
    wb.save(os.path.join(HERE, "openpyxl-horizontal.xlsx"))
    out["openpyxl-horizontal.xlsx"] = {"森林防火": card_expect(c)}

    wb = Workbook()
    ws = wb.active
    ws.title = "公厕改造"
    c = CARDS["openpyxl-listed.xlsx"]
    listed_card(ws, c)
    wb.save(os.path.join(HERE, "openpyxl-listed.xlsx"))
    out["openpyxl-listed.xlsx"] = {"公厕改造": card_expect(c)}

    # Re-saved by LibreOffice, as a unit with another program would.
    soffice = shutil.which("soffice")
    if soffice:
        for fmt, name in [("xls", "libreoffice-national.xls"), ("ods", "libreoffice-national.ods")]:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([soffice, "--headless", "--convert-to", fmt, "--outdir", tmp, path], check=True, capture_output=True)
                shutil.copy(os.path.join(tmp, "openpyxl-national." + fmt), os.path.join(HERE, name))
            out[name] = out["openpyxl-national.xlsx"]
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)


def card_expect(c):
    return {
        "name": c["name"], "code": c["code"], "unit": c["unit"], "attribute": c["attribute"],
        "total": c["total"], "fiscal": c["fiscal"], "carryover": c["carryover"], "other": c["other"],
        "goal": c["goal"], "indicators": [list(i) for i in c["indicators"]],
    }


if __name__ == "__main__":
    main()
