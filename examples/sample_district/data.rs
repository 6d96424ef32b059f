//! The invented district: its units, the project names each kind of unit budgets for, and the
//! indicator pools a project card draws from. Plain tables, so the world is easy to read and
//! to change.

/// Which way a unit's money goes; picks the project-name pool and the indicator flavour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    EduBureau,
    School,
    HealthBureau,
    Hospital,
    Cdc,
    HealthInspect,
    CivilAffairs,
    Welfare,
    Funeral,
    Veterans,
    Labour,
    Housing,
    Transport,
    Water,
    Agriculture,
    Forestry,
    Culture,
    Media,
    Sanitation,
    CityWorks,
    Finance,
    Market,
    Emergency,
    Environment,
    Street,
    Town,
    General,
}

pub struct UnitDef {
    pub code: &'static str,
    pub name: &'static str,
    /// 单位类型
    pub kind: &'static str,
    /// 领域 of the unit's projects
    pub domain: &'static str,
    pub pool: Pool,
    /// mailbox prefix, `<prefix>_<code>@example.gov.cn`
    pub mail: &'static str,
    /// 别名, `;`-separated, may be empty
    pub alias: &'static str,
    /// 是否有项目支出
    pub has_projects: bool,
}

const fn u(
    code: &'static str,
    name: &'static str,
    kind: &'static str,
    domain: &'static str,
    pool: Pool,
    mail: &'static str,
    alias: &'static str,
) -> UnitDef {
    UnitDef {
        code,
        name,
        kind,
        domain,
        pool,
        mail,
        alias,
        has_projects: true,
    }
}

const fn no_projects(mut d: UnitDef) -> UnitDef {
    d.has_projects = false;
    d
}

use Pool::*;

