"""Schemathesis hooks (loaded with SCHEMATHESIS_HOOKS).

- Every request logs in afresh as the dedicated admin, so a generated `POST /logout`
  cannot end the run's session (and the service refuses deactivating one's own login).
- The password rules that a JSON Schema cannot state (not one of the well-known passwords,
  not one or two characters repeated, not the username) are not generated: a body that
  breaks them is dropped before it is sent, so `positive_data_acceptance` still holds for
  every other login the operations that create one are given.
- A multipart field given an empty list or object is sent as no part at all, which the
  server cannot tell from an omitted optional field (`kind` of a document upload then
  takes its default): such bodies are not negative data once sent, so they are dropped.
"""

from __future__ import annotations

import os

import httpx
import schemathesis

from openimr.model.errors import InputError
from openimr.workflow.users import MIN_PASSWORD_LENGTH, check_password_policy


@schemathesis.auth(refresh_interval=None)
class FreshAdminLogin:
    def get(self, case, context):  # type: ignore[no-untyped-def]
        response = httpx.post(os.environ["OPENIMR_ST_BASE"] + "/api/v1/token", data={
            "username": os.environ["OPENIMR_ST_USER"],
            "password": os.environ["OPENIMR_ST_PASSWORD"]})
        response.raise_for_status()
        return response.json()["access_token"]

    def set(self, case, data, context):  # type: ignore[no-untyped-def]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def _vanishes_in_a_form(context, body) -> bool:  # type: ignore[no-untyped-def]
    media = getattr(context.operation, "body", None)
    forms = any("multipart" in str(getattr(b, "media_type", "")) for b in media or [])
    return forms and isinstance(body, dict) and any(
        isinstance(value, list | dict) and not value for value in body.values())


@schemathesis.hook
def filter_body(context, body):  # type: ignore[no-untyped-def]
    if _vanishes_in_a_form(context, body):
        return False
    password = body.get("password") if isinstance(body, dict) else None
    # Out of the schema's length bounds, a password is negative data: the API must refuse it.
    if not isinstance(password, str) or not MIN_PASSWORD_LENGTH <= len(password) <= 72:
        return True
    username = body.get("username")
    try:
        check_password_policy(password, username if isinstance(username, str) else None)
    except InputError:
        return False
    return True
