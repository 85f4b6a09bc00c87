"""Trained reading of the narrative kinds: a sentence classifier, trained from scratch.

The narrative kinds (treatment outcomes, functional improvement and decline, ADL limits,
homebound, aberrant behaviour, red flags, psych symptoms, mechanism of injury) are said in
too many ways for rules alone. A spaCy multi-label text classifier (bag of words and
bigrams, hashed, no pretrained vectors) reads each sentence and gives, per label, the
probability that the sentence states such a fact. A label is the kind, with the value key
that matters for it (`FactValue.label_key`: "treatment_trial=failed",
"functional_improvement=False") and "/negated" when a kind without a presence key is
denied ("red_flag=cauda_equina/negated").

It runs only on sentences a cheap prefilter passes (a word the training set ties to a
label). How each kind is read is chosen on the development sets by `make train` and
recorded with the weights in `models/narrative/meta.json`:
- `rules`: the rules only;
- `union`: the rules, plus a trained fact where the rules found none of that kind in the
  sentence.

Training data: the v1 gold sets and the v2 corpus's train cases (`train_sources`).
"""

from __future__ import annotations

import json
import random
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openimr.model import Document
from openimr.model.facts import VALUE_MODELS
from openimr.records.pipeline import sentence_starts

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TrainablePipe

RECORDS = Path(__file__).resolve().parent
MODEL_DIR = RECORDS / "models" / "narrative"
NARRATIVE_KINDS = tuple(name for name, model in VALUE_MODELS.items() if model.narrative)
#: kinds whose value carries presence: a denial is a value, not a negated label
_PRESENCE = {"functional_improvement", "homebound", "aberrant_behavior"}
THRESHOLD = 0.5
GATE = 0.2  # a rule's fact is kept in `gated` mode when its kind has at least this weight
MODES = ("rules", "union", "gated", "trained")
_WORD_RE = re.compile(r"[a-z][a-z_'/-]+")


def label_of(kind: str, value: dict[str, Any], negated: bool) -> str:
    key = VALUE_MODELS[kind].label_key
    label = kind if key is None else f"{kind}={value.get(key)}"
    return f"{label}/negated" if negated and kind not in _PRESENCE else label


def parse_label(label: str) -> tuple[str, str | None, bool]:
    """(kind, labelled value or None, negated)."""
    negated = label.endswith("/negated")
    label = label.removesuffix("/negated")
    kind, _, value = label.partition("=")
    return kind, (value or None), negated


@lru_cache(maxsize=4)
def sentence_bounds(text: str) -> tuple[tuple[int, int], ...]:
    """The sentences of a page as (start, end), split as the pipeline splits them (cached:
    both trained readers split the page they are given)."""
    starts = sorted(sentence_starts(text))
    bounds = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if end > start:
            bounds.append((start, end))
    return tuple(bounds)


@dataclass(frozen=True)
class Sentence:
    text: str
    labels: frozenset[str]


def rule_token(kind: str, value: dict[str, Any]) -> str:
    """A rule's finding as a word the classifier reads beside the sentence's own."""
    key = VALUE_MODELS[kind].label_key
    return f"rule_{kind}_{value.get(key)}".lower() if key else f"rule_{kind}"


def classifier_text(sentence: str, rule_tokens: Iterable[str]) -> str:
    return " ".join([" ".join(sentence.split()), *sorted(set(rule_tokens))])


PageGold = tuple[str, list[tuple[int, int, str]], list[tuple[int, str]]]


def annotated_documents(sources: Iterable[Path]
                        ) -> Iterator[tuple[bool, Document, list[Any]]]:
    """(v2?, document, its annotated facts) for every document of v1 gold sets (`notes/`,
    `annotations/`) and v2 corpus sets (cases of several documents): what every trainer
    here learns from."""
    from openimr.records.evaluation import load_cases, load_gold

    for source in sources:
        v2 = not (source / "annotations").is_dir()
        items: Iterable[tuple[list[Document], list[Any]]] = (
            [(case.documents, case.facts) for case in load_cases(source)] if v2
            else [([document], gold) for document, gold in load_gold(source)])
        for documents, gold in items:
            for document in documents:
                yield v2, document, [g for g in gold if g.note == document.id]


