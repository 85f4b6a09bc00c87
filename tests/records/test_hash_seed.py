"""Same input, same output: reading, linking and the review do not depend on the order of a
set, which follows PYTHONHASHSEED (issue 18). A short case is reviewed in two processes with
different seeds; its review and every ranker pair (features in order, scores) must agree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).resolve().parents[2] / "examples" / "cases"

_PROBE = r'''
import json, sys
from pathlib import Path
from openimr.records import linkrank
from openimr.review import review_case_file

pairs = []
choose = linkrank.Ranker.choose

def recording(self, found):
    result = choose(self, found)
    pairs.append([[p.source, p.target, p.group, list(p.features.items()), self.score_pair(p)]
                  for p in found] + [list(result)])
    return result

linkrank.Ranker.choose = recording
review = review_case_file(Path(sys.argv[1]))
print(json.dumps({"review": review.model_dump(mode="json"), "pairs": pairs}))
'''
#: notes whose sentences credit a change to two kinds of treatment at once (a set of kinds)
_NOTES = [
    "Date of service: 03/04/2021\nSubjective: With the TENS unit, pool therapy sessions and "
    "her medications she reports 50% less ache and can walk 30 minutes. After the epidural "
    "injection and the chiropractic visits her neck pain went from 8/10 to 4/10 and she "
    "sits for an hour.\nPlan: continue aquatic therapy twice weekly for 6 weeks.",
    "Date of service: 04/15/2021\nSince the brace, the home program and the pills she has "
    "been able to return to modified work; sleep is better with the meds and the stimulator.",
]


def _run(case: Path, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed, "OPENIMR_EXTRACT_WORKERS": "1"}
    out = subprocess.run([sys.executable, "-c", _PROBE, str(case)], capture_output=True,
                         text=True, env=env, check=True)
    return out.stdout


def test_a_review_and_its_ranker_pairs_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    case = json.loads((CASES / "seed-lumbar-pt.json").read_text(encoding="utf-8"))
    case["records"] += [{"date": f"2021-0{3 + i}-04", "type": "progress note",
                         "author": "Treating physician", "title": f"Progress note {i + 1}",
                         "text": text} for i, text in enumerate(_NOTES)]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case), encoding="utf-8")
    first, second = _run(path, "1"), _run(path, "2")
    assert '"pairs": [[' in first  # the ranker weighed something
    assert first == second
