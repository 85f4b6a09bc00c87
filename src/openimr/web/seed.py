"""Demo data for the workbench, written through the service: the browser tests,
`make screenshots` and `openimr web-demo` all start from it.

Users (password `DEMO_PASSWORD` for all): `admin`, `manager` (case manager), `ortiz`
(reviewer, assigned the seed case, drafted and ready to review, and two more cases, one
due soon and one overdue) and `chen` (a second reviewer, with a case of their own). A
third reviewer, without a login, is excluded from the seed case by a conflict.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from openimr.model import Case
from openimr.review import load_case_file
from openimr.store.models import utcnow
from openimr.workflow import reviewers as roster
from openimr.workflow.service import Service
from openimr.workflow.users import SYSTEM, Role, actor_of, create_user
from openimr.workflow.views import TransitionIn

DEMO_PASSWORD = "demo-password"
ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "cases"
SEED_CASE = EXAMPLES / "seed-lumbar-pt.json"
#: More cases of the reviewer's queue, received long enough ago that their deadline is
#: near (due soon) or past (overdue): example case file -> days since the records came.
QUEUE_CASES = {"pt-first-course.json": 28, "pt-sessions-unknown.json": 33}


@dataclass(frozen=True)
class Demo:
    seed_case: str
    other_case: str
    queue: list[str] = field(default_factory=list)


def _reviewer(name: str, certification: str) -> roster.ReviewerIn:
    return roster.ReviewerIn(name=name, profile={
        "board_certifications": [certification], "licensed_states": ["California"],
        "years_in_practice": 12, "active_practice_hours_per_week": 30, "credentials": "MD"})


def _to_review(service: Service, number: str, reviewer_id: int) -> None:
    for status in ("eligibility_review", "notice_of_assignment_sent", "records_requested"):
        service.transition(number, TransitionIn(to=status))
    service.assign(number, reviewer_id)
    service.transition(number, TransitionIn(to="clinical_review"))


def seed(session: Session, case_file: Path = SEED_CASE) -> Demo:
    """Users, two reviewers, the seed case assigned to `ortiz` and drafted, and a second
    case (the seed's copy under another number) assigned to `chen`."""
    system = Service(session, SYSTEM)
    admin = create_user(session, "admin", Role.admin, DEMO_PASSWORD)
    create_user(session, "manager", Role.case_manager, DEMO_PASSWORD)
    session.commit()
    ortiz = system.add_reviewer(_reviewer("Dr. Ana Ortiz", "Physical Medicine and Rehabilitation"),
                                username="ortiz", password=DEMO_PASSWORD)
    chen = system.add_reviewer(_reviewer("Dr. Wei Chen", "Orthopedic Surgery"),
                               username="chen", password=DEMO_PASSWORD)
    # On the roster but excluded from the seed case: the employer is a client of theirs.
    conflicted = _reviewer("Dr. Sam Patel", "Physical Medicine and Rehabilitation")
    conflicted.affiliations = [roster.Affiliation(kind="employer",
                                                  name="Example Distribution Company")]
    system.add_reviewer(conflicted)
    manager = Service(session, actor_of(admin))
    case = load_case_file(case_file)
    seed_case = manager.intake(case).case_number
    _to_review(manager, seed_case, ortiz.id)
    seed_file = case.model_dump(mode="json")
    other = Case.model_validate({**seed_file,
                                 "case_number": f"{seed_case}-B", "priority": "expedited"})
    other_case = manager.intake(other).case_number
    _to_review(manager, other_case, chen.id)
    queue = []
    for name, days in QUEUE_CASES.items():
        # The service's clock set back: the case went through its steps `days` ago.
        then = utcnow() - dt.timedelta(days=days)
        earlier = Service(session, actor_of(admin), clock=lambda then=then: then)
        # The example's items and records under the seed's application (which is eligible).
        example = load_case_file(EXAMPLES / name)
        case = Case.model_validate({
            **seed_file, "case_number": example.case_number,
            "disputed_items": [i.model_dump() for i in example.disputed_items],
            "records": [r.model_dump(mode="json") for r in example.records]})
        number = earlier.intake(case).case_number
        _to_review(earlier, number, ortiz.id)
        queue.append(number)
    manager.draft(seed_case)
    return Demo(seed_case=seed_case, other_case=other_case, queue=queue)


#: Synthetic published letters loaded by the demo: enough for search, charts and precedents.
DEMO_CORPUS_LETTERS = 300


def seed_corpus(engine: Engine, letters: int = DEMO_CORPUS_LETTERS, seed: int = 2026) -> int:
    """Parse and store `letters` synthetic published letters (openimr.corpus.synth, made
    for scale tests and demos, not real decisions); returns the number of items stored."""
    from openimr.corpus import generate_letters, parse_letter
    from openimr.corpus.ingest import store_parsed

    parsed = ((hashlib.sha256(letter.text.encode()).hexdigest(), f"synthetic/{letter.case_number}",
               parse_letter(letter.text)) for letter in generate_letters(letters, seed=seed))
    return store_parsed(engine, parsed).items


def demo_app(database: Path, corpus_letters: int = DEMO_CORPUS_LETTERS):  # type: ignore[no-untyped-def]
    """The API with the pages on a new SQLite file, seeded, with a synthetic corpus of
    published letters (none when `corpus_letters` is 0): (app, Demo)."""
    from openimr.api import create_app
    from openimr.web import mount

    app = mount(create_app(f"sqlite:///{database.resolve()}"))
    if corpus_letters:
        seed_corpus(app.state.engine, corpus_letters)
    with app.state.sessions() as session:
        return app, seed(session)
