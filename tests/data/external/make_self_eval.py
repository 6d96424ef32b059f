"""Writes self-evaluation workbooks (项目支出绩效自评表, FORMS §4.4; and one 部门整体支出绩效自评表)
the way other programs do, and expected_self_eval.json: every score recomputed BY HAND here, from
the numbers written, with exact fractions, independently of jixiao (FORMS §5 "Self-evaluation").

- self-eval/openpyxl-selfeval-national.xlsx: 3 cards in the national layout (财预〔2020〕10号):
  money block `年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分`, indicator table
  `一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施`, the
  comparator inside the 年度指标值 text (`≥95%`, `≤5元`, `=0起`). One card with the real form's
  `(A)`/`(B)` marks (`全年预算数(A)`, `全年执行数(B)`, `执行率(B/A)`: A is the 全年预算数, as on
  the printed form); one with labels spaced by U+3000, a row added to the header area and 评价结论
  in it; level names `产出指标(50分)` / `产出指标（50分）`; rows inserted under a merged 二级指标.
- self-eval/openpyxl-selfeval-sichuan.xlsx: 2 cards in the Sichuan layout (报表编号 510000_0013zp):
  `预算执行情况(10分)` / `绩效指标(90分)`, comparator in 指标性质, bare-number 指标值 with 度量单位,
  then 合计, 评价结论, 存在问题, 改进措施. One card repeats the level names on every row and writes
  its rates as text ('85.00%'); the other merges them and writes numbers.
- self-eval/openpyxl-selfeval-overall.xlsx: one 部门整体支出绩效自评表 (`指标名称 | 计量单位 | 指标性质 |
  年初指标值 | 调整指标值 | 全年完成值 | 得分系数 | 指标权重 | 指标得分`) under 投入/过程/产出/效果,
  weights summing to 100 (no 执行率 share), target = 调整指标值 where given, else 年初指标值.
- self-eval/libreoffice-selfeval-national.xls: the national file re-saved by LibreOffice.

Scoring (FORMS §5): 执行率 = 全年执行数 ÷ 全年预算数 (Sichuan 预算执行数 ÷ 调整后预算数); 执行率得分 =
min(执行率, 1) × 10. `≥`: actual ≥ target → 分值, else actual/target × 分值. `≤`: actual ≤ target →
分值; target < actual < 2·target → (1 − (actual − target)/target) × 分值; else 0. `=`: as `≥`
(target 0: actual ≤ 0 → 分值, else 0). Qualitative (完成值 达成年度指标 [80%, 100%], 部分达成年度指标
并具有一定效果 [60%, 80%), 未达成年度指标且效果较差 [0, 60%)): the stated score clamped into its band.
复核总分 = 执行率得分 + Σ 复核得分; 复核等级 优 [90,100], 良 [80,90), 中 [60,80), 差 [0,60).
Every recomputed score here is exact to 2 decimals (asserted), so nothing hinges on rounding; the
three totals on a grade boundary (90, 80, 60) are exact too, so a tool that sums in floating
point must round before it grades.

Planted findings (per card in expected_self_eval.json: `rules` must be reported, `absent_rules`
must not; check_plants() proves each follows from the numbers written and nothing else does):
  营养改善 (national, (A)/(B))  none — clean card, 复核总分 exactly 90.00 → 优
  人居环境 (national, spaced)   E04 户厕改造数量 得分 17 > 分值 15; E06 污水治理率 9.5 < 10, no reason;
                                执行率 105% → 执行率得分 capped at 10; 复核总分 exactly 80.00 → 良
                                (stated 82: in 评分复核)
  家庭医生 (national)           E05 慢病随访人次 stated 10, formula 5.30; E07 总分 written 74.7, the
                                stated scores add to 64.7; E08 评价结论 良, 复核 60.00 → 中
  医疗救助 (Sichuan)            E01 执行率 85%, 原因 empty; E09 执行率得分 written 10, data 8.50;
                                E05 定性 达成年度指标 scored 14 of 20 (band 16-20 → 16)
  森林防火 (Sichuan)            E02 权重 85 + 10 = 95; 执行率 80% WITH a 原因 (so no E01)
  民政局 (overall)              none — clean; weights sum to 100 (so no E02)

On every project card each money column adds up over ALL its part rows (the Sichuan 财政专户管理资金
and 单位资金 included), so M01 is absent everywhere; no 执行率 written disagrees with its amounts (no
J01). Strings starting with `=` (`=0起`, the 指标性质 `=`) are written as text, as a unit types them.

Which cards belong in 评分复核: stated 总分 ≠ 复核总分 (by more than 0.005), or the stated grade
(评价结论) ≠ 复核等级.

Run: python3 make_self_eval.py   (needs openpyxl; LibreOffice optional, for the .xls copy)
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
from fractions import Fraction as F

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "self-eval")
FIXED = datetime.datetime(2025, 3, 10, 9, 0, 0)

EXECUTION_POINTS = 10
REACHED = "达成年度指标"
PARTLY = "部分达成年度指标并具有一定效果"
MISSED = "未达成年度指标且效果较差"
# Band of each completion value, as fractions of 分值: (low, high, high included?).
BANDS = {REACHED: (F(8, 10), F(1), True), PARTLY: (F(6, 10), F(8, 10), False), MISSED: (F(0), F(6, 10), False)}
TOL = F(1, 2)  # score_tolerance: a stated score further than this from the allowed range is E05/E09
WS = "\u3000"


def q(ind_l1, l2, l3, cmp, target, actual, unit, weight, stated, why="", adjusted=None):
    """A quantitative indicator row. Numbers are decimal strings (exact). `adjusted` is the
    unit-wide card's 调整指标值."""
    return dict(l1=ind_l1, l2=l2, l3=l3, cmp=cmp, target=target, adjusted=adjusted, actual=actual,
                unit=unit, weight=weight, stated=stated, why=why, qual=None)


