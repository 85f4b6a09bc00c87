"""How much is asked for: visits, frequency x duration, hours, days, rental or purchase.

All functions take lower-cased text with dates and spinal levels already blanked out, so that
"7/29/2013" or "L4-5" is never read as a count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from openimr.model.numbers import NUMBER_WORD_PATTERN, NUMBER_WORDS, WEEKS_PER_MONTH

_NUM = r"(\d+(?:\.\d+)?)"
_RANGE = rf"{_NUM}(?:\s*(?:-|to|or)\s*{_NUM})?"
# "2x/week", "3 times a week", "1 time per week", "1 visit a week", "1/wk", "1x weekly".
_PER_WEEK = (r"\s*(?:x|times?)\s*(?:/|per|a|an|each|every)?\s*(?:week|wk)s?\b|"
             r"\s*(?:visits?|sessions?|treatments?)?\s*(?:/|per|a|an|each|every)\s*(?:week|wk)\b|"
             r"\s*(?:x|times?)?\s*weekly\b")
_SPAN = rf"{_NUM}\s*(weeks?|wks?|w\b|months?|mos?\b|days?)"
_UNITS = (r"visits?|sessions?|treatments?|appointments?|injections?|units?|days?|hours?|hrs?|"
          r"classes|views|blocks?")

def words_to_numbers(text: str) -> str:
    """"six sessions" -> "6 sessions"; "twice a week" -> "2x a week"; "once weekly" -> "1x weekly"."""
    text = re.sub(r"\btwice\b", "2x", text)
    text = re.sub(r"\bthrice\b", "3x", text)
    text = re.sub(r"\bonce\b(?=\s*(a|per|/|weekly|every|each|(?:a|per|each)?\s*w(?:ee)?k))", "1x", text)
    return re.sub(r"\b(" + NUMBER_WORD_PATTERN + r")\b",
                  lambda m: str(NUMBER_WORDS[m.group(1)]), text)


def _top(low: str, high: str | None) -> float:
    """"2-3 times a week" asks for up to 3: the request is judged by its upper bound."""
    return max(float(low), float(high)) if high else float(low)


def _weeks(number: str, unit: str) -> float:
    if unit.startswith("m"):
        return float(number) * WEEKS_PER_MONTH
    if unit.startswith("d"):
        return float(number) / 7
    return float(number)


def _int(value: float | None) -> int | None:
    return None if value is None else int(round(value))


@dataclass
class Amounts:
    quantity: int | None = None
    unit: str | None = None
    frequency_per_week: float | None = None
    duration_weeks: float | None = None
    hours_per_week: float | None = None
    days: int | None = None
    rental_days: int | None = None
    purchase: bool | None = None
    notes: list[str] = field(default_factory=list)


def _unit_name(word: str) -> str:
    word = word.rstrip(".")
    mapping = {"hr": "hours", "hrs": "hours", "hour": "hours", "day": "days", "class": "classes",
               "block": "blocks"}
    if word in mapping:
        return mapping[word]
    return word if word.endswith("s") else word + "s"


def parse_amounts(text: str) -> Amounts:
    amounts = Amounts()
    _rental(text, amounts)
    _hours(text, amounts)
    _frequency_duration(text, amounts)
    if amounts.quantity is None and amounts.hours_per_week is None:
        # With frequency and duration given, only an explicit "N visits" overrides their product.
        _explicit_quantity(text, amounts,
                           counted_only=bool(amounts.frequency_per_week and amounts.duration_weeks))
    if amounts.quantity is None and amounts.frequency_per_week and amounts.duration_weeks:
        amounts.quantity = _int(amounts.frequency_per_week * amounts.duration_weeks)
        amounts.unit = amounts.unit or "visits"
    if (amounts.quantity and amounts.frequency_per_week and amounts.duration_weeks is None
            and amounts.unit in (None, "visits", "sessions", "treatments")):
        amounts.duration_weeks = round(amounts.quantity / amounts.frequency_per_week, 2)
    return amounts


def _rental(text: str, amounts: Amounts) -> None:
    match = (re.search(rf"{_NUM}[\s-]*(days?|weeks?|months?|mos?)\b[\s-]*"
                       r"(?:(?:home|in[\s-]*home)(?:[\s-]*based)?[\s-]+)?(?:rental|rent|trial|loan)", text)
             or re.search(rf"(?:rental|rent|trial|loan)\s*(?:period\s*)?(?:x|for|of)?\s*{_NUM}\s*"
                          r"(days?|weeks?|months?|mos?)\b", text))
    if match:
        number, unit = float(match.group(1)), match.group(2)
        per_unit = 30 if unit.startswith("m") else 7 if unit.startswith("w") else 1
        amounts.rental_days = _int(number * per_unit)
        amounts.purchase = False
    elif re.search(r"\brent(al|ed)?\b", text):
        amounts.purchase = False
    bought = re.search(r"\b(purchase|purchased|buy|dispense and keep|for home use permanently)\b", text)
    if bought and re.search(r"\brent(al)?\s+or\s+purchase|purchase\s+or\s+rent", text):
        amounts.purchase = None  # "rental or purchase": the request leaves it open
    elif bought:
        amounts.purchase = True


def _hours(text: str, amounts: Amounts) -> None:
    per_day = re.search(rf"{_RANGE}\s*(?:hours?|hrs?)\s*(?:/|per|a|each)\s*day", text)
    per_week = re.search(rf"{_RANGE}\s*(?:hours?|hrs?)\s*(?:/|per|a|each)\s*(?:week|wk)", text)
    days = re.search(rf"{_RANGE}\s*days?\s*(?:/|per|a|each)\s*(?:week|wk)", text)
    if per_week:
        amounts.hours_per_week = _top(per_week.group(1), per_week.group(2))
    elif per_day:
        days_per_week = _top(days.group(1), days.group(2)) if days else 7.0
        amounts.hours_per_week = _top(per_day.group(1), per_day.group(2)) * days_per_week
        amounts.frequency_per_week = days_per_week
    if amounts.hours_per_week is not None:
        span = re.search(rf"(?:x|for|over|times)\s*{_SPAN}", text)
        if span and not span.group(2).startswith("d"):
            amounts.duration_weeks = round(_weeks(span.group(1), span.group(2)), 2)
            amounts.quantity = _int(amounts.hours_per_week * amounts.duration_weeks)
            amounts.unit = "hours"


def _frequency_duration(text: str, amounts: Amounts) -> None:
    if amounts.hours_per_week is not None:
        return
    # "2x/week x 3 weeks", "2 times per week for 6 weeks", "1-2x a week over 4 weeks"
    freq = re.search(rf"{_RANGE}(?:{_PER_WEEK})", text)
    if freq:
        amounts.frequency_per_week = _top(freq.group(1), freq.group(2))
        rest = text[freq.end():]
        span = re.search(rf"^\W*(?:x|for|over|times|during)?\s*{_SPAN}", rest)
        if span:
            amounts.duration_weeks = round(_weeks(span.group(1), span.group(2)), 2)
    elif re.search(r"\bweekly\b|\bq\.?\s?(?:1\s?)?(?:week|wk)\b|\bevery week\b|\bper week\b", text):
        amounts.frequency_per_week = 1.0
    else:
        # "2x3", "2 x 3", "3x4 weeks": frequency per week x weeks.
        short = re.search(r"(?<![\d.#/])(\d)\s*x\s*(\d{1,2})(?![\d.%/])\s*(weeks?|wks?)?(?!\s*(?:mg|mcg|ml|g\b|%|days?|hours?|hrs?|months?|visits?|sessions?|units?))", text)
        if short:
            amounts.frequency_per_week = float(short.group(1))
            amounts.duration_weeks = float(short.group(2))
            return
    if amounts.duration_weeks is None:
        span = re.search(rf"(?:\bx|\bfor|\bover|\bduring|\bwithin)\s*(?:the\s+next\s+|a\s+period\s+of\s+)?{_SPAN}", text)
        if span:
            if span.group(2).startswith("d"):
                amounts.days = int(float(span.group(1)))
            else:
                amounts.duration_weeks = round(_weeks(span.group(1), span.group(2)), 2)


def _explicit_quantity(text: str, amounts: Amounts, *, counted_only: bool = False) -> None:
    # "8 physical therapy sessions", "12 visits", "6 additional chiropractic treatments"
    match = re.search(rf"(?<![\d./#])(\d+)\s+(?:[a-z/&()'-]+\s+){{0,4}}?({_UNITS})\b"
                      r"(?!\s*(?:/|per|a|each)\s*(?:day|week|wk))", text) \
        or re.search(rf"\b({_UNITS})\s*(?:x|#|qty\.?)\s*(\d+)\b", text)
    if match and match.group(1).isdigit():
        amounts.quantity = int(match.group(1))
        amounts.unit = _unit_name(match.group(2))
    elif match:
        amounts.quantity = int(match.group(2))
        amounts.unit = _unit_name(match.group(1))
    if match:
        if amounts.unit == "days":
            amounts.days = amounts.quantity
        return
    if counted_only:
        return
    # "x 6", "x6", "qty 6", "quantity: 12", "#12", "(6)", "series of 3"
    match = re.search(r"(?:\bx|\bqty\.?|\bquantity:?|#|\btimes|\bseries of)\s*(\d+)\b(?!\s*(?:weeks?|wks?|months?|mos?|%|mg|/))", text) \
        or re.search(r"\((\d+)\)", text) or re.match(r"\s*(\d+)\s+(?!x\b|mg|mcg|%|/)", text)
    if match:
        amounts.quantity = int(match.group(1))
        return
    if amounts.days is not None:
        amounts.quantity, amounts.unit = amounts.days, "days"
