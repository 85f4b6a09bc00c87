"""The categories table (data/item_vocabulary.yaml), compiled once.

Every classification of a disputed item derives from this one table: the item parser's rules, the
categories topics may name, the default unit of a bare count, the drug classes of each drug
category, the reviewer specialty group and the names older corpus data used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from openimr.model.yamltext import load_yaml


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@dataclass(frozen=True)
class Subcategory:
    key: str
    patterns: tuple[re.Pattern[str], ...]
    #: Words that rule the subcategory out ("TENS unit rental with supplies" orders the unit).
    unless: tuple[re.Pattern[str], ...] = ()

    def matches(self, text: str) -> bool:
        return (any(p.search(text) for p in self.patterns)
                and not any(p.search(text) for p in self.unless))


@dataclass(frozen=True)
class CategoryRule:
    category: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    subcategories: tuple[Subcategory, ...]
    default_subcategory: str | None
    weak: bool
    surgery: bool
    unit: str | None = None
    drug_classes: tuple[str, ...] = ()
    reviewer: str | None = None
    corpus_aliases: tuple[str, ...] = ()
    #: "surgeries": the subcategories are the surgery keys (surgery, postsurgical therapy).
    subcategories_from: str | None = None

    def first_match(self, text: str) -> int | None:
        """Where the rule matches in `text` (earliest position), or None."""
        if not self.patterns or any(p.search(text) for p in self.unless):
            return None
        hits = [m.start() for p in self.patterns if (m := p.search(text))]
        return min(hits) if hits else None

    def subcategory(self, text: str) -> str | None:
        for sub in self.subcategories:
            if sub.matches(text):
                return sub.key
        return self.default_subcategory


@dataclass(frozen=True)
class Surgery:
    key: str
    body_part: str | None
    aliases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    reviewer: str | None = None


@dataclass(frozen=True)
class Vocabulary:
    categories: tuple[CategoryRule, ...]
    body_parts: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    sides: tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]
    surgeries: tuple[Surgery, ...]

    def surgery(self, text: str) -> Surgery | None:
        for surgery in self.surgeries:
            if any(p.search(text) for p in surgery.patterns):
                return surgery
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """Every category key, in table order."""
        return tuple(rule.category for rule in self.categories)

    def category(self, name: str) -> CategoryRule | None:
        return next((rule for rule in self.categories if rule.category == name), None)

    def subcategories_of(self, name: str) -> frozenset[str]:
        """The subcategory keys a category can have (surgery keys and their aliases for
        surgery and the therapy that follows it)."""
        rule = self.category(name)
        if rule is None:
            return frozenset()
        keys = {s.key for s in rule.subcategories}
        if rule.default_subcategory:
            keys.add(rule.default_subcategory)
        if rule.surgery or rule.subcategories_from == "surgeries":
            keys |= {k for s in self.surgeries for k in (s.key, *s.aliases)}
        return frozenset(keys)

    def class_category(self, drug_class: str) -> str:
        """The category of a drug table class; a class no category claims is `other_drug`."""
        for rule in self.categories:
            if drug_class in rule.drug_classes:
                return rule.category
        return "other_drug"

    def default_unit(self, category: str | None) -> str | None:
        rule = self.category(category or "")
        return rule.unit if rule else None

    def reviewer_group(self, category: str | None, subcategory: str | None = None) -> str | None:
        """The reviewer specialty group of an item: its surgery's, else its category's."""
        rule = self.category(category or "")
        if rule is None:
            return None
        if rule.surgery:
            key = self.surgery_key(subcategory)
            surgery = next((s for s in self.surgeries if s.key == key), None)
            if surgery is not None and surgery.reviewer:
                return surgery.reviewer
        return rule.reviewer

    def canonical_category(self, name: str | None) -> str | None:
        """A category key for a name older corpus data used (`joint_injection`, `lab_testing`)."""
        if name is None:
            return None
        for rule in self.categories:
            if name == rule.category or name in rule.corpus_aliases:
                return rule.category
        return None

    def surgery_key(self, key: str | None) -> str | None:
        """The canonical surgery key for a key or one of its aliases."""
        if key is None:
            return None
        for surgery in self.surgeries:
            if key == surgery.key or key in surgery.aliases:
                return surgery.key
        return None


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    text = resources.files("openimr.guidelines").joinpath("data", "item_vocabulary.yaml")
    data = load_yaml(text.read_text("utf-8"))
    categories = tuple(
        CategoryRule(
            category=rule["category"],
            patterns=_compile(rule.get("patterns", [])),
            unless=_compile(rule.get("unless", [])),
            subcategories=tuple(Subcategory(s["key"], _compile(s["patterns"]),
                                            _compile(s.get("unless", [])))
                                for s in rule.get("subcategories", [])),
            default_subcategory=rule.get("default_subcategory"),
            weak=bool(rule.get("weak", False)),
            surgery=bool(rule.get("surgery", False)),
            unit=rule.get("unit"),
            drug_classes=tuple(rule.get("drug_classes", [])),
            reviewer=rule.get("reviewer"),
            corpus_aliases=tuple(rule.get("corpus_aliases", [])),
            subcategories_from=rule.get("subcategories_from"),
        )
        for rule in data["categories"]
    )
    names = [rule.category for rule in categories]
    if len(names) != len(set(names)):
        raise ValueError(f"item_vocabulary.yaml: a category is listed twice: {names}")
    return Vocabulary(
        categories=categories,
        body_parts=tuple((k, _compile(v)) for k, v in data["body_parts"].items()),
        sides=tuple((k, _compile(v)) for k, v in data["sides"].items()),
        surgeries=tuple(
            Surgery(s["key"], s.get("body_part"), tuple(s.get("aliases", [])),
                    _compile(s["patterns"]), s.get("reviewer"))
            for s in data["surgeries"]
        ),
    )