/// The roster. A unit whose code ends in `001` heads its department (主管部门); the others
/// belong to the head with the same first three digits. 银江镇 comes last.
pub const UNITS: &[UnitDef] = &[
    u(
        "101001",
        "区委办公室",
        "行政",
        "综合",
        General,
        "qwb",
        "区委办",
    ),
    no_projects(u("101002", "区档案馆", "事业", "综合", General, "qwb", "")),
    u(
        "102001",
        "区人大常委会办公室",
        "行政",
        "综合",
        General,
        "rdb",
        "区人大办",
    ),
    u(
        "103001",
        "区政协办公室",
        "行政",
        "综合",
        General,
        "zxb",
        "区政协办",
    ),
    u(
        "104001",
        "区纪委监委机关",
        "行政",
        "综合",
        General,
        "jwjw",
        "",
    ),
    u("105001", "区委组织部", "行政", "综合", General, "zzb", ""),
    u("105002", "区委党校", "事业", "综合", General, "zzb", ""),
    u("106001", "区委宣传部", "行政", "文化", Media, "xcb", ""),
    u("106002", "区融媒体中心", "事业", "文化", Media, "xcb", ""),
    u(
        "107001",
        "区委政法委员会",
        "行政",
        "综合",
        General,
        "zfw",
        "区委政法委",
    ),
    u(
        "108001",
        "区人民政府办公室",
        "行政",
        "综合",
        General,
        "zfb",
        "区政府办",
    ),
    u(
        "108002",
        "区机关事务服务中心",
        "事业",
        "综合",
        General,
        "zfb",
        "",
    ),
    u(
        "108003",
        "区政务服务中心",
        "事业",
        "综合",
        General,
        "zfb",
        "",
    ),
    u(
        "109001",
        "区发展和改革局",
        "行政",
        "综合",
        General,
        "fgj",
        "区发改局",
    ),
    u("110001", "区财政局", "行政", "综合", Finance, "czj", ""),
    u(
        "110002",
        "区财政国库支付中心",
        "事业",
        "综合",
        General,
        "czj",
        "",
    ),
    u("111001", "区审计局", "行政", "综合", General, "sjj", ""),
    u("112001", "区统计局", "行政", "综合", General, "tjj", ""),
    u("113001", "区司法局", "行政", "综合", General, "sfj", ""),
    u("114001", "区公安分局", "行政", "综合", General, "gaj", ""),
    no_projects(u(
        "115001",
        "区社会科学界联合会",
        "群团",
        "综合",
        General,
        "skl",
        "区社科联",
    )),
    no_projects(u(
        "116001",
        "区工商业联合会",
        "群团",
        "综合",
        General,
        "gsl",
        "区工商联",
    )),
    no_projects(u(
        "117001",
        "区红十字会",
        "群团",
        "卫生",
        General,
        "hsz",
        "",
    )),
    u("118001", "区总工会", "群团", "综合", General, "zgh", ""),
    u(
        "119001",
        "共青团区委",
        "群团",
        "综合",
        General,
        "tqw",
        "团区委",
    ),
    u(
        "120001",
        "区妇女联合会",
        "群团",
        "综合",
        General,
        "flh",
        "区妇联",
    ),
    u(
        "301001",
        "区教育和体育局",
        "行政",
        "教育",
        EduBureau,
        "jyj",
        "区教体局;区教育局",
    ),
    u(
        "301002",
        "区第一中学",
        "事业",
        "教育",
        School,
        "jyj",
        "区一中;第一中学",
    ),
    u(
        "301003",
        "区第二中学",
        "事业",
        "教育",
        School,
        "jyj",
        "区二中",
    ),
    u("301004", "区实验小学", "事业", "教育", School, "jyj", ""),
    u("301005", "区城南小学", "事业", "教育", School, "jyj", ""),
    u("301006", "区第一幼儿园", "事业", "教育", School, "jyj", ""),
    u(
        "301007",
        "区职业技术学校",
        "事业",
        "教育",
        School,
        "jyj",
        "区职校",
    ),
    u(
        "301008",
        "区教师发展中心",
        "事业",
        "教育",
        School,
        "jyj",
        "",
    ),
    u(
        "302001",
        "区卫生健康局",
        "行政",
        "卫生",
        HealthBureau,
        "wjj",
        "区卫健局",
    ),
    u(
        "302002",
        "区人民医院",
        "事业",
        "医疗",
        Hospital,
        "wjj",
        "人民医院;区人医",
    ),
    u(
        "302003",
        "区中医院",
        "事业",
        "医疗",
        Hospital,
        "wjj",
        "区中医医院",
    ),
    u(
        "302004",
        "区妇幼保健院",
        "事业",
        "医疗",
        Hospital,
        "wjj",
        "",
    ),
    u(
        "302005",
        "区疾病预防控制中心",
        "事业",
        "卫生",
        Cdc,
        "wjj",
        "区疾控中心",
    ),
    u(
        "302006",
        "区卫生健康综合监督执法大队",
        "事业",
        "卫生",
        HealthInspect,
        "wjj",
        "区卫生监督所",
    ),
    u(
        "303001",
        "区民政局",
        "行政",
        "民政",
        CivilAffairs,
        "mzj",
        "",
    ),
    u("303002", "区社会福利院", "事业", "民政", Welfare, "mzj", ""),
    u("303003", "区殡葬管理所", "事业", "民政", Funeral, "mzj", ""),
    u(
        "304001",
        "区人力资源和社会保障局",
        "行政",
        "综合",
        Labour,
        "rsj",
        "区人社局",
    ),
    u(
        "304002",
        "区社会保险事业中心",
        "事业",
        "综合",
        Labour,
        "rsj",
        "区社保中心",
    ),
    u(
        "304003",
        "区劳动人事争议仲裁院",
        "事业",
        "综合",
        General,
        "rsj",
        "",
    ),
    u(
        "305001",
        "区住房和城乡建设局",
        "行政",
        "城建",
        Housing,
        "zjj",
        "区住建局",
    ),
    u(
        "305002",
        "区建设工程质量安全监督站",
        "事业",
        "城建",
        Housing,
        "zjj",
        "",
    ),
    u(
        "305003",
        "区房屋征收服务中心",
        "事业",
        "城建",
        Housing,
        "zjj",
        "",
    ),
    u(
        "306001",
        "区交通运输局",
        "行政",
        "交通",
        Transport,
        "jtj",
        "区交通局",
    ),
    u(
        "306002",
        "区公路事业发展中心",
        "事业",
        "交通",
        Transport,
        "jtj",
        "",
    ),
    u("307001", "区水务局", "行政", "水务", Water, "swj", ""),
    u(
        "307002",
        "区水利工程管理站",
        "事业",
        "水务",
        Water,
        "swj",
        "",
    ),
    u(
        "308001",
        "区农业农村局",
        "行政",
        "农业",
        Agriculture,
        "nyj",
        "区农业局",
    ),
    u(
        "308002",
        "区农业技术推广中心",
        "事业",
        "农业",
        Agriculture,
        "nyj",
        "",
    ),
    u(
        "308003",
        "区动物疫病预防控制中心",
        "事业",
        "农业",
        Agriculture,
        "nyj",
        "",
    ),
    u("309001", "区林业局", "行政", "林业", Forestry, "lyj", ""),
    u(
        "309002",
        "区林业工作站",
        "事业",
        "林业",
        Forestry,
        "lyj",
        "",
    ),
    u("309003", "区国有林场", "事业", "林业", Forestry, "lyj", ""),
    u(
        "310001",
        "区文化广电旅游局",
        "行政",
        "文化",
        Culture,
        "wlj",
        "区文旅局",
    ),
    u("310002", "区图书馆", "事业", "文化", Culture, "wlj", ""),
    u("310003", "区文化馆", "事业", "文化", Culture, "wlj", ""),
    u("310004", "区博物馆", "事业", "文化", Culture, "wlj", ""),
    u(
        "311001",
        "区市场监督管理局",
        "行政",
        "综合",
        Market,
        "scj",
        "区市场监管局",
    ),
    u(
        "311002",
        "区检验检测中心",
        "事业",
        "综合",
        Market,
        "scj",
        "",
    ),
    u(
        "312001",
        "区应急管理局",
        "行政",
        "综合",
        Emergency,
        "yjj",
        "",
    ),
    u(
        "312002",
        "区应急救援指挥中心",
        "事业",
        "综合",
        Emergency,
        "yjj",
        "",
    ),
    u(
        "313001",
        "区城市管理和综合执法局",
        "行政",
        "环卫",
        Sanitation,
        "cgj",
        "区城管局",
    ),
    u(
        "313002",
        "区环境卫生管理所",
        "事业",
        "环卫",
        Sanitation,
        "cgj",
        "区环卫所",
    ),
    u(
        "313003",
        "区园林绿化管理所",
        "事业",
        "城建",
        CityWorks,
        "cgj",
        "",
    ),
    u(
        "313004",
        "区市政设施管理所",
        "事业",
        "城建",
        CityWorks,
        "cgj",
        "",
    ),
    u(
        "314001",
        "区生态环境局",
        "行政",
        "综合",
        Environment,
        "sthj",
        "",
    ),
    u(
        "314002",
        "区环境监测站",
        "事业",
        "综合",
        Environment,
        "sthj",
        "",
    ),
    u(
        "315001",
        "区自然资源和规划局",
        "行政",
        "城建",
        CityWorks,
        "zrj",
        "区自然资源局",
    ),
    u(
        "316001",
        "区科学技术和工业信息化局",
        "行政",
        "综合",
        General,
        "kgxj",
        "区科工信局",
    ),
    u("317001", "区商务局", "行政", "综合", General, "swuj", ""),
    u(
        "318001",
        "区退役军人事务局",
        "行政",
        "民政",
        Veterans,
        "tyjr",
        "",
    ),
    u(
        "318002",
        "区退役军人服务中心",
        "事业",
        "民政",
        Veterans,
        "tyjr",
        "",
    ),
    u(
        "319001",
        "区医疗保障局",
        "行政",
        "医疗",
        HealthBureau,
        "ybj",
        "区医保局",
    ),
    u(
        "321001",
        "区政务服务数据管理局",
        "行政",
        "综合",
        General,
        "zssj",
        "区数据局",
    ),
    u(
        "401001",
        "东城街道办事处",
        "行政",
        "综合",
        Street,
        "dcjd",
        "东城街道",
    ),
    u(
        "402001",
        "西城街道办事处",
        "行政",
        "综合",
        Street,
        "xcjd",
        "西城街道",
    ),
    u(
        "403001",
        "南湖街道办事处",
        "行政",
        "综合",
        Street,
        "nhjd",
        "南湖街道",
    ),
    u(
        "404001",
        "北山街道办事处",
        "行政",
        "综合",
        Street,
        "bsjd",
        "",
    ),
    u(
        "405001",
        "江畔街道办事处",
        "行政",
        "综合",
        Street,
        "jpjd",
        "",
    ),
    u(
        "501001",
        "银江镇",
        "乡镇",
        "综合",
        Town,
        "yjz",
        "银江镇人民政府",
    ),
];

