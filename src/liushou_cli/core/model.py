"""The programme's records as pydantic models: a child's archive and contact card, the staff,
and the school's configuration (terms, duty rules, care themes).

Field names are English and stable (they are the YAML keys and the json/csv keys); choices are
the Chinese words teachers write on the paper forms. Validation errors carry a type and a
context, never prose: `messages.py` turns them into Chinese or English for the user.

A child's record is validated on a day, the caller's (`Child.model_validate(data,
context=ValidationDay(today))`): a birth date after it is refused. Nothing here reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from liushou_cli.core.choices import (
    ACTIVE_STATUS,
    GRANDPARENTS,
    STAFF_PAIRING_ROLES,
    AcademicLevel,
    ActivityKind,
    Assistance,
    Channel,
    Concern,
    ContactWith,
    EconomicSource,
    Gender,
    Guardianship,
    Health,
    LeftBehindType,
    PairingRole,
    Relation,
    Role,
    Status,
    VisitKind,
    satisfying_words,
)
from liushou_cli.core.incidents import moment_text, parse_moment
from liushou_cli.core.periods import EverySchoolDays, period_kind, period_words
from liushou_cli.core.validators import (
    ValidationDay,
    clean_id_number,
    clean_phone,
    id_birth_date,
    id_gender,
    id_number_problem,
    is_phone,
    parse_day,
)

_RECORD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


# ---- scalar types --------------------------------------------------------------------------
def _digits_to_text(value: Any) -> Any:
    # An unquoted number in YAML loads as an int; a mobile or ID number survives that intact,
    # so accept it as text rather than make a teacher add quotes by hand.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


def _check_phone(value: str) -> str:
    # A hand-edited file keeps a phone as the teacher typed it (138 1234 5678); the record
    # holds it as the tool would have stored it.
    if not is_phone(value):
        raise PydanticCustomError("phone", "not a mainland phone number: {value}", {"value": value})
    return clean_phone(value)


def _check_id_number(value: str) -> str:
    value = clean_id_number(value)
    problem = id_number_problem(value)
    if problem:
        raise PydanticCustomError(problem, "invalid ID number: {value}", {"value": value})
    return value


def _to_day(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | str) and not isinstance(value, bool):
        parsed = parse_day(str(value))
        if parsed is None:
            raise PydanticCustomError("date", "not a real date: {value}", {"value": str(value)})
        return parsed
    raise PydanticCustomError("date", "not a real date: {value}", {"value": str(value)})


_AS_NUMBER = re.compile(r"^[0-9]\.[0-9]+[eE]\+[0-9]+$")


def _check_record_id(value: str) -> str:
    if _AS_NUMBER.match(value):  # a roster's long number kept by the spreadsheet as 4.3e+17
        raise PydanticCustomError("record_id_as_number", "stored as a number: {value}",
                                  {"value": value})
    if not _RECORD_ID.match(value):
        raise PydanticCustomError("record_id", "bad id: {value}", {"value": value})
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
# An unquoted landline (07391234567) is text as read (store.yamlio keeps a number's leading
# zeros), and an unquoted mobile a number taken as its digits.
Phone = Annotated[str, BeforeValidator(_digits_to_text), StringConstraints(strip_whitespace=True),
                  AfterValidator(_check_phone)]
IdNumber = Annotated[str, BeforeValidator(_digits_to_text), StringConstraints(strip_whitespace=True),
                     AfterValidator(_check_id_number)]
Day = Annotated[date, BeforeValidator(_to_day)]


def _yes_no_word(value: Any) -> Any:
    """是/否 (or 有/无) written by hand for a flag, as the message for a wrong one offers."""
    if isinstance(value, str):
        return _FLAG_WORDS.get(value, value)
    return value


_FLAG_WORDS = {"是": True, "有": True, "否": False, "无": False}
# A flag a teacher edits in the file: true/false, or 是/否.
YesNo = Annotated[bool, BeforeValidator(_yes_no_word)]
RecordId = Annotated[str, BeforeValidator(_digits_to_text), StringConstraints(strip_whitespace=True),
                     AfterValidator(_check_record_id)]


class Record(BaseModel):
    """Base of every model: unknown keys are errors, so a typo never vanishes silently.

    A model's validator is built when it is first used, not at import (defer_build): a
    report answered from the cache never validates a child, and building every model up
    front was most of the cost of importing this module."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, defer_build=True)


