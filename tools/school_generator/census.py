"""The term census (调查摸底): the 2022秋 census of every class, with one `摸底` entry per child
checked, and the 2022春 snapshot before it.

The children of the 八 and 九 grades were first recorded at an earlier term's census, the
new 七 grade in the first days of autumn 2022. censuses/2022秋.yaml keeps the enrolled total
of every class and the figures of every class but one, whose class teacher has not finished
(two children unchecked), so that census shows as overdue. censuses/2022春.yaml is the
previous term's snapshot: the 八 and 九 grades of now were its 七 and 八; its 九 grade (gone
now) is invented from counts like the current 九 grade's. The census draws from a random
stream of its own, so the rest of the school does not depend on it."""

from __future__ import annotations

import bisect
import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from liushou_cli.core.choices import GRANDPARENTS
from liushou_cli.core.classes import class_order
from liushou_cli.core.model import Child
from liushou_cli.i18n import label
from liushou_cli.reports.stats import LEFT_BEHIND, child_counts

from . import words
from .children import Kid
from .days import is_school_day, is_weekday, school_days
from .draw import chance, fill, split, weighted
from .figures import EXCELLENT_SHARE
from .people import Registry
from .places import FAR_TOWNS, pick_city
from .staff import GRADES, SchoolClass
from .writing import census_text

AUTUMN_TERM, SPRING_TERM = "2022秋", "2022春"
SPRING_TERM_START = date(2022, 2, 14)
SPRING_FINISH = (date(2022, 2, 16), date(2022, 2, 25))   # each class finished in these days
CENSUS_FIRST = date(2022, 9, 2)         # the first school day after the opening day
CENSUS_LAST = date(2022, 9, 9)          # before the 中秋 holiday
GRADE7_RECORDED_BY = date(2022, 9, 6)   # the new 七 grade is recorded in the first days
CHANGE_SHARE = 0.2                      # checks that found something changed
CHECK_NOTE_SHARE = 0.1                  # checks with a note though nothing changed
UNCHECKED = 2                           # children left unchecked in the one unfinished class
SPRING_ENROLLED_RATIO = 548 / 557
SPRING_LEFT_BEHIND_SHARE = 0.366        # of enrolled, spring 2022 (autumn: 38.3%)
SPRING_LEVEL_DRIFT = 0.15               # academic level one step different in spring
# The spring class of a class of now: the 八 and 九 grades were spring's 七 and 八; the 七
# grade's class teachers led the 九 grade that has left (teachers go round the grades).
SPRING_GRADE = {"七": "九", "八": "七", "九": "八"}
# Earlier censuses, where a child of the older grades was first recorded: the first after
# entering the school, or after the parents left (spring 2022: until the class finished).
EARLIER_CENSUSES = ((date(2020, 9, 1), date(2020, 9, 8)), (date(2021, 3, 1), date(2021, 3, 5)),
                    (date(2021, 9, 1), date(2021, 9, 8)))
# The tool asks in this order, and writes what changed in this order (cli/census.py).
QUESTION_ORDER = ("left_behind_type", "guardian.name", "guardian.relation", "guardian.phone",
                  "father.phone", "father.work_province", "father.work_city", "mother.phone",
                  "mother.work_province", "mother.work_city", "boarding")
_CENSUS = words.load("census")
CHECK_NOTES = words.texts_by(_CENSUS["check_notes"])     # nothing changed: a parent away, any
CHANGE_NOTES = words.texts_by(_CENSUS["change_notes"])   # by what changed
LEVELS = ("差", "中", "良", "优")


def spring_class(klass: SchoolClass) -> str:
    return f"{SPRING_GRADE[klass.grade]}({klass.number})班"


def ordered_counts(counts: Counter[str]) -> dict[str, int]:
    """The counts as `child_counts` gives them: every figure's key, in the report's order."""
    return {key: counts.get(key, 0) for key in child_counts([])}


