"""Plain-text views of corpus objects for the terminal."""

from __future__ import annotations

from openimr.corpus.letter import ParsedLetter


def letter_text(letter: ParsedLetter) -> str:
    worker = ", ".join(str(part) for part in (letter.worker.age, letter.worker.sex) if part)
    lines = [
        f"Layout:          {letter.layout.value}",
        f"Case number:     {letter.case_number or '-'}",
        "Dates:           " + ", ".join(f"{key} {value}" for key, value
                                        in letter.dates.model_dump().items() if value),
        f"Worker:          {worker or '-'}",
        f"Date of injury:  {letter.date_of_injury or '-'}",
        f"Diagnoses:       {'; '.join(letter.diagnoses) or '-'}",
        f"Reviewer:        {', '.join(letter.reviewer.specialties) or '-'}"
        + (f" (licensed in {', '.join(letter.reviewer.licensed_states)})"
           if letter.reviewer.licensed_states else ""),
        "",
    ]
    for number, item in enumerate(letter.items, start=1):
        decision = item.decision.value.upper() if item.decision else "UNKNOWN"
        lines.append(f"{number}. {item.item}: {decision}  [{item.category or 'uncategorised'}"
                     + (f"/{item.subcategory}" if item.subcategory else "") + "]")
        if item.claims_administrator_guideline:
            lines.append(f"   Claims administrator guideline: {item.claims_administrator_guideline}")
        if item.guideline_cited:
            lines.append(f"   Guideline cited: {item.guideline_cited}")
        if item.rationale:
            lines.append(f"   Rationale: {item.rationale}")
    for warning in letter.warnings:
        lines.append(f"warning: {warning}")
    return "\n".join(lines)
