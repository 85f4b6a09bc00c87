"""Records benchmark: a synthetic 300-page record set (~120,000 words), streamed.

Documents are generated one at a time, ingested (normalised) and run through the
extractor, so memory stays flat; reports words per second and peak memory. Then the
realistic notes (the annotated gold notes and corpus cases, several passes) are read with
the rules alone and with the trained components as shipped, beside a bare spaCy tokenizer
over the same words: what the trained reading costs.
"""

from __future__ import annotations

import random
import resource
import statistics
import time
from collections.abc import Callable, Iterator

from openimr.model import Document, Page

_PARAGRAPHS = [
    "SUBJECTIVE: The patient returns for follow-up of chronic low back pain radiating to the "
    "left leg. Pain is {p}/10 without medication and {q}/10 with medication. He reports "
    "difficulty sitting longer than 30 minutes and trouble sleeping. He denies bowel or "
    "bladder incontinence and denies saddle anesthesia.",
    "He has completed {n} sessions of physical therapy and is independent with his home "
    "exercise program. He is able to walk 20 minutes now, previously 5 minutes.",
    "MEDICATIONS: Norco 10/325 mg every 6 hours as needed #120, gabapentin 300 mg three times "
    "daily, omeprazole 20 mg daily. Total MED is 40 mg/day. Urine drug screen dated "
    "02/03/2014 was consistent. CURES report reviewed.",
    "PHYSICAL EXAMINATION: Antalgic gait. Tenderness over the bilateral lumbar paraspinals. "
    "Straight leg raise positive on the left at 45 degrees, negative on the right. Left "
    "Achilles reflex 1+. Decreased sensation to light touch in the left S1 dermatome. "
    "Strength 5/5 bilaterally.",
    "MRI of the lumbar spine dated 01/10/2014 showed a 5 mm disc protrusion at L5-S1 "
    "contacting the left S1 nerve root, with mild facet arthropathy.",
    "He had a left L5-S1 transforaminal epidural steroid injection on 11/02/2013 with 60% "
    "relief for 6 weeks. Work status: temporarily totally disabled.",
    "DIAGNOSES: 1. Lumbar disc displacement with radiculopathy (M51.16). 2. Chronic pain "
    "syndrome (G89.4). 3. Insomnia due to pain.",
    "The patient reports feeling down and worried about finances. He denies suicidal "
    "ideation. Mother with depression.",
]
_FILLER = ("The patient was seen and examined today and the history was reviewed with him in "
           "detail, including the course of treatment to date and his current symptoms. ")


def synthetic_documents(pages: int = 300, words_per_page: int = 400,
                        seed: int = 7) -> Iterator[Document]:
    """Ten-page notes, generated lazily, with clinical paragraphs among ordinary prose."""
    rng = random.Random(seed)
    for doc_index in range(pages // 10):
        doc_pages = []
        for number in range(1, 11):
            chunks, words = [f"Date of service: 03/{1 + doc_index % 28:02d}/2014"], 4
            while words < words_per_page:
                if rng.random() < 0.5:
                    text = rng.choice(_PARAGRAPHS).format(
                        p=rng.randint(5, 9), q=rng.randint(2, 5), n=rng.randint(4, 18))
                else:
                    text = _FILLER * 2
                chunks.append(text)
                words += len(text.split())
            doc_pages.append(Page(number=number, text="\n\n".join(chunks)))
        yield Document(id=f"synthetic-{doc_index + 1:03d}", pages=doc_pages)


def main() -> list[str]:
    from openimr.records.extract import document_facts
    from openimr.records.normalize import normalise_text
    from openimr.records.pipeline import build_pipeline

    build_pipeline()  # loading the pipeline once is not part of the throughput
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    words = pages = facts = 0
    for document in synthetic_documents():
        document.pages = [Page(number=p.number, text=normalise_text(p.text))
                          for p in document.pages]
        words += document.word_count
        pages += len(document.pages)
        facts += len(document_facts(document))
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return [
        *_realistic(),
        f"{pages} pages, {words:,} words, {facts:,} facts in {elapsed:.2f} s "
        f"(target < 5 s, issue 18)",
        f"{words / elapsed:,.0f} words/s",
        f"peak RSS {peak / 1024:.0f} MB (growth while streaming: "
        f"{(peak - before) / 1024:.0f} MB)",
    ]


def _realistic(passes: int = 3) -> list[str]:
    """Words per second on the annotated notes, each pass timed on its own and printed as
    min/median/max (issue 18): a bare spaCy tokenizer over the same words (the floor), the
    rules alone, and the rules with the trained components as shipped."""
    from contextlib import nullcontext
    from pathlib import Path

    from openimr.records import assertion, trained
    from openimr.records.evaluation import load_cases, load_gold
    from openimr.records.extract import document_facts
    from openimr.records.pipeline import build_pipeline

    records = Path(trained.RECORDS)
    documents = [d for name in ("gold", "gold-heldout") for d, _ in load_gold(records / name)]
    for part in ("train", "dev"):
        if (records / "corpus" / part).is_dir():
            documents += [d for case in load_cases(records / "corpus" / part)
                          for d in case.documents]
    words = sum(d.word_count for d in documents)
    tokenizer = build_pipeline().tokenizer
    texts = [page.text for document in documents for page in document.pages]
    floor = _passes(words, passes, lambda: [tokenizer(text) for text in texts])
    trained.reader()
    lines = [f"realistic notes: {len(documents)} documents, {words:,} words, {passes} passes "
             f"(words/s, min/median/max over passes; CPU time of this process = one core)",
             f"bare spaCy tokenizer (floor): {floor}"]
    for label, rules in (("rules only", True), ("rules + trained (as shipped)", False)):
        with assertion.rules_only() if rules else nullcontext():
            for document in documents[:20]:  # warm the caches of this mode first
                document_facts(document)
            rates = _passes(words, passes,
                            lambda: [document_facts(document) for document in documents])
        lines.append(f"{label}: {rates} (target >= 40,000 on one core)")
    return lines


def _passes(words: int, passes: int, run: Callable[[], object]) -> str:
    """`run` `passes` times: words per second of CPU time (one core: the shared machine's
    wall time measures the other sessions as much as the extractor) as min/median/max, and
    the median of wall time beside it."""
    cpu_rates, wall_rates = [], []
    for _ in range(passes):
        started, cpu = time.perf_counter(), time.process_time()
        run()
        cpu_rates.append(words / max(time.process_time() - cpu, 1e-9))
        wall_rates.append(words / max(time.perf_counter() - started, 1e-9))
    return (f"CPU {min(cpu_rates):,.0f} / {statistics.median(cpu_rates):,.0f} / "
            f"{max(cpu_rates):,.0f} words/s; wall median {statistics.median(wall_rates):,.0f}")


if __name__ == "__main__":
    for line in main():
        print(line)
