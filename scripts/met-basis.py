"""List, per met requirement of every drafted item, what its evidence rests on.

For each decision set given (folders of NNN-case/case.yaml with label.yaml), every item is
drafted and each met requirement's evidence is printed with the role of its document
(treating, second-hand, form, procedure report), the flags of the fact read from it (negated,
hypothetical, historical, family, second-hand, copied forward) and warning words of its
sentence (a plan, a denial, a relative, a guideline quote). A line starts with `!` when every
piece of evidence of the criterion is weak in one of these ways: a basis a careful reviewer
would not accept alone. Usage (from the repository):

    .venv/bin/python scripts/met-basis.py examples/decisions/dev examples/decisions/dev-2 ...

Never give it a set no one may tune on: it prints the cases.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from openimr.guidelines.items import parse_item  # noqa: F401  (the draft's own parser)
from openimr.model import CriterionRole, CriterionStatus
from openimr.review.drafting import (
    is_form,
    is_procedure_report,
    not_findings,
    review_case_file,
)

#: Words of a sentence that make its statement doubtful as a finding of today.
_WARNINGS = {
    "plan": re.compile(r"\b(?:will|would|plan\w*|consider\w*|if\s+(?:no|not|she|he|they|it)|"
                       r"may\s+(?:try|need|benefit)|should|recommend\w*|trial\s+of|candidate)\b",
                       re.IGNORECASE),
    "denial": None,  # set per evidence: a denial word just before the quoted words (_denied)
    "relative": re.compile(r"\b(?:mother|father|sister|brother|wife|husband|family\s+history|"
                           r"son|daughter|FHx?)\b", re.IGNORECASE),
    "guideline": re.compile(r"\b(?:MTUS|ACOEM|ODG|guideline\w*|criteria|per\s+the)\b",
                            re.IGNORECASE),
    "past": re.compile(r"\b(?:previously|prior|history\s+of|in\s+20\d\d|years?\s+ago|at\s+that\s+"
                       r"time|initially|had\s+been)\b", re.IGNORECASE),
    "other_part": None,  # set per item: the sentence names another region, not the requested
    "told": re.compile(r"\b(?:per\s+(?:the\s+)?(?:UR|attorney|adjuster|case\s+manager|nurse)|"
                       r"according\s+to|reportedly|letter|summary)\b", re.IGNORECASE),
}


#: Body regions by the words that name them (the request's `body_part` is one of the keys).
_REGIONS = {
    "knee": r"knees?", "shoulder": r"shoulders?", "lumbar_spine": r"lumbar|low\s+back|LBP",
    "cervical_spine": r"cervical|neck", "wrist": r"wrists?", "hand": r"hands?|fingers?|thumb",
    "elbow": r"elbows?", "hip": r"hips?", "ankle": r"ankles?|foot|feet",
}


#: Limb regions where a spine's nerve roots are examined (an ankle jerk, a weak thumb, numbness
#: of the foot are findings of the lumbar or cervical spine, not another body part).
_SPINE_LIMBS = {"lumbar_spine": {"ankle", "knee", "hip"},
                "cervical_spine": {"shoulder", "elbow", "wrist", "hand"}}


def _other_part(sentence: str, requested: str | None) -> bool:
    """The sentence names a region other than the one requested, and not the requested one."""
    if not requested or requested not in _REGIONS:
        return False
    named = {part for part, words in _REGIONS.items()
             if re.search(rf"\b(?:{words})\b", sentence, re.IGNORECASE)}
    named -= _SPINE_LIMBS.get(requested, set())
    return bool(named) and requested not in named


def _denied(sentence: str, quote: str) -> bool:
    """A denial word stands just before the quoted words (within three words): a denial
    elsewhere in the sentence ("otherwise neg", "reflexes L 2+, no clonus") is not this one's."""
    at = sentence.lower().find(" ".join(quote.split()).lower())
    before = sentence[:at] if at >= 0 else sentence
    return bool(re.search(r"\b(?:no|not|denies|denied|without|negative|neg|absent|resolved)"
                          r"\W+(?:[\w/+-]+\W+){0,3}$", before, re.IGNORECASE))


def role_of(document, second_hand: set[str]) -> str:
    if document.id in second_hand:
        return "second_hand"
    if is_form(document):
        return "form"
    if is_procedure_report(document):
        return "procedure"
    return "treating"


def main(folders: list[str]) -> None:
    for folder in folders:
        for case_yaml in sorted(Path(folder).glob("*-case/case.yaml")):
            labels = yaml.safe_load((case_yaml.parent / "label.yaml").read_text())
            final = case_yaml.parent / "final.yaml"
            if final.exists():
                labels = yaml.safe_load(final.read_text()) or labels
            expected = {i["item"]: i.get("label") for i in labels.get("items", [])}
            review = review_case_file(case_yaml)
            documents = {d.id: d for d in review.documents}
            second_hand = set(not_findings(review.documents))
            by_span = {(f.evidence.document, f.evidence.page, f.evidence.start, f.evidence.end): f
                       for f in review.facts}
            texts = {(d.id, p.number): p.text for d in review.documents for p in d.pages}
            for item in review.determination.determinations:
                label = expected.get(item.item)
                head = (f"{folder.rstrip('/').split('/')[-1]}/{case_yaml.parent.name} "
                        f"{item.item!r} drafted={item.decision.value} label={label} "
                        f"attention={item.needs_physician_attention}")
                print(head)
                for result in item.criteria:
                    if (result.status is not CriterionStatus.met
                            or result.role is not CriterionRole.requirement):
                        continue
                    lines, weak = [], []
                    for e in result.evidence:
                        fact = by_span.get((e.document, e.page, e.start, e.end))
                        document = documents.get(e.document)
                        role = role_of(document, second_hand) if document else "?"
                        flags = []
                        if fact is not None:
                            flags = [k for k in ("negated", "hypothetical", "historical",
                                                 "family", "second_hand") if getattr(fact, k)]
                            if fact.copy_of is not None:
                                flags.append("copied")
                        text = texts.get((e.document, e.page), "")
                        start = max(text.rfind(".", 0, e.start), text.rfind("\n", 0, e.start)) + 1
                        ends = [i for i in (text.find(".", e.end), text.find("\n", e.end))
                                if i >= 0]
                        sentence = " ".join(text[start:min(ends) if ends else len(text)].split())
                        words = [w for w, pattern in _WARNINGS.items()
                                 if pattern is not None and pattern.search(sentence)]
                        if _denied(sentence, e.quote):
                            words.append("denial")
                        if _other_part(sentence, (item.request or {}).get("body_part")):
                            words.append("other_part")
                        weak.append(role != "treating" or bool(flags) or bool(words))
                        kind = fact.kind.value if fact is not None else "-"
                        lines.append(f"      {e.document}({role}) {kind} {flags} {words} "
                                     f"{e.quote[:60]!r} | {sentence[:140]!r}")
                    mark = "!" if weak and all(weak) else " "
                    print(f"  {mark} {result.id} ({len(result.evidence)} evidence)")
                    print("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv[1:])