def ql(ind_l1, l2, l3, target_text, completion, weight, stated, why="", unit=""):
    """A qualitative indicator row: 年度指标值 text, the completion value, the stated score."""
    return dict(l1=ind_l1, l2=l2, l3=l3, cmp="定性", target=target_text, adjusted=None,
                actual=completion, unit=unit, weight=weight, stated=stated, why=why, qual=completion)


# ---------------------------------------------------------------- the cards

NATIONAL = [
    dict(
        sheet="营养改善", name="义务教育学生营养改善计划", dept="区教育局", unit="区学生营养办公室",
        marks=True, spaced=False, conclusion_in_header=False, level_points=None,
        # (年初预算数, 全年预算数, 全年执行数, stated 执行率 or None for computed)
        money=dict(total=("500", "520", "494"), fiscal=("460", "480", "456"),
                   carryover=("40", "40", "38"), other=("0", "0", "0")),
        part_blank="",  # what stands in 分值/得分 of the part rows
        exec_stated="9.5",
        goal="保障全区义务教育阶段学生营养餐供应，完成8所学校食堂改造。",
        done="全年惠及学生11400人，8所学校食堂改造全部完工。",
        indicators=[
            q("产出指标", "数量指标", "受益学生人数", "≥", "12000", "11400", "人", "15", "14.25",
              why="部分学生转学至外区，受益人数略低于计划；下年按学籍动态核定。"),
            q("产出指标", "数量指标", "改造学校食堂数量", "≥", "8", "8", "个", "10", "10"),
            q("产出指标", "质量指标", "食品安全事故发生数", "=", "0", "0", "起", "10", "10"),
            q("产出指标", "时效指标", "营养餐发放及时率", "≥", "98", "99", "%", "5", "5"),
            q("产出指标", "成本指标", "生均营养餐成本", "≤", "5", "5.5", "元/天", "10", "9",
              why="食材价格上涨，生均成本超出标准；下年优化集中采购。"),
            ql("效益指标", "社会效益指标", "学生营养健康状况", "明显改善", PARTLY, "15", "9.75",
               why="体质监测仅覆盖部分学校，改善效果有待持续观察。"),
            ql("效益指标", "可持续影响指标", "营养改善长效机制", "健全", REACHED, "15", "12.5",
               why="食堂管理制度已建立，部分学校执行有待加强。"),
            q("满意度指标", "服务对象满意度指标", "学生及家长满意度", "≥", "90", "91", "%", "10", "10"),
        ],
        total_stated=None,  # None: written as the sum of the stated scores
        conclusion="优",
        rules=[], absent=["E01", "E02", "E03", "E04", "E05", "E06", "E07", "E08", "E09", "J01", "M01", "M02"],
        edges=["(A)/(B) header marks", "≥ under target (11400/12000)", "= target 0, actual 0",
               "≤ between target and 2×target (5.5 vs 5)", "定性 部分达成 in band (65%)",
               "定性 达成 in band (83.3%)", "复核总分 exactly 90.00 → 优 (lower bound)"],
    ),
    dict(
        sheet="人居环境", name="农村人居环境整治提升", dept="区农业农村局", unit="区农村环境整治服务中心",
        marks=False, spaced=True, conclusion_in_header=True, level_points="half",
        money=dict(total=("760", "800", "840"), fiscal=("700", "740", "780"),
                   carryover=("60", "60", "60"), other=("0", "0", "0")),
        part_blank="/",
        exec_stated="10",
        goal="完成1500户农村户厕改造，生活垃圾收运覆盖60个行政村。",
        done="完成户厕改造1620户，60个行政村垃圾收运全覆盖；追加户厕改造任务，执行数超出预算。",
        indicators=[
            q("产出指标", "数量指标", "农村户厕改造数量", "≥", "1500", "1620", "户", "15", "17",
              why="超额完成改造任务。"),  # E04: 17 > 15
            q("产出指标", "数量指标", "垃圾收运覆盖村庄数", "≥", "60", "60", "个", "10", "10"),
            q("产出指标", "质量指标", "户厕改造验收合格率", "≥", "95", "98", "%", "10", "10"),
            q("产出指标", "时效指标", "问题整改完成时限", "≤", "10", "25", "天", "5", "0",
              why="冬季施工受限，部分问题整改延至次年。"),  # > 2 × target → 0
            q("产出指标", "成本指标", "户均改厕成本", "≤", "3000", "6000", "元", "10", "0",
              why="改厕标准提高，材料与人工成本翻番。"),  # exactly 2 × target → 0
            q("效益指标", "生态效益指标", "农村生活污水治理率", "≥", "40", "38", "%", "10", "9.5"),  # E06
            ql("效益指标", "社会效益指标", "村容村貌", "明显改善", MISSED, "10", "5.5",
               why="部分村庄管护不到位，环境反弹。"),
            q("效益指标", "可持续影响指标", "建立长效管护机制村占比", "≥", "80", "80", "%", "10", "10"),
            q("满意度指标", "服务对象满意度指标", "村民满意度", "≥", "85", "90", "%", "10", "10"),
        ],
        total_stated=None,
        conclusion="良",
        rules=["E04", "E06"], absent=["E01", "E02", "E07", "E08", "E09", "J01", "M01", "M02"],
        edges=["执行率 105% → 执行率得分 capped at 10", "≤ actual above 2×target (25 vs 10) → 0",
               "≤ actual exactly 2×target (6000 vs 3000) → 0", "定性 未达成 in band (55%)",
               "labels spaced with U+3000, a row added to the header, 评价结论 in the header",
               "level names 产出指标(50分)", "复核总分 exactly 80.00 → 良 (lower bound)"],
    ),
    dict(
        sheet="家庭医生", name="家庭医生签约服务", dept="区卫生健康局", unit="区社区卫生服务中心",
        marks=False, spaced=False, conclusion_in_header=False, level_points="full",
        money=dict(total=("300", "300", "276"), fiscal=("280", "280", "260"),
                   carryover=("20", "20", "16"), other=("0", "0", "0")),
        part_blank="—",
        exec_stated="9.2",
        goal="家庭医生签约2万人，重点人群慢病随访3万人次。",
        done="签约1.2万人，慢病随访15900人次，基层首诊率26%。",
        indicators=[
            q("产出指标", "数量指标", "家庭医生签约人数", "≥", "20000", "12000", "人", "15", "9",
              why="签约医生不足，下年扩充团队。"),
            # A row the unit inserted under 数量指标 (the merge runs over it).
            q("产出指标", "数量指标", "慢病随访人次", "≥", "30000", "15900", "人次", "10", "10"),  # E05
            q("产出指标", "质量指标", "健康档案规范建档率", "≥", "90", "63", "%", "10", "7",
              why="信息系统切换，档案补录未完成。"),
            q("产出指标", "时效指标", "转诊响应时间", "≤", "2", "3", "小时", "5", "2.5",
              why="上级医院号源紧张。"),
            q("产出指标", "成本指标", "人均签约服务成本", "≤", "120", "180", "元", "10", "5",
              why="签约人数少于计划，人均成本上升。"),
            ql("效益指标", "社会效益指标", "居民健康素养水平", "明显提升", PARTLY, "15", "9",
               why="健康宣教场次不足。"),  # exactly 60%: the lower bound of 部分达成
            q("效益指标", "可持续影响指标", "基层首诊率", "≥", "65", "26", "%", "15", "6",
              why="居民就医习惯尚未改变。"),
            q("满意度指标", "服务对象满意度指标", "签约居民满意度", "≥", "90", "63", "%", "10", "7",
              why="服务频次不足，居民反映上门服务少。"),
        ],
        total_stated="74.7",  # E07: the stated scores add to 64.7
        conclusion="良",  # E08: 复核 60.00 → 中
        rules=["E05", "E07", "E08"], absent=["E01", "E02", "E04", "E06", "E09", "J01", "M01", "M02"],
        edges=["a row inserted under a merged 二级指标", "≤ between target and 2×target (3 vs 2, 180 vs 120)",
               "定性 部分达成 at exactly 60%", "level names 产出指标（50分）",
               "复核总分 exactly 60.00 → 中 (lower bound)"],
    ),
]