# ---- entries in a child's timeline (append-only) -----------------------------------------


def _one_or_many(value: Any) -> Any:
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [str(value)]
    return value


StaffRefs = Annotated[list[RecordId], BeforeValidator(_one_or_many), Field(min_length=1)]


class Visit(Record):
    """A home visit (家访) or other visit, with what the visitor found."""

    type: VisitKind
    date: Day
    by: StaffRefs
    met: Text | None = None
    found: Text | None = None
    follow_up: Text | None = None


class Talk(Record):
    """A talk (谈心) with the child, as written on the record card (记录卡)."""

    type: Literal["谈心"]
    date: Day
    by: StaffRefs
    topic: Text | None = None
    mood: Text | None = None
    agreed: Text | None = None
    follow_up: Text | None = None


class Contact(Record):
    """A contact with the parents away, the guardian or a subject teacher (三沟通)."""

    type: Literal["联系"]
    date: Day
    by: StaffRefs
    with_: ContactWith = Field(alias="with")
    channel: Channel | None = None
    notes: Text | None = None


class CensusCheck(Record):
    """The start-of-term census (调查摸底) of one child: who checked, when, what changed."""

    type: Literal["摸底"]
    date: Day
    by: StaffRefs
    term: Text
    changes: list[Text] = Field(default_factory=list)
    note: Text | None = None


Entry = Visit | Talk | Contact | CensusCheck


Event = Annotated[Entry, Field(discriminator="type")]


# ---- the support system (结对帮扶): pairings, plans, care --------------------------------
# Each is dated and kept: a pairing that ends gets `ended` and a reason, a new one is added;
# nothing is overwritten, so who was proxy parent when can always be told.


_Date = date  # `date` is also a field name in the classes below


def _not_before(later: date | None, earlier: date, what: str) -> None:
    """`what`: the field (a dotted path within the record) whose date is `later`: the
    message is named by it and points at its line (i18n.messages.error_location)."""
    if later is not None and later < earlier:
        raise PydanticCustomError("date_order", "{what} {later} is before {earlier}",
                                  {"what": what, "later": later.isoformat(),
                                   "earlier": earlier.isoformat(),
                                   "within": tuple(what.split("."))})


class Pairing(Record):
    """A pairing card (结对帮扶卡): a teacher (proxy parent, volunteer tutor) or a classmate
    (learning buddy) and the child, from `date` until `ended` (the first day it no longer
    holds)."""

    role: PairingRole
    staff: RecordId | None = None
    buddy: Text | None = None
    buddy_class: Text | None = None
    date: Day
    by: RecordId | None = None
    note: Text | None = None
    ended: Day | None = None
    end_reason: Text | None = None

    @model_validator(mode="after")
    def _helper(self) -> Pairing:
        if self.role in STAFF_PAIRING_ROLES and (self.staff is None or self.buddy is not None):
            raise PydanticCustomError("pairing_staff", "{role} needs staff", {"role": self.role})
        if self.role == "学习帮手" and (self.buddy is None or self.staff is not None):
            raise PydanticCustomError("pairing_buddy", "{role} needs buddy", {"role": self.role})
        _not_before(self.ended, self.date, "ended")
        return self

    def open_on(self, day: _Date) -> bool:
        return self.date <= day and (self.ended is None or day < self.ended)


class KeySupportChange(Record):
    """Marking (key_support: true) or unmarking a key-support child (重点帮扶对象), and why."""

    date: Day
    key_support: YesNo
    reason: Text
    by: RecordId | None = None


class StatusChange(Record):
    """A status the child had before `child archive` or `child restore` replaced it: the
    departure a return ended (转出 on 2022-11-25, 随父母到东莞就读), or the return a later
    departure ended; with the status fields, the whole of the child's comings and goings."""

    status: Status
    date: Day
    reason: Text


class PlanCheck(Record):
    """A periodic check of a learning-support plan: the stage result (阶段性效果)."""

    date: Day
    by: StaffRefs
    result: Text
    next_step: Text | None = None


