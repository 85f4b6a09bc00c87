"""The PostgreSQL database of the service tests (created for the session, dropped after)."""

from tests.service.conftest import postgres_url  # noqa: F401