def _pages_with_gold(source: Path) -> Iterator[PageGold]:
    """(page text, [(start, end, label)], [(start, rule token)]) for every page of a v1 gold
    set or v2 corpus: the annotations, and what the rules read there."""
    from openimr.records.extract import document_facts

    for _v2, document, gold in annotated_documents([source]):
        with rules_only():
            facts = document_facts(document)
        for page in document.pages:
            spans = [(g.start, g.end, label_of(g.kind, g.value, g.flags["negated"]))
                     for g in gold if g.kind in NARRATIVE_KINDS and g.page == page.number]
            rules = [(f.evidence.start, rule_token(f.kind.value, f.value)) for f in facts
                     if f.evidence.page == page.number and f.kind.value in NARRATIVE_KINDS]
            yield page.text, spans, rules


def sentences_of(sources: Iterable[Path]) -> list[Sentence]:
    out = []
    for source in sources:
        for text, spans, rules in _pages_with_gold(source):
            for start, end in sentence_bounds(text):
                labels = frozenset(label for s, _e, label in spans if start <= s < end)
                tokens = [token for s, token in rules if start <= s < end]
                out.append(Sentence(classifier_text(text[start:end], tokens), labels))
    return out


def _keywords(sentences: list[Sentence], per_label: int = 40) -> list[str]:
    """Words that tie a sentence to a label: the prefilter's vocabulary."""
    overall: Counter[str] = Counter()
    by_label: dict[str, Counter[str]] = {}
    for sentence in sentences:
        words = set(_WORD_RE.findall(sentence.text.lower()))
        overall.update(words)
        for label in sentence.labels:
            by_label.setdefault(label, Counter()).update(words)
    keep: set[str] = set()
    for counts in by_label.values():
        ranked = sorted(counts, key=lambda w: (-(counts[w] / (overall[w] + 2)), w))
        keep.update(w for w in ranked[:per_label] if counts[w] >= 2 and len(w) > 2)
    return sorted(keep)


def build_model(labels: list[str], *, exclusive: bool = False, length: int = 2 ** 15
                ) -> Language:
    """A text classifier over hashed words and bigrams: multi-label, or one label of
    `labels` (`exclusive`)."""
    import spacy

    nlp = spacy.blank("en")
    factory = "textcat" if exclusive else "textcat_multilabel"
    textcat = nlp.add_pipe(factory, config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": exclusive,
        "ngram_size": 2, "no_output_layer": False, "length": length}})
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    return nlp


def fit_textcat(texts: list[tuple[str, frozenset[str]]], labels: list[str], out_dir: Path,
                *, seed: int, epochs: int, exclusive: bool = False, length: int = 2 ** 15
                ) -> None:
    """Train a text classifier from scratch, seeded, and save it."""
    from spacy.training import Example
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    nlp = build_model(labels, exclusive=exclusive, length=length)
    examples = [Example.from_dict(nlp.make_doc(text),
                                  {"cats": {label: float(label in wanted) for label in labels}})
                for text, wanted in texts]
    optimizer = nlp.initialize(lambda: examples)
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(examples)
        for batch in minibatch(examples, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir / "textcat")


def train(sources: Iterable[Path], out_dir: Path, *, seed: int = 13, epochs: int = 12,
          limit: int | None = None) -> dict[str, Any]:
    """Train the sentence classifier on annotated sets and save it; returns its meta."""
    sentences = sentences_of(sources)
    if limit is not None:
        sentences = sentences[:limit]
    labels = sorted({label for s in sentences for label in s.labels})
    if not labels:
        raise ValueError("no narrative facts in the training sources")
    fit_textcat([(s.text, s.labels) for s in sentences], labels, out_dir, seed=seed,
                epochs=epochs)
    meta = {"labels": labels, "keywords": _keywords(sentences), "seed": seed,
            "epochs": epochs, "sentences": len(sentences),
            "labelled": sum(1 for s in sentences if s.labels),
            "modes": {kind: "rules" for kind in NARRATIVE_KINDS}}
    write_meta(out_dir, meta)
    return meta


def write_meta(out_dir: Path, meta: dict[str, Any]) -> None:
    (out_dir / "meta.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")


_LOAD_LOCK = threading.Lock()
_LOADED: dict[tuple[Callable[[Path], Any], Path], Any] = {}


def load_once[T](factory: Callable[[Path], T], model_dir: Path) -> T | None:
    """`factory(model_dir)`, made once per process and shared by its threads, or None when
    `model_dir` holds no weights (a checkout before `make train`). Under one lock: ten
    concurrent first drafts each loaded their own copy (issue 18)."""
    key = (factory, model_dir)
    with _LOAD_LOCK:
        if key not in _LOADED:
            _LOADED[key] = factory(model_dir) if (model_dir / "meta.json").is_file() else None
        return _LOADED[key]  # type: ignore[no-any-return]


