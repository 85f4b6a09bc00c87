"""Where the corpus keeps files derived from the database (search index, trained model)."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from sqlalchemy import Engine


def beside_database(engine: Engine, suffix: str) -> Path:
    """`<file>.db<suffix>` for a SQLite file; for a server database, a path under the temp
    directory named after its URL (password left out)."""
    url = engine.url
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        return Path(f"{url.database}{suffix}")
    key = hashlib.sha1(url.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / "openimr-corpus" / f"{key}{suffix}"