/// The town that is monitored but hands in no targets.
pub const TOWN_CODE: &str = "501001";

/// Units whose budget system exports the Shenzhen-style card (二级项目支出绩效目标申报表);
/// their projects carry that system's 20-digit codes.
pub const SZ_UNITS: &[&str] = &[
    "303001", "305001", "306001", "309001", "313002", "401001", "402001", "403001", "404001",
    "405001",
];

/// What a project does; picks its indicator pool and its goal text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Equip,
    Repair,
    Subsidy,
    Service,
    Training,
    It,
    Event,
    Inspect,
    Medical,
    Sanitation,
    Forestry,
    Works,
    Agri,
    Work,
    Greening,
}

/// Budget size class in 万元: S 5–50, M 20–300, L 100–800, H 1000–3000.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    S,
    M,
    L,
    H,
}

pub struct ProjectDef {
    pub name: &'static str,
    pub kind: Kind,
    /// 项目类别: 项目 / 政策 / 专项资金
    pub category: &'static str,
    /// 预算类型
    pub budget: &'static str,
    pub size: Size,
}

pub const GENERAL_BUDGET: &str = "一般公共预算";
pub const FUND_BUDGET: &str = "政府性基金预算";
pub const CAPITAL_BUDGET: &str = "国有资本经营预算";

const fn p(name: &'static str, kind: Kind, category: &'static str, size: Size) -> ProjectDef {
    ProjectDef {
        name,
        kind,
        category,
        budget: GENERAL_BUDGET,
        size,
    }
}

/// A project paid from the government fund budget.
const fn f(name: &'static str, kind: Kind, category: &'static str, size: Size) -> ProjectDef {
    ProjectDef {
        name,
        kind,
        category,
        budget: FUND_BUDGET,
        size,
    }
}

/// A project paid from the state capital operation budget.
const fn c(name: &'static str, kind: Kind, category: &'static str, size: Size) -> ProjectDef {
    ProjectDef {
        name,
        kind,
        category,
        budget: CAPITAL_BUDGET,
        size,
    }
}

const XM: &str = "项目";
const ZC: &str = "政策";
const ZX: &str = "专项资金";

use Kind as K;
use Size::*;

