"""The case management service that the REST API, the web pages and the CLI all call.

`Service(session, actor)` is one unit of work over the aggregates: cases (intake, status,
documents), determinations (draft, edit, sign, correct, letter), the roster (reviewers
and assignment), users (logins and the audit log), the corpus reads and background
jobs. Each public method
is an `@operation`: the policy (`workflow.policy`) is checked, the work runs in one
transaction, its audit events are written and it commits before returning. Errors are
`InputError`s (see `workflow.errors` for the 404, 403 and 409 kinds), so a caller never
has to clean up a half-done change.
"""

from __future__ import annotations

from openimr.workflow.policy import STAFF, Action
from openimr.workflow.service.cases import Cases
from openimr.workflow.service.corpus import CorpusReads
from openimr.workflow.service.determinations import Determinations
from openimr.workflow.service.jobs import Jobs
from openimr.workflow.service.roster import Roster
from openimr.workflow.service.unit import REVIEWER_FOR_PARTIES, AuditEvent, AuditKind
from openimr.workflow.service.users import Users


class Service(Cases, Determinations, Roster, Users, CorpusReads, Jobs):
    """Every operation of the service, for one actor, on one database session."""


__all__ = ["REVIEWER_FOR_PARTIES", "STAFF", "Action", "AuditEvent", "AuditKind", "Service"]