SICHUAN = [
    dict(
        sheet="医疗救助", name="城乡困难群众医疗救助", dept="区医疗保障局", unit="区医疗保障事务中心",
        repeat_levels=True, text_rates=True,
        # (年初预算, 调整后预算数, 预算执行数)
        money=dict(total=("1200", "1200", "1020"), fiscal=("1000", "1000", "850"),
                   special=("0", "0", "0"), own=("0", "0", "0"), other=("200", "200", "170")),
        exec_stated="10",  # E09: 1020/1200 = 85% → 8.5
        money_reason="",  # E01: 85% < 90%, no reason
        goal="对城乡特困、低保等困难群众实施医疗救助8000人次以上。",
        done="全年救助8300人次，救助资金按月发放。",
        indicators=[
            q("产出指标", "数量指标", "医疗救助人次", "≥", "8000", "8300", "人次", "15", "15"),
            q("产出指标", "质量指标", "救助对象认定准确率", "=", "100", "100", "%", "10", "10"),
            q("产出指标", "质量指标", "违规拨付资金发生数", "=", "0", "0", "起", "10", "10"),
            q("产出指标", "质量指标", "重复救助发生数", "=", "0", "2", "次", "5", "0",
              why="两名对象跨区重复申请，已追回资金。"),
            q("产出指标", "时效指标", "救助资金发放及时率", "≥", "95", "97", "%", "10", "10"),
            ql("效益指标", "社会效益指标", "困难群众就医负担", "明显减轻", REACHED, "20", "14",
               why="部分大病患者自付费用仍较高。"),  # E05: 达成 → [16, 20]
            q("效益指标", "可持续影响指标", "救助政策知晓率", "≥", "85", "85", "%", "10", "10"),
            q("满意度指标", "服务对象满意度指标", "救助对象满意度", "≥", "90", "92", "%", "10", "10"),
        ],
        total_stated=None,
        conclusion="良",
        problems="部分大病患者自付费用较高。", measures="加强与大病保险衔接。",
        rules=["E01", "E05", "E09"], absent=["E02", "E04", "E07", "E08", "J01", "M01", "M02"],
        edges=["执行率 85% with 原因 empty", "= target 0, actual 0", "= target 0, actual 2 → 0",
               "= 100%", "≥ actual exactly on target", "定性 达成 below its band (70% → 80%)",
               "level names repeated on every row", "rates as text '85.00%'"],
    ),
    dict(
        sheet="森林防火", name="森林防灭火能力建设", dept="区林业局", unit="区森林防火指挥中心",
        repeat_levels=False, text_rates=False,
        money=dict(total=("400", "450", "360"), fiscal=("350", "400", "320"),
                   special=("0", "0", "0"), own=("20", "20", "20"), other=("30", "30", "20")),
        exec_stated="8",
        money_reason="两座瞭望塔因用地审批延后开工，工程款未能支付。",
        goal="新建防火瞭望塔4座，全年巡护12000公里，森林火灾受害率控制在0.8‰以内。",
        done="建成瞭望塔2座，巡护12600公里，未发生重大森林火灾。",
        indicators=[
            q("产出指标", "数量指标", "编制森林防火规划", "=", "1", "1", "项", "5", "5"),
            q("产出指标", "数量指标", "新建防火瞭望塔", "≥", "4", "2", "座", "10", "5",
              why="用地审批延后，2座结转下年。"),
            q("产出指标", "数量指标", "森林防火巡护里程", "≥", "12000", "12600", "公里", "10", "10"),
            q("产出指标", "质量指标", "防火设施验收合格率", "≥", "95", "100", "%", "10", "10"),
            q("产出指标", "时效指标", "火情响应时间", "≤", "30", "24", "分钟", "10", "10"),
            q("效益指标", "生态效益指标", "森林火灾受害率", "≤", "0.8", "0.6", "‰", "10", "10"),
            ql("效益指标", "社会效益指标", "群众防火意识", "明显提高", PARTLY, "10", "6.5",
               why="宣传覆盖偏远村组不足。"),
            ql("效益指标", "可持续影响指标", "防火长效机制", "健全", MISSED, "10", "4",
               why="网格化巡护制度尚未落实。"),
            q("满意度指标", "社会公众或服务对象满意度指标", "社会公众满意度", "≥", "90", "81", "%", "10", "9",
              why="部分群众对封山禁火措施有意见。"),
        ],
        total_stated=None,
        conclusion="中",
        problems="项目建设进度滞后。", measures="提前办理用地手续。",
        rules=["E02"], absent=["E01", "E04", "E05", "E06", "E07", "E08", "E09", "J01", "M01", "M02"],
        edges=["权重 85 + 10 = 95 (E02)", "执行率 80% with a 原因", "= 1", "≥ under target (2 of 4)",
               "定性 部分达成 in band (65%)", "定性 未达成 in band (40%)", "level names merged"],
    ),
]