class LearningPlan(Record):
    """A learning-support plan (学习帮扶计划): subject, teacher, what and when, stage goals;
    its checks are the child's progress archive (进步档案)."""

    subject: Text
    teacher: RecordId
    date: Day
    content: Text | None = None
    schedule: Text | None = None
    goals: list[Text] = Field(default_factory=list)
    every: Annotated[int, Field(ge=1, le=366)] = 30
    checks: list[PlanCheck] = Field(default_factory=list)
    ended: Day | None = None
    end_reason: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> LearningPlan:
        _not_before(self.ended, self.date, "ended")
        return self


class IepPlan(Record):
    """The individual education plan itself: measures, the responsible teacher, review dates."""

    date: Day
    teacher: RecordId
    measures: Annotated[list[Text], Field(min_length=1)]
    review_dates: Annotated[list[Day], Field(min_length=1)]
    by: RecordId | None = None

    @model_validator(mode="after")
    def _dates(self) -> IepPlan:
        # One date of the list, named as one and at its own line (not "Review dates ...").
        for index, day in enumerate(self.review_dates):
            if day < self.date:
                raise PydanticCustomError("review_date_order",
                                          "review date {later} is before the plan's date {earlier}",
                                          {"later": day.isoformat(),
                                           "earlier": self.date.isoformat(),
                                           "within": ("review_dates", index)})
        return self


class IepReview(Record):
    """A review of an individual education plan, on or near a review date."""

    date: Day
    by: StaffRefs
    result: Text


class IndividualPlan(Record):
    """A child flagged for serious trouble, and the individual education plan
    (个别教育管理方案) that must follow. Sensitive: shown only when asked for one child."""

    flagged: Day
    concerns: Annotated[list[Concern], Field(min_length=1)]
    by: RecordId | None = None
    note: Text | None = None
    plan: IepPlan | None = None
    reviews: list[IepReview] = Field(default_factory=list)
    closed: Day | None = None
    close_reason: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> IndividualPlan:
        if self.plan is not None:
            _not_before(self.plan.date, self.flagged, "plan.date")
        _not_before(self.closed, self.flagged, "closed")
        return self


def _care_dates(record: Illness | Subsidy | Aid) -> None:
    _not_before(record.follow_up_on, record.date, "follow_up_on")
    _not_before(record.followed_up, record.date, "followed_up")


# Care records: the kind, when and who first, then what it was, then the follow-up (an
# explicit date that passes undone is a duty), so the file reads in that order.
class Illness(Record):
    """An illness: what, the treatment, who follows up and when."""

    type: Literal["患病"]
    date: Day
    by: StaffRefs
    what: Text
    treatment: Text | None = None
    follow_up_on: Day | None = None
    follow_up_by: RecordId | None = None
    followed_up: Day | None = None
    outcome: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> Illness:
        _care_dates(self)
        return self


class Subsidy(Record):
    """A living subsidy (生活补助) for a hardship family: policy, amount in yuan, period."""

    type: Literal["生活补助"]
    date: Day
    by: StaffRefs
    policy: Text
    amount: Annotated[int | float, Field(gt=0, le=1_000_000)] | None = None  # 625 stays 625
    period: Text | None = None
    follow_up_on: Day | None = None
    follow_up_by: RecordId | None = None
    followed_up: Day | None = None
    outcome: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> Subsidy:
        _care_dates(self)
        return self


class Aid(Record):
    """Any other assistance: clothes, a bursary, a donated bicycle."""

    type: Literal["其他帮扶"]
    date: Day
    by: StaffRefs
    what: Text
    follow_up_on: Day | None = None
    follow_up_by: RecordId | None = None
    followed_up: Day | None = None
    outcome: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _dates(self) -> Aid:
        _care_dates(self)
        return self


CareEntry = Illness | Subsidy | Aid
Care = Annotated[CareEntry, Field(discriminator="type")]


# ---- incidents (紧急事件): a child in danger, timed to the minute -----------------------------
def _to_moment(value: Any) -> Any:
    # China time to the minute (core/incidents.py); a date alone is no moment: the deadlines
    # are in hours, so the time of day is what they count from.
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0) if value.tzinfo is None else \
            parse_moment(value.isoformat())
    if isinstance(value, str):
        parsed = parse_moment(value)
        if parsed is not None:
            return parsed
    raise PydanticCustomError("moment", "not a time to the minute: {value}",
                              {"value": str(value)})


Moment = Annotated[datetime, BeforeValidator(_to_moment), PlainSerializer(moment_text,
                                                                          return_type=str)]


