"""The FastAPI application factory. Other packages (the web pages) add their routers to it."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker

from openimr.api import errors, versions
from openimr.api.deps import Settings
from openimr.api.guard import Guard
from openimr.api.routes import admin, auth, cases, jobs
from openimr.api.security import secret_key
from openimr.store.base import ReplicaSession, make_engine, read_database_url
from openimr.store.base import database_url as default_database_url
from openimr.store.migrate import open_database
from openimr.workflow.policy import party_visibility


def create_app(database_url: str | None = None) -> FastAPI:
    """The API on `database_url` (default: `OPENIMR_DATABASE_URL`, else ./openimr.db),
    creating or upgrading the database first.

    `app.state.engine` and `app.state.sessions` (a sessionmaker) are there for routers
    mounted later; `openimr.api.security` has the dependencies that authenticate a request.
    """
    url = database_url or default_database_url()
    # A bad OPENIMR_PARTY_VISIBILITY stops the start, rather than failing every party read.
    party_visibility()
    engine = open_database(url)
    # Views are built from the rows just committed: no need to reload them.
    # List and read requests query the replica when there is one (docs/scale.md). It is
    # not migrated from here: a replica follows the primary's schema by replication.
    read_url = read_database_url()
    read_engine = make_engine(read_url) if read_url else None
    sessions = sessionmaker(engine, class_=ReplicaSession, replica=read_engine,
                            expire_on_commit=False) if read_engine else \
        sessionmaker(engine, expire_on_commit=False)
    app = FastAPI(
        title="openimr",
        description="Case management for California workers' compensation Independent "
                    "Medical Review: intake, eligibility, deadlines, reviewer assignment, "
                    "documents, determinations and letters.",
        version="0.1.0",
        # The interactive docs are the web's, for logged-in staff, from vendored files
        # (`openimr.web.docs_pages`): no page here loads anything from a CDN.
        docs_url=None, redoc_url=None,
    )
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.read_engine = read_engine
    app.state.database_url = url
    app.state.settings = settings = Settings.from_environment()
    app.add_middleware(Guard, settings=settings)
    app.state.secret_key = secret_key(url)
    _warm_up()
    errors.install(app)
    versions.include(app, auth.router, cases.router, admin.router, jobs.router)

    @app.get("/healthz", include_in_schema=False)
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _warm_up() -> None:
    """Load the ICD-10-CM tables now rather than during the first intake request."""
    from openimr.model import Diagnosis

    Diagnosis(code="M54.50")