OVERALL = [
    dict(
        sheet="整体自评", unit="区民政局", dept="区民政局",
        goal="履行基本民生保障、基层社会治理和基本社会服务职责。",
        done="完成年度重点工作任务9项，服务对象满意度93%。",
        # 一级, 二级, 指标名称, 计量单位, 指标性质, 年初指标值, 调整指标值, 全年完成值, 指标权重, 指标得分
        indicators=[
            q("投入", "预算执行", "预算执行率", "≥", "95", "96.5", "%", "10", "10"),
            q("投入", "预算管理", "“三公”经费控制率", "≤", "100", "92", "%", "5", "5"),
            q("投入", "预算管理", "结转结余率", "≤", "10", "10", "%", "5", "3.75", adjusted="8"),
            q("过程", "财务管理", "资金使用合规率", "=", "100", "100", "%", "10", "10"),
            q("过程", "资产管理", "固定资产利用率", "≥", "90", "85.5", "%", "10", "9.5"),
            q("产出", "职责履行", "重点工作任务完成数", "≥", "12", "9", "项", "15", "13.5", adjusted="10"),
            q("产出", "职责履行", "政策文件按时出台率", "≥", "100", "100", "%", "10", "10"),
            q("产出", "履职效能", "信访件办结时间", "≤", "15", "18", "天", "15", "12"),
            ql("效果", "社会效益", "部门工作社会影响", "显著", PARTLY, "10", "7"),
            q("效果", "服务对象满意度", "服务对象满意度", "≥", "90", "93", "%", "10", "10"),
        ],
        total_stated=None,
        conclusion="优",
        rules=[], absent=["E02", "E04", "E05", "E07", "E08"],
        edges=["target = 调整指标值 where given (结转结余率 10 → 8: ≤ between; 重点工作任务 12 → 10: ≥ under)",
               "≤ between target and 2×target (18 vs 15)", "weights sum to 100, no 执行率 share",
               "定性 部分达成 in band (70%)"],
    ),
]


# ---------------------------------------------------------------- arithmetic (by hand)

def grade(total):
    if total >= 90:
        return "优"
    if total >= 80:
        return "良"
    if total >= 60:
        return "中"
    return "差"


def target_of(i):
    return F(i["adjusted"] if i["adjusted"] is not None else i["target"])


def recompute(i):
    w = F(i["weight"])
    if i["qual"]:
        lo, hi, _ = BANDS[i["qual"]]
        s = F(i["stated"])
        if s < lo * w:
            return lo * w
        if s > hi * w:
            # Only 达成's upper end is closed; the data below never needs clamping to an open end.
            assert i["qual"] == REACHED, i["l3"]
            return hi * w
        return s
    t, a = target_of(i), F(i["actual"])
    if i["cmp"] == "≤":
        if a <= t:
            return w
        if a < 2 * t:
            return (1 - (a - t) / t) * w
        return F(0)
    assert i["cmp"] in ("≥", "=")
    if i["cmp"] == "=" and t == 0:
        return w if a <= 0 else F(0)
    return w if a >= t else a / t * w


