"""Per-item determination for a case: records in, drafted determination out.

Entry points: `review_case(case, documents)` and `review_case_file(path)`, imported on
first use so that the CLI's `import openimr.review` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openimr.model.lazy import lazy_exports

if TYPE_CHECKING:
    from openimr.review.casefile import load_case_file
    from openimr.review.drafting import Review, review_case, review_case_file

__all__ = ["Review", "load_case_file", "review_case", "review_case_file"]
__getattr__ = lazy_exports(__name__, {"load_case_file": "casefile", "Review": "drafting",
                                      "review_case": "drafting",
                                      "review_case_file": "drafting"})
