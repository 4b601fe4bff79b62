"""One child's record: name, birth, home, parents and where they work, the guardian, the
family's means, and what the rest of the generator needs to know about the child."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import words
from .days import CENSUS_DAY, HISTORY_END, age_on
from .draw import chance, day_between, weighted
from .people import Namer, Registry
from .places import (
    BRAND_1,
    BRAND_2,
    COUNTY,
    NEIGHBOUR_CODES,
    NO_UNIT_JOBS,
    REGION_CODE,
    RENTED_HOMES,
    SCHOOL_TOWN,
    YAO_TOWNS,
    City,
    Geography,
    full_address,
    pick_city,
    short_address,
    work_address,
)
from .plans import Plan
from .staff import GRADES, SchoolClass, Teacher

_FAMILY = words.load("family")
RELATION_CALL = words.texts_of(_FAMILY["relation_calls"])   # how a child calls the guardian
RELATIVE_CALLS = words.texts(_FAMILY["relative_calls"])
RELATIVE_MALE = frozenset(words.texts(_FAMILY["male_relatives"]))
ILLNESSES = words.texts(_FAMILY["illnesses"])
ARCHIVE_REASONS = tuple((words.text(item["status"]), words.text(item["reason"]))
                        for item in _FAMILY["archive_reasons"])
PARENT_AWAY_NOTES = words.texts(_FAMILY["parent_away_notes"])
HOME_JOBS = words.texts(_FAMILY["home_jobs"])
AT_HOME_NOTES = {"mother": words.texts(_FAMILY["mother_at_home_notes"]),
                 "father": words.texts(_FAMILY["father_at_home_notes"])}
OTHER_CASES = {case: words.texts_of(texts) for case, texts in words.mapping(
    _FAMILY["other_cases"]).items()}          # 其他: the child's note, the parent's, a job
GAPS = words.texts_of(_FAMILY["gaps"])        # what a card missing a fact says instead
NOTES = words.texts_of(_FAMILY["notes"])
_OCCUPATIONS = words.mapping(_FAMILY["occupations"])   # a guardian's
GRANDPARENT_OCCUPATIONS = words.weights(_OCCUPATIONS["grandparent"])
PARENT_OCCUPATION = words.text(_OCCUPATIONS["parent"])  # a parent at home with no job noted
SIBLING_OCCUPATIONS = words.texts(_OCCUPATIONS["sibling"])
RELATIVE_OCCUPATIONS = words.texts(_OCCUPATIONS["relative"])


# ---- one child ----------------------------------------------------------------------------------------
@dataclass
class Kid:
    """A child's record being built, and what the event generator needs to know about them."""

    record: dict[str, Any]
    plan: Plan
    klass: SchoolClass
    ctx: dict[str, str]
    town: str
    village: str
    proxy: Teacher | None = None
    start: date = CENSUS_DAY
    end: date = HISTORY_END
    away: tuple[str, ...] = ()
    # what the 2022秋 census found changed since spring: field -> the spring value
    before: dict[str, Any] = field(default_factory=dict)


