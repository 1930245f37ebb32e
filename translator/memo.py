"""What earlier runs found, kept by a digest of everything it was found from, so that a run over
a workspace where little changed does little: lint findings of an unchanged article, check
findings of an unchanged catalog, an export of an unchanged glossary.

The records live in the gitignored state folder (`.translator/<name>.cache`). They are never
content: deleting them, or a fresh clone without them, costs time and changes no result. A
record that cannot be read is ignored.
"""

from __future__ import annotations

import hashlib
import marshal
from pathlib import Path
from typing import Any

from translator import __version__
from translator.errors import TranslatorError
from translator.files import write_atomic
from translator.formats.glossary_toml import STATE_FOLDER
from translator.workspace import Workspace

FORMAT = 1
KEPT = 50_000  # records kept at most; the least recently used go first


def digest(*parts: bytes | str) -> bytes:
    """One digest of several parts (and of translator's version, whose rules made the results)."""
    hashed = hashlib.blake2b(f"{__version__}\0{FORMAT}".encode(), digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little") + data)
    return hashed.digest()


def glossary_digest(workspace: Workspace) -> bytes:
    """The digest of the workspace's glossary file, as results made from it are kept by."""
    path = workspace.glossary.path
    return digest(path.read_bytes() if path.exists() else b"")


class Memo:
    """Results by the digest of their inputs; values are plain data (tuples, strings, numbers)."""

    def __init__(self, path: Path, records: dict[bytes, Any]) -> None:
        self.path = path
        self._records = records
        self._used: dict[bytes, Any] = {}

    @classmethod
    def load(cls, root: Path, name: str) -> Memo:
        path = root / STATE_FOLDER / f"{name}.cache"
        try:
            version, records = marshal.loads(path.read_bytes())
            if version != FORMAT or not isinstance(records, dict):
                records = {}
        except (OSError, EOFError, ValueError, TypeError):
            records = {}
        return cls(path, records)

    def get(self, key: bytes) -> Any:
        found = self._used.get(key, self._records.get(key))
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: bytes, value: Any) -> None:
        self._used[key] = value

    def save(self) -> None:
        """Write the records used or made in this run first, then older ones up to the limit."""
        kept = dict(self._used)
        for key, value in self._records.items():
            if len(kept) >= KEPT:
                break
            kept.setdefault(key, value)
        if kept == self._records:
            return
        try:
            write_atomic(self.path, marshal.dumps((FORMAT, kept)))
        except TranslatorError:
            pass  # an unwritable cache costs the next run time, never a result