def forget(model_dir: Path) -> None:
    """Drop what `load_once` holds from `model_dir` (the trainer, after new weights)."""
    with _LOAD_LOCK:
        for key in [key for key in _LOADED if key[1] == model_dir]:
            del _LOADED[key]


def load_textcat(path: Path) -> tuple[Language, TrainablePipe]:
    """A saved text classifier's component, its weights read into a component of the
    reading pipeline: the pipeline's vocabulary and tokenizer serve it (both are spaCy's
    blank English ones, and the classifier hashes words, so it needs no strings of its
    own). Loading a whole saved pipeline per classifier cost about a second each at
    start-up (issue 18)."""
    from spacy.util import load_config

    from openimr.records.pipeline import build_pipeline

    shared = build_pipeline()
    config = load_config(path / "config.cfg", interpolate=True)
    [name] = config["nlp"]["pipeline"]
    settings = dict(config["components"][name])
    factory = settings.pop("factory")
    component = shared.create_pipe(factory, name=name, config=settings)
    component.from_disk(path / name, exclude=["vocab"])  # type: ignore[union-attr]
    return shared, component  # type: ignore[return-value]


class TextcatReader:
    """A shipped classifier: its meta (`meta.json`) and its text classifier (`textcat/`)."""

    def __init__(self, model_dir: Path) -> None:
        self.meta: dict[str, Any] = json.loads((model_dir / "meta.json").read_text("utf-8"))
        self.nlp, self.textcat = load_textcat(model_dir / "textcat")
        self.keywords = frozenset(self.meta.get("keywords") or ())
        self.modes: dict[str, str] = dict(self.meta.get("modes") or {})

    def passes(self, sentence: str) -> bool:
        """The prefilter: a word its training ties to a label."""
        return not self.keywords.isdisjoint(_WORD_RE.findall(sentence.lower()))

    def cats(self, texts: Iterable[str], batch_size: int = 64
             ) -> Iterator[dict[str, float]]:
        """Per text, every label's probability."""
        docs = (self.nlp.make_doc(text) for text in texts)
        for doc in self.textcat.pipe(docs, batch_size=batch_size):
            yield doc.cats


class NarrativeReader(TextcatReader):
    """The shipped sentence classifier, used on the sentences its prefilter passes."""

    def __init__(self, model_dir: Path = MODEL_DIR) -> None:
        super().__init__(model_dir)

    def read(self, sentences: list[str], threshold: float = THRESHOLD
             ) -> list[dict[str, float]]:
        """Per sentence, the labels at or above the threshold with their probability."""
        return [{label: p for label, p in cats.items() if p >= threshold}
                for cats in self.cats(sentences)]


_override: dict[str, str] | None = None


def reader() -> NarrativeReader | None:
    return load_once(NarrativeReader, MODEL_DIR)


def modes() -> dict[str, str]:
    """How each narrative kind is read now (the recorded choice, or a trainer's trial)."""
    if _override is not None:
        return _override
    found = reader()
    return found.modes if found is not None else {}


@contextmanager
def rules_only() -> Iterator[None]:
    global _override
    saved, _override = _override, {kind: "rules" for kind in NARRATIVE_KINDS}
    try:
        yield
    finally:
        _override = saved


def set_modes(chosen: dict[str, str] | None) -> None:
    """Read with other modes (the trainer compares them); None restores the recorded ones."""
    global _override
    _override = chosen


@dataclass(frozen=True)
class Reading:
    """A fact the classifier read: its sentence span on the page, kind and value."""

    start: int
    end: int
    kind: str
    value: dict[str, Any]
    negated: bool


def trained_kinds() -> dict[str, set[str]]:
    """The narrative kinds by how they are read now: rules, union, gated, trained."""
    out: dict[str, set[str]] = {mode: set() for mode in MODES}
    for kind, mode in modes().items():
        out.setdefault(mode, set()).add(kind)
    return out