def _moment_order(later: datetime | None, earlier: datetime, what: str,
                  within: tuple[int | str, ...] = ()) -> None:
    """`within`: the item of the validated list at fault (its index and field), for the
    error's line (i18n.messages.error_location)."""
    if later is not None and later < earlier:
        raise PydanticCustomError("moment_order", "{what} {later} is before {earlier}",
                                  {"what": what, "later": moment_text(later),
                                   "earlier": moment_text(earlier), "within": within})


class IncidentStep(Record):
    """A step taken for an incident (the principal told, the police told...), when and by
    whom."""

    step: Text
    done_at: Moment
    by: RecordId | None = None
    note: Text | None = None


class Incident(Record):
    """A child found in danger: its kind (liushou.yaml's `incident_kinds`, or a default),
    when, who found it, what was seen and done at once; the steps since; closed with an
    outcome. Restricted: shown only by `incident list` and `child show --incidents`."""

    id: RecordId
    kind: Text
    at: Moment
    found_by: Text
    by: RecordId | None = None
    seen: Text
    action: Text
    steps: list[IncidentStep] = Field(default_factory=list)
    closed_at: Moment | None = None
    outcome: Text | None = None

    # On the fields (`at` comes before them in the file), so that a message names the
    # line of the steps or of closed_at rather than the incident's first line.
    @field_validator("steps", "closed_at")
    @classmethod
    def _after_incident(cls, value: Any, info: ValidationInfo) -> Any:
        at = info.data.get("at")
        if isinstance(at, datetime):
            for index, step in enumerate(value if isinstance(value, list) else []):
                _moment_order(step.done_at, at, "done_at", (index, "done_at"))
            if isinstance(value, datetime):
                _moment_order(value, at, "closed_at")
        if isinstance(value, datetime):  # closed_at: not before a step taken
            done = max((step.done_at for step in info.data.get("steps") or ()), default=None)
            if done is not None and value < done:
                raise PydanticCustomError("closed_before_step", "closed before its last step",
                                          {"later": moment_text(value),
                                           "earlier": moment_text(done)})
        return value

    @model_validator(mode="after")
    def _closed(self) -> Incident:
        if self.closed_at is not None and self.outcome is None:
            raise PydanticCustomError("incident_outcome", "closed without an outcome", {})
        return self


class IncidentStepRule(Record):
    """liushou.yaml: a step a kind of incident owes, due `hours` after it."""

    step: Text
    hours: Annotated[int, Field(ge=1, le=24 * 60)]


class IncidentKind(Record):
    """liushou.yaml `incident_kinds`: a kind of incident (replacing the default of that
    name, or a school's own), its steps and what follows it."""

    name: Text
    steps: Annotated[list[IncidentStepRule], Field(min_length=1)]
    key_support: bool = False
    care_days: Annotated[int, Field(ge=1, le=366)] | None = None


# ---- merge conflicts (store/merge.py) ------------------------------------------------------
class ConflictSide(Record):
    """One side's version of a field two people changed differently: its value (or that it
    was removed), and who changed it and when, as far as git tells."""

    value: Any = None
    removed: bool = False
    by: Text | None = None
    date: Day | None = None


class Conflict(Record):
    """A field changed to two different values on two copies of the folder, found when they
    were merged. The file keeps `ours` (the side that did the merge); `theirs` is kept here
    so that nothing is lost, until someone decides."""

    field: Text
    ours: ConflictSide
    theirs: ConflictSide


Conflicts = list[Conflict]


class Activity(Record):
    """activities/<date>-<kind>.yaml: a parent meeting, forum, themed class meeting,
    collective activity or family video-call session; `children` who took part and the
    children whose guardian (or parent) came, by id."""

    conflicts: Conflicts = Field(default_factory=list)
    date: Day
    kind: ActivityKind
    title: Text
    classes: Annotated[list[Text], Field(min_length=1)]
    by: list[RecordId] = Field(default_factory=list)
    children: list[RecordId] = Field(default_factory=list)
    guardians: list[RecordId] = Field(default_factory=list)
    note: Text | None = None


# ---- the child's record ----------------------------------------------------------------------
def _not_future(value: date, info: ValidationInfo) -> date:
    # Checked on the field, so that the message names it (出生日期, 留守起始) and its line.
    day = info.context
    if not isinstance(day, ValidationDay):
        raise TypeError("a birth date is checked against a day: validate with "
                        "context=ValidationDay(today)")
    if not day.not_after(value):
        raise PydanticCustomError("date_future", "date in the future: {value}",
                                  {"value": value.isoformat()})
    return value


