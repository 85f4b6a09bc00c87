"""The medspaCy pipeline, built once per process.

`spacy.blank("en")` tokenizer -> a rule-based sentence splitter (PyRuSH is ~3,700 words/s,
far too slow for a 300-page record) -> medspaCy TargetMatcher (every fact kind's trigger
rules) -> Sectionizer (section headers; past history makes mentions historical, family
history makes them family) -> ConText (negated, historical, hypothetical, family).
Mentions live in a span group, so triggers of different kinds may overlap. Section
headers are recognised by their colon ("Past Medical History:").
"""

from __future__ import annotations

import re
import warnings
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from openimr.records.kinds import all_specs

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

RULES = Path(__file__).resolve().parent / "rules"
SPAN_GROUP = "medspacy_spans"

_ABBREVIATIONS = {"dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "approx", "etc", "no", "st",
                  "pt", "b.i.d", "t.i.d", "q.i.d", "p.o", "q.d", "h.s", "p.r.n", "fig", "inc",
                  "jr", "sr", "mg", "min", "max", "dept", "ave", "co", "corp", "lt", "rt"}
_BOUNDARY_RE = re.compile(
    # end punctuation, then a capital, digit, bullet or quote
    r"(?P<stop>[.!?])[\"')\]]?[ \t]+(?=[A-Z0-9\"(\[\-*])"
    # a blank line
    r"|\n[ \t]*\n\s*"
    # a new line that opens a list item or a "Header:" line, or follows a colon
    r"|\n(?=[ \t]*(?:[-*]\s|\d{1,2}[.)]\s|[A-Z][A-Za-z /&()'-]{1,40}:))"
    r"|(?<=:)[ \t]*\n"
    # a line in capitals (a header without colon)
    r"|(?<=\n)(?=[A-Z][A-Z0-9 /&'-]{3,60}\n)|(?<=[A-Z]{4})\n(?=[A-Z][a-z])"
)
_WORD_BEFORE_RE = re.compile(r"([A-Za-z.]+)$")


def sentence_starts(text: str) -> set[int]:
    """Character offsets where a sentence starts: fast, clinical-note aware."""
    starts = {0}
    for match in _BOUNDARY_RE.finditer(text):
        if match.group("stop"):
            word = _WORD_BEFORE_RE.search(text, 0, match.start())
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if match.group("stop") == "." and match.start() > 0 and text[
                    match.start() - 1].isdigit() and text[match.end():match.end() + 1].isdigit():
                continue
        starts.add(match.end())
    return starts


def _install_sentence_splitter() -> str:
    from spacy.language import Language

    name = "openimr_sentences"
    if name not in Language.factories:
        @Language.component(name)
        def split_sentences(doc: Doc) -> Doc:
            starts = doc.user_data.get("openimr_starts") or sentence_starts(doc.text)
            opening = True  # whitespace between sentences belongs to the one before
            for token in doc:
                if token.idx in starts and token.i > 0:
                    opening = True
                if opening and not token.is_space:
                    token.is_sent_start = True
                    opening = False
                else:
                    token.is_sent_start = token.i == 0
            return doc
    return name


def _silence_pyrush() -> None:
    # medspaCy imports PyRuSH, which logs through loguru on import and per document.
    try:
        from loguru import logger
    except ImportError:  # pragma: no cover - loguru comes with medspaCy
        return
    logger.disable("PyRuSH")
    logger.disable("medspacy")


@cache
def build_pipeline() -> Language:
    """The pipeline: built once, shared by every document of the process."""
    _silence_pyrush()
    import spacy
    from medspacy.context import ConText, ConTextRule
    from medspacy.section_detection import Sectionizer, SectionRule
    from medspacy.target_matcher import TargetMatcher, TargetRule

    nlp = spacy.blank("en")
    nlp.add_pipe(_install_sentence_splitter())
    matcher: TargetMatcher = nlp.add_pipe(
        "medspacy_target_matcher", config={"result_type": "group", "prune": False})
    rules = []
    for spec in all_specs():
        # The label names the rule: spaCy keeps span extensions per character span, not
        # per label, so a rule stored on the span would be shared by same-span mentions.
        for index, trigger in enumerate(spec.triggers):
            rules.append(TargetRule(trigger.literal, f"{spec.kind.value}#{index}",
                                    pattern=trigger.regex))
    matcher.add(rules)

    sections = yaml.safe_load((RULES / "sections.yaml").read_text(encoding="utf-8"))
    sectionizer: Sectionizer = nlp.add_pipe(
        "medspacy_sectionizer",
        config={"rules": None, "input_span_type": "group", "require_start_line": False,
                "span_attrs": {"past_medical_history": {"is_historical": True},
                               "past_surgical_history": {"is_historical": True},
                               "family_history": {"is_family": True}}})
    section_rules = []
    for category, titles in sections["sections"].items():
        for title in titles:
            section_rules.append(SectionRule(f"{title}:", category))
    sectionizer.add(section_rules)

    context_data = yaml.safe_load((RULES / "context.yaml").read_text(encoding="utf-8"))
    context: ConText = nlp.add_pipe(
        "medspacy_context", config={"rules": None, "input_span_type": "group"})
    context.add([
        ConTextRule(rule["literal"], rule["category"], direction=rule["direction"],
                    pattern=rule.get("pattern"), max_scope=rule.get("max_scope"))
        for rule in context_data["rules"]
    ])
    return nlp


def process(text: str) -> Doc:
    """Run the pipeline on one page of text.

    Sentences are split on the text as written (line breaks carry structure), but the
    matchers see line breaks as spaces (same length, so offsets hold) so that a phrase
    wrapped over two lines is still one phrase.
    """
    nlp = build_pipeline()
    doc = nlp.make_doc(text.replace("\n", " "))
    doc.user_data["openimr_starts"] = sentence_starts(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _, component in nlp.pipeline:
            doc = component(doc)
    return doc
