"""Per-item determination for a case: records in, drafted determination out.

Entry points: `review_case(case, documents)` and `review_case_file(path)`.
"""

from openimr.review.casefile import load_case_file
from openimr.review.drafting import Review, review_case, review_case_file

__all__ = ["Review", "load_case_file", "review_case", "review_case_file"]