# A day that has happened: a birth, the day a child was left behind.
PastDay = Annotated[date, BeforeValidator(_to_day), AfterValidator(_not_future)]


class Disability(Record):
    category: Literal["视力", "听力", "言语", "肢体", "智力", "精神", "多重"]
    grade: Literal["一级", "二级", "三级", "四级"] | None = None


class Parent(Record):
    """A father or mother: who they are and where they work (务工地点)."""

    name: Text | None = None
    birth_date: Day | None = None
    id_number: IdNumber | None = None
    phone: Phone | None = None
    work_province: Text | None = None
    work_city: Text | None = None
    work_unit: Text | None = None
    work_address: Text | None = None
    work_phone: Phone | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _id_matches_birth(self) -> Parent:
        _check_id_against(self.id_number, self.birth_date, None)
        return self


class Guardian(Record):
    """The delegated guardian (受委托监护人) who raises the child at home."""

    name: Text | None = None
    relation: Relation | None = None
    birth_date: Day | None = None
    age: Annotated[int, Field(ge=10, le=120)] | None = None
    occupation: Text | None = None
    health: Health | None = None
    phone: Phone | None = None
    id_number: IdNumber | None = None
    address: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _id_matches_birth(self) -> Guardian:
        _check_id_against(self.id_number, self.birth_date, None)
        return self


class Child(Record):
    """One left-behind child: the archive (档案) and contact card (联系卡)."""

    id: RecordId
    student_no: RecordId | None = None
    name: Text
    gender: Gender
    ethnicity: Text | None = None
    birth_date: PastDay | None = None
    id_number: IdNumber | None = None
    class_name: Text = Field(alias="class")
    hukou: Text | None = None
    residence: Text | None = None
    boarding: YesNo | None = None
    health: Health | None = None
    disability: Disability | None = None
    illness: Text | None = None
    left_behind_type: LeftBehindType
    left_behind_since: PastDay | None = None
    father: Parent | None = None
    mother: Parent | None = None
    guardian: Guardian | None = None
    guardianship: Guardianship | None = None
    economic_sources: list[EconomicSource] = Field(default_factory=list)
    assistance: list[Assistance] = Field(default_factory=list)
    academic_level: AcademicLevel | None = None
    key_support: YesNo = False
    proxy_parent: RecordId | None = None
    recorded_on: Day | None = None
    status: Status = ACTIVE_STATUS
    status_date: Day | None = None
    status_reason: Text | None = None
    note: Text | None = None
    # Written by a merge (store/merge.py) when two copies changed a field differently. A merge
    # puts it first in the file, where whoever opens the file sees it (and never between a
    # comment and the key it stands above); here it stays with the lists, so that a record's
    # json and csv still begin with its id.
    conflicts: Conflicts = Field(default_factory=list)
    key_support_history: list[KeySupportChange] = Field(default_factory=list)
    status_history: list[StatusChange] = Field(default_factory=list)
    pairings: list[Pairing] = Field(default_factory=list)
    learning_plans: list[LearningPlan] = Field(default_factory=list)
    individual_plans: list[IndividualPlan] = Field(default_factory=list)
    care: list[Care] = Field(default_factory=list)
    incidents: list[Incident] = Field(default_factory=list)
    # The timeline stays the file's last key: an entry is then appended without rewriting.
    events: list[Event] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Child:
        _check_id_against(self.id_number, self.birth_date, self.gender)
        since, birth = self.left_behind_since, self.birth_date
        if since is not None and birth is not None and since < birth:
            raise PydanticCustomError(
                "since_before_birth", "left behind since {value}, before birth {birth}",
                {"value": since.isoformat(), "birth": birth.isoformat(),
                 "within": ("left_behind_since",)})
        if self.status != ACTIVE_STATUS and (self.status_date is None or self.status_reason is None):
            raise PydanticCustomError(
                "status_incomplete", "status {status} needs a date and a reason",
                {"status": self.status},
            )
        return self

    @property
    def active(self) -> bool:
        return self.status == ACTIVE_STATUS

    @property
    def with_grandparents(self) -> bool:
        return self.guardian is not None and self.guardian.relation in GRANDPARENTS