class ChildMaker:
    def __init__(self, rng: random.Random, registry: Registry, namer: Namer,
                 geography: Geography) -> None:
        self.rng, self.registry, self.namer, self.geo = rng, registry, namer, geography
        self.names_in_class: dict[str, set[str]] = defaultdict(set)

    def birth_date(self, grade: str) -> date:
        entry = dict(GRADES)[grade]
        first = date(entry - 13, 9, 1)
        # A few repeated a year or started school early; all born 2007-2011.
        shift = weighted(self.rng, ((0, 86), (-1, 0 if grade == "九" else 10),
                                    (1, 4 if grade == "七" else 0)))
        first = date(first.year + shift, 9, 1)
        return day_between(self.rng, first, date(first.year + 1, 8, 31))

    def parent(self, surname: str, gender: str, child_birth: date, away: bool,
               city: City | None, at_home_job: str) -> tuple[dict[str, Any], date]:
        rng = self.rng
        age_at_birth = rng.randint(22, 36) if gender == "男" else rng.randint(20, 33)
        birth = day_between(rng, date(child_birth.year - age_at_birth, 1, 1),
                            date(child_birth.year - age_at_birth, 12, 28))
        data: dict[str, Any] = {"name": self.namer.adult(surname, gender)}
        if chance(rng, 0.35):
            data["birth_date"] = birth
            if chance(rng, 0.7):
                region = REGION_CODE if gender == "男" or chance(rng, 0.75) else rng.choice(
                    NEIGHBOUR_CODES)
                data["id_number"] = self.registry.id_number(region, birth, gender)
        data["phone"] = self.registry.mobile()
        if away and city is not None:
            data["work_province"] = city.province
            data["work_city"] = city.city
            if chance(rng, 0.12):
                data["note"] = rng.choice(NO_UNIT_JOBS)
            else:
                if chance(rng, 0.85):
                    brand = rng.choice(BRAND_1) + rng.choice(BRAND_2)
                    while brand[0] == brand[1]:
                        brand = rng.choice(BRAND_1) + rng.choice(BRAND_2)
                    data["work_unit"] = f"{city.city}{brand}{rng.choice(city.trades)}"
                if chance(rng, 0.45):
                    data["work_address"] = work_address(city, rng.choice(city.districts))
                if chance(rng, 0.15):
                    data["work_phone"] = self.registry.landline(city.area_code, city.digits)
            if chance(rng, 0.08):
                data["note"] = rng.choice(PARENT_AWAY_NOTES)
        elif not away and at_home_job:
            data["note"] = at_home_job
        return data, birth

    def make(self, klass: SchoolClass, seq: int, plan: Plan) -> Kid:
        rng = self.rng
        gender = rng.choice("男女")
        surname = self.namer.surname()
        name = self.namer.child(surname, gender)
        while name in self.names_in_class[klass.name]:
            name = self.namer.child(surname, gender)
        self.names_in_class[klass.name].add(name)
        birth = self.birth_date(klass.grade)
        town, village, group = self.geo.home()
        number = klass.student_no(seq)
        ta = "他" if gender == "男" else "她"
        kind = plan.left_behind_type

        record: dict[str, Any] = {"id": number, "student_no": number, "name": name,
                                  "gender": gender}
        record["ethnicity"] = ("瑶族" if town in YAO_TOWNS and chance(rng, 0.5)
                               else weighted(rng, (("汉族", 97), ("回族", 1), ("瑶族", 2))))
        if plan.incomplete != "birth_date":
            record["birth_date"] = birth
            if chance(rng, 0.9):
                record["id_number"] = self.registry.id_number(REGION_CODE, birth, gender)
        record["class"] = klass.name
        record["hukou"] = full_address(town, village, group)

        # Where the child lives: at home, at the grandparents' (maybe mother's village), in town.
        res_town, res_village, res_group = town, village, group
        if plan.relation in ("外祖父", "外祖母"):
            res_town, res_village, res_group = self.geo.home()
        residence = short_address(res_town, res_village, res_group)
        if chance(rng, 0.05):
            residence = f"{COUNTY}{RENTED_HOMES[rng.randrange(len(RENTED_HOMES))]}"
        if plan.incomplete != "residence":
            record["residence"] = residence
        far = res_town != SCHOOL_TOWN
        record["boarding"] = chance(rng, 0.7 if far else (0.3 if klass.grade == "七" else 0.42))
        record["health"] = plan.health
        if plan.health == "残疾":
            record["disability"] = {"category": weighted(rng, (("肢体", 4), ("视力", 2),
                                                               ("听力", 2), ("言语", 1))),
                                    "grade": rng.choice(("三级", "四级"))}
        elif plan.health == "患病":
            record["illness"] = rng.choice(ILLNESSES)
        record["left_behind_type"] = kind

        # Parents: who is away, where.
        away: tuple[str, ...] = {"双亲外出": ("father", "mother"), "父亲外出": ("father",),
                                 "母亲外出": ("mother",)}.get(kind, ())
        other_case = ""
        if kind == "其他" and plan.relation == "父亲":
            other_case = "father_local"
        elif kind == "其他":
            other_case = rng.choice(("divorced_father_away", "father_died", "mother_left"))
            away = ("mother",) if other_case == "father_died" else ("father",)
        father_city = pick_city(rng)
        mother_city = father_city if chance(rng, 0.6) else pick_city(rng)
        mother_surname = self.namer.other_surname(surname)
        home_job = rng.choice(HOME_JOBS)
        if other_case == "father_local":
            home_job = OTHER_CASES[other_case]["job"]
        father, father_birth = self.parent(surname, "男", birth, "father" in away, father_city,
                                           home_job if plan.relation == "父亲" else "")
        mother, mother_birth = self.parent(mother_surname, "女", birth, "mother" in away,
                                           mother_city, home_job if plan.relation == "母亲" else "")
        note: str | None = None
        if plan.guardian_kind == "grandparent" and kind == "父亲外出":
            mother["note"] = rng.choice(AT_HOME_NOTES["mother"])
        elif plan.guardian_kind == "grandparent" and kind == "母亲外出":
            father["note"] = rng.choice(AT_HOME_NOTES["father"])
        if other_case:
            # The parent the case is about keeps a name and a note, nothing else.
            case = OTHER_CASES[other_case]
            note = case["note"]
            if other_case == "father_died":
                father = {"name": father["name"], "note": case["parent_note"]}
            else:
                mother = {"name": mother["name"], "note": case["parent_note"]}
        if plan.incomplete == "parent_phone" and away:
            gap = father if away[0] == "father" else mother
            gap.pop("phone", None)
            gap["note"] = GAPS["parent_phone"]
        if plan.incomplete == "work_city" and away:
            gap = father if away[0] == "father" else mother
            for key in ("work_province", "work_city", "work_unit", "work_address", "work_phone"):
                gap.pop(key, None)
            gap["note"] = GAPS["work_city"]
        record["father"], record["mother"] = father, mother
        if chance(rng, 0.5):
            leave_year = rng.randint(birth.year + 1, 2021)
            record["left_behind_since"] = date(leave_year, rng.choice((2, 2, 3, 9)),
                                               rng.randint(1, 28))
        if plan.newcomer:
            record["left_behind_since"] = plan.newcomer - timedelta(days=rng.randint(5, 30))

        # The guardian at home.
        guardian, g_call = self.guardian(plan, surname, mother_surname,
                                         (father, father_birth), (mother, mother_birth),
                                         residence)
        record["guardian"] = guardian
        record["guardianship"] = self.guardianship(plan, guardian)
        sources = ["打工收入"]
        if plan.guardian_kind == "grandparent" or chance(rng, 0.3):
            sources.append("种养殖业")
        assistance: list[str] = []
        if plan.hardship:
            sources.append("政府救助")
            assistance.append("低保")
            if record["boarding"]:
                assistance.append("生活补助")
        if plan.health in ("患病", "残疾") and chance(rng, 0.7):
            assistance.append("医疗救助")
        if chance(rng, 0.04):
            sources.append("亲朋接济")
        if plan.hardship and chance(rng, 0.15):
            assistance.append("住房救助" if chance(rng, 0.5) else "临时救助")
        record["economic_sources"] = sources
        record["assistance"] = assistance
        record["academic_level"] = plan.academic
        record["key_support"] = plan.key
        record["recorded_on"] = plan.newcomer or CENSUS_DAY   # the others: Census sets it
        if plan.newcomer and kind != "其他":
            since = record["left_behind_since"]
            who = {"双亲外出": "父母", "父亲外出": "父亲", "母亲外出": "母亲"}[kind]
            where = father_city if "father" in away else mother_city
            if plan.guardian_kind == "grandparent" and chance(rng, 0.5):
                note = NOTES["came_back"].format(month=plan.newcomer.month, city=where.city,
                                                 g=g_call)
            else:
                note = NOTES["parents_left"].format(month=since.month, who=who)
        if plan.unsupervised:
            note = NOTES["unsupervised"].format(g=g_call)
        if plan.archived:
            city = father_city if "father" in away else mother_city
            status, reason = rng.choice(ARCHIVE_REASONS)
            if "mother" not in away and status == "不再留守":
                status, reason = ARCHIVE_REASONS[0]
            record["status"] = status
            record["status_date"] = plan.archived
            record["status_reason"] = reason.format(city=city.city,
                                                    district=rng.choice(city.districts))
        if note:
            record["note"] = note

        parents_call = {("father",): "爸爸", ("mother",): "妈妈", (): "爸爸"}.get(away, "爸爸妈妈")
        city = father_city if away and away[0] == "father" else mother_city
        ctx = {"p": parents_call, "g": g_call, "ta": ta, "city": city.city, "subj": "数学"}
        kid = Kid(record, plan, klass, ctx, res_town, res_village, away=away)
        kid.start = plan.newcomer or CENSUS_DAY
        kid.end = plan.archived or HISTORY_END
        return kid

    def guardian(self, plan: Plan, surname: str, mother_surname: str,
                 father: tuple[dict[str, Any], date], mother: tuple[dict[str, Any], date],
                 residence: str) -> tuple[dict[str, Any], str]:
        rng = self.rng
        relation = plan.relation
        data: dict[str, Any] = {}
        if plan.guardian_kind == "grandparent":
            call = RELATION_CALL[relation]
            male = relation in ("祖父", "外祖父")
            family = surname if relation == "祖父" else (
                mother_surname if relation == "外祖父" else self.namer.other_surname(surname))
            data["name"] = self.namer.adult(family, "男" if male else "女", old=True)
            # A generation older than the child's father (祖父母) or mother (外祖父母).
            parent_age = age_on((father if relation in ("祖父", "祖母") else mother)[1], CENSUS_DAY)
            low, high = max(55, parent_age + 20), min(78, parent_age + 32)
            age = rng.randint(min(low, high), high)
            data["relation"] = relation
            birth = day_between(rng, date(2022 - age - 1, 9, 6), date(2022 - age, 9, 5))
            if chance(rng, 0.3):
                data["birth_date"] = birth
            data["age"] = age_on(birth, CENSUS_DAY)
            data["occupation"] = weighted(rng, GRANDPARENT_OCCUPATIONS)
            data["health"] = weighted(rng, (("健康", 35), ("一般", 40), ("较差", 20), ("患病", 5)))
            phone_owner = None
        elif plan.guardian_kind == "parent":
            call = RELATION_CALL[relation]
            phone_owner, parent_birth = father if relation == "父亲" else mother
            data["name"] = phone_owner["name"]
            data["relation"] = relation
            if "birth_date" in phone_owner:
                data["birth_date"] = phone_owner["birth_date"]
            if "id_number" in phone_owner:
                data["id_number"] = phone_owner["id_number"]
            data["age"] = age_on(parent_birth, CENSUS_DAY)
            data["occupation"] = phone_owner.get("note") or PARENT_OCCUPATION
            data["health"] = weighted(rng, (("健康", 80), ("一般", 15), ("患病", 5)))
        elif plan.guardian_kind == "sibling":
            call = rng.choice(("姐姐", "哥哥"))
            gender = "女" if call == "姐姐" else "男"
            data["name"] = self.namer.child(surname, gender)
            data["relation"] = "兄姐"
            age = rng.randint(18, 23)
            birth = day_between(rng, date(2022 - age - 1, 9, 6), date(2022 - age, 9, 5))
            data["age"] = age_on(birth, CENSUS_DAY)
            data["occupation"] = rng.choice(SIBLING_OCCUPATIONS)
            data["health"] = "健康"
            phone_owner = None
        else:
            call = "伯伯" if plan.unsupervised else rng.choice(RELATIVE_CALLS)
            male = call in RELATIVE_MALE
            family = mother_surname if call in ("舅舅", "姨妈") else (
                surname if call in ("伯伯", "叔叔", "姑姑") else self.namer.other_surname(surname))
            data["name"] = self.namer.adult(family, "男" if male else "女")
            data["relation"] = "亲属"
            age = rng.randint(36, 55)
            data["age"] = age
            data["occupation"] = rng.choice(RELATIVE_OCCUPATIONS)
            data["health"] = weighted(rng, (("健康", 70), ("一般", 30)))
            data["note"] = NOTES["relative"].format(call=call)
            phone_owner = None
        if phone_owner is not None and "phone" in phone_owner:
            data["phone"] = phone_owner["phone"]
        elif plan.incomplete != "guardian_phone":
            data["phone"] = self.registry.mobile()
        elif plan.guardian_kind == "grandparent":
            data["note"] = GAPS["guardian_phone"].format(call=call)
        if phone_owner is None and "birth_date" in data and chance(rng, 0.5):
            data["id_number"] = self.registry.id_number(
                REGION_CODE, data["birth_date"], "男" if relation in ("祖父", "外祖父", "父亲") else "女")
        data["address"] = residence
        return data, call

    def guardianship(self, plan: Plan, guardian: dict[str, Any]) -> str:
        rng = self.rng
        if plan.unsupervised:
            return "无人监护"
        if plan.guardian_kind == "grandparent":
            weak = 30 if guardian.get("health") in ("较差", "患病") or guardian.get("age", 0) > 72 else 12
            return weighted(rng, (("较好", 30), ("一般", 45), ("受委托监护人监护能力不足", weak)))
        if plan.guardian_kind == "parent":
            return weighted(rng, (("较好", 58), ("一般", 38), ("父或母无监护能力", 4)))
        if plan.guardian_kind == "sibling":
            return "受委托监护人监护能力不足"
        return weighted(rng, (("较好", 30), ("一般", 60), ("受委托监护人监护能力不足", 10)))
