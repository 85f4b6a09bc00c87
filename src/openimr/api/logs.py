"""Logging without PHI: the access log masks case numbers, document hashes, usernames in
paths and every query string; SQL parameters are never logged (SQLAlchemy's echo stays
off, and errors are logged by their type, not the driver's message)."""

from __future__ import annotations

import logging
import re
from typing import Any

_CASE_PATH = re.compile(r"/(cases|users)/[^/?]+")
_HASH = re.compile(r"/[0-9a-fA-F]{64}")


def mask_path(path: str) -> str:
    """"/api/cases/CM13-0012345/documents/ab12...?version=2" -> "/api/cases/*/documents/*?…"."""
    path, query = path.split("?", 1) if "?" in path else (path, "")
    path = _HASH.sub("/*", _CASE_PATH.sub(r"/\1/*", path))
    return path + ("?…" if query else "")


class MaskedAccessLog(logging.Filter):
    """For uvicorn's access logger: its arguments are (client, method, path, version,
    status); the path is masked and the client address kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], mask_path(args[2]), *args[3:])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with the access log masked."""
    from uvicorn.config import LOGGING_CONFIG

    config: dict[str, Any] = {**LOGGING_CONFIG}
    config["filters"] = {"mask": {"()": "openimr.api.logs.MaskedAccessLog"}}
    config["handlers"] = {name: dict(handler) for name, handler in
                          LOGGING_CONFIG["handlers"].items()}
    config["handlers"]["access"]["filters"] = ["mask"]
    return config