def _check_id_against(id_number: str | None, birth: date | None, gender: str | None) -> None:
    """An ID number whose birth date or gender contradicts the record is a typo somewhere.
    The error lies `within` the ID number (i18n.messages.error_location): a message points
    at its line, not at the first line of the record that holds it."""
    if not id_number:
        return
    embedded = id_birth_date(id_number)
    if birth and embedded and embedded != birth:
        raise PydanticCustomError(
            "id_birth_mismatch", "ID number says born {embedded}, record says {birth}",
            {"embedded": embedded.isoformat(), "birth": birth.isoformat(), "within": _ID_FIELD},
        )
    if gender and id_gender(id_number) != gender:
        raise PydanticCustomError(
            "id_gender_mismatch", "ID number says {id_gender}, record says {gender}",
            {"id_gender": id_gender(id_number), "gender": gender, "within": _ID_FIELD},
        )


_ID_FIELD = ("id_number",)


# ---- staff -----------------------------------------------------------------------------------
class Staff(Record):
    """A teacher or leader: the roles they hold and the classes they lead or teach."""

    id: RecordId
    name: Text
    phone: Phone | None = None
    roles: list[Role] = Field(default_factory=list)
    leads: list[Text] = Field(default_factory=list)
    teaches: list[Text] = Field(default_factory=list)
    subjects: list[Text] = Field(default_factory=list)
    note: Text | None = None


class StaffFile(Record):
    conflicts: Conflicts = Field(default_factory=list)
    staff: list[Staff] = Field(default_factory=list)

    @field_validator("staff")
    @classmethod
    def _each_id_once(cls, staff: list[Staff]) -> list[Staff]:
        # Two members of one id would each be credited with the other's classes and
        # entries: every report that counts by teacher would be silently wrong.
        seen: set[str] = set()
        for index, member in enumerate(staff):
            if member.id in seen:
                raise PydanticCustomError("staff_id_twice", "staff id {id} is used twice",
                                          {"id": member.id, "within": (index, "id")})
            seen.add(member.id)
        return staff


