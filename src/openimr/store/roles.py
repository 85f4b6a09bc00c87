"""PostgreSQL roles: migrations run as the owner of the tables; the app runs as a role
that may only read and write rows, and may only add to the audit log.

`grant_app_role(engine, role)` is run by the owner (after `openimr serve` or any command
has migrated the database as the owner): the app role gets SELECT/INSERT/UPDATE/DELETE
on the service's tables, but only SELECT and INSERT on `audit_log` (no UPDATE, DELETE or
TRUNCATE, and, not being the owner, it cannot disable the append-only trigger), and
SELECT/UPDATE on the chain's head row.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text

from openimr.model.errors import InputError

#: Tables whose rows the app only reads and appends to.
APPEND_ONLY = ("audit_log",)
#: Tables the app reads and updates but never adds to or deletes from.
UPDATE_ONLY = ("audit_chain",)
#: Read-only to the app (the migration history).
READ_ONLY = ("alembic_version",)
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_app_role(engine: Engine, role: str) -> list[str]:
    """Grant `role` what the app needs and nothing more; return the statements run."""
    if engine.dialect.name != "postgresql":
        raise InputError("database roles apply to PostgreSQL; SQLite has none (protect the "
                         "file with its mode, 0600)")
    if not _ROLE.fullmatch(role):
        raise InputError(f"role {role!r}: lower-case letters, digits and _ only")
    with engine.begin() as connection:
        exists = connection.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        if not exists:
            raise InputError(f"role {role!r} does not exist: CREATE ROLE {role} LOGIN "
                             "PASSWORD '...' first (as a superuser)")
        owner = connection.scalar(text("SELECT tableowner FROM pg_tables WHERE tablename = "
                                       "'audit_log' AND schemaname = current_schema()"))
        if owner == role:
            raise InputError(f"{role} owns the tables: the app role must be another role "
                             "than the one that runs the migrations")
        tables = [name for (name,) in connection.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))]
        database = connection.scalar(text("SELECT current_database()"))
        statements = [f'GRANT CONNECT ON DATABASE "{database}" TO {role}',
                      f"GRANT USAGE ON SCHEMA {connection.scalar(text('SELECT current_schema()'))}"
                      f" TO {role}"]
        for table in sorted(tables):
            statements.append(f'REVOKE ALL ON TABLE "{table}" FROM {role}')
            if table in APPEND_ONLY:
                rights = "SELECT, INSERT"
            elif table in UPDATE_ONLY:
                rights = "SELECT, UPDATE"
            elif table in READ_ONLY:
                rights = "SELECT"
            else:
                rights = "SELECT, INSERT, UPDATE, DELETE"
            statements.append(f'GRANT {rights} ON TABLE "{table}" TO {role}')
        statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "
                          f"{connection.scalar(text('SELECT current_schema()'))} TO {role}")
        for statement in statements:
            connection.execute(text(statement))
    return statements
