"""Schemathesis hooks (loaded with SCHEMATHESIS_HOOKS): every request logs in afresh as the
dedicated admin, so a generated `POST /api/logout` cannot end the run's session."""

from __future__ import annotations

import os

import httpx
import schemathesis


@schemathesis.auth(refresh_interval=None)
class FreshAdminLogin:
    def get(self, case, context):  # type: ignore[no-untyped-def]
        response = httpx.post(os.environ["OPENIMR_ST_BASE"] + "/api/token", data={
            "username": os.environ["OPENIMR_ST_USER"],
            "password": os.environ["OPENIMR_ST_PASSWORD"]})
        response.raise_for_status()
        return response.json()["access_token"]

    def set(self, case, data, context):  # type: ignore[no-untyped-def]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