class StaffLike(Protocol):
    """What the reports and the check need of a staff member: a Staff record, or the plain
    facts the cache keeps of one (store.read.StaffFacts)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def leads(self) -> list[str]: ...

    @property
    def teaches(self) -> list[str]: ...


# ---- the school's configuration ---------------------------------------------------------------
# A term's dates are the school-day clock's frame: a year like 9999 is a typo, and date
# arithmetic past it overflows, so a term lies in the years a care programme can run.
TERM_YEARS = (2000, 2100)


def _term_year(value: date) -> date:
    low, high = TERM_YEARS
    if not low <= value.year <= high:
        raise PydanticCustomError("year_range", "year {year} is not in {low}..{high}",
                                  {"value": value.isoformat(), "year": value.year,
                                   "low": low, "high": high})
    return value


TermDay = Annotated[date, BeforeValidator(_to_day), AfterValidator(_term_year)]


class Term(Record):
    """A school term (学期), e.g. 2022秋 from 2022-09-01 to 2023-01-15."""

    name: Text
    start: TermDay
    end: TermDay

    @model_validator(mode="after")
    def _ordered(self) -> Term:
        if self.end <= self.start:
            raise PydanticCustomError(
                "term_order", "term {name} ends before it starts", {"name": self.name}
            )
        return self


def _known_period(value: Any) -> Any:
    """A period must be a word registered in core/periods.py (每月, 每半月, 每学期, 天数...)."""
    if not (isinstance(value, str) and value in period_words()):
        raise PydanticCustomError("choice", "{value} is not one of {choices}",
                                  {"value": value, "choices": period_words()})
    return value


Period = Annotated[str, BeforeValidator(_known_period)]


class Duty(Record):
    """A duty rule: who owes which entry to which children, how often, with what grace."""

    id: RecordId
    name: Text
    short: Text | None = None  # the name on a narrow screen (the overdue table at 80 columns)
    responsible: Literal["班主任", "代理家长"]
    applies_to: Literal["全部", "重点帮扶"] = "全部"
    satisfied_by: list[Text]
    period: Period
    days: Annotated[int, Field(ge=1, le=366)] | None = None
    grace_days: Annotated[int, Field(ge=0, le=60)] = 0

    @model_validator(mode="after")
    def _known_words(self) -> Duty:
        for word in self.satisfied_by:
            if word not in satisfying_words():
                raise PydanticCustomError(
                    "duty_word", "unknown entry word {value}",
                    {"value": word, "expected": "、".join(satisfying_words())})
        return self

    @model_validator(mode="after")
    def _days_with_period(self) -> Duty:
        if isinstance(period_kind(self.period), EverySchoolDays) and self.days is None:
            raise PydanticCustomError("duty_days", "period 天数 needs days", {})
        return self


class CareTheme(Record):
    year: Annotated[int, Field(ge=2000, le=2100)]
    theme: Text


class SupportSettings(Record):
    """liushou.yaml `support:`: the numbers the seed leaves to the school."""

    tutor_limit: Annotated[int, Field(ge=1, le=20)] = 2  # children per volunteer tutor
    iep_days: Annotated[int, Field(ge=1, le=120)] = 14  # flag -> individual plan, school days
    parent_meeting: bool = True  # a parent meeting per class per term
    collective_activity: bool = True  # every child in a collective activity per term


class SchoolConfig(Record):
    """liushou.yaml: the school, its terms, its duty rules and its yearly care theme."""

    conflicts: Conflicts = Field(default_factory=list)
    school: Text
    county: Text | None = None
    terms: list[Term] = Field(default_factory=list)
    duties: list[Duty] = Field(default_factory=list)
    census_days: Annotated[int, Field(ge=1, le=120)] = 14
    support: SupportSettings = Field(default_factory=lambda: SupportSettings())
    care_themes: list[CareTheme] = Field(default_factory=list)
    incident_kinds: list[IncidentKind] = Field(default_factory=list)

    @field_validator("terms")
    @classmethod
    def _apart(cls, terms: list[Term]) -> list[Term]:
        for index, term in enumerate(terms):
            clash = term_clash(term, terms[:index])
            if clash is None:
                continue
            kind, other = clash
            raise PydanticCustomError(
                kind, "term {term} clashes with {other}",
                {"term": term.name, "other": other.name, "start": other.start.isoformat(),
                 "end": other.end.isoformat(),
                 "within": (index, "name" if kind == "term_twice" else "start")})
        return terms


def term_clash(term: Term, others: Iterable[Term]) -> tuple[str, Term] | None:
    """Why `term` may not stand beside `others`: ("term_twice", the term of its name) or
    ("term_overlap", the term it shares a day with); None if it may. A day in two terms has
    two reference terms: the census, the term statistics and every-term duties would each
    pick one (liushou.yaml read, and `term add`, alike)."""
    for other in others:
        if other.name == term.name:
            return "term_twice", other
        if term.start <= other.end and other.start <= term.end:
            return "term_overlap", other
    return None


def default_duties() -> list[dict[str, Any]]:
    """The rhythms of the school's implementation plan: written into a new liushou.yaml for the school to adjust."""
    return [
        {"id": "talk-monthly", "name": "班主任每月谈心", "responsible": "班主任",
         "applies_to": "全部", "satisfied_by": ["谈心"], "period": "每月", "grace_days": 0},
        {"id": "proxy-talk", "name": "代理家长每半月谈心", "responsible": "代理家长",
         "applies_to": "重点帮扶", "satisfied_by": ["谈心"], "period": "每半月", "grace_days": 0},
        {"id": "home-visit", "name": "每学期家访", "responsible": "班主任",
         "applies_to": "全部", "satisfied_by": ["家访"], "period": "每学期", "grace_days": 0},
        {"id": "parent-contact", "name": "定期联系外出父母", "responsible": "班主任",
         "applies_to": "全部", "satisfied_by": ["联系父母"], "period": "天数", "days": 30,
         "grace_days": 0},
    ]


# ---- the term census ------------------------------------------------------------------------
class ClassCensus(Record):
    """One class's census: its enrolled total (the tool keeps only left-behind children) and,
    once finished, the figures as they stood that day."""

    enrolled: Annotated[int, Field(ge=0, le=2000)] | None = None
    by: RecordId | None = None
    finished: Day | None = None
    counts: dict[str, int] = Field(default_factory=dict)


class CensusFile(Record):
    """censuses/<term>.yaml: what each class's census found, a dated fact kept as it was."""

    conflicts: Conflicts = Field(default_factory=list)
    term: Text
    classes: dict[str, ClassCensus] = Field(default_factory=dict)
