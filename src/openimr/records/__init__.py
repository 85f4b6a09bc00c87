"""Clinical records: ingest documents and extract the facts the guidelines need.

Entry points: `documents_for_case(case, base_dir)` and `extract_facts(documents)`.
"""

from openimr.records.extract import extract_facts
from openimr.records.ingest import documents_for_case, read_document

__all__ = ["documents_for_case", "extract_facts", "read_document"]
