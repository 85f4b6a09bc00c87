"""Per case of a v2 set: the missed gold facts and the false positives of the procedure kinds
(electrodiagnostic, injection, imaging, surgery), with quote, value, flags and why (absent, a
value or a flag that differs, second-hand). For tuning sets only: never point it at a blind or
an untuned check set.

    .venv/bin/python scripts/procedure-failures.py /work/data/tune [KIND,KIND] [OUT.json]
"""
import json
import sys
from pathlib import Path

from openimr.records.evaluation import _match, load_cases, same_fact
from openimr.records.extract import extract_facts

K = {"electrodiagnostic_finding", "injection_history", "imaging_finding", "surgery"}
kinds_sel = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else K
out = []
for case in load_cases(Path(sys.argv[1])):
    pred = extract_facts(case.documents)
    misses = []
    matched = _match(case.facts, pred, {}, misses, source=True)
    used = set(matched.values())
    docs = {d.id: d for d in case.documents}
    for gi, g in enumerate(case.facts):
        if g.kind not in kinds_sel or gi in matched:
            continue
        # near predictions: same kind overlapping span
        near = [p for i, p in enumerate(pred) if p.kind.value == g.kind and p.evidence.document == g.note
                and p.evidence.page == g.page and p.evidence.start < g.end and g.start < p.evidence.end]
        why = "absent"
        if near:
            p = near[0]
            if same_fact(g, p, source=True):
                why = "flags:" + ",".join(f"{f}={getattr(p,f)}" for f in ("negated","hypothetical","family") if bool(getattr(p,f)) != g.flags[f])
            elif p.second_hand != g.second_hand:
                why = "second_hand"
            else:
                why = "value:" + json.dumps({k: p.value.get(k) for k in p.value if p.value.get(k) is not None}, default=str)
        page = docs[g.note].pages[g.page-1].text
        ctx = page[max(0, g.start-120):g.end+60].replace("\n", " | ")
        out.append(dict(case=case.id, type="MISS", kind=g.kind, doc=g.note, doctype=docs[g.note].type,
                        quote=g.quote, value=g.value, flags={k:v for k,v in g.flags.items() if v}, sh=g.second_hand, why=why, ctx=ctx))
    for i, p in enumerate(pred):
        if p.kind.value not in kinds_sel or i in used:
            continue
        d = docs[p.evidence.document]
        page = d.pages[p.evidence.page-1].text
        near = [g for g in case.facts if g.kind == p.kind.value and g.note == p.evidence.document and g.page == p.evidence.page and p.evidence.start < g.end and g.start < p.evidence.end]
        ctx = page[max(0, p.evidence.start-120):p.evidence.end+60].replace("\n", " | ")
        out.append(dict(case=case.id, type="FP", kind=p.kind.value, doc=d.id, doctype=d.type, quote=p.evidence.quote,
                        value={k: v for k, v in p.value.items() if v is not None}, flags={k: True for k in ("negated","hypothetical","family","historical") if getattr(p,k)},
                        sh=p.second_hand, why="near-gold" if near else "no-gold", ctx=ctx))
json.dump(out, open(sys.argv[3] if len(sys.argv) > 3 else "procedure-failures.json", "w"), default=str, indent=0)
print(len(out))
