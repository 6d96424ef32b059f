"""Writes the same small target card twice, once in Excel's 1900 date system and once in the
1904 system (older Mac Excel), with dates in the 指标值 and 填报日期 cells. Run: python3 make_1904.py"""
import datetime, os, zipfile
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

HERE = os.path.dirname(os.path.abspath(__file__))

def card(epoch1904):
    wb = Workbook()
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "道路养护"
    rows = [
        ["项目支出绩效目标申报表"],
        ["项目名称", "农村公路养护", "项目编码", "301001240009"],
        ["主管部门", "区交通运输局", "实施单位", "区公路事业发展中心"],
        ["项目属性", "延续", "项目期限", "1年"],
        ["年度资金总额", 120, "财政拨款", 120],
        ["年度目标", "完成农村公路日常养护，路况良好。"],
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "养护里程", "≥120公里"],
        ["产出指标", "质量指标", "优良路率", "≥85%"],
        ["产出指标", "时效指标", "完工时间", datetime.date(2024, 12, 31)],
        ["效益指标", "社会效益指标", "群众出行条件", "明显改善"],
        ["填报日期", datetime.date(2024, 1, 18)],
    ]
    for r in rows:
        ws.append(r)
    for c in ("D10", "B12"):
        ws[c].number_format = "yyyy-mm-dd"
    wb.properties.created = datetime.datetime(2024, 1, 1)
    wb.properties.modified = datetime.datetime(2024, 1, 1)
    name = os.path.join(HERE, "target-1904.xlsx" if epoch1904 else "target-1900.xlsx")
    wb.save(name)

card(False)
card(True)
