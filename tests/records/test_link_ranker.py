"""The link ranker: candidates, the conditional logit it is fitted as, the choice it makes,
and the shipped weights."""

from __future__ import annotations

import datetime as dt
import json
import random
from types import SimpleNamespace

import pytest

from openimr.model import Document, Page
from openimr.records import linkrank
from openimr.records.evaluation import evaluate
from openimr.records.extract import extract_facts
from openimr.records.linkrank import NULL, Pair, Ranker
from openimr.records.training import CORPUS


def _doc(doc_id: str, text: str, **fields: object) -> Document:
    return Document(id=doc_id, pages=[Page(number=1, text=text)], **fields)  # type: ignore[arg-type]


def _decisions(n: int) -> list[linkrank.Decision]:
    """Sources whose annotated target is the candidate in the outcome's clause, and
    sources (every third) the annotators left unlinked, which have no such candidate."""
    out: list[linkrank.Decision] = []
    for i in range(n):
        linked = i % 3 != 0
        found = [Pair(i, NULL, {"null": 1.0}),
                 Pair(i, 1, {"in_clause": 1.0} if linked else {"far": 1.0}),
                 Pair(i, 2, {"far": 1.0})]
        out.append((found, 1 if linked else None, 2))
    return out


def test_the_fitted_ranker_prefers_what_the_annotators_chose_and_else_nothing() -> None:
    weights = linkrank.fit(_decisions(30))
    assert weights["in_clause"] > weights["far"]
    model = Ranker(weights, 0.5)
    linked, unlinked = _decisions(2)[1], _decisions(1)[0]
    assert model.choose(linked[0])[0] == 1
    assert model.choose(unlinked[0])[0] is None  # two far candidates: nothing is likelier
    # fitting is deterministic: the same pairs give the same weights
    assert linkrank.fit(_decisions(30)) == weights


def test_a_low_threshold_links_a_candidate_less_likely_than_nothing() -> None:
    found = [Pair(0, NULL, {"null": 1.0}), Pair(0, 5, {"weak": 1.0})]
    weights = {"null": 1.0, "weak": 0.0}  # p(nothing) = e/(e+1) = 0.73, p(5) = 0.27
    assert Ranker(weights, 0.5).choose(found) == (None, pytest.approx(0.2689, abs=1e-3))
    assert Ranker(weights, 0.25).choose(found)[0] == 5
    assert Ranker(weights, 0.25).choose([])[0] is None


def test_a_fact_is_never_about_a_later_document_or_another_result() -> None:
    earlier = _doc("d1", "Right L5-S1 transforaminal ESI on 03/01/2022.\n", date=None)
    later = _doc("d2", "The ESI gave about 70% relief for 6 weeks. Ibuprofen 600 mg TID.\n")
    facts = extract_facts([earlier, later])
    order = {"d1": 0, "d2": 1}
    procedure = next(i for i, f in enumerate(facts) if f.evidence.document == "d1")
    result = next(i for i, f in enumerate(facts) if linkrank.is_source(f))
    assert procedure in linkrank.candidates(facts, result, order)
    assert not [i for i in linkrank.candidates(facts, procedure, order)
                if facts[i].evidence.document == "d2"]
    assert result not in linkrank.candidates(facts, result, order)



def test_a_long_record_keeps_the_nearest_candidates_and_the_nearest_of_each_other_treatment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a chart of many visits: each repeats the current drug; the first visit alone names PT
    visits = [_doc("v0", "Completed 8 sessions of physical therapy. Ibuprofen 600 mg TID.\n")]
    visits += [_doc(f"v{n}", f"Visit {n}. Ibuprofen 600 mg TID.\n") for n in range(1, 9)]
    visits.append(_doc("v9", "Ibuprofen 600 mg TID. Pain better with ibuprofen 4/10.\n"))
    facts = extract_facts(visits)
    order = {d.id: n for n, d in enumerate(visits)}
    source = next(i for i, f in enumerate(facts) if linkrank.is_source(f)
                  and f.evidence.document == "v9")
    every = linkrank.candidates(facts, source, order)
    monkeypatch.setattr(linkrank, "NEAR_CANDIDATES", 4)
    kept = linkrank.candidates(facts, source, order)
    assert len(kept) < len(every) and kept == sorted(kept)
    # the nearest are kept: every candidate of the source's own note
    assert {i for i in every if facts[i].evidence.document == "v9"} <= set(kept)
    # and the far therapy course, the only statement of its treatment, is still there
    assert {linkrank.treatment(facts[i]) for i in kept} == {
        linkrank.treatment(facts[i]) for i in every}

