"""Where the children live and their parents work: the county's real townships with invented
villages, the cities parents go to, and the addresses written on the cards."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .draw import weighted

PROVINCE, PREFECTURE, COUNTY = "湖南省", "邵阳市", "隆回县"
REGION_CODE = "430524"          # 隆回县
# Mothers married in from neighbouring counties: 新邵县, 洞口县, 武冈市.
NEIGHBOUR_CODES = ("430522", "430525", "430581")

# Real townships of 隆回县; the weights say where this school's children come from.
TOWNS: tuple[tuple[str, int], ...] = (
    ("金石桥镇", 60), ("司门前镇", 12), ("高平镇", 9), ("六都寨镇", 7), ("小沙江镇", 5),
    ("麻塘山乡", 3), ("荷田乡", 2), ("鸭田镇", 1), ("桃洪镇", 1),
)
FAR_TOWNS = ("小沙江镇", "麻塘山乡")  # up the mountain: phone and video home visits
VILLAGE_FIRST = "石枫龙竹杉桐花茶白黄新大小上下长青梅桃杨金银水岩塘田坪湾山松槐柏峰云"
VILLAGE_SECOND = "山塘冲坪湾溪岭桥田岗林口铺源峰坳垅洞"

# ---- where parents work ----------------------------------------------------------------------------
@dataclass(frozen=True)
class City:
    province: str
    city: str
    weight: int
    area_code: str
    digits: int
    districts: tuple[str, ...]
    trades: tuple[str, ...]


CITIES: tuple[City, ...] = (
    City("广东", "东莞", 22, "0769", 8, ("长安镇", "虎门镇", "厚街镇", "塘厦镇", "凤岗镇", "大朗镇"),
         ("电子厂", "五金厂", "塑胶厂", "玩具厂", "家具厂", "制衣厂")),
    City("广东", "深圳", 12, "0755", 8, ("宝安区", "龙岗区", "龙华区", "光明区"),
         ("电子科技有限公司", "精密五金有限公司", "物流有限公司", "包装制品厂")),
    City("广东", "广州", 10, "020", 8, ("白云区", "番禺区", "增城区", "花都区"),
         ("服装厂", "皮具厂", "建筑工程有限公司", "餐饮管理有限公司")),
    City("广东", "佛山", 7, "0757", 8, ("南海区", "顺德区"),
         ("家具厂", "陶瓷厂", "铝材厂", "电器有限公司")),
    City("广东", "中山", 3, "0760", 8, ("小榄镇", "古镇镇"), ("灯饰厂", "五金厂")),
    City("浙江", "宁波", 6, "0574", 8, ("北仑区", "鄞州区", "慈溪市"),
         ("模具厂", "电器有限公司", "文具厂")),
    City("浙江", "温州", 5, "0577", 8, ("瓯海区", "龙湾区", "乐清市"),
         ("鞋业有限公司", "眼镜厂", "阀门厂")),
    City("浙江", "义乌", 6, "0579", 8, ("稠江街道", "北苑街道", "佛堂镇"),
         ("饰品厂", "工艺品有限公司", "袜业有限公司")),
    City("浙江", "杭州", 4, "0571", 8, ("萧山区", "余杭区"), ("纺织有限公司", "物流有限公司")),
    City("福建", "厦门", 5, "0592", 7, ("集美区", "同安区", "湖里区"),
         ("电子有限公司", "建筑劳务有限公司")),
    City("福建", "泉州", 4, "0595", 8, ("晋江市", "石狮市"), ("鞋厂", "服装有限公司")),
    City("江苏", "苏州", 5, "0512", 8, ("昆山市", "吴江区", "常熟市"),
         ("电子有限公司", "纺织厂", "光电有限公司")),
    City("上海", "上海", 4, "021", 8, ("松江区", "闵行区", "嘉定区"),
         ("汽车配件有限公司", "物流有限公司")),
    City("湖南", "长沙", 5, "0731", 8, ("雨花区", "望城区", "长沙县"),
         ("建筑劳务有限公司", "食品有限公司", "机械厂")),
    City("湖南", "邵阳", 2, "0739", 7, ("大祥区", "双清区"), ("发制品厂", "打火机厂")),
)
BRAND_1 = "鑫宏华永恒盛达丰利源泰美德诚信佳兴隆金富汇顺昌鸿新荣"
BRAND_2 = "达盛华源泰丰利兴发昌隆通辉邦创腾"
NO_UNIT_JOBS = ("在工地做泥工,跟着老乡干,没有固定单位", "跑货车,常年在外", "在工地做钢筋工",
                "开了个小餐馆", "做装修,哪里有活去哪里", "送快递")

# ---- geography ----------------------------------------------------------------------------------------
class Geography:
    def __init__(self, rng: random.Random, big: bool) -> None:
        self.rng = rng
        self.villages: dict[str, list[str]] = {}
        self.towns = TOWNS if not big else tuple((town, max(3, weight // 3)) for town, weight in TOWNS)
        for town, _ in self.towns:
            names: list[str] = []
            while len(names) < (14 if town == "金石桥镇" else 8) * (3 if big else 1):
                name = rng.choice(VILLAGE_FIRST) + rng.choice(VILLAGE_SECOND) + "村"
                if name not in names and name[0] != name[1]:
                    names.append(name)
            self.villages[town] = names

    def home(self) -> tuple[str, str, int]:
        town = weighted(self.rng, self.towns)
        return town, self.rng.choice(self.villages[town]), self.rng.randint(1, 12)


def full_address(town: str, village: str, group: int) -> str:
    return f"{PROVINCE}{PREFECTURE}{COUNTY}{town}{village}{group}组"


def short_address(town: str, village: str, group: int) -> str:
    return f"{COUNTY}{town}{village}{group}组"


SCHOOL_TOWN_STREET = ("金石桥镇新街租房", "金石桥镇老街亲戚家", "桃洪镇东方红社区租房")


def pick_city(rng: random.Random) -> City:
    return weighted(rng, tuple((city, city.weight) for city in CITIES))


def work_address(city: City, district: str) -> str:
    if city.province == city.city:                       # 上海
        return f"{city.city}市{district}"
    if city.city == "义乌":
        return f"浙江省义乌市{district}"
    return f"{city.province}省{city.city}市{district}"
