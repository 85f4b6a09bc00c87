"""The item parser's vocabulary (data/item_vocabulary.yaml), compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


def _compile(patterns: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@dataclass(frozen=True)
class Subcategory:
    key: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class CategoryRule:
    category: str
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    subcategories: tuple[Subcategory, ...]
    default_subcategory: str | None
    weak: bool
    surgery: bool

    def first_match(self, text: str) -> int | None:
        """Where the rule matches in `text` (earliest position), or None."""
        if any(p.search(text) for p in self.unless):
            return None
        hits = [m.start() for p in self.patterns if (m := p.search(text))]
        return min(hits) if hits else None

    def subcategory(self, text: str) -> str | None:
        for sub in self.subcategories:
            if any(p.search(text) for p in sub.patterns):
                return sub.key
        return self.default_subcategory


@dataclass(frozen=True)
class Surgery:
    key: str
    body_part: str | None
    aliases: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


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
    data = yaml.safe_load(text.read_text("utf-8"))
    categories = tuple(
        CategoryRule(
            category=rule["category"],
            patterns=_compile(rule["patterns"]),
            unless=_compile(rule.get("unless", [])),
            subcategories=tuple(Subcategory(s["key"], _compile(s["patterns"]))
                                for s in rule.get("subcategories", [])),
            default_subcategory=rule.get("default_subcategory"),
            weak=bool(rule.get("weak", False)),
            surgery=bool(rule.get("surgery", False)),
        )
        for rule in data["categories"]
    )
    return Vocabulary(
        categories=categories,
        body_parts=tuple((k, _compile(v)) for k, v in data["body_parts"].items()),
        sides=tuple((k, _compile(v)) for k, v in data["sides"].items()),
        surgeries=tuple(
            Surgery(s["key"], s.get("body_part"), tuple(s.get("aliases", [])),
                    _compile(s["patterns"]))
            for s in data["surgeries"]
        ),
    )
