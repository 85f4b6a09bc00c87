"""`openimr eval redaction DIR`: how many placed identifiers the public copy removes, and
whether the clinical content (decisions, citations, rationales) is kept.

A set is a folder of letters, one folder each: `letter.txt`, `case.yaml` (the case file, as
far as it gives identifiers) and `identifiers.yaml` (every identifier string placed in the
letter, with its type). An identifier is removed when every letter and digit of every place
it stands in the letter is inside a redaction (a possessive "'s" after it may stay).
Clinical content is kept when, item by item, the parsed decision and citation are unchanged
and the rationale differs only where an identifier was removed.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from openimr.letters.redact import Redactor, Span
from openimr.model.errors import InputError
from openimr.model.yamltext import load_yaml


class Miss(BaseModel):
    letter: str
    type: str
    identifier: str
    context: str


class OverRedaction(BaseModel):
    letter: str
    item: str
    field: str
    removed: str


class TypeRecall(BaseModel):
    type: str
    identifiers: int
    removed: int


class RedactionReport(BaseModel):
    letters: int
    identifiers: int
    removed: int
    recall: float
    by_type: list[TypeRecall]
    items: int
    items_kept: int
    letters_kept: int
    misses: list[Miss]
    over_redactions: list[OverRedaction]

    def text(self) -> str:
        lines = [f"Redaction on {self.letters} letters: {self.removed}/{self.identifiers} "
                 f"identifiers removed, recall {self.recall:.2%}",
                 f"Clinical content kept: {self.items_kept}/{self.items} items "
                 f"(decision, citation and rationale unchanged apart from redactions); "
                 f"{self.letters_kept}/{self.letters} letters entirely kept"]
        for row in self.by_type:
            lines.append(f"  {row.type:<28} {row.removed:>5}/{row.identifiers:<5}")
        for miss in self.misses[:50]:
            lines.append(f"  missed {miss.letter} {miss.type}: {miss.identifier!r} in "
                         f"...{miss.context}...")
        for over in self.over_redactions[:50]:
            lines.append(f"  over-redacted {over.letter} {over.item} {over.field}: "
                         f"{over.removed!r}")
        return "\n".join(lines) + "\n"


def _identifiers(data: Any) -> list[tuple[str, str]]:
    """(type, string) pairs from the shapes an identifiers file may take."""
    if isinstance(data, dict) and "identifiers" in data:
        data = data["identifiers"]
    pairs: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for kind, values in data.items():
            for value in values if isinstance(values, list) else [values]:
                pairs += [(str(kind), v) for _, v in _identifiers([value])] if isinstance(
                    value, dict) else [(str(kind), str(value))]
    elif isinstance(data, list):
        for entry in data:
            if isinstance(entry, dict):
                value = next((entry[k] for k in ("text", "value", "string", "identifier",
                                                 "surface", "form") if k in entry), None)
                kind = next((entry[k] for k in ("type", "kind", "category", "label")
                             if k in entry), "unknown")
                if value is not None:
                    pairs.append((str(kind), str(value)))
            elif entry is not None:
                pairs.append(("unknown", str(entry)))
    return [(kind, value) for kind, value in pairs if value.strip()]


def _read_yaml(path: Path) -> Any:
    try:
        return load_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError(f"{path}: {error}") from error


def _covered(start: int, end: int, text: str, spans: list[Span]) -> bool:
    """Every letter and digit of text[start:end] lies in a redaction span."""
    for index in range(start, end):
        if not text[index].isalnum():
            continue
        if not any(s.start <= index < s.end for s in spans):
            return False
    return True


def _occurrences(text: str, identifier: str) -> list[tuple[int, int]]:
    pattern = (r"(?<![A-Za-z0-9])" + r"\s+".join(re.escape(part) for part in identifier.split())
               + (r"(?![A-Za-z0-9])" if identifier[-1].isalnum() else ""))
    found = [m.span() for m in re.finditer(pattern, text, re.I)]
    return found


def _words(text: str | None) -> list[str]:
    return (text or "").split()


_TOKEN = re.compile(r"\[(?:NAME|ORGANIZATION|ID NUMBER|SSN|PHONE|EMAIL|ADDRESS|DATE OF BIRTH|"
                    r"age \d+)\]")


def _changed(original: str | None, redacted: str | None, allowed: set[str],
             common: set[str]) -> list[str]:
    """Words of the original that the public copy changed and that are not identifiers."""
    before, after = _words(original), _words(redacted)
    problems = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            continue
        inserted = " ".join(after[b0:b1])
        if _TOKEN.sub("", inserted).strip(" .,;:'s()\"#-"):
            problems.append(" ".join(before[a0:a1]) + " -> " + inserted)
            continue
        for word in before[a0:a1]:
            bare = re.sub(r"[^\w]", "", re.sub(r"'s\W*$", "", word)).lower()
            if bare and bare not in allowed and not _proper(word, common):
                problems.append(" ".join(before[a0:a1]))
                break
    return problems


def _proper(word: str, common: set[str]) -> bool:
    """A word that identifies rather than describes: a number, an address of mail, or a
    capitalized word that the letter never uses in lower case (a proper noun)."""
    if any(c.isdigit() for c in word) or "@" in word:
        return True
    bare = re.sub(r"[^\w'-]", "", word).removesuffix("'s")
    return bool(bare) and bare[0].isupper() and bare.lower() not in common


def evaluate_letter(folder: Path) -> tuple[list[tuple[str, str, bool, str]], list[OverRedaction],
                                           int, int]:
    """For one letter: (type, identifier, removed, context) rows, over-redactions, items, kept."""
    from openimr.corpus import parse_letter

    letter_path = folder / "letter.txt"
    try:
        text = letter_path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{letter_path}: {error.strerror}") from error
    case = _read_yaml(folder / "case.yaml") if (folder / "case.yaml").exists() else {}
    identifiers = _identifiers(_read_yaml(folder / "identifiers.yaml"))
    redaction = Redactor.for_case(case if isinstance(case, dict) else {}).redact(text)
    rows = []
    for kind, identifier in identifiers:
        places = _occurrences(text, identifier)
        removed = all(_covered(a, b, text, redaction.spans) for a, b in places)
        context = ""
        if not removed:
            a, b = next(p for p in places if not _covered(*p, text, redaction.spans))
            context = text[max(0, a - 40):b + 40].replace("\n", " ")
        rows.append((kind, identifier, removed, context))
    allowed = {re.sub(r"[^\w]", "", w).lower() for _, i in identifiers
               for w in re.split(r"[\s-]+", i)}
    allowed |= {re.sub(r"[^\w]", "", w).lower()
                for s in redaction.spans for w in re.split(r"[\s-]+", text[s.start:s.end])
                if _names_part(w, identifiers)}
    # Words the letter uses in lower case, and the words of the items and citations: clinical
    # vocabulary, whose removal is over-redaction even when capitalized.
    common = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    original, public = parse_letter(text), parse_letter(redaction.text)
    for parsed_item in original.items:
        common |= {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]+",
                                                 f"{parsed_item.item} {parsed_item.guideline_cited}")}
    overs: list[OverRedaction] = []
    items = len(original.items)
    kept = 0
    for index, item in enumerate(original.items):
        other = public.items[index] if index < len(public.items) else None
        problems: list[tuple[str, str]] = []
        if other is None:
            problems.append(("item", "the item is gone from the public copy"))
        else:
            if item.decision != other.decision:
                problems.append(("decision", f"{item.decision} -> {other.decision}"))
            for field in ("guideline_cited", "guideline_pages", "rationale"):
                for problem in _changed(getattr(item, field, None), getattr(other, field, None),
                                        allowed, common):
                    problems.append((field, problem))
        overs += [OverRedaction(letter=folder.name, item=item.item[:60], field=f, removed=p)
                  for f, p in problems]
        kept += not problems
    return rows, overs, items, kept


def _names_part(word: str, identifiers: list[tuple[str, str]]) -> bool:
    """A redacted word that is part of some placed identifier (e.g. a title before a name)."""
    return bool(re.fullmatch(r"(?i)(?:mr|mrs|ms|miss|dr|doctor|the)\.?", word.strip(".,")))


def evaluate(directory: Path) -> RedactionReport:
    if not directory.is_dir():
        raise InputError(f"{directory} is not a folder of redaction test letters")
    folders = sorted(p.parent for p in directory.glob("*/letter.txt"))
    if not folders:
        raise InputError(f"{directory} holds no NNN/letter.txt")
    misses: list[Miss] = []
    overs: list[OverRedaction] = []
    by_type: dict[str, list[int]] = {}
    total = removed = items = items_kept = letters_kept = 0
    for folder in folders:
        rows, letter_overs, letter_items, letter_kept = evaluate_letter(folder)
        for kind, identifier, ok, context in rows:
            total += 1
            removed += ok
            counts = by_type.setdefault(kind, [0, 0])
            counts[0] += 1
            counts[1] += ok
            if not ok:
                misses.append(Miss(letter=folder.name, type=kind, identifier=identifier,
                                   context=context))
        overs += letter_overs
        items += letter_items
        items_kept += letter_kept
        letters_kept += not letter_overs
    return RedactionReport(
        letters=len(folders), identifiers=total, removed=removed,
        recall=removed / total if total else 1.0,
        by_type=[TypeRecall(type=k, identifiers=v[0], removed=v[1])
                 for k, v in sorted(by_type.items())],
        items=items, items_kept=items_kept, letters_kept=letters_kept, misses=misses,
        over_redactions=overs)
