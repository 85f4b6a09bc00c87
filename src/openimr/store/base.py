"""Database URL, engine and declarative base shared by every table of openimr."""

from __future__ import annotations

import os

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import DeclarativeBase

DEFAULT_DATABASE_URL = "sqlite:///openimr.db"


class Base(DeclarativeBase):
    pass


def database_url() -> str:
    """`OPENIMR_DATABASE_URL`, else a SQLite file `./openimr.db`."""
    return os.environ.get("OPENIMR_DATABASE_URL") or DEFAULT_DATABASE_URL


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    if url.startswith("sqlite"):
        return create_engine(url, connect_args={"check_same_thread": False})
    return create_engine(url, pool_pre_ping=True)
