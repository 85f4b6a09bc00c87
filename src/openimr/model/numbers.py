"""Counts written as words: declared once for the readers of records, guidelines and letters."""

from __future__ import annotations

#: The counts that notes, requests and letters spell out ("six sessions", "twenty-four hours"),
#: smallest first. Vague counts ("several") are no number: each reader gives them its own value.
NUMBER_WORDS: dict[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "twenty-four": 24, "thirty": 30, "thirty-six": 36, "forty": 40,
}


#: The count words as one regex alternation, the longest first ("twenty-four" before
#: "twenty"), for every reader that reads a count in words or figures.
NUMBER_WORD_PATTERN = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))


def number_words(*, up_to: int) -> dict[str, int]:
    """The count words of at most `up_to` ("up to ten" for a pain score of 10)."""
    return {word: n for word, n in NUMBER_WORDS.items() if n <= up_to}

#: Weeks in a month on average (52 / 12): a span told in months, counted in weeks.
WEEKS_PER_MONTH = 52 / 12