def in_band(i):
    """Whether a qualitative row's stated score lies in its band (E05 otherwise, past 0.5)."""
    lo, hi, closed = BANDS[i["qual"]]
    w, s = F(i["weight"]), F(i["stated"])
    return lo * w <= s and (s <= hi * w if closed else s < hi * w)


def two(x):
    """An exact fraction known to have at most 2 decimals, as a float."""
    assert (x * 100).denominator == 1, f"{x} is not exact to 2 decimals"
    return float(x)


def num(s):
    """A decimal string as the number a program would write (int where whole)."""
    x = F(s)
    return int(x) if x.denominator == 1 else float(s)


def expect(card, kind):
    inds = card["indicators"]
    rows = []
    for i in inds:
        r = recompute(i)
        rows.append({"l1": i["l1"], "l2": i["l2"], "l3": i["l3"], "comparator": i["cmp"],
                     "weight": two(F(i["weight"])), "stated": two(F(i["stated"])),
                     "recomputed": two(r)})
    ind_sum = sum((recompute(i) for i in inds), F(0))
    stated_ind_sum = sum((F(i["stated"]) for i in inds), F(0))
    if kind == "overall":
        budget = executed = rate = exec_score = None
        exec_stated = F(0)
        total = ind_sum
    else:
        _, full, done = card["money"]["total"]
        r = F(done) / F(full)
        rate = round(float(r), 4)
        exec_score = min(r, F(1)) * EXECUTION_POINTS
        exec_stated = F(card["exec_stated"])
        total = exec_score + ind_sum
        budget, executed = float(F(full)), float(F(done))
    stated_total = F(card["total_stated"]) if card["total_stated"] else exec_stated + stated_ind_sum
    in_review = abs(stated_total - total) > F(5, 1000) or card["conclusion"] != grade(total)
    return {
        "kind": kind,
        "unit": card["unit"], "dept": card["dept"], "name": card.get("name"),
        "budget_full": budget, "executed": executed, "rate": rate,
        "exec_score": None if exec_score is None else two(exec_score),
        "stated_exec_score": None if kind == "overall" else two(exec_stated),
        "stated_total": two(stated_total), "recomputed_total": two(total),
        "stated_grade": card["conclusion"], "grade": grade(total),
        "indicator_count": len(inds), "indicators": rows,
        "rules": card["rules"], "absent_rules": card["absent"],
        "in_review": in_review, "edge_cases": card["edges"],
    }


def check_plants(card, kind, e):
    """The planted findings follow from the numbers written, and the absent ones do not."""
    inds = card["indicators"]
    fired = set()
    if any(F(i["stated"]) > F(i["weight"]) for i in inds):
        fired.add("E04")
    for i in inds:
        s, w, r = F(i["stated"]), F(i["weight"]), recompute(i)
        if i["qual"]:
            if not in_band(i) and abs(s - r) > TOL:
                fired.add("E05")
        elif abs(s - r) > TOL:
            fired.add("E05")
        if s < w and not i["why"].strip():
            fired.add("E06")
    weights = sum((F(i["weight"]) for i in inds), F(0))
    if kind == "overall":
        if weights != 100:
            fired.add("E02")
        stated_sum = sum((F(i["stated"]) for i in inds), F(0))
    else:
        if weights + EXECUTION_POINTS != 100:
            fired.add("E02")
        _, full, done = card["money"]["total"]
        rate = F(done) / F(full)
        if rate < F(9, 10) and not card.get("money_reason", "").strip():
            fired.add("E01")
        if abs(F(card["exec_stated"]) - min(rate, F(1)) * EXECUTION_POINTS) > TOL:
            fired.add("E09")
        stated_sum = F(card["exec_stated"]) + sum((F(i["stated"]) for i in inds), F(0))
    if abs(F(str(e["stated_total"])) - stated_sum) > F(1, 100):
        fired.add("E07")
    if card["conclusion"] != e["grade"]:
        fired.add("E08")
    assert set(card["rules"]) <= fired, (card["sheet"], card["rules"], fired)
    assert not (set(card["absent"]) & fired), (card["sheet"], card["absent"], fired)
    # Every money column adds up (no M01), nothing negative (no M02).
    if kind != "overall":
        m = card["money"]
        parts = [k for k in m if k != "total"]
        for c in range(3):
            assert F(m["total"][c]) == sum((F(m[k][c]) for k in parts), F(0)), (card["sheet"], c)


# ---------------------------------------------------------------- writing helpers

def merged(ws, rng, value):
    first = rng.split(":")[0]
    ws[first] = value
    if ":" in rng and rng.split(":")[0] != rng.split(":")[1]:
        ws.merge_cells(rng)