pub fn projects_of(pool: Pool) -> &'static [ProjectDef] {
    match pool {
        EduBureau => {
            const {
                &[
                    p("义务教育学生营养改善计划", K::Subsidy, ZC, L),
                    p("城乡义务教育公用经费保障", K::Subsidy, ZC, H),
                    p("学前教育生均公用经费补助", K::Subsidy, ZC, H),
                    p("家庭经济困难学生资助", K::Subsidy, ZC, M),
                    p("中小学教师全员培训", K::Training, XM, M),
                    p("中小学校园安保服务", K::Service, XM, M),
                    p("中小学校舍维修改造", K::Repair, ZX, L),
                    p("教育信息化建设运维", K::It, XM, M),
                    f("体育彩票公益金全民健身项目", K::Event, ZX, M),
                    p("青少年体育赛事组织", K::Event, XM, S),
                ]
            }
        }
        School => {
            const {
                &[
                    p("教学设备购置", K::Equip, XM, M),
                    p("校舍维修改造", K::Repair, XM, M),
                    p("图书资料购置", K::Equip, XM, S),
                    p("校园安保服务", K::Service, XM, S),
                    p("学生资助经费", K::Subsidy, ZC, S),
                    p("教师培训经费", K::Training, XM, S),
                    p("学生课后服务经费", K::Service, XM, M),
                    p("食堂设施改造", K::Repair, XM, S),
                    p("实验室建设", K::Equip, ZX, M),
                    p("校园信息化运维", K::It, XM, S),
                ]
            }
        }
        HealthBureau => {
            const {
                &[
                    p("基本公共卫生服务", K::Medical, ZC, H),
                    p("家庭医生签约服务", K::Medical, ZC, L),
                    p("计划生育家庭特别扶助", K::Subsidy, ZC, M),
                    p("卫生健康人才培养", K::Training, XM, M),
                    p("村卫生室运行补助", K::Subsidy, ZC, M),
                    p("爱国卫生运动", K::Event, XM, S),
                    p("医疗机构综合监管", K::Inspect, XM, S),
                    p("卫生应急物资储备", K::Equip, XM, M),
                    p("城乡居民医疗救助", K::Subsidy, ZC, L),
                ]
            }
        }
        Hospital => {
            const {
                &[
                    p("医疗设备购置", K::Equip, ZX, L),
                    p("院区维修改造", K::Repair, XM, M),
                    p("重点专科建设", K::Work, ZX, M),
                    p("医院信息化建设", K::It, XM, M),
                    p("院内公共卫生服务", K::Medical, XM, M),
                    p("住院医师规范化培训", K::Training, XM, S),
                    p("急诊急救能力提升", K::Equip, XM, S),
                    p("医疗废物处置服务", K::Service, XM, S),
                ]
            }
        }
        Cdc => {
            const {
                &[
                    p("免疫规划项目", K::Medical, ZC, M),
                    p("重大传染病防控", K::Medical, ZX, L),
                    p("慢性病综合防控", K::Medical, XM, M),
                    p("实验室检测设备购置", K::Equip, XM, M),
                    p("健康教育宣传", K::Event, XM, S),
                    p("职业病防治", K::Medical, XM, S),
                ]
            }
        }
        HealthInspect => {
            const {
                &[
                    p("公共场所卫生监督", K::Inspect, XM, S),
                    p("生活饮用水卫生监测", K::Inspect, XM, S),
                    p("医疗服务综合执法", K::Inspect, XM, S),
                    p("执法装备购置", K::Equip, XM, S),
                ]
            }
        }
        CivilAffairs => {
            const {
                &[
                    p("城乡居民最低生活保障", K::Subsidy, ZC, H),
                    p("特困人员救助供养", K::Subsidy, ZC, L),
                    p("临时救助", K::Subsidy, ZC, M),
                    p("高龄津贴", K::Subsidy, ZC, L),
                    p("残疾人两项补贴", K::Subsidy, ZC, M),
                    p("社区居家养老服务", K::Service, XM, M),
                    f("福利彩票公益金资助项目", K::Service, ZX, M),
                    p("孤儿基本生活保障", K::Subsidy, ZC, S),
                ]
            }
        }
        Welfare => {
            const {
                &[
                    p("院民生活保障", K::Service, XM, M),
                    p("护理服务购买", K::Service, XM, M),
                    p("院区设施维修", K::Repair, XM, S),
                    p("康复设备购置", K::Equip, XM, S),
                ]
            }
        }
        Funeral => {
            const {
                &[
                    p("惠民殡葬补助", K::Subsidy, ZC, S),
                    p("殡仪设施维护", K::Repair, XM, S),
                    f("公益性公墓建设", K::Works, XM, M),
                ]
            }
        }
        Veterans => {
            const {
                &[
                    p("优抚对象抚恤补助", K::Subsidy, ZC, L),
                    p("退役士兵安置", K::Subsidy, ZC, M),
                    p("军休人员服务保障", K::Service, XM, S),
                    p("烈士纪念设施维护", K::Repair, XM, S),
                    p("双拥工作经费", K::Event, XM, S),
                ]
            }
        }
        Labour => {
            const {
                &[
                    p("就业创业补贴", K::Subsidy, ZC, L),
                    p("职业技能培训补贴", K::Training, ZC, M),
                    p("公益性岗位补贴", K::Subsidy, ZC, M),
                    p("劳动保障监察", K::Inspect, XM, S),
                    p("城乡居民养老保险补助", K::Subsidy, ZC, H),
                    p("高层次人才引进", K::Subsidy, ZX, M),
                    p("社保经办信息化运维", K::It, XM, S),
                    c("国企退休人员社会化管理补助", K::Subsidy, ZC, S),
                ]
            }
        }
        Housing => {
            const {
                &[
                    p("老旧小区改造", K::Works, ZX, L),
                    f("城市基础设施配套建设", K::Works, ZX, L),
                    p("农村危房改造", K::Subsidy, ZC, M),
                    p("建筑工地安全监管", K::Inspect, XM, S),
                    p("保障性住房维护", K::Repair, XM, M),
                    p("房屋安全鉴定服务", K::Service, XM, S),
                    f("征收安置补偿", K::Subsidy, ZX, L),
                    p("工程质量安全检测", K::Inspect, XM, S),
                ]
            }
        }
        Transport => {
            const {
                &[
                    p("农村公路养护", K::Repair, ZC, L),
                    p("城乡公交运营补贴", K::Subsidy, ZC, L),
                    p("道路安全隐患整治", K::Works, XM, M),
                    p("客运站场维护", K::Repair, XM, S),
                    p("交通运输综合执法", K::Inspect, XM, S),
                    p("公路桥梁检测", K::Service, XM, S),
                    c("国有公交企业车辆更新补助", K::Equip, ZX, M),
                ]
            }
        }
        Water => {
            const {
                &[
                    p("河道清淤整治", K::Works, XM, M),
                    p("农村饮水安全工程", K::Works, ZX, M),
                    p("水利工程运行维护", K::Repair, XM, M),
                    p("防汛抗旱物资储备", K::Equip, XM, S),
                    p("河长制工作经费", K::Work, XM, S),
                    f("大中型水库移民后期扶持", K::Subsidy, ZC, M),
                    f("污水处理设施运营", K::Service, XM, M),
                ]
            }
        }
        Agriculture => {
            const {
                &[
                    p("耕地地力保护补贴", K::Subsidy, ZC, H),
                    p("高标准农田建设", K::Works, ZX, L),
                    p("农业技术推广", K::Agri, XM, M),
                    p("动物疫病强制免疫", K::Agri, ZC, M),
                    p("农产品质量安全检测", K::Inspect, XM, S),
                    p("农机购置补贴", K::Subsidy, ZC, M),
                    p("乡村振兴衔接资金", K::Agri, ZX, L),
                    f("农田水利设施建设", K::Works, ZX, M),
                ]
            }
        }
        Forestry => {
            const {
                &[
                    p("森林防火", K::Forestry, ZX, M),
                    p("造林绿化", K::Forestry, XM, M),
                    p("松材线虫病防治", K::Forestry, XM, M),
                    p("生态公益林补偿", K::Subsidy, ZC, L),
                    p("天然林保护", K::Forestry, ZC, M),
                    p("林业有害生物监测", K::Forestry, XM, S),
                    p("国有林场改革补助", K::Forestry, ZC, M),
                    p("生态护林员补助", K::Subsidy, ZC, S),
                ]
            }
        }
        Culture => {
            const {
                &[
                    p("公共文化服务体系建设", K::Event, ZX, M),
                    p("图书及数字资源购置", K::Equip, XM, S),
                    p("群众文化活动", K::Event, XM, S),
                    p("文物保护修缮", K::Repair, ZX, M),
                    p("非遗保护传承", K::Event, XM, S),
                    f("旅游宣传推广", K::Event, XM, M),
                    p("文化市场综合执法", K::Inspect, XM, S),
                    p("公共文化场馆免费开放", K::Service, ZC, M),
                ]
            }
        }
        Media => {
            const {
                &[
                    p("新闻宣传专项", K::Event, XM, M),
                    p("融媒体平台运维", K::It, XM, M),
                    p("网络舆情监测服务", K::Service, XM, S),
                    p("文明城市创建宣传", K::Event, XM, S),
                    p("采编设备更新", K::Equip, XM, S),
                ]
            }
        }
        Sanitation => {
            const {
                &[
                    p("城区道路清扫保洁", K::Sanitation, XM, L),
                    p("生活垃圾清运处置", K::Sanitation, XM, H),
                    p("公厕运营维护", K::Sanitation, XM, M),
                    p("环卫作业设备购置", K::Equip, XM, M),
                    p("垃圾分类宣传推广", K::Event, XM, S),
                    p("城市管理综合执法", K::Inspect, XM, S),
                    p("餐厨垃圾收运处理", K::Sanitation, XM, M),
                    f("垃圾填埋场渗滤液处理", K::Sanitation, XM, M),
                    c("国有环卫企业作业设备更新", K::Equip, ZX, M),
                ]
            }
        }
        CityWorks => {
            const {
                &[
                    p("城市绿化养护", K::Greening, XM, L),
                    p("市政道路维修", K::Repair, XM, L),
                    p("路灯运行维护", K::Greening, XM, M),
                    p("排水管网疏浚", K::Works, XM, M),
                    p("国土空间规划编制", K::Work, XM, M),
                    p("不动产登记服务", K::Service, XM, S),
                    p("地质灾害防治", K::Works, ZX, M),
                    f("土地整理复垦", K::Works, ZX, L),
                ]
            }
        }
        Finance => {
            const {
                &[
                    p("财政信息化建设", K::It, XM, M),
                    p("预算绩效评价服务", K::Service, XM, S),
                    p("财政投资评审", K::Service, XM, S),
                    c("国有企业资本金注入", K::Work, ZX, L),
                    c("国有企业改革成本补助", K::Subsidy, ZX, M),
                    p("政府债券管理服务", K::Work, XM, S),
                    f("专项债券项目前期工作", K::Work, XM, M),
                ]
            }
        }
        Market => {
            const {
                &[
                    p("食品安全抽检", K::Inspect, XM, M),
                    p("特种设备安全监管", K::Inspect, XM, S),
                    p("检验检测设备购置", K::Equip, XM, M),
                    p("消费维权服务", K::Service, XM, S),
                    p("知识产权保护", K::Work, XM, S),
                    c("国有企业质量提升补助", K::Subsidy, ZX, S),
                ]
            }
        }
        Emergency => {
            const {
                &[
                    p("应急救援物资储备", K::Equip, XM, M),
                    p("安全生产执法检查", K::Inspect, XM, S),
                    p("应急演练及培训", K::Training, XM, S),
                    p("应急指挥平台运维", K::It, XM, S),
                    c("国有企业安全生产专项", K::Inspect, ZX, S),
                ]
            }
        }
        Environment => {
            const {
                &[
                    p("大气污染防治", K::Inspect, ZX, M),
                    p("环境质量监测", K::Inspect, XM, M),
                    p("土壤污染防治", K::Works, ZX, M),
                    p("生态环境执法", K::Inspect, XM, S),
                    p("监测设备运维", K::It, XM, S),
                ]
            }
        }
        Street => {
            const {
                &[
                    p("社区网格化管理", K::Service, XM, M),
                    p("社区党群服务中心运行", K::Service, XM, M),
                    p("辖区环境卫生整治", K::Sanitation, XM, M),
                    p("综治维稳专项", K::Work, XM, S),
                    p("安全生产监管", K::Inspect, XM, S),
                    p("社区公益事业补助", K::Subsidy, ZC, S),
                    p("老旧小区微改造", K::Repair, XM, M),
                    p("民生实事项目", K::Works, ZX, M),
                    f("辖区市政设施建设", K::Works, ZX, M),
                ]
            }
        }
        Town => {
            const {
                &[
                    p("农村人居环境整治", K::Sanitation, XM, M),
                    p("乡村道路养护", K::Repair, XM, M),
                    p("村级组织运转补助", K::Subsidy, ZC, S),
                    p("森林防火巡护", K::Forestry, XM, S),
                    p("农村饮水设施维护", K::Repair, XM, S),
                ]
            }
        }
        General => {
            const {
                &[
                    p("信息化系统运维", K::It, XM, S),
                    p("办公设备购置", K::Equip, XM, S),
                    p("专项业务工作经费", K::Work, XM, S),
                    p("干部教育培训", K::Training, XM, S),
                    p("宣传工作经费", K::Event, XM, S),
                    p("档案数字化加工", K::Service, XM, S),
                    p("法律顾问服务", K::Service, XM, S),
                    p("业务用房维修", K::Repair, XM, S),
                    p("重点课题调研", K::Work, XM, S),
                ]
            }
        }
    }
}

