"""Clinical records: ingest documents and extract the facts the guidelines need.

Entry points: `documents_for_case(case, base_dir)` and `extract_facts(documents)`, imported
on first use so that the CLI's `import openimr.records` does not load spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openimr.model.lazy import lazy_exports
from openimr.records import spacyimport

if TYPE_CHECKING:
    from openimr.records.extract import extract_facts
    from openimr.records.ingest import documents_for_case, read_document

spacyimport.install()  # before any records module imports spaCy

__all__ = ["documents_for_case", "extract_facts", "read_document"]
__getattr__ = lazy_exports(__name__, {"extract_facts": "extract", "documents_for_case": "ingest",
                                      "read_document": "ingest"})
