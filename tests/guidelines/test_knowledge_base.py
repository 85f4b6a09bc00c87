"""Invariants of the knowledge base as a whole: every era covered, every category placed,
non-MTUS sources said plainly, criterion ids unique."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines.items import CATEGORIES
from openimr.guidelines.knowledge import load_knowledge_base

KB = load_knowledge_base()
TOPICS = sorted(KB.topics.values(), key=lambda t: t.id)
#: The MTUS of 7/18/2009 is the first version every topic covers (acupuncture starts in 2007).
FIRST_DAY = dt.date(2009, 7, 18)
#: Categories with no topic on purpose: a physician decides them (reported `unsupported`).
WITHOUT_TOPIC: set[str] = set()


@pytest.mark.parametrize("topic", TOPICS, ids=[t.id for t in TOPICS])
def test_versions_cover_every_day_from_2009_without_overlap(topic) -> None:
    versions = sorted(topic.versions, key=lambda v: v.in_force.start or dt.date.min)
    assert (versions[0].in_force.start or dt.date.min) <= FIRST_DAY
    assert versions[-1].in_force.end is None, "the newest version stays in force"
    for earlier, later in zip(versions, versions[1:], strict=False):
        assert earlier.in_force.end is not None
        assert later.in_force.start == earlier.in_force.end + dt.timedelta(days=1), (
            earlier.id, later.id)


@pytest.mark.parametrize("topic", TOPICS, ids=[t.id for t in TOPICS])
def test_a_source_other_than_the_mtus_is_said_plainly(topic) -> None:
    for version in topic.versions:
        if version.guideline.source != "MTUS":
            assert version.hierarchy_note and "9792.21.1" in version.hierarchy_note, version.id
        for criterion in topic.criteria:
            if criterion.source and criterion.source not in ("MTUS", "Labor Code"):
                # said in the summary, or in a sentence said whenever the criterion applies
                assert version.hierarchy_note or "ODG" in version.citation or (
                    criterion.source in version.summary) or any(
                    criterion.source in sentence.text and criterion.id in sentence.criteria
                    and not sentence.status and sentence.when is None
                    for sentence in version.said_when), (criterion.id, version.id)


def test_every_category_the_parser_gives_has_a_topic() -> None:
    covered = {c for t in TOPICS for c in t.categories}
    assert set(CATEGORIES) - covered == WITHOUT_TOPIC


def test_criterion_ids_are_unique_across_topics() -> None:
    ids = [c.id for t in TOPICS for c in t.criteria]
    assert len(ids) == len(set(ids))


def test_every_topic_has_a_criterion_that_always_applies_or_is_gated_by_subject() -> None:
    """A topic whose criteria all have gates gates them by what is asked for (its subcategories,
    or the request itself: a drug class, a body part), so an item none of them fits is
    unsupported rather than judged by criteria written for something else."""
    for topic in TOPICS:
        assert topic.criteria, topic.id
        by_subject = all(c.applies_when is not None and c.applies_when.predicate == "request_is"
                         for c in topic.criteria)
        assert any(c.applies_when is None for c in topic.criteria) or topic.subcategories \
            or by_subject, topic.id


def test_every_topic_has_its_example_cases() -> None:
    """Each topic has a folder of example cases (physical medicine's are the top-level ones)."""
    from pathlib import Path

    examples = Path(__file__).parents[2] / "examples" / "cases"
    without = [t.id for t in TOPICS if t.id != "physical_medicine"
               and not (examples / t.id / "expected.yaml").is_file()]
    assert without == []