class Census:
    """The 2022秋 census of every class, and the 2022春 snapshot before it.

    Planned before the history is written (it sets `recorded_on`), then one `摸底` entry per
    child as the files are written, then the two census files from what the files hold.
    """

    def __init__(self, rng: random.Random, phones: set[str], classes: list[SchoolClass],
                 kids: list[Kid], finished: bool = False) -> None:
        self.rng = rng
        self.registry = Registry(rng)
        self.registry.phones = phones          # old numbers must not be anyone's number now
        self.classes = classes
        self.last: dict[str, date] = {}        # class -> the day of its last check
        self.spring_last: dict[str, date] = {}  # spring class -> the day it finished
        self.check_day: dict[str, date] = {}   # child id -> the day of its 摸底
        self.autumn: dict[str, Counter[str]] = defaultdict(Counter)
        self.spring: dict[str, Counter[str]] = defaultdict(Counter)
        self.nine_pool: dict[str, list[dict[str, int]]] = defaultdict(list)
        self.checks = self.changed = 0
        self.data: dict[str, dict[str, Any]] = {}   # term -> class -> its census entry
        # The class teacher who keeps the fewest records is the one who has not finished
        # (none, when the whole census is to be finished: a county's finished schools).
        laxest = min((klass for klass in classes if klass.grade != "七"), key=_laxness)
        self.unfinished: SchoolClass | None = None if finished else laxest
        by_class: dict[str, list[Kid]] = defaultdict(list)
        for kid in kids:
            by_class[kid.klass.name].append(kid)
        for klass in classes:
            self.spring_last[spring_class(klass)] = rng.choice(
                school_days(*SPRING_FINISH, is_weekday))
        for klass in classes:
            self._plan_class(klass, [kid for kid in by_class[klass.name] if not kid.plan.newcomer])
        checked = sorted(self.check_day)
        self.to_change = set(rng.sample(checked, round(len(checked) * CHANGE_SHARE)))

    def _plan_class(self, klass: SchoolClass, members: list[Kid]) -> None:
        rng = self.rng
        if klass.grade == "七":
            # Recorded during this census: that counts as its check (census.checked_in).
            last = weighted(rng, ((date(2022, 9, 5), 3), (GRADE7_RECORDED_BY, 2)))
            days = school_days(CENSUS_FIRST, last, is_school_day)
            for position, kid in enumerate(members):
                kid.record["recorded_on"] = last if position == 0 else rng.choice(days)
            self.last[klass.name] = last
            return
        spring_last = self.spring_last[spring_class(klass)]
        for kid in members:
            kid.record["recorded_on"] = self._first_recorded(kid, spring_last)
        first = rng.choice(school_days(CENSUS_FIRST, date(2022, 9, 6), is_school_day))
        last = rng.choice(school_days(max(first + timedelta(days=1), date(2022, 9, 5)),
                                      CENSUS_LAST, is_school_day))
        checked = list(members)
        if klass is self.unfinished:
            active = [kid for kid in members if not kid.plan.archived]
            rng.shuffle(active)
            active.sort(key=lambda kid: kid.town not in FAR_TOWNS)  # up the mountain: harder
            checked = [kid for kid in members if kid not in active[:UNCHECKED]]
        days = school_days(first, last, is_school_day)
        for position, kid in enumerate(rng.sample(checked, len(checked))):
            self.check_day[kid.record["id"]] = last if position == 0 else rng.choice(days)
        self.last[klass.name] = max((self.check_day[kid.record["id"]] for kid in checked),
                                    default=last)

    def _first_recorded(self, kid: Kid, spring_last: date) -> date:
        entered = date(dict(GRADES)[kid.klass.grade], 9, 1)
        since = kid.record.get("left_behind_since")
        windows = [window for window in EARLIER_CENSUSES if window[0] >= entered]
        windows.append((SPRING_TERM_START, spring_last))
        for first, last in windows:
            if since is None or since < first:
                return self.rng.choice(school_days(first, last, is_weekday))
        return spring_last

    def check(self, kid: Kid) -> None:
        """The child's 摸底 entry of 2022秋, put among its entries in date order."""
        day = self.check_day.get(kid.record["id"])
        if day is None:
            return
        rng = self.rng
        teacher = kid.klass.teacher
        assert teacher is not None
        changes: list[str] = []
        note = None
        if kid.record["id"] in self.to_change:
            changes, note = self._changes(kid)
        if not changes and chance(rng, CHECK_NOTE_SHARE):
            kind = "away" if kid.away and kid.record["left_behind_type"] != "其他" and \
                chance(rng, 0.7) else "any"
            note = fill(rng.choice(CHECK_NOTES[kind]), kid.ctx)
        entry: dict[str, Any] = {"type": "摸底", "date": day, "by": [teacher.id],
                                 "term": AUTUMN_TERM}
        if changes:
            entry["changes"] = changes
        if note:
            entry["note"] = note
        events: list[dict[str, Any]] = kid.record["events"]
        events.insert(bisect.bisect_right(events, day, key=lambda event: event["date"]), entry)
        self.checks += 1
        self.changed += bool(changes)

    def _changes(self, kid: Kid) -> tuple[list[str], str | None]:
        """What the teacher found changed since the card was last checked: "<field> <old> →
        <new>" as the tool writes it; the record holds the new values, and `kid.before` the
        old ones that the spring figures count."""
        rng, record = self.rng, kid.record
        guardian: dict[str, Any] = record["guardian"]
        # A card whose parents' details a contact note says were checked unchanged keeps them.
        settled = any("没有变化" in str(event.get("notes", "")) for event in record["events"])
        phones = [who for who in kid.away if record[who].get("phone")]
        cities = [who for who in kid.away if record[who].get("work_city")]
        kinds: list[tuple[str, int]] = []
        if guardian.get("phone"):
            kinds.append(("guardian_phone", 5))
        if phones and not settled:
            kinds.append(("parent_phone", 5))
        if cities and not settled:
            kinds.append(("work_city", 4))
        if record["left_behind_type"] == "双亲外出" and guardian.get("relation") not in ("父亲",
                                                                                      "母亲"):
            kinds.append(("type", 3))
        if record.get("boarding"):
            kinds.append(("boarding", 2))
        if not kinds:
            return [], None
        chosen: list[str] = []
        for _ in range(2 if len(kinds) > 1 and chance(rng, 0.25) else 1):
            chosen.append(weighted(rng, [kind for kind in kinds if kind[0] not in chosen]))
        found: dict[str, tuple[str | None, str | None]] = {}
        notes: list[str] = []

        def put(path: str, old: str | None, new: str | None) -> None:
            found.setdefault(path, (old, new))

        calls = {"father": "爸爸", "mother": "妈妈"}
        for kind in chosen:
            ctx = dict(kid.ctx)
            if kind == "guardian_phone":
                old = self.registry.mobile()
                put("guardian.phone", old, guardian["phone"])
                if guardian.get("relation") in ("父亲", "母亲"):   # the parent at home
                    who = "father" if guardian["relation"] == "父亲" else "mother"
                    if record[who].get("phone") == guardian["phone"]:
                        put(f"{who}.phone", old, guardian["phone"])
            elif kind == "parent_phone":
                who = rng.choice(phones)
                put(f"{who}.phone", self.registry.mobile(), record[who]["phone"])
                ctx["who"] = calls[who]
            elif kind == "work_city":
                who = rng.choice(cities)
                parent = record[who]
                old_city = pick_city(rng)
                while old_city.city == parent["work_city"]:
                    old_city = pick_city(rng)
                if parent.get("work_province") and parent["work_province"] != old_city.province:
                    put(f"{who}.work_province", old_city.province, parent["work_province"])
                put(f"{who}.work_city", old_city.city, parent["work_city"])
                ctx.update(who=calls[who], new=parent["work_city"])
            elif kind == "type":
                old_type = weighted(rng, (("父亲外出", 3), ("母亲外出", 1)))
                home = "mother" if old_type == "父亲外出" else "father"
                parent = record[home]
                put("left_behind_type", old_type, "双亲外出")
                relation = "母亲" if home == "mother" else "父亲"
                if parent.get("name") and guardian.get("name"):
                    put("guardian.name", parent["name"], guardian["name"])
                put("guardian.relation", relation, guardian.get("relation"))
                if parent.get("phone") and guardian.get("phone"):
                    put("guardian.phone", parent["phone"], guardian["phone"])
                for key in ("work_province", "work_city"):
                    if parent.get(key):
                        put(f"{home}.{key}", None, parent[key])
                kid.before.update(left_behind_type=old_type, relation=relation)
                ctx.update(who=calls[home], new=parent.get("work_city") or "外地")
            else:
                kid.before["boarding"] = False
                found["boarding"] = (None, "是")
            if chance(rng, 0.5):
                pool = CHANGE_NOTES[kind]
                if kind == "guardian_phone" and guardian.get("relation") in GRANDPARENTS:
                    pool = CHANGE_NOTES["grandparent_phone"]
                notes.append(fill(rng.choice(pool), ctx))
        texts = []
        for path in sorted(found, key=QUESTION_ORDER.index):
            was, now = found[path]
            if path == "boarding":       # asked as "anything else?": written "<field> → <value>"
                texts.append(f"{label(path)} → {now}")
            else:
                texts.append(f"{label(path)} {was or '无'} → {now or '无'}")
        return texts, (notes[0] if notes else None)

    def observe(self, kid: Kid, child: Child) -> None:
        """Count the child in its class's figures: autumn as of the day its class finished,
        spring (the older grades) as the census found them then."""
        if kid.plan.newcomer:
            return              # recorded after every class had finished
        if kid.klass is not self.unfinished:
            # recorded by the day the class finished; the archived ones left after it
            self.autumn[kid.klass.name].update(child_counts([child]))
        if kid.klass.grade != "七":
            counts = child_counts([self._spring_view(kid, child)])
            self.spring[spring_class(kid.klass)].update(counts)
            if kid.klass.grade == "九":
                self.nine_pool[kid.klass.name].append(counts)

    def _spring_view(self, kid: Kid, child: Child) -> Child:
        update: dict[str, Any] = {key: value for key, value in kid.before.items()
                                  if key in ("left_behind_type", "boarding")}
        if "relation" in kid.before and child.guardian is not None:
            update["guardian"] = child.guardian.model_copy(
                update={"relation": kid.before["relation"]})
        if child.academic_level and chance(self.rng, SPRING_LEVEL_DRIFT):
            # One step up or down; never up to 优, which is rare (the 良 would swamp it).
            step = self.rng.choice((-1, 1))
            index = min(len(LEVELS) - 2, max(0, LEVELS.index(child.academic_level) + step))
            update["academic_level"] = LEVELS[index]
        return child.model_copy(update=update)

    def files(self) -> dict[str, str]:
        """censuses/<term>.yaml for both terms, in the house style, validated."""
        autumn: dict[str, Any] = {}
        for klass in self.classes:
            assert klass.teacher is not None
            entry: dict[str, Any] = {"enrolled": klass.size, "by": klass.teacher.id}
            if klass is not self.unfinished:
                entry["finished"] = self.last[klass.name]
                entry["counts"] = ordered_counts(self.autumn[klass.name])
            autumn[klass.name] = entry
        self.data = {SPRING_TERM: self._spring_classes(), AUTUMN_TERM: autumn}
        return {term: census_text(term, classes) for term, classes in self.data.items()}

    def _spring_classes(self) -> dict[str, Any]:
        rng = self.rng
        enrolled: dict[str, int] = {}
        for klass in self.classes:
            if klass.grade != "七":    # a few left over the summer
                enrolled[spring_class(klass)] = klass.size + rng.choice((0, 1, 1, 2, 3))
        nines = [klass for klass in self.classes if klass.grade == "七"]
        now_nine = [klass for klass in self.classes if klass.grade == "九"]
        now_nine_size = sum(klass.size for klass in now_nine)
        wanted = round(sum(klass.size for klass in self.classes) * SPRING_ENROLLED_RATIO)
        nine_size = min(max(wanted - sum(enrolled.values()), round(now_nine_size * 0.85)),
                        round(now_nine_size * 1.1))
        sizes = split(nine_size, [klass.size * rng.uniform(0.97, 1.03) for klass in now_nine])
        for klass, size in zip(nines, sizes, strict=True):
            enrolled[spring_class(klass)] = size
        total = sum(enrolled.values())
        # The 九 grade that has left: counts like those of the 九 grade of now.
        known = sum(counts[LEFT_BEHIND] for counts in self.spring.values())
        pools = [self.nine_pool[klass.name] for klass in now_nine]
        now_count = sum(len(pool) for pool in pools)
        wanted_count = round(total * SPRING_LEFT_BEHIND_SHARE) - known
        count = min(max(wanted_count, round(now_count * 0.85)), round(now_count * 1.15))
        shares = split(count, [len(pool) for pool in pools]) if now_count else [0] * len(pools)
        for klass, pool, share in zip(nines, pools, shares, strict=True):
            name = spring_class(klass)
            share = min(share, enrolled[name])
            picked = (rng.sample(pool, share) if share <= len(pool)
                      else pool + rng.choices(pool, k=share - len(pool)))
            for counts in picked:
                self.spring[name].update(counts)
        # Its good students: about as many excellent ones as the school has now.
        excellent = sum(self.spring[name]["level:优"] for name in self.spring)
        wanted_excellent = round(sum(self.spring[name][LEFT_BEHIND] for name in self.spring)
                                 * EXCELLENT_SHARE * rng.uniform(0.8, 1.0))
        for _ in range(max(0, wanted_excellent - excellent)):
            good = [spring_class(klass) for klass in nines
                    if self.spring[spring_class(klass)]["level:良"] > 0]
            if not good:
                break
            name = rng.choice(good)
            self.spring[name]["level:良"] -= 1
            self.spring[name]["level:优"] += 1
        classes: dict[str, Any] = {}
        teacher_of = {spring_class(klass): klass.teacher for klass in self.classes}
        for name in sorted(enrolled, key=class_order):
            teacher = teacher_of[name]
            assert teacher is not None
            classes[name] = {"enrolled": enrolled[name], "by": teacher.id,
                             "finished": self.spring_last[name],
                             "counts": ordered_counts(self.spring[name])}
        return classes

    def lines(self) -> list[str]:
        """What the census files hold, for the summary (after `files`)."""
        found = []
        for term, classes in self.data.items():
            done = [entry for entry in classes.values() if "finished" in entry]
            enrolled = sum(entry["enrolled"] for entry in classes.values())
            counts: Counter[str] = Counter()
            for entry in done:
                counts.update(entry["counts"])
            base = sum(entry["enrolled"] for entry in done)
            line = (f"census {term}: {len(done)} of {len(classes)} classes finished, "
                    f"enrolled {enrolled}; in the finished classes left-behind "
                    f"{counts[LEFT_BEHIND]} = {100 * counts[LEFT_BEHIND] / max(1, base):.1f}% "
                    f"of {base}, 双亲外出 {counts['both_away']}, with grandparents "
                    f"{counts['with_grandparents']}, 优 {counts['level:优']}")
            found.append(line)
        left = (f"{self.unfinished.name}, {UNCHECKED} children unchecked"
                if self.unfinished is not None else "none")
        found.append(f"摸底 entries: {self.checks} ({self.changed} with changes); unfinished: {left}")
        return found


def _laxness(klass: SchoolClass) -> tuple[int, float, tuple[int, int, str]]:
    teacher = klass.teacher
    if teacher is None:
        return (99, 9.0, class_order(klass.name))
    return (len(teacher.talk_months), teacher.visit_rate, class_order(klass.name))
