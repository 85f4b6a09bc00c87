"""The document store: uploaded records (and derived files, such as rendered letters) kept
outside the database, addressed by their SHA-256 and verified by it on every read.

`DocumentStore` is the interface; `DirectoryStore`, a directory on a local or shared file
system, is the default. The database keeps only the hash, size and media type of each
document (`models.Blob`), so it stays small and its backups fast. An S3-compatible store
(`docs/scale.md`) is the next implementation of the same three methods.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol

from sqlalchemy import make_url

from openimr.store.base import database_url

#: A document's address: 64 lowercase hex digits.
SHA256 = re.compile(r"[0-9a-f]{64}")


class DocumentUnavailable(Exception):
    """The store cannot give a document back as it was stored: missing, unreadable, or its
    content no longer has its hash. A fault of the installation (HTTP 503), never of the
    request; the hash is named so an operator can restore the file from a backup."""


class DocumentStore(Protocol):
    """Content-addressed storage of documents."""

    #: Where the store is, for messages and `docs/scale.md`'s operators.
    location: str

    def put(self, content: bytes) -> str:
        """Store `content` (once: storing it again changes nothing) and return its SHA-256."""
        ...

    def get(self, sha256: str) -> bytes:
        """The content with this hash, checked against it; `DocumentUnavailable` if not."""
        ...

    def has(self, sha256: str) -> bool:
        ...


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class DirectoryStore:
    """Documents as files `ROOT/ab/cd/abcd...` (the hash cut so no directory grows to
    millions of entries), readable by their owner only: they hold PHI. A write goes to a
    temporary file that is renamed into place, so a reader never sees half a document and
    two servers storing the same document at once both succeed."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.location = str(self.root)

    def _path(self, sha256: str) -> Path:
        if not SHA256.fullmatch(sha256):
            raise DocumentUnavailable(f"{sha256!r} is not a SHA-256 address")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, content: bytes) -> str:
        sha256 = digest(content)
        path = self._path(sha256)
        if path.exists():
            return sha256
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".incoming-")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        return sha256

    def get(self, sha256: str) -> bytes:
        path = self._path(sha256)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise DocumentUnavailable(f"document {sha256} is missing from the document "
                                      f"store {self.location} ({error.strerror})") from None
        if digest(content) != sha256:
            raise DocumentUnavailable(f"document {sha256} in the document store "
                                      f"{self.location} does not match its hash: it was "
                                      "changed or damaged; restore it from a backup")
        return content

    def has(self, sha256: str) -> bool:
        return self._path(sha256).is_file()


def store_location(url: str | None = None) -> Path:
    """`OPENIMR_DOCUMENT_STORE`, else a directory beside the SQLite file (`openimr.db` ->
    `openimr-documents/`), else `./openimr-documents` (a PostgreSQL installation with more
    than one app server sets the variable to a shared directory)."""
    configured = os.environ.get("OPENIMR_DOCUMENT_STORE", "").strip()
    if configured:
        return Path(configured)
    parsed = make_url(url or database_url())
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        database = Path(parsed.database)
        return database.with_name(f"{database.stem}-documents")
    return Path("openimr-documents")


def document_store(url: str | None = None) -> DocumentStore:
    """The store of the database at `url` (one instance per location)."""
    return _store_at(store_location(url).absolute())


@functools.cache
def _store_at(root: Path) -> DocumentStore:
    return DirectoryStore(root)