def read_page(text: str, found: list[tuple[str, int, str, int]],
              trials: list[tuple[int, int, int, str, str]] = ()  # type: ignore[assignment]
              ) -> tuple[list[Reading], set[int]]:
    """The classifier's facts on a page, and which of the rules' facts it does not back.

    `found` is (kind, start, rule token, end) of each fact the rules read on the page; `trials`
    is (index in `found`, start, end, treatment, outcome) of its treatment outcomes, which
    the mention classifier (`outcomes`) reads instead of the sentence classifier. In
    `union` mode a sentence that already has a fact of the kind gets no other; in `gated`
    mode a rule's fact stays only where the classifier gives its kind some weight
    (`GATE`); in `trained` mode the classifier alone reads the kind.
    """
    by_mode = trained_kinds()
    out, dropped = _read_outcomes(text, trials, modes().get("treatment_trial", "rules"))
    union, gated, alone = (by_mode[mode] - {"treatment_trial"}
                           for mode in ("union", "gated", "trained"))
    model = reader() if (union or gated or alone) else None
    if model is None:
        return out, dropped
    bounds = sentence_bounds(text)
    wanted = []
    for start, end in bounds:
        tokens = [t for k, s, t, _e in found if start <= s < end and k in NARRATIVE_KINDS]
        if tokens or model.passes(text[start:end]):
            wanted.append((start, end, classifier_text(text[start:end], tokens)))
    if not wanted:
        return out, dropped
    cats = model.read([w[2] for w in wanted], threshold=min(GATE, THRESHOLD))
    for (start, end, sentence), labels in zip(wanted, cats, strict=True):
        weighty = {parse_label(label)[0] for label in labels}
        for index, (kind, s, _t, _e) in enumerate(found):
            if kind in gated and start <= s < end and kind not in weighty:
                dropped.add(index)
        for label in sorted(labels):
            kind, labelled, negated = parse_label(label)
            if labels[label] < THRESHOLD or kind not in union | alone:
                continue
            if kind in union and any(k == kind and start <= s < end for k, s, _t, _e in found):
                continue
            plain = sentence.split(" rule_")[0]
            for value in values_for(kind, labelled, plain):
                out.append(Reading(start, end, kind, value, negated))
    return out, dropped


def _read_outcomes(text: str, trials: list[tuple[int, int, int, str, str]], mode: str
                   ) -> tuple[list[Reading], set[int]]:
    """Treatment outcomes read per mention (`outcomes`), and the rules' outcomes they
    overrule: `union` adds an outcome where the rules have none for that treatment in the
    mention's segment; `gated` also lets the classifier's outcome replace a different one
    of the rules' there; `trained` reads outcomes by the classifier alone."""
    from openimr.records import outcomes

    model = outcomes.reader() if mode in ("union", "gated", "trained") else None
    if model is None:
        return [], set()
    found = outcomes.candidates(text, [t[1:] for t in trials], model.passes)
    out: list[Reading] = []
    dropped: set[int] = {t[0] for t in trials} if mode == "trained" else set()
    for candidate, outcome in model.read(found):
        lo, hi = candidate.seg_start, candidate.seg_end
        mine = [t for t in trials if t[3] == candidate.treatment and lo <= t[1] < hi]
        if mode == "union" and mine:
            continue
        if mode == "gated":
            dropped.update(t[0] for t in mine if t[4] != outcome)
            if any(t[4] == outcome for t in mine):
                continue
        while lo < hi and not text[lo].isalnum():
            lo += 1
        while hi > lo and not text[hi - 1].isalnum() and text[hi - 1] not in ")\"'":
            hi -= 1
        out.append(Reading(lo, hi, "treatment_trial",
                           {"treatment": candidate.treatment, "outcome": outcome}, False))
    return out, dropped


def values_for(kind: str, labelled: str | None, sentence: str) -> list[dict[str, Any]]:
    """The values a labelled sentence gives; the closed vocabularies come from the rules."""
    if kind == "treatment_trial":
        from openimr.records.kinds.history import _treatments_in

        treatments = dict.fromkeys(name for _s, _e, name in _treatments_in(sentence))
        return [{"treatment": name, "outcome": labelled} for name in treatments]
    if kind == "adl_limitation":
        from openimr.records.kinds.clinical import _ADL_ACTIVITIES

        low = sentence.lower()
        for key in sorted(_ADL_ACTIVITIES, key=len, reverse=True):
            if re.search(rf"\b{re.escape(key)}", low):
                return [{"activity": _ADL_ACTIVITIES[key]}]
        return [{"activity": "other"}]
    if kind == "functional_improvement":
        return [{"present": labelled == "True", "domain": "general", "detail": sentence[:80]}]
    if kind in ("homebound",):
        return [{"present": labelled == "True"}]
    if kind == "aberrant_behavior":
        return [{"behavior": "aberrant behavior", "present": labelled == "True"}]
    if kind == "red_flag":
        return [{"flag": labelled}]
    if kind == "psych_symptom":
        return [{"symptom": labelled}]
    if kind == "mechanism_of_injury":
        return [{"detail": sentence[:160]}]
    return []
