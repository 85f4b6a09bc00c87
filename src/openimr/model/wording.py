"""Small wording helpers shared by everything that writes sentences (rationales, letters)."""

from __future__ import annotations

import re


def join_words(values: list[str], *, serial_comma: bool = True) -> str:
    """'a', 'a and b', 'a, b, and c' (or 'a, b and c' without the serial comma). Names that
    hold commas themselves ("radiculopathy, lumbar region") are set apart by semicolons:
    'a, x; and b, y'."""
    if len(values) <= 1:
        return "".join(values)
    if any("," in value for value in values):
        return "; ".join(values[:-1]) + "; and " + values[-1]
    if len(values) == 2:
        return f"{values[0]} and {values[1]}"
    last = ", and " if serial_comma else " and "
    return ", ".join(values[:-1]) + last + values[-1]


def distinct_phrases(phrases: list[str]) -> list[str]:
    """The phrases without repeats, in order: one that differs from another only in case or
    spacing ("Effusion", "effusion"), or that another holds whole ("tendinosis" beside "mild
    tendinosis of the cuff"), is said once, in its fullest form."""
    # compared word by word: "ear" is not in "tear"
    flat = [f" {' '.join(re.findall(r'[^\W_]+', p.casefold()))} " for p in phrases]
    kept = []
    for index, phrase in enumerate(flat):
        if any(phrase in other and (phrase != other or later < index)
               for later, other in enumerate(flat) if later != index):
            continue
        kept.append(phrases[index])
    return kept


#: How a reviewer note opens and closes inside a composed text. A reviewer note is the tool
#: speaking to the physician (what it did not check, what it set aside and why): it belongs to
#: the worksheet and the determination's JSON, which the physician reads, and never to the
#: signed letter, which the parties read as the physician's own findings.
_NOTE_OPEN, _NOTE_CLOSE = "[Reviewer note: ", "]"


def reviewer_note(text: str) -> str:
    """A note for the physician, set inside a composed text so the letter can leave it out
    (`without_reviewer_notes`). Its text must hold no closing bracket."""
    text = text.strip().replace(_NOTE_CLOSE, ")")
    return f"{_NOTE_OPEN}{text}{_NOTE_CLOSE}"


def reviewer_notes(text: str) -> list[str]:
    """The reviewer notes set inside a composed text, each once, in order (for the worksheet)."""
    found = re.findall(re.escape(_NOTE_OPEN) + r"([^\]]*)" + re.escape(_NOTE_CLOSE), text)
    return list(dict.fromkeys(found))


def split_trailing_notes(text: str) -> tuple[str, str]:
    """A composed text and the reviewer notes that end it, apart ("No record documents it.
    [Reviewer note: ...]" -> "No record documents it.", " [Reviewer note: ...]"), so that
    what is added to the sentence goes before the notes."""
    match = re.search(r"(?:\s*" + re.escape(_NOTE_OPEN) + r"[^\]]*" + re.escape(_NOTE_CLOSE)
                      + r")+\s*$", text)
    return (text[:match.start()], " " + match.group(0).strip()) if match else (text, "")


def without_reviewer_notes(text: str) -> str:
    """The text as the parties read it: every reviewer note removed, with the space before it;
    a note that stood as a sentence of its own takes its stop with it ("... applied. [note].
    Next" reads "... applied. Next")."""
    note = r"\s*" + re.escape(_NOTE_OPEN) + r"[^\]]*" + re.escape(_NOTE_CLOSE)
    return re.sub(note, "", re.sub(r"(?<=\.)" + note + r"\.?", "", text))


def flat_words(text: str) -> str:
    """Text compared as words, whatever its line breaks, spacing and case."""
    return " ".join(text.split()).casefold()