def fmt(s):
    """A decimal string as a human writes it (no trailing zeros)."""
    x = F(s)
    return str(x.numerator // x.denominator) if x.denominator == 1 else s


def level_label(l1, card):
    """`产出指标(50分)` / `产出指标（50分）` where the card marks the level's points."""
    mode = card.get("level_points")
    if not mode:
        return l1
    pts = sum(F(i["weight"]) for i in card["indicators"] if i["l1"] == l1)
    p = fmt(str(float(pts)))
    return f"{l1}({p}分)" if mode == "half" else f"{l1}（{p}分）"


def merge_levels(ws, rows, col1, col2, card, label=lambda l, c: l):
    """Level names written once and merged down over their rows."""
    r0 = rows[0][0]
    prev1 = prev2 = None
    start1 = start2 = r0
    last = r0
    for r, i in rows:
        if i["l1"] != prev1:
            if prev1 is not None and r - 1 > start1:
                ws.merge_cells(start_row=start1, start_column=col1, end_row=r - 1, end_column=col1)
            ws.cell(r, col1, label(i["l1"], card))
            prev1, start1, prev2 = i["l1"], r, None
        if i["l2"] != prev2:
            if prev2 is not None and r - 1 > start2:
                ws.merge_cells(start_row=start2, start_column=col2, end_row=r - 1, end_column=col2)
            ws.cell(r, col2, i["l2"])
            prev2, start2 = i["l2"], r
        last = r
    if last > start1:
        ws.merge_cells(start_row=start1, start_column=col1, end_row=last, end_column=col1)
    if last > start2:
        ws.merge_cells(start_row=start2, start_column=col2, end_row=last, end_column=col2)


def title(ws, text, last):
    merged(ws, f"A1:{last}1", text)
    ws["A1"].font = Font(bold=True, size=16)
    ws["A1"].alignment = Alignment(horizontal="center")


# ---------------------------------------------------------------- national layout

# Columns: A caption; B 一级 (money: B:C row label); C 二级; D 三级 / 年初预算数; E 年度指标值 /
# 全年预算数; F 实际完成值 / 全年执行数; G 分值; H 得分 / 执行率; I 偏差原因 / 得分.

def national_card(ws, card):
    sp = (lambda s: WS.join(s)) if card["spaced"] else (lambda s: s)
    title(ws, "项目支出绩效自评表", "I")
    merged(ws, "A2:I2", "（2024年度）")
    r = 3
    ws.cell(r, 1, sp("项目名称"))
    merged(ws, f"B{r}:I{r}", card["name"])
    r += 1
    ws.cell(r, 1, sp("主管部门"))
    merged(ws, f"B{r}:D{r}", card["dept"])
    ws.cell(r, 5, sp("实施单位"))
    merged(ws, f"F{r}:I{r}", card["unit"])
    r += 1
    if card["conclusion_in_header"]:
        # A row the unit added to the header area, carrying its conclusion.
        ws.cell(r, 1, "项目负责人")
        merged(ws, f"B{r}:D{r}", "张华")
        ws.cell(r, 5, sp("评价结论"))
        merged(ws, f"F{r}:I{r}", card["conclusion"])
        r += 1
    # Money block.
    m = card["money"]
    top = r
    merged(ws, f"A{r}:A{r + 4}", "项目资金\n（万元）")
    heads = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    if card["marks"]:
        heads = ["年初预算数", "全年预算数(A)", "全年执行数(B)", "分值", "执行率(B/A)", "得分"]
    merged(ws, f"B{r}:C{r}", None)
    for c, h in enumerate(heads, start=4):
        ws.cell(r, c, h)
    for k, (key, label) in enumerate(zip(["total", "fiscal", "carryover", "other"],
                                         ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"])):
        rr = top + 1 + k
        merged(ws, f"B{rr}:C{rr}", sp(label) if key == "total" else label)
        start, full, done = m[key]
        for c, v in zip((4, 5, 6), (start, full, done)):
            ws.cell(rr, c, num(v)).number_format = "#,##0.00"
        if F(full):
            cell = ws.cell(rr, 8, round(float(F(done) / F(full)), 4))
            cell.number_format = "0.00%"
        elif card["part_blank"]:
            ws.cell(rr, 8, card["part_blank"])
        if key == "total":
            ws.cell(rr, 7, EXECUTION_POINTS)
            ws.cell(rr, 9, num(card["exec_stated"]))
        elif card["part_blank"]:
            ws.cell(rr, 7, card["part_blank"])
            ws.cell(rr, 9, card["part_blank"])
    r = top + 5
    # 年度总体目标.
    merged(ws, f"A{r}:A{r + 1}", sp("年度总体目标"))
    merged(ws, f"B{r}:E{r}", "预期目标")
    merged(ws, f"F{r}:I{r}", "实际完成情况")
    merged(ws, f"B{r + 1}:E{r + 1}", card["goal"])
    merged(ws, f"F{r + 1}:I{r + 1}", card["done"])
    r += 2
    # Indicator table.
    h = r
    for c, label in enumerate(["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                               "偏差原因分析及改进措施"], start=2):
        ws.cell(h, c, label)
    r = h + 1
    rows = []
    for i in card["indicators"]:
        if i["qual"]:
            target, actual = i["target"], i["actual"]
        else:
            target = f"{i['cmp']}{fmt(i['target'])}{i['unit']}"
            actual = f"{fmt(i['actual'])}{i['unit']}"
        ws.cell(r, 4, i["l3"])
        ws.cell(r, 5, target)
        ws.cell(r, 6, actual)
        ws.cell(r, 7, num(i["weight"]))
        ws.cell(r, 8, num(i["stated"]))
        if i["why"]:
            ws.cell(r, 9, i["why"])
        rows.append((r, i))
        r += 1
    merge_levels(ws, rows, 2, 3, card, level_label)
    merged(ws, f"A{h}:A{r - 1}", "绩效指标")
    # 总分 | 100 | total.
    stated_total = F(card["total_stated"]) if card["total_stated"] else \
        F(card["exec_stated"]) + sum((F(i["stated"]) for i in card["indicators"]), F(0))
    merged(ws, f"A{r}:F{r}", sp("总分") if not card["spaced"] else "总" + WS * 2 + "分")
    ws.cell(r, 7, 100)
    ws.cell(r, 8, float(stated_total) if stated_total.denominator != 1 else int(stated_total))
    r += 1
    if not card["conclusion_in_header"]:
        ws.cell(r, 1, "评价结论")
        merged(ws, f"B{r}:I{r}", card["conclusion"])
        r += 1
    ws.cell(r + 1, 1, "填表人：")
    ws.cell(r + 1, 5, "填报日期：")
    for c, w in zip("ABCDEFGHI", [14, 16, 18, 24, 14, 14, 8, 10, 36]):
        ws.column_dimensions[c].width = w


# ---------------------------------------------------------------- Sichuan layout

# Columns: A caption; B 一级 (money: B:C row label); C 二级; D 三级 / 年初预算; E 指标性质 / 调整后预算数;
# F 指标值 / 预算执行数; G 度量单位 / 预算执行率; H 完成值 / 权重; I 权重 / 得分; J 得分 / 原因 (J:K);
# K 未完成原因分析.

def sichuan_card(ws, card):
    ws["K1"] = "报表编号：510000_0013zp"
    merged(ws, "A2:K2", "项目支出绩效自评表")
    ws["A2"].font = Font(bold=True, size=16)
    ws["A2"].alignment = Alignment(horizontal="center")
    merged(ws, "A3:K3", "（2024年度）")
    ws["A4"] = "项目名称"
    merged(ws, "B4:K4", card["name"])
    ws["A5"] = "主管部门"
    merged(ws, "B5:E5", card["dept"])
    merged(ws, "F5:G5", "实施单位")
    merged(ws, "H5:K5", card["unit"])
    # 预算执行情况(10分).
    m = card["money"]
    merged(ws, "A6:A11", "预算执行情况(10分)")
    merged(ws, "B6:C6", None)
    for c, label in enumerate(["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"], start=4):
        ws.cell(6, c, label)
    merged(ws, "J6:K6", "原因")
    rate_cell = (lambda x: f"{float(x) * 100:.2f}%") if card["text_rates"] else (lambda x: round(float(x), 4))
    for k, (key, label) in enumerate(zip(["total", "fiscal", "special", "own", "other"],
                                         ["总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金"])):
        r = 7 + k
        merged(ws, f"B{r}:C{r}", label)
        start, full, done = m[key]
        for c, v in zip((4, 5, 6), (start, full, done)):
            ws.cell(r, c, num(v)).number_format = "0.00"
        if F(full):
            cell = ws.cell(r, 7, rate_cell(F(done) / F(full)))
            if not card["text_rates"]:
                cell.number_format = "0.00%"
        if key == "total":
            ws.cell(r, 8, EXECUTION_POINTS)
            ws.cell(r, 9, num(card["exec_stated"]))
            merged(ws, f"J{r}:K{r}", card["money_reason"] or None)
        else:
            merged(ws, f"J{r}:K{r}", None)
    # 年度总体目标.
    merged(ws, "A12:A13", "年度总体目标")
    merged(ws, "B12:F12", "预期目标")
    merged(ws, "G12:K12", "实际完成情况")
    merged(ws, "B13:F13", card["goal"])
    merged(ws, "G13:K13", card["done"])
    # 绩效指标(90分).
    h = 14
    for c, label in enumerate(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "完成值", "权重",
                               "得分", "未完成原因分析"], start=2):
        ws.cell(h, c, label)
    r = h + 1
    rows = []
    for i in card["indicators"]:
        if card["repeat_levels"]:
            ws.cell(r, 2, i["l1"])
            ws.cell(r, 3, i["l2"])
        ws.cell(r, 4, i["l3"])
        ws.cell(r, 5, i["cmp"])
        if i["qual"]:
            ws.cell(r, 6, i["target"])
            ws.cell(r, 8, i["actual"])
        else:
            ws.cell(r, 6, num(i["target"]))
            ws.cell(r, 7, i["unit"])
            ws.cell(r, 8, num(i["actual"]))
        ws.cell(r, 9, num(i["weight"]))
        ws.cell(r, 10, num(i["stated"]))
        if i["why"]:
            ws.cell(r, 11, i["why"])
        rows.append((r, i))
        r += 1
    if not card["repeat_levels"]:
        merge_levels(ws, rows, 2, 3, card)
    merged(ws, f"A{h}:A{r - 1}", "绩效指标(90分)")
    weights = sum((F(i["weight"]) for i in card["indicators"]), F(0)) + EXECUTION_POINTS
    stated_total = F(card["total_stated"]) if card["total_stated"] else \
        F(card["exec_stated"]) + sum((F(i["stated"]) for i in card["indicators"]), F(0))
    merged(ws, f"A{r}:H{r}", "合计")
    ws.cell(r, 9, int(weights))
    ws.cell(r, 10, float(stated_total) if stated_total.denominator != 1 else int(stated_total))
    r += 1
    for label, text in [("评价结论", card["conclusion"]), ("存在问题", card["problems"]),
                        ("改进措施", card["measures"])]:
        ws.cell(r, 1, label)
        merged(ws, f"B{r}:K{r}", text)
        r += 1
    ws.cell(r + 1, 1, "填报人：")
    ws.cell(r + 1, 6, "联系电话：")
    for c, w in zip("ABCDEFGHIJK", [16, 12, 18, 22, 10, 10, 10, 24, 8, 8, 30]):
        ws.column_dimensions[c].width = w


# ---------------------------------------------------------------- unit-wide self-evaluation

def overall_card(ws, card):
    title(ws, "部门整体支出绩效自评表", "K")
    merged(ws, "A2:K2", "（2024年度）")
    ws["A3"] = "部门（单位）名称"
    merged(ws, "B3:E3", card["unit"])
    merged(ws, "F3:G3", "主管部门")
    merged(ws, "H3:K3", card["dept"])
    merged(ws, "A4:A5", "年度总体目标")
    merged(ws, "B4:F4", "预期目标")
    merged(ws, "G4:K4", "实际完成情况")
    merged(ws, "B5:F5", card["goal"])
    merged(ws, "G5:K5", card["done"])
    merged(ws, "A6:K6", "年度绩效指标完成情况")
    h = 7
    for c, label in enumerate(["一级指标", "二级指标", "指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值",
                               "全年完成值", "得分系数", "指标权重", "指标得分"], start=1):
        ws.cell(h, c, label)
    r = h + 1
    rows = []
    for i in card["indicators"]:
        ws.cell(r, 3, i["l3"])
        ws.cell(r, 5, i["cmp"])
        if i["qual"]:
            ws.cell(r, 6, i["target"])
            ws.cell(r, 8, i["actual"])
        else:
            ws.cell(r, 4, i["unit"])
            ws.cell(r, 6, num(i["target"]))
            if i["adjusted"] is not None:
                ws.cell(r, 7, num(i["adjusted"]))
            ws.cell(r, 8, num(i["actual"]))
        coef = F(i["stated"]) / F(i["weight"])
        ws.cell(r, 9, round(float(coef), 4))
        ws.cell(r, 10, num(i["weight"]))
        ws.cell(r, 11, num(i["stated"]))
        rows.append((r, i))
        r += 1
    merge_levels(ws, rows, 1, 2, card)
    stated_total = sum((F(i["stated"]) for i in card["indicators"]), F(0))
    merged(ws, f"A{r}:I{r}", "合计")
    ws.cell(r, 10, 100)
    ws.cell(r, 11, float(stated_total))
    r += 1
    ws.cell(r, 1, "评价结论")
    merged(ws, f"B{r}:K{r}", card["conclusion"])
    for c, w in zip("ABCDEFGHIJK", [10, 14, 22, 10, 10, 12, 12, 30, 10, 10, 10]):
        ws.column_dimensions[c].width = w


# ---------------------------------------------------------------- saving

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


def text_not_formula(ws):
    """`=0起`, `=` (指标性质) are text a unit typed, not formulas: openpyxl would write any string
    starting with `=` as a formula."""
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.data_type = "s"


def write(cards, kind, writer, fname):
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    for card in cards:
        ws = wb.create_sheet(card["sheet"])
        writer(ws, card)
        text_not_formula(ws)
        e = expect(card, kind)
        check_plants(card, kind, e)
        e["layout"] = {national_card: "national", sichuan_card: "sichuan", overall_card: "overall"}[writer]
        sheets[card["sheet"]] = e
    path = os.path.join(OUT, fname)
    save(wb, path)
    return path, sheets


def main():
    os.makedirs(OUT, exist_ok=True)
    out = {}
    national, out["openpyxl-selfeval-national.xlsx"] = write(
        NATIONAL, "project", national_card, "openpyxl-selfeval-national.xlsx")
    _, out["openpyxl-selfeval-sichuan.xlsx"] = write(
        SICHUAN, "project", sichuan_card, "openpyxl-selfeval-sichuan.xlsx")
    _, out["openpyxl-selfeval-overall.xlsx"] = write(
        OVERALL, "overall", overall_card, "openpyxl-selfeval-overall.xlsx")

    # The edge cases the brief asks for are really there.
    cards = [c for f in out.values() for c in f.values()]
    totals = sorted(c["recomputed_total"] for c in cards)
    assert {90.0, 80.0, 60.0} <= set(totals), totals
    assert any(c["rate"] and c["rate"] > 1 and c["exec_score"] == 10 for c in cards)
    assert any(c["in_review"] for c in cards) and any(not c["in_review"] for c in cards)
    planted = {r for c in cards for r in c["rules"]}
    assert {"E01", "E02", "E04", "E05", "E06", "E07", "E08", "E09"} <= planted, planted

    soffice = shutil.which("soffice")
    xls = os.path.join(OUT, "libreoffice-selfeval-national.xls")
    if soffice:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile",
                            "--convert-to", "xls", "--outdir", tmp, national],
                           check=True, capture_output=True, timeout=300)
            shutil.move(os.path.join(tmp, "openpyxl-selfeval-national.xls"), xls)
    if os.path.exists(xls):
        out["libreoffice-selfeval-national.xls"] = out["openpyxl-selfeval-national.xlsx"]

    with open(os.path.join(HERE, "expected_self_eval.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")

    # The table of the report.
    for fname, sheets in out.items():
        for sheet, e in sheets.items():
            print(f"{fname:36} {sheet:6} rate={e['rate']} exec={e['exec_score']} stated={e['stated_total']} "
                  f"recomputed={e['recomputed_total']} {e['stated_grade']}->{e['grade']} "
                  f"review={e['in_review']} rules={e['rules']}")


if __name__ == "__main__":
    main()
