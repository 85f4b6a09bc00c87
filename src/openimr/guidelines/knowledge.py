"""The knowledge base as data: topics, their versions in force, dated parameters and criteria.

Modelled on OpenFisca's parameters: every threshold is a dated value with its legal reference,
so the value in force on any date is a lookup and history is never overwritten. Topic files are
YAML under `topics/`; see docs/knowledge-base.md for the format.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from openimr.guidelines.documentation import Documented
from openimr.model.determination import CriterionRole, CriterionStatus, GuidelineRef
from openimr.model.yamltext import load_yaml

TOPICS_DIR = Path(__file__).parent / "topics"

#: Sources in the order of the medical evidence search sequence, 8 CCR 9792.21.1(a).
EVIDENCE_SEQUENCE = ("MTUS", "ACOEM", "ODG", "OTHER_GUIDELINE", "PEER_REVIEWED")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InForce(_Data):
    """The dates a rule is in force: `start` inclusive, `end` inclusive, None = open."""

    start: dt.date | None = Field(default=None, alias="from")
    end: dt.date | None = Field(default=None, alias="until")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


ALWAYS = InForce()


class Parameter(_Data):
    """A dated value: `values` maps the date each value took effect to the value."""

    description: str
    values: dict[dt.date, Any]
    unit: str | None = None
    reference: str
    verified: bool = False

    def at(self, day: dt.date) -> Any:
        effective = [start for start in self.values if start <= day]
        if not effective:
            raise LookupError(f"no value in force on {day.isoformat()} ({self.description})")
        return self.values[max(effective)]


class PredicateCall(_Data):
    """A predicate of the registry by name, with its arguments from the topic file."""

    predicate: str
    args: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"predicate": value}
        return value


class Criterion(_Data):
    id: str
    text: str = Field(description="Our own paraphrase of the guideline's requirement.")
    predicate: str
    args: dict[str, Any] = Field(default_factory=dict)
    role: CriterionRole = Field(
        default=CriterionRole.requirement,
        description="Whether the guideline requires it or asks the reviewer to weigh it.")
    role_source: str | None = Field(
        default=None, description="Where the role comes from (the guideline facts, section).")
    applies_when: PredicateCall | None = Field(
        default=None, description="A predicate that must be met for the criterion to apply."
    )
    documented_when_true: Documented | list[Documented] | None = Field(
        default=None,
        description=("A treating provider records it when it is so (functional improvement "
                     "after a course, relief on a drug, the response to an injection): when "
                     "complete, readable records were all searched and none states it, it is "
                     "not met rather than unknown; `documentation.Documented` names the concept, "
                     "whose words must then be absent from every treating record; a criterion "
                     "met by any of several things names the concept of each."))
    source: str | None = Field(default=None, description="Overrides the version's source.")
    document: str | None = Field(default=None, description="Overrides the version's document.")
    section: str | None = Field(default=None, description="Overrides the version's section.")
    pages: str | None = Field(default=None, description="Overrides the version's pages.")
    in_force: InForce = ALWAYS
    verified: bool = False
    source_note: str | None = Field(default=None, description="Where the paraphrase comes from.")


class GuidelineSentence(_Data):
    """A sentence of the guideline's paraphrase that bears on one question only: the rationale
    says it only when that question arises in the case, so a letter never recites parts of the
    guideline that play no part in its decision (a brace after a fusion when no fusion is
    disputed; the sites manipulation is not for, of a low back request)."""

    text: str
    criteria: list[str] = Field(
        default_factory=list, description="Said when one of these criteria applied to the item "
        "(was evaluated, not set aside by its applies_when) ...")
    status: list[CriterionStatus] = Field(
        default_factory=list, description="... and, when given, came out with one of these statuses.")
    when: PredicateCall | None = Field(
        default=None, description="Said when this check is met on the case (with `criteria`: both).")

    @model_validator(mode="after")
    def _conditioned(self) -> GuidelineSentence:
        if not self.criteria and self.when is None:
            raise ValueError("a sentence said only sometimes names its criteria or its `when`")
        return self


class TopicVersion(_Data):
    """The guideline a topic follows during one period, and how it is cited in that era."""

    id: str
    in_force: InForce
    guideline: GuidelineRef
    citation: str
    hierarchy_note: str | None = Field(
        default=None,
        description="Why a source other than the MTUS applies (8 CCR 9792.21.1), said in the letter.",
    )
    summary: str = Field(description="Our paraphrase of the recommendation, used in the rationale.")
    said_when: list[GuidelineSentence] = Field(
        default_factory=list, description="Sentences of the paraphrase said after `summary` only "
        "when the question they answer arises in the case.")


class Topic(_Data):
    id: str
    title: str
    categories: list[str]
    subcategories: list[str] = Field(
        default_factory=list, description="When set, the topic only covers these subcategories.")
    body_parts: list[str] = Field(
        default_factory=list, description="When set, the topic only covers these body parts "
        "(the MTUS routes by body part: ACOEM ch. 8 neck, ch. 12 low back, ch. 13 knee).")
    indication: PredicateCall | None = Field(
        default=None, description="For a topic about one use of a kind of item (migraine "
        "prevention with an anticonvulsant): what the request and the records must show for the "
        "topic to decide the item instead of the kind's general topic.")
    versions: list[TopicVersion]
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    criteria: list[Criterion]
    path: str | None = None

    def version_at(self, day: dt.date | None) -> TopicVersion | None:
        """The version in force on `day`; with no date, the newest version."""
        if day is None:
            return max(self.versions, key=lambda v: v.in_force.start or dt.date.min)
        for version in self.versions:
            if version.in_force.covers(day):
                return version
        return None

    def criteria_at(self, day: dt.date | None) -> list[Criterion]:
        return [c for c in self.criteria if day is None or c.in_force.covers(day)]

    @model_validator(mode="after")
    def _sentences_name_criteria(self) -> Topic:
        """A guideline sentence said for a criterion names one of the topic's: a misspelt id
        would silence the sentence for ever."""
        known = {c.id for c in self.criteria}
        for version in self.versions:
            for sentence in version.said_when:
                unknown = [c for c in sentence.criteria if c not in known]
                if unknown:
                    raise ValueError(f"version {version.id}: said_when names unknown criteria "
                                     f"{', '.join(unknown)}")
        return self

    @property
    def verified_count(self) -> int:
        return sum(1 for c in self.criteria if c.verified)


class KnowledgeBase(BaseModel):
    topics: dict[str, Topic]

    def topic_for(self, category: str | None, subcategory: str | None = None,
                  body_part: str | None = None,
                  indicated: Callable[[Topic], bool] | None = None) -> Topic | None:
        """The topic for a request: its category, then the most specific subcategory and body part.

        A topic restricted to some subcategories or body parts never decides another one: such
        an item is unsupported rather than judged by criteria written for something else. A
        topic with an `indication` is chosen first, and only when `indicated(topic)` says the
        request and records show it (without that check, never).
        """
        if category is None:
            return None
        candidates = [
            t for t in self.topics.values()
            if category in t.categories
            and (not t.subcategories or subcategory in t.subcategories)
            and (not t.body_parts or body_part in t.body_parts)
            and (t.indication is None or (indicated is not None and indicated(t)))
        ]
        # Most specific first: a topic for the use shown, then for the subcategory and body
        # part, beats a general one.
        candidates.sort(key=lambda t: (t.indication is None, not t.subcategories,
                                       not t.body_parts, t.id))
        return candidates[0] if candidates else None


def load_topic(path: Path) -> Topic:
    """A topic file, checked strictly: an unknown name fails with the file and line."""
    from pydantic import ValidationError

    from openimr.guidelines import validation
    from openimr.guidelines.predicates import check_topic
    from openimr.model.errors import InputError

    text = path.read_text(encoding="utf-8")
    try:
        data = load_yaml(text)
    except yaml.YAMLError as error:
        raise InputError(f"invalid guideline topic file: {error}", source=str(path)) from error
    if not isinstance(data, dict):
        raise InputError("invalid guideline topic file: not a mapping", source=str(path))
    where: list[str | int] = []
    try:
        validation.check_topic_names(data)
        validation.check_criteria_names(data)
        topic = Topic.model_validate({**data, "path": path.name})
        check_topic(topic)
        return topic
    except validation.TopicFileError as error:
        message, where = error.message, list(error.path)
    except ValidationError as error:
        first = error.errors()[0]
        message, where = f"{first['msg']} ({'.'.join(map(str, first['loc']))})", list(first["loc"])
    except ValueError as error:  # the predicate registry names the criterion
        message = str(error)
        criterion = re.search(r"criterion '([^']+)'", message)
        where = (validation.criterion_path(data, criterion.group(1)) if criterion
                 else ["indication"] if "its indication" in message else [])
    line = validation.line_of(text, where)
    raise InputError(f"invalid guideline topic file: {message}",
                     source=f"{path}, line {line}" if line else str(path))


@lru_cache(maxsize=4)
def load_knowledge_base(directory: Path = TOPICS_DIR) -> KnowledgeBase:
    topics: dict[str, Topic] = {}
    for path in sorted(directory.glob("*.yaml")):
        topic = load_topic(path)
        if topic.id in topics:
            raise ValueError(f"topic id {topic.id!r} defined twice ({path.name})")
        topics[topic.id] = topic
    return KnowledgeBase(topics=topics)