/// One entry of an indicator pool. In `value`, `{a-b}` is replaced by a whole number drawn
/// from a..=b and `{amt}` by the card's annual amount in 万元.
pub struct IndDef {
    pub l2: &'static str,
    pub name: &'static str,
    pub value: &'static str,
}

const fn i(l2: &'static str, name: &'static str, value: &'static str) -> IndDef {
    IndDef { l2, name, value }
}

pub struct KindPool {
    pub quantity: &'static [IndDef],
    pub quality: &'static [IndDef],
    pub timeliness: &'static [IndDef],
    pub cost: &'static [IndDef],
    pub benefit: &'static [IndDef],
    pub satisfaction: &'static [IndDef],
    /// 年度目标 text; `{p}` is the project name
    pub goal: &'static str,
}

const SL: &str = "数量";
const QL: &str = "质量";
const TM: &str = "时效";
const CS: &str = "成本";
const SO: &str = "社会效益";
const EC: &str = "经济效益";
const EN: &str = "生态效益";
const SU: &str = "可持续影响";
const SA: &str = "服务对象满意度";

pub fn pool_of(kind: Kind) -> KindPool {
    match kind {
        K::Equip => KindPool {
            quantity: const {
                &[
                    i(SL, "采购设备数量", "≥{5-60}台（套）"),
                    i(SL, "设备配置点位数", "{3-20}个"),
                ]
            },
            quality: const {
                &[
                    i(QL, "设备验收合格率", "=100%"),
                    i(QL, "设备完好率", "≥95%"),
                    i(QL, "采购程序合规率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "采购完成时间", "2024年9月30日前"),
                    i(TM, "安装调试时限", "≤30天"),
                ]
            },
            cost: const { &[i(CS, "设备采购成本", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "设备使用率", "≥90%"),
                    i(SU, "设备使用年限", "≥5年"),
                    i(SO, "服务保障能力提升率", "≥15%"),
                ]
            },
            satisfaction: const {
                &[
                    i(SA, "使用人员满意度", "≥90%"),
                    i(SA, "受益群众满意度", "≥90%"),
                ]
            },
            goal: "按计划完成{p}，设备按期到位并投入使用，改善工作条件，提升服务保障能力。",
        },
        K::Repair => KindPool {
            quantity: const {
                &[
                    i(SL, "维修改造面积", "≥{800-6000}平方米"),
                    i(SL, "维修改造点位", "{3-15}处"),
                    i(SL, "改造项目个数", "{2-8}个"),
                ]
            },
            quality: const {
                &[
                    i(QL, "工程验收合格率", "=100%"),
                    i(QL, "施工安全事故", "=0起"),
                    i(QL, "施工质量达标率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "工程完工时间", "2024年11月30日前"),
                    i(TM, "维修响应时限", "≤48小时"),
                ]
            },
            cost: const { &[i(CS, "工程总成本", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "设施使用率", "≥95%"),
                    i(SU, "设施使用年限", "≥10年"),
                    i(SO, "安全隐患消除率", "=100%"),
                ]
            },
            satisfaction: const {
                &[
                    i(SA, "使用单位满意度", "≥90%"),
                    i(SA, "周边群众满意度", "≥90%"),
                ]
            },
            goal: "完成{p}，消除安全隐患，改善设施使用条件，保障各项工作正常开展。",
        },
        K::Subsidy => KindPool {
            quantity: const {
                &[
                    i(SL, "补助对象人数", "≥{200-9000}人"),
                    i(SL, "补助发放人次", "≥{500-20000}人次"),
                    i(SL, "补助覆盖户数", "≥{100-3000}户"),
                ]
            },
            quality: const {
                &[
                    i(QL, "补助发放准确率", "=100%"),
                    i(QL, "对象认定准确率", "≥98%"),
                    i(QL, "资金拨付合规率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "补助发放及时率", "≥98%"),
                    i(TM, "资金拨付时间", "2024年12月31日前"),
                ]
            },
            cost: const { &[i(CS, "补助资金总额", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "应保尽保率", "=100%"),
                    i(SO, "政策知晓率", "≥90%"),
                    i(SU, "政策持续实施年限", "≥3年"),
                ]
            },
            satisfaction: const {
                &[i(SA, "受益对象满意度", "≥90%"), i(SA, "群众满意度", "≥92%")]
            },
            goal: "按标准足额发放{p}，确保补助对象应享尽享，资金安全规范使用，切实保障群众基本权益。",
        },
        K::Service => KindPool {
            quantity: const {
                &[
                    i(SL, "服务覆盖点位", "{5-40}个"),
                    i(SL, "服务人员数量", "≥{10-120}人"),
                    i(SL, "服务时长", "12个月"),
                ]
            },
            quality: const {
                &[
                    i(QL, "服务考核合格率", "≥95%"),
                    i(QL, "服务规范达标率", "≥95%"),
                    i(QL, "投诉处理率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "服务响应时间", "≤30分钟"),
                    i(TM, "服务费用支付及时率", "≥95%"),
                ]
            },
            cost: const { &[i(CS, "服务合同金额", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "安全责任事故", "=0起"),
                    i(SO, "服务保障覆盖率", "=100%"),
                    i(SU, "服务保障期", "≥12个月"),
                ]
            },
            satisfaction: const {
                &[
                    i(SA, "服务使用方满意度", "≥90%"),
                    i(SA, "辖区群众满意度", "≥90%"),
                ]
            },
            goal: "通过政府购买服务方式实施{p}，服务全年稳定运行，考核合格，保障对象满意。",
        },
        K::Training => KindPool {
            quantity: const {
                &[
                    i(SL, "培训人次", "≥{100-2000}人次"),
                    i(SL, "培训班次", "≥{3-20}期"),
                    i(SL, "培训课时", "≥{20-120}学时"),
                ]
            },
            quality: const {
                &[
                    i(QL, "培训合格率", "≥95%"),
                    i(QL, "参训率", "≥95%"),
                    i(QL, "课程考核通过率", "≥90%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "培训完成时间", "2024年11月30日前"),
                    i(TM, "培训按期开班率", "≥95%"),
                ]
            },
            cost: const { &[i(CS, "人均培训成本", "≤{800-3000}元/人次")] },
            benefit: const {
                &[
                    i(SO, "业务能力提升率", "≥85%"),
                    i(SU, "培训成果应用率", "≥80%"),
                    i(SO, "持证上岗率", "≥95%"),
                ]
            },
            satisfaction: const { &[i(SA, "参训人员满意度", "≥90%")] },
            goal: "组织实施{p}，按计划完成培训任务，提升参训人员业务能力和综合素质。",
        },
        K::It => KindPool {
            quantity: const {
                &[
                    i(SL, "运维系统数量", "{2-12}个"),
                    i(SL, "运维终端数量", "≥{50-800}台"),
                    i(SL, "网络安全巡检次数", "≥{12-52}次"),
                ]
            },
            quality: const {
                &[
                    i(QL, "系统正常运行率", "≥99%"),
                    i(QL, "故障修复率", "=100%"),
                    i(QL, "数据备份完整率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "故障响应时间", "≤2小时"),
                    i(TM, "故障修复时限", "≤24小时"),
                ]
            },
            cost: const { &[i(CS, "运维合同金额", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "业务线上办理率", "≥90%"),
                    i(SU, "系统持续运行时间", "≥12个月"),
                    i(SO, "网络安全事件", "=0起"),
                ]
            },
            satisfaction: const { &[i(SA, "系统使用人员满意度", "≥90%")] },
            goal: "保障{p}涉及的信息系统全年安全稳定运行，故障及时修复，提升业务办理效率。",
        },
        K::Event => KindPool {
            quantity: const {
                &[
                    i(SL, "举办活动场次", "≥{5-60}场"),
                    i(SL, "宣传资料发放", "≥{1000-20000}份"),
                    i(SL, "参与群众人次", "≥{500-30000}人次"),
                ]
            },
            quality: const {
                &[
                    i(QL, "活动方案执行率", "=100%"),
                    i(QL, "宣传内容合规率", "=100%"),
                    i(QL, "活动安全事故", "=0起"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "活动完成时间", "2024年12月31日前"),
                    i(TM, "信息发布时限", "≤3个工作日"),
                ]
            },
            cost: const { &[i(CS, "活动总成本", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "群众知晓率", "≥85%"),
                    i(SO, "媒体报道次数", "≥{5-30}次"),
                    i(SU, "品牌活动延续年限", "≥3年"),
                ]
            },
            satisfaction: const { &[i(SA, "参与群众满意度", "≥90%")] },
            goal: "组织开展{p}，活动安全有序，群众参与度和知晓率明显提高。",
        },
        K::Inspect => KindPool {
            quantity: const {
                &[
                    i(SL, "检查对象数量", "≥{100-1500}家"),
                    i(SL, "抽检批次", "≥{50-800}批次"),
                    i(SL, "专项检查次数", "≥{4-24}次"),
                ]
            },
            quality: const {
                &[
                    i(QL, "问题整改率", "≥95%"),
                    i(QL, "执法案卷合格率", "≥95%"),
                    i(QL, "抽检任务完成率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "投诉举报办结时限", "≤15个工作日"),
                    i(TM, "检查结果公示时限", "≤7个工作日"),
                ]
            },
            cost: const { &[i(CS, "监管工作经费", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "重大安全事故", "=0起"),
                    i(SO, "违法案件查处率", "=100%"),
                    i(SU, "监管长效机制", "≥1项"),
                ]
            },
            satisfaction: const { &[i(SA, "群众满意度", "≥85%")] },
            goal: "依法开展{p}，完成年度检查和抽检任务，发现问题按期整改，守住安全底线。",
        },
        K::Medical => KindPool {
            quantity: const {
                &[
                    i(SL, "服务人次", "≥{2000-80000}人次"),
                    i(SL, "筛查人数", "≥{500-20000}人"),
                    i(SL, "建档人数", "≥{1000-50000}人"),
                ]
            },
            quality: const {
                &[
                    i(QL, "规范管理率", "≥90%"),
                    i(QL, "检测结果准确率", "≥98%"),
                    i(QL, "服务规范率", "≥95%"),
                ]
            },
            timeliness: const {
                &[i(TM, "结果反馈时间", "≤7天"), i(TM, "报告及时率", "≥98%")]
            },
            cost: const { &[i(CS, "项目总成本", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "居民健康素养水平", "≥28%"),
                    i(SO, "传染病报告率", "≥98%"),
                    i(SU, "健康档案使用率", "≥60%"),
                ]
            },
            satisfaction: const { &[i(SA, "就诊群众满意度", "≥90%")] },
            goal: "落实{p}各项任务，提高服务覆盖面和规范化水平，保障辖区居民健康。",
        },
        K::Sanitation => KindPool {
            quantity: const {
                &[
                    i(SL, "清扫保洁面积", "≥{50-600}万平方米"),
                    i(SL, "垃圾清运量", "≥{5000-90000}吨"),
                    i(SL, "公厕管护数量", "{20-150}座"),
                ]
            },
            quality: const {
                &[
                    i(QL, "道路保洁达标率", "≥95%"),
                    i(QL, "垃圾无害化处理率", "=100%"),
                    i(QL, "作业考核合格率", "≥95%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "垃圾日产日清率", "=100%"),
                    i(TM, "投诉处置时限", "≤24小时"),
                ]
            },
            cost: const { &[i(CS, "作业服务费", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(EN, "垃圾回收利用率", "≥35%"),
                    i(SO, "市容环境达标率", "≥95%"),
                    i(SU, "作业机械化率", "≥80%"),
                ]
            },
            satisfaction: const { &[i(SA, "市民满意度", "≥90%")] },
            goal: "做好{p}，城区环境卫生干净整洁，垃圾日产日清，市容市貌持续改善。",
        },
        K::Forestry => KindPool {
            quantity: const {
                &[
                    i(SL, "造林面积", "≥{300-5000}亩"),
                    i(SL, "森林抚育面积", "≥{1000-20000}亩"),
                    i(SL, "防火巡护天数", "≥{180-365}天"),
                ]
            },
            quality: const {
                &[
                    i(QL, "苗木成活率", "≥90%"),
                    i(QL, "病虫害防治率", "≥95%"),
                    i(QL, "防火设施完好率", "≥95%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "造林完成时间", "2024年4月30日前"),
                    i(TM, "火情处置响应时间", "≤30分钟"),
                ]
            },
            cost: const { &[i(CS, "每亩造林成本", "≤{800-2500}元/亩")] },
            benefit: const {
                &[
                    i(EN, "森林覆盖率", "≥62.5%"),
                    i(SO, "重大森林火灾", "=0起"),
                    i(SU, "林木管护期限", "≥3年"),
                ]
            },
            satisfaction: const { &[i(SA, "林农满意度", "≥90%")] },
            goal: "完成{p}年度任务，巩固森林资源保护成果，提升生态环境质量。",
        },
        K::Works => KindPool {
            quantity: const {
                &[
                    i(SL, "道路建设里程", "≥{2-30}公里"),
                    i(SL, "管网铺设长度", "≥{500-8000}米"),
                    i(SL, "建设项目个数", "{2-10}个"),
                ]
            },
            quality: const {
                &[
                    i(QL, "工程质量合格率", "=100%"),
                    i(QL, "安全生产事故", "=0起"),
                    i(QL, "竣工验收通过率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "工程完工时间", "2024年12月31日前"),
                    i(TM, "年度进度完成率", "≥95%"),
                ]
            },
            cost: const { &[i(CS, "工程建安成本", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "受益群众人数", "≥{2000-50000}人"),
                    i(EC, "群众出行时间缩短", "≥10分钟"),
                    i(SU, "工程设计使用年限", "≥15年"),
                ]
            },
            satisfaction: const { &[i(SA, "周边群众满意度", "≥90%")] },
            goal: "按期完成{p}建设任务，工程质量验收合格，改善群众生产生活条件。",
        },
        K::Agri => KindPool {
            quantity: const {
                &[
                    i(SL, "技术推广面积", "≥{2000-30000}亩"),
                    i(SL, "补贴农户数量", "≥{300-6000}户"),
                    i(SL, "培训农民人次", "≥{200-3000}人次"),
                ]
            },
            quality: const {
                &[
                    i(QL, "技术到位率", "≥95%"),
                    i(QL, "农产品抽检合格率", "≥98%"),
                    i(QL, "补贴发放准确率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "补贴兑付时间", "2024年10月31日前"),
                    i(TM, "农时作业完成率", "≥95%"),
                ]
            },
            cost: const { &[i(CS, "项目总成本", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(EC, "亩均增收", "≥{50-300}元"),
                    i(SO, "带动农户数", "≥{200-3000}户"),
                    i(EN, "化肥使用量减少", "≥3%"),
                ]
            },
            satisfaction: const { &[i(SA, "农户满意度", "≥90%")] },
            goal: "实施{p}，推广先进适用技术，促进农业增效、农民增收。",
        },
        K::Work => KindPool {
            quantity: const {
                &[
                    i(SL, "完成专项任务数", "≥{3-20}项"),
                    i(SL, "召开专题会议次数", "≥{4-24}次"),
                    i(SL, "形成工作报告", "≥{2-12}份"),
                ]
            },
            quality: const {
                &[
                    i(QL, "任务完成率", "≥95%"),
                    i(QL, "文件办理合格率", "≥98%"),
                    i(QL, "督办事项办结率", "=100%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "工作完成时间", "2024年12月31日前"),
                    i(TM, "督办事项办结时限", "≤10个工作日"),
                ]
            },
            cost: const { &[i(CS, "专项经费支出", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(SO, "工作目标达成率", "≥95%"),
                    i(SU, "长效机制建立", "≥1项"),
                    i(SO, "群众诉求办结率", "≥95%"),
                ]
            },
            satisfaction: const { &[i(SA, "服务对象满意程度", "≥90%")] },
            goal: "保障{p}顺利开展，按时完成年度重点任务，工作质量和效率进一步提升。",
        },
        K::Greening => KindPool {
            quantity: const {
                &[
                    i(SL, "绿化养护面积", "≥{50-600}万平方米"),
                    i(SL, "行道树修剪株数", "≥{2000-30000}株"),
                    i(SL, "路灯维护盏数", "≥{1000-12000}盏"),
                ]
            },
            quality: const {
                &[
                    i(QL, "养护质量达标率", "≥95%"),
                    i(QL, "设施完好率", "≥95%"),
                    i(QL, "苗木保存率", "≥95%"),
                ]
            },
            timeliness: const {
                &[
                    i(TM, "养护作业按时完成率", "≥95%"),
                    i(TM, "设施故障修复时限", "≤48小时"),
                ]
            },
            cost: const { &[i(CS, "养护作业成本", "≤{amt}万元")] },
            benefit: const {
                &[
                    i(EN, "建成区绿化覆盖率", "≥40%"),
                    i(SO, "亮灯率", "≥98%"),
                    i(SU, "设施使用年限", "≥10年"),
                ]
            },
            satisfaction: const { &[i(SA, "市民满意度", "≥90%")] },
            goal: "做好{p}，设施完好运行，城市环境和人居品质持续提升。",
        },
    }
}

/// Unit-wide indicators, framework 产出/效益/满意度 (level-1, level-2, name, value).
pub const OVERALL_OUTPUT: &[(&str, &str, &str, &str)] = &[
    ("产出", "数量", "年度重点任务完成数", "≥{5-20}项"),
    ("产出", "数量", "服务对象覆盖人数", "≥{1000-50000}人"),
    ("产出", "质量", "重点任务完成率", "≥95%"),
    ("产出", "质量", "项目验收合格率", "=100%"),
    ("产出", "时效", "资金支付及时率", "≥95%"),
    ("产出", "时效", "任务按期完成率", "≥95%"),
    ("产出", "成本", "三公经费控制率", "≤100%"),
    ("效益", "可持续影响", "制度建设完善率", "≥95%"),
    ("满意度", "服务对象满意度", "社会公众满意度", "≥90%"),
];

/// Unit-wide indicators, framework 投入/过程/产出/效果.
pub const OVERALL_FOUR: &[(&str, &str, &str, &str)] = &[
    ("投入", "预算执行", "预算执行率", "≥95%"),
    ("投入", "资金管理", "三公经费变动率", "≤0%"),
    ("过程", "预算管理", "政府采购执行率", "=100%"),
    ("过程", "资产管理", "固定资产利用率", "≥90%"),
    ("产出", "数量", "年度重点任务完成数", "≥{5-20}项"),
    ("产出", "质量", "重点任务完成率", "≥95%"),
    ("产出", "时效", "任务按期完成率", "≥95%"),
    ("效果", "服务对象满意度", "社会公众满意度", "≥90%"),
];

/// Two 社会效益 indicators of a unit, by 领域.
pub fn overall_benefits(domain: &str) -> [(&'static str, &'static str); 2] {
    match domain {
        "教育" => [("义务教育巩固率", "≥99%"), ("学生体质健康达标率", "≥92%")],
        "卫生" => [("法定传染病报告率", "≥98%"), ("居民健康素养水平", "≥28%")],
        "医疗" => [("门诊服务人次增长率", "≥3%"), ("医疗纠纷发生率", "≤1%")],
        "环卫" => [("城区保洁覆盖率", "=100%"), ("垃圾无害化处理率", "=100%")],
        "林业" => [("森林覆盖率", "≥62.5%"), ("重大森林火灾", "=0起")],
        "民政" => [("困难群众应保尽保率", "=100%"), ("养老服务覆盖率", "≥90%")],
        "交通" => [("农村公路优良路率", "≥80%"), ("公交站点覆盖率", "≥95%")],
        "水务" => [("水质达标率", "≥90%"), ("农村自来水普及率", "≥95%")],
        "农业" => [
            ("粮食播种面积", "≥{50000-80000}亩"),
            ("农民收入增长率", "≥6%"),
        ],
        "文化" => [
            ("公共文化设施开放率", "=100%"),
            ("文化活动参与人次", "≥{10000-90000}人次"),
        ],
        "城建" => [("城市道路完好率", "≥95%"), ("建成区绿化覆盖率", "≥40%")],
        _ => [("政务信息公开率", "=100%"), ("工作目标达成率", "≥95%")],
    }
}

/// Tasks of units without projects (年度主要任务): name, content.
pub const PLAIN_TASKS: &[(&str, &str)] = &[
    ("保障机构正常运转", "保障在职人员工资福利及日常办公运转"),
    ("履行基本职能", "按照“三定”方案完成年度各项业务工作"),
    ("队伍建设", "开展干部职工政治理论和业务学习"),
    ("宣传与服务", "做好政务信息公开和服务对象联系工作"),
];

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];

pub const GIVEN_NAMES: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓燕", "志强", "海燕", "文静", "国平", "红梅",
    "建军", "丽华", "振宇",
];

/// The 填报说明 sheet some units leave in their workbook.
pub const INSTRUCTIONS: &[&str] = &[
    "填报说明",
    "一、本表金额单位为万元，保留两位小数。",
    "二、项目编码按预算管理一体化系统中的编码填写，请勿改为数值格式。",
    "三、绩效指标应当细化、量化，三级指标名称简明扼要，一般不超过15个字。",
    "四、指标值应包含比较符、数值和计量单位，如“≥95%”“≤30天”。",
    "五、一个项目填写一张表，部门（单位）整体表每个单位填写一张。",
    "六、请于2024年1月20日前报送区财政局预算绩效管理科。",
];
