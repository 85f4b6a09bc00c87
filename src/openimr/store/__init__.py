"""Storage: SQLAlchemy tables, Alembic migrations and the database engine.

`open_database(url)` returns an engine on an up-to-date schema; `models` has the tables.
"""

from openimr.store.base import Base, database_url, make_engine

__all__ = ["Base", "database_url", "make_engine"]