def _scan(facts: list, index: int, order: dict[str, int], eligible: tuple[int, ...],
          keys: dict[int, str]) -> list[int]:
    """`candidates` as it was before the targets were indexed: every eligible target of the
    source's own and earlier documents scored, the nearest kept, then the nearest of each
    other treatment (the reference `TargetIndex` must agree with)."""
    here = order.get(facts[index].evidence.document, 0)
    out = [i for i in eligible if i != index
           and order.get(facts[i].evidence.document, 0) <= here]
    if len(out) <= linkrank.NEAR_CANDIDATES:
        return out
    scored = sorted((linkrank.distance(facts, order, index, i), i) for i in out)
    kept = {i for _, i in scored[:linkrank.NEAR_CANDIDATES]}
    seen = {keys[i] for i in kept}
    nearest: dict[str, int] = {}
    for _, i in scored:  # nearest first
        if keys[i] not in seen:
            nearest.setdefault(keys[i], i)
    return sorted(kept | set(nearest.values()))


def _spot(document: str, page: int, start: int) -> SimpleNamespace:
    return SimpleNamespace(evidence=SimpleNamespace(document=document, page=page, start=start))


@pytest.mark.parametrize("seed", range(4))
def test_the_target_index_keeps_the_candidates_a_scan_of_the_case_keeps(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # random cases: ties of place (many targets at one start, on pages at one distance, in
    # documents of one place), facts not in start order on a page, sources that are targets
    # themselves, documents that share a place or have none
    rng = random.Random(seed)
    checked = 0
    for _ in range(150):
        documents = rng.randint(1, 10)
        facts = [_spot(f"d{d}", rng.randint(1, 4), rng.choice([0, 10, 10, 40, rng.randint(0, 500)]))
                 for d in range(documents) for _ in range(rng.randint(0, 20))]
        order = {f"d{d}": d for d in range(documents)}
        if rng.random() < 0.3:
            order[f"d{rng.randrange(documents)}"] = rng.randrange(documents)
            order.pop(f"d{rng.randrange(documents)}")
        eligible = tuple(i for i in range(len(facts)) if rng.random() < 0.7)
        keys = {i: rng.choice("abcdefg"[:rng.randint(1, 7)]) for i in eligible}
        monkeypatch.setattr(linkrank, "NEAR_CANDIDATES", rng.choice([1, 3, 5, 30]))
        index = linkrank.TargetIndex(facts, order, eligible, keys)  # type: ignore[arg-type]
        for source in range(len(facts)):
            assert index.candidates(source) == _scan(facts, source, order, eligible, keys)
            checked += 1
    assert checked > 1000


def test_a_long_record_walks_out_from_the_source_and_keeps_the_earliest_of_ties(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 400 notes of one page, each with the same drug twice at one place, the first note
    # alone naming a course: the source's own note, then the nearest notes, then the course
    facts = [_spot("n0", 1, 5)]
    keys = {0: "therapy_sessions=pt"}
    for note in range(400):
        for _ in range(2):
            keys[len(facts)] = "medication=ibuprofen"
            facts.append(_spot(f"n{note}", 1, 50))
    source = len(facts)
    facts.append(_spot("n399", 1, 50))  # the outcome, at the drug's own place
    order = {f"n{n}": n for n in range(400)}
    eligible = tuple(keys)
    monkeypatch.setattr(linkrank, "NEAR_CANDIDATES", 5)
    index = linkrank.TargetIndex(facts, order, eligible, keys)  # type: ignore[arg-type]
    found = index.candidates(source)
    # its note's two (distance 0 and a tie: both), then n398's two, then n397's first of
    # its tie; and the course, the only statement of its treatment, 399 notes back
    assert found == [0, 795, 797, 798, 799, 800]
    assert found == _scan(facts, source, order, eligible, keys)
    # a fact of the first note: that note's statements, never a later note's
    assert index.candidates(0) == [1, 2]
    assert linkrank.candidates(facts, source, order, eligible, keys, index) == found


NOTE = """PR-2 PROGRESS REPORT

He had a right L5-S1 transforaminal ESI on 03/01/2022. He reports about 70% relief of the leg
pain for 7 weeks. Since the injection he walks 30 minutes daily.

He takes ibuprofen 600 mg three times a day, which upsets his stomach.
"""


def test_the_shipped_ranker_links_each_fact_to_its_own_treatment() -> None:
    facts = extract_facts([_doc("d1", NOTE)])
    by_key = {f.key: f for f in facts}
    about = {(f.kind.value, f.evidence.quote): by_key[f.about].evidence.quote
             for f in facts if f.about}
    procedure = "right L5-S1 transforaminal ESI"
    assert about[("injection_history", "about 70% relief")] == procedure
    assert about[("functional_improvement", "walks 30 minutes daily")] == procedure
    assert about[("side_effect", "upsets his stomach")].startswith("ibuprofen")
    # the drug's outcome is the drug's, not the procedure's stated before it
    assert {quote for (kind, _q), quote in about.items()
            if kind == "treatment_trial"} == {"ibuprofen 600 mg"}


def test_the_shipped_ranker_loads_and_beat_the_rules_in_cross_validation() -> None:
    model = linkrank.ranker()
    assert model is not None and model.weights and 0.0 < model.threshold < 1.0
    meta = json.loads((linkrank.MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["threshold"] == model.threshold
    assert meta["cv_f1"] > meta["rules_f1"]
    assert meta["dev_f1"] >= meta["dev_f1_rules"]
    # the dev cases still score as recorded (a changed reader or rule: refit, see
    # docs/records.md)
    links = evaluate(CORPUS / "dev").extras["links"]
    assert round(links.f1, 4) == meta["dev_f1"], "refit: python -m openimr.records.training --links-only"


def _place(text: str, quote: str) -> tuple[linkrank.Context, int, list[int]]:
    """The link context of a one-page note, the fact whose quote starts with `quote`,
    and its candidates."""
    from openimr.records.linking import _kinds_named

    doc = _doc("w", text)
    facts = extract_facts([doc])
    ctx = linkrank.context([doc], facts, {("w", 1): text}, (), _kinds_named)
    source = next(i for i, f in enumerate(facts) if f.evidence.quote.startswith(quote)
                  and linkrank.is_source(f))
    return ctx, source, linkrank.candidates(facts, source, ctx.order)


@pytest.mark.parametrize(("sentence", "cue"), [
    ("After starting baclofen he can climb the stairs to his bedroom.", "after"),
    ("Thanks to the baclofen he can climb the stairs to his bedroom.", "from"),
    ("With the baclofen on board he can climb the stairs to his bedroom.", "with"),
    ("Baclofen has really helped: he can climb the stairs to his bedroom.", "subject"),
])
def test_the_treatment_a_sentence_credits_with_a_change_is_marked_as_its_cause(
        sentence: str, cue: str) -> None:
    text = ("Current medications: baclofen 10 mg TID, celecoxib 200 mg daily.\n"
            "Cervical ESI at C6-7 on 02/11/2024 gave 50% relief for three weeks.\n"
            f"{sentence}\n")
    ctx, source, found = _place(text, "can climb the stairs")
    place = linkrank.where(ctx, source, found)
    credited = [ctx.facts[i].evidence.quote.lower() for i in place.attributed]
    assert credited == ["baclofen"] and set(place.attributed.values()) == {cue}
    assert ctx.facts[place.nearest].evidence.quote.lower() == "baclofen"
    pairs = {ctx.facts[p.target].evidence.quote.lower() if p.target != NULL else None:
             p.features for p in linkrank.pairs(ctx, source, sentence, (), None)}
    assert pairs["baclofen"]["attributed"] == 1.0
    assert pairs["baclofen"]["in_sentence"] == 1.0
    # the procedure two lines up: another sentence, a treatment stated between, and its
    # date before the note's
    esi = next(f for q, f in pairs.items() if q and "esi" in q)
    assert esi["sentence_gap=1"] == 1.0 and esi["other_attributed"] == 1.0
    assert "attributed" not in esi and "in_sentence" not in esi


def test_a_row_of_a_medication_table_is_one_place() -> None:
    text = ("Drug | Dose | Response\n"
            "Tizanidine | 4 mg QHS | sleeping 6 hours, back to walking 2 miles a day\n"
            "Meloxicam | 15 mg daily | no functional change\n")
    ctx, source, found = _place(text, "no functional change")
    by_quote = {ctx.facts[p.target].evidence.quote.split()[0].lower(): p.features
                for p in linkrank.pairs(ctx, source,
                                        "Meloxicam | 15 mg daily | no functional change",
                                        (), None) if p.target != NULL}
    assert by_quote["meloxicam"]["same_row"] == 1.0
    assert "same_row" not in by_quote["tizanidine"]


CREDITED = [
    # a gain credited to a drug in its own sentence, a procedure stated just before
    ("Current medications: naproxen 500 mg BID, cyclobenzaprine 10 mg at bedtime.\n"
     "Lumbar medial branch block at L4-5 on 07/20/2023 gave 80% relief for two days.\n"
     "Since starting cyclobenzaprine he can sit through a 2-hour movie.\n",
     "can sit through a 2-hour movie", "cyclobenzaprine"),
    ("Meds: duloxetine 60 mg daily, oxycodone 5 mg q6h prn.\n"
     "Right knee Synvisc injection 06/02/2023.\n"
     "On oxycodone she is able to stand at the stove long enough to cook dinner.\n",
     "able to stand at the stove", "oxycodone"),
]


@pytest.mark.parametrize(("text", "gain", "cause"), CREDITED)
def test_the_shipped_ranker_links_a_gain_to_the_treatment_its_sentence_credits(
        text: str, gain: str, cause: str) -> None:
    facts = extract_facts([_doc("c", text, date=dt.date(2023, 9, 14))])
    by_key = {f.key: f for f in facts}
    linked = {f.evidence.quote: by_key[f.about].value.get("generic") if f.about else None
              for f in facts if f.kind.value == "functional_improvement"}
    assert linked[next(q for q in linked if q.startswith(gain))] == cause


def test_a_pairs_shared_features_are_weighed_once_with_the_same_score() -> None:
    """`Ranker.score_pair` weighs a shape's conjoined features once; the score is the one
    of the whole feature dict to the last bit, also for a second source of the same shape."""
    text = ("Current medications: gabapentin 300 mg TID, naproxen 500 mg BID.\n"
            "Since starting gabapentin she can walk her dog around the block.\n"
            "Naproxen gave no relief and upset her stomach.\n")
    ctx, source, _found = _place(text, "can walk her dog")
    rng = random.Random(7)
    found = linkrank.pairs(ctx, source, "Since starting gabapentin she can walk her dog.", (),
                           None)
    names = {name for p in found for name in p.features}
    model = Ranker({name: rng.uniform(-2, 2) for name in names}, 0.5)
    again = linkrank.pairs(ctx, source, "Since starting gabapentin she can walk her dog.", (),
                           None)
    # scored before their merged features are ever read (as `choose` does), then after
    unread = [model.score_pair(pair) for pair in again]
    for pair, score in zip(again, unread, strict=True):
        assert score == model.score(pair.features)
    for pair in [*found, *again]:
        assert model.score_pair(pair) == model.score(pair.features)
    assert any(p.shared is not None for p in found)
    # a pair built by hand (no shared part) is scored from its features
    assert model.score_pair(Pair(0, 1, {"in_clause": 1.0})) == model.score({"in_clause": 1.0})


def test_pairs_merge_their_features_only_when_read() -> None:
    """A pair from `pairs` holds its features in two parts; they are merged when first read,
    `has` answers as `in features` before and after, and a change to the merged features
    is what the pair is then scored by."""
    text = ("Meds: tramadol 50 mg q6h prn and ibuprofen 600 mg TID.\n"
            "With tramadol he is able to mow the lawn again.\n")
    ctx, source, _found = _place(text, "With tramadol he is able")
    clause = "With tramadol he is able to mow the lawn again."
    found = [p for p in linkrank.pairs(ctx, source, clause, (), None) if p.shared is not None]
    assert found
    names = {"null", "rule", "credited", "same_row", "in_sentence", "ckind=medication", "zzz"}
    for pair in found:
        before = {name: pair.has(name) for name in names}
        merged = dict(pair.features)
        assert merged == {**pair.shared, **pair.own}  # type: ignore[dict-item]
        assert before == {name: name in merged for name in names}
        assert pair == Pair(pair.source, pair.target, merged, pair.group)
    pair = found[0]
    model = Ranker({"extra": 5.0}, 0.5)
    pair.features["extra"] = 1.0
    assert pair.has("extra")
    assert model.score_pair(pair) == model.score(pair.features) == 5.0
