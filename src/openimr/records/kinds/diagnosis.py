"""Diagnoses: a lexicon of head phrases, read only where the note lists diagnoses."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from openimr.model.facts import FactKind
from openimr.records.kinds.base import Found, KindSpec, Mention, Trigger

_RULES = Path(__file__).resolve().parent.parent / "rules" / "diagnoses.yaml"
_CONTEXT_RE = re.compile(r"diagnos[ie]s|diagnosed|treated for|being treated|assessment|"
                         r"impression|\bdx\b|\bICD\b", re.IGNORECASE)
_LEFT_STOP_RE = re.compile(
    r"[;:\n(]|,\s*|\.\s|\b(?:and|with|for|as|of|include|includes|including|are|is|was|were|"
    r"has|had)\s|\b\d{1,2}[.)]\s", re.IGNORECASE)
_RIGHT_STOP_RE = re.compile(r"[;:\n]|,|\.(?!\d)|\band\b|\b\d{1,2}[.)]\s|\s-\s", re.IGNORECASE)
_ICD_RE = re.compile(r"\b([A-TV-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4})?)\b")
_LEADING_RE = re.compile(r"^(?:the following diagnoses|diagnoses|diagnosis|dx|[-*\s]+)\s*",
                         re.IGNORECASE)


@cache
def _lexicon() -> tuple[Trigger, ...]:
    data = yaml.safe_load(_RULES.read_text(encoding="utf-8"))
    triggers = []
    for group, phrases in data["groups"].items():
        for phrase in phrases:
            triggers.append(Trigger(literal=str(phrase), meta={"group": group}))
    return tuple(triggers)


def parse_diagnosis(mention: Mention) -> list[Found]:
    sentence = mention.sentence
    if mention.section != "diagnoses" and not _CONTEXT_RE.search(sentence):
        return []
    left = 0
    for match in _LEFT_STOP_RE.finditer(sentence, 0, mention.start):
        left = match.end()
    right_match = _RIGHT_STOP_RE.search(sentence, mention.end)
    right = right_match.start() if right_match else len(sentence)
    # An ICD code in parentheses right after the item belongs to it.
    code_match = re.match(r"\s*\(?\s*([A-TV-Z]\d[0-9AB](?:\.[0-9A-Z]{1,4})?)\s*\)?",
                          sentence[right:right + 14]) if right < len(sentence) else None
    item = sentence[left:right]
    stripped = _LEADING_RE.sub("", item)
    left += len(item) - len(stripped)
    item = stripped.rstrip(" -*")
    right = left + len(item)
    if not item or len(sentence[left:mention.start].split()) > 5 or len(
            sentence[mention.end:right].split()) > 8:
        return []  # a phrase inside prose, not a listed diagnosis
    code = _ICD_RE.search(item)
    code_text = code.group(1) if code else None
    if code_text is None and code_match and sentence[right:right + 14].lstrip().startswith("("):
        code_text = code_match.group(1)
    text = _ICD_RE.sub("", item).strip(" ()-,")
    return [Found({"text": text, "code": code_text, "group": mention.meta["group"]},
                  left, right)]


def specs() -> list[KindSpec]:
    return [KindSpec(FactKind.diagnosis, _lexicon(), parse_diagnosis)]
