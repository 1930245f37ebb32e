"""What earlier runs found, kept by a digest of everything it was found from, so that a run over
a workspace where little changed does little: lint findings of an unchanged article, check
findings of an unchanged catalog, an export of an unchanged glossary.

The records live in the gitignored state folder (`.translator/<name>.cache`). They are never
content: deleting them, or a fresh clone without them, costs time and changes no result. A
record that cannot be read is ignored.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from array import array
from functools import lru_cache
from itertools import accumulate, chain
from pathlib import Path
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from operator import attrgetter, sub
from typing import TYPE_CHECKING, Any, TypeVar

from translator import __version__
from translator.errors import TranslatorError
from translator.files import (Signature, keep_fact, known_fact, load_facts, run_facts, save_facts, signature,
                              write_atomic)
from translator.workspace import STATE_FOLDER, Workspace

try:  # BLAKE2 as hashlib has it, without hashlib, which loads OpenSSL too (2 ms of every command's start)
    from _blake2 import blake2b
except ImportError:  # a Python built without its own BLAKE2
    from hashlib import blake2b

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from translator.formats.article import Article
    from translator.glossary import Glossary
    from translator.language.sentences import Span

    Found = TypeVar("Found", bound=DataclassInstance)

FORMAT = 1
KEPT = 50_000  # records kept at most; the least recently used go first


def digest(*parts: bytes | str) -> bytes:
    """One digest of several parts (and of translator's version, whose rules made the results)."""
    hashed = _hasher()
    for part in parts:  # each part's length after it, so that a file's digest can be made as it is written
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(data)  # not joined to the length: a large catalog's bytes are not copied
        hashed.update(len(data).to_bytes(8, "little"))
    return hashed.digest()


def sealed(version: int, content: tuple[Any, ...]) -> bytes:
    """A cache file's bytes: the content (a kind, then values) after the version, marshalled, and
    a CRC-32 of that before it (a byte flipped on disk inside a string would still unmarshal,
    into a wrong entry: the check costs 8 ms for 26 MB)."""
    payload = marshal.dumps((version, *content))
    return zlib.crc32(payload).to_bytes(4, "little") + payload


def unsealed(data: bytes, version: int, kind: str, size: int) -> tuple[Any, ...] | None:
    """The `size` values after the version and `kind` that `data` (made by `sealed`) holds
    (unchecked: the caller checks them); None for data that is corrupt, foreign or of another
    version."""
    payload = memoryview(data)[4:]
    if len(data) < 4 or zlib.crc32(payload) != int.from_bytes(data[:4], "little"):
        return None
    try:
        content = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(content, tuple) and len(content) == size + 2 and content[:2] == (version, kind)):
        return None
    return content[2:]


def sealed_items(version: int, content: tuple[Any, ...], items: Sequence[bytes]) -> bytes:
    """A cache file of many items that a reader takes one at a time (`unsealed_items`), without
    reading or unmarshalling the others: the CRC-32 of the header, its length, the header (the
    content, then where each item ends and each item's CRC-32, 8 and 4 bytes, little-endian),
    then the items."""
    return _sealed_with(version, content, array("Q", accumulate(map(len, items))), array("I", map(zlib.crc32, items)),
                        items)


def _sealed_with(version: int, content: tuple[Any, ...], ends: array[int], checks: array[int],
                 body: Sequence[bytes | memoryview]) -> bytes:
    assert ends.itemsize == 8 and checks.itemsize == 4  # (as on every platform CPython runs on)
    if sys.byteorder == "big":
        ends.byteswap()
        checks.byteswap()
    header = marshal.dumps((version, *content, ends.tobytes(), checks.tobytes()))
    start = len(header).to_bytes(8, "little") + header
    return b"".join([zlib.crc32(start).to_bytes(4, "little"), start, *body])


def _little(code: str, data: bytes) -> array[int]:
    """The numbers `_sealed_with` wrote as `data`."""
    numbers = array(code, data)
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


class Items:
    """The items of a `sealed_items` file, each taken from the file's bytes and checked when asked."""

    def __init__(self, data: memoryview, start: int, ends: bytes, checks: bytes) -> None:
        self._data = data
        self._start = start
        self._ends = _little("Q", ends)  # (a copy of 8 bytes an item: an item's bounds are then two lookups)
        self._checks = _little("I", checks)

    def __len__(self) -> int:
        return len(self._checks)

    def __getitem__(self, index: int) -> memoryview | None:
        """The item's bytes; None when they are not what was written (the file was damaged)."""
        if not 0 <= index < len(self._checks):
            raise IndexError(index)
        ends = self._ends
        item = self._data[self._start + (ends[index - 1] if index else 0):self._start + ends[index]]
        if zlib.crc32(item) != self._checks[index]:
            return None
        return item

    def lengths(self) -> list[int]:
        """Each item's length in bytes."""
        return list(map(sub, self._ends, chain((0,), self._ends)))

    def resealed(self, version: int, content: tuple[Any, ...], changes: dict[int, bytes]) -> bytes:
        """A `sealed_items` file of these items, with `changes` (by index) in place of some: the
        others copied as they are, each with the check it had (a damaged one stays found out)."""
        lengths, checks = self.lengths(), array("I", self._checks)
        body: list[bytes | memoryview] = []
        copied = 0  # where the items not yet copied begin
        for index in sorted(changes):
            body.append(self._data[self._start + copied:self._start + self._ends[index] - lengths[index]])
            body.append(changes[index])
            copied = self._ends[index]
            lengths[index] = len(changes[index])
            checks[index] = zlib.crc32(changes[index])
        body.append(self._data[self._start + copied:])
        return _sealed_with(version, content, array("Q", accumulate(lengths)), checks, body)


def unsealed_items(data: bytes | memoryview, version: int, kind: str, size: int) -> tuple[tuple[Any, ...], Items] | None:
    """The `size` values after the version and `kind` in the header of `data` (made by
    `sealed_items`; unchecked: the caller checks them) and its items; None for a header that is
    corrupt, foreign or of another version, or items that would not fit the data."""
    view = memoryview(data)
    if len(view) < 12:
        return None
    end = 12 + int.from_bytes(view[4:12], "little")
    if end > len(view) or zlib.crc32(view[4:end]) != int.from_bytes(view[:4], "little"):
        return None
    try:
        content = marshal.loads(view[12:end])
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(content, tuple) and len(content) == size + 4 and content[:2] == (version, kind)):
        return None
    ends, checks = content[-2:]
    if not (isinstance(ends, bytes) and isinstance(checks, bytes) and len(ends) == 2 * len(checks)
            and len(view) - end == (int.from_bytes(ends[-8:], "little") if ends else 0)):
        return None
    return content[2:-2], Items(view, end, ends, checks)


def mapped(path: Path) -> memoryview | None:
    """A file's bytes, mapped rather than read (only the pages used are read); None when it
    cannot be read or is empty. A file replaced meanwhile (`files.write_atomic`) stays as it was
    for the mapping."""
    import mmap

    try:
        with open(path, "rb") as stream:
            return memoryview(mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ))
    except (OSError, ValueError):  # (ValueError: an empty file)
        return None


def keep_cache(path: Path, data: bytes) -> None:
    """Write a cache file of the state folder; one that cannot be written costs the next run time,
    never a result."""
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, data)
    except (TranslatorError, OSError):
        pass


class Digesting:
    """`digest` of bytes that come in pieces, made as they pass (`passed`): a file's as it is
    written, not read back."""

    def __init__(self) -> None:
        self._hashed = _hasher()
        self._size = 0

    def add(self, piece: bytes) -> None:
        self._hashed.update(piece)
        self._size += len(piece)

    def passed(self, pieces: Iterable[bytes]) -> Iterator[bytes]:
        for piece in pieces:
            self.add(piece)
            yield piece

    def digest(self) -> bytes:
        hashed = self._hashed.copy()
        hashed.update(self._size.to_bytes(8, "little"))
        return hashed.digest()


def joined_digest(pieces: Iterable[bytes]) -> bytes:
    """`digest(b"".join(pieces))`, without joining them."""
    made = Digesting()
    for piece in pieces:
        made.add(piece)
    return made.digest()


def read_digest(path: Path) -> bytes:
    """`digest` of the file's bytes, read a block at a time (a large file is never whole in memory)."""
    made = Digesting()
    with open(path, "rb") as stream:
        while block := stream.read(1 << 20):
            made.add(block)
    return made.digest()


def _hasher() -> blake2b:
    """A digest begun with translator's version (whose rules made the results) and the format."""
    return blake2b(f"{__version__}\0{FORMAT}".encode(), digest_size=20)


def article_digest(article: Article) -> bytes:
    """The digest of an article as read (its name, front matter and every block): a run keys its
    lint, segment and review records by it. Of an article read from a file, the digest of the
    file's bytes (`Article.origin`), which is cheaper to make than that of the parse, and
    identifies it as well; of any other, the parse's, made once per process."""
    if article.origin:
        return digest(b"article read", article.origin)
    return _parsed_digest(article)


@lru_cache(maxsize=4096)
def _parsed_digest(article: Article) -> bytes:
    return digest(repr(article))


def file_digest(path: Path) -> bytes | None:
    """The digest of a file's bytes, or None if there is no such file: read only while its
    signature is not the one an earlier read found (lint, segment, check, publish and review key
    their records by it; see `translator.files.run_facts` for a file written a moment ago)."""
    name = os.path.abspath(path)
    now = signature(name)  # the same name stated and read
    known = known_fact("digest", name, now)
    if isinstance(known, bytes):
        return known
    try:
        with open(name, "rb") as stream:
            made = digest(stream.read())
    except FileNotFoundError:
        return None
    keep_fact("digest", name, now, made)
    return made


def remember_digests(paths: Iterable[Path], digests: Iterable[bytes]) -> None:
    """The digests of files this run has just written (moved into place): `file_digest` need not
    read them (see `translator.files.run_facts`)."""
    for path, made in zip(paths, digests):
        name = os.path.abspath(path)
        keep_fact("digest", name, signature(name), made)


SEGMENTATIONS = "segmentation"  # each article's segmentation, kept by `segment` for `assemble`
Remembered = tuple[bytes, tuple[tuple[int, ...], ...]]  # the digest of what it was made from, each block's (start, end, ...)


def remembered_segmentation(article: Article, locale: str, by: str,
                            segmentation: Sequence[Sequence[Span]]) -> tuple[bytes, Remembered]:
    """The record of an article's segmentation: under its name, the digest of the article as read
    and the settings, and each block's segment bounds (one record an article: its earlier
    versions are not kept)."""
    return digest(article.name), (_segmented_from(article, locale, by),
                                  tuple(tuple(bound for span in spans for bound in (span.start, span.end)) for spans in segmentation))


def _segmented_from(article: Article, locale: str, by: str) -> bytes:
    """The digest of all an article's segmentation is made from: each block's text and whether it
    is Markdown (cheaper than the whole article's digest, which a large article's assembly does
    not otherwise need)."""
    return digest(_splitter_version(), locale, by,
                  *(("M" if block.markdown else "T") + block.text for block in article.blocks))


def _splitter_version() -> str:
    """What the segmentation depends on besides translator's own rules: the sentence splitter's
    release and the Unicode data of the Python running it."""
    return releases("sentencex")


@lru_cache(maxsize=None)
def releases(*names: str) -> str:
    """The installed releases of these packages and the Unicode data of the Python running them:
    what a record depends on besides translator's own rules ("unknown" for one not installed)."""
    import unicodedata

    found = []
    for name in names:
        release = _installed(name)
        if release is None:  # not a wheel's folder on the path (an egg, a zip): the standard library looks
            from importlib.metadata import PackageNotFoundError, version

            try:
                release = version(name)
            except PackageNotFoundError:
                release = "unknown"
        found.append(f"{name} {release}")
    return ", ".join(found) + f", Unicode {unicodedata.unidata_version}"


def _installed(name: str) -> str | None:
    """The release of a package as the first `<name>-<release>.dist-info` folder on the import path
    names it, the one `importlib.metadata.version` reads; found without importing
    importlib.metadata (a tenth of `assemble`'s time for a 1 MB article)."""
    import re
    import sys

    wanted = _normalized(name)
    for folder in sys.path:
        for entry in _listed(folder or "."):
            if entry.endswith(".dist-info") and "-" in entry:
                project, _, release = entry[:-len(".dist-info")].partition("-")
                if _normalized(project) == wanted and release and re.fullmatch(r"[\w.!+]+", release):
                    return release
    return None


def _normalized(project: str) -> str:
    import re

    return re.sub(r"[-_.]+", "_", project).lower()


@lru_cache(maxsize=64)
def _listed(folder: str) -> tuple[str, ...]:
    try:
        return tuple(sorted(os.listdir(folder)))
    except OSError:
        return ()


def known_segmentation(root: Path, article: Article, locale: str,
                       by: str) -> tuple[tuple[tuple[int, int], ...], ...] | None:
    """The article's segmentation as `segment` recorded it in the workspace at `root`, if it was
    made from this very article and these settings."""
    path = root / STATE_FOLDER / f"{SEGMENTATIONS}.cache"
    now = signature(path)
    if now is None:
        return None
    if _segmentations.get(str(path), (None,))[0] != now:  # read once per process while unchanged (build: every version)
        _segmentations[str(path)] = (now, Memo.load(root, SEGMENTATIONS))
    record = _segmentations[str(path)][1].get(digest(article.name))
    if not (isinstance(record, tuple) and len(record) == 2 and record[0] == _segmented_from(article, locale, by)
            and isinstance(record[1], tuple) and len(record[1]) == len(article.blocks)):
        return None
    return tuple(tuple(zip(bounds[::2], bounds[1::2])) for bounds in record[1])


_segmentations: dict[str, tuple[Signature | None, Memo]] = {}


@contextmanager
def file_facts(root: Path) -> Iterator[None]:
    """Within: what earlier runs found in the workspace's files (`.translator/files.cache`) is
    known, and what this run finds (see `translator.files.run_facts`); after, unless the run
    failed: what this run found in settled files is kept for the next."""
    load_facts(root / STATE_FOLDER / FACTS_FILE, (FORMAT, __version__))
    with run_facts():
        yield
    save_facts(root / STATE_FOLDER / FACTS_FILE, (FORMAT, __version__), root)


FACTS_FILE = "files.cache"


def glossary_digest(workspace: Workspace) -> bytes:
    """The digest of the workspace's glossary file, as results made from it are kept by."""
    path = workspace.glossary.path
    return glossary_key(path.read_bytes() if path.exists() else b"")


def glossary_key(data: bytes, sha256: bytes | None = None) -> bytes:
    """The key of results made from a glossary file of these bytes: the digest of their SHA-256
    (`sha256`, if known), by which the store keeps its caches too, so a load digests the file once."""
    import hashlib

    return digest(b"glossary", sha256 if sha256 is not None else hashlib.sha256(data).digest())


def checked_glossary_key(workspace: Workspace, glossary: Glossary, glossary_key: bytes) -> bytes:
    """The key lint's and check's records are kept by: the digest of the glossary as those two
    read it, each entry without its status, note and source, which neither reads. An edited note
    (the most common glossary edit) leaves every finding as it was. Worked out once per glossary
    file (`glossary_key`)."""
    memo = Memo.load(workspace.root, "glossary-key")
    known = memo.get(glossary_key)
    if not isinstance(known, bytes):
        rows = glossary.rows()  # (as `entry_row` gives them, without making the entries not yet made)
        known = digest(b"checked", repr([checked_row(rows[entry_id]) for entry_id in sorted(rows)]))
        memo.put(glossary_key, known)
    memo.save(only_used=True)
    return known


def checked_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """An entry's row (`entry_row`) without what neither lint nor check reads."""
    identifier, kind, _status, forms, reading, romanization, holders, _note, _source = row
    return identifier, kind, forms, reading, romanization, holders


class Memo:
    """Results by the digest of their inputs; values are plain data (tuples, strings, numbers)."""

    def __init__(self, path: Path, records: dict[bytes, Any]) -> None:
        self.path = path
        self._records = records
        self._used: dict[bytes, Any] = {}
        self._noting: list[bytes] | None = None  # see `noting`

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
            if self._noting is not None:
                self._noting.append(key)
        return found

    def put(self, key: bytes, value: Any) -> None:
        self._used[key] = value
        if self._noting is not None:
            self._noting.append(key)

    def noting(self) -> None:
        """Note from now on each record used or made (a worker's copy of the memo: see `noted`)."""
        self._noting = []

    def noted(self) -> list[tuple[bytes, Any]]:
        """The records used or made since `noting`, as they are now, for the parent's memo to
        `put` (a worker's use of a record, or a record's new signature, is otherwise lost with
        its copy); noting stops."""
        keys, self._noting = self._noting or [], None
        return [(key, self._used[key]) for key in dict.fromkeys(keys)]

    def take(self, key: bytes) -> Any:
        """`get`, forgetting the record: one that the run will put again, and that is large."""
        found = self._used.pop(key, None)
        record = self._records.pop(key, None)
        return found if found is not None else record

    def as_written(self, key: bytes, path: Path) -> bool:
        """Whether the file at `path` still holds what a run wrote there, as recorded under `key`
        (the digest of the data, and the file's signature once written): unchanged since by its
        signature, or else by the digest of its bytes (a checkout rewrites a file as it was), in
        which case the record takes the file's new signature, so that the next run need not read it."""
        recorded = self.get(key)
        if not isinstance(recorded, tuple) or len(recorded) != 2:
            return False
        data_digest, written_signature = recorded
        now = signature(path)
        if now is not None and written_signature is not None and now == tuple(written_signature):
            return True
        try:
            same = bool(digest(path.read_bytes()) == data_digest)
        except OSError:
            return False
        if same:
            self.put(key, (data_digest, now))
        return same

    def save(self, only_used: bool = False) -> None:
        """Write the records used or made in this run first, then older ones up to the limit
        (none with `only_used`: records too large to keep for a file that may come back)."""
        kept = dict(self._used)
        for key, value in () if only_used else self._records.items():
            if len(kept) >= KEPT:
                break
            kept.setdefault(key, value)
        if kept == self._records:
            return
        try:
            write_atomic(self.path, marshal.dumps((FORMAT, kept)))
        except TranslatorError:
            pass  # an unwritable cache costs the next run time, never a result


def completed(memo: Memo | None, known: list[list[Found] | None],
              made: Iterable[tuple[int, bytes, list[Found]]]) -> list[Found]:
    """Every result in order: those an earlier run left (`known`), and those made now, each put in
    its place (None in `known`) and remembered under its key as tuples of its fields; the
    records saved."""
    for index, key, results in made:
        known[index] = results
        if memo is not None:
            memo.put(key, tuple(map(fields_of, results)))
    if memo is not None:
        memo.save()
    return [result for results in known for result in results or ()]


def fields_of(result: DataclassInstance) -> tuple[Any, ...]:
    """The fields of a dataclass whose fields are plain values (a finding), as a tuple in order:
    what `dataclasses.astuple` gives, without its deep copy of each value (a third of a large
    glossary's check when its findings were kept that way)."""
    return _field_getter(type(result))(result)  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def _field_getter(kind: type) -> Any:
    names = [field.name for field in fields(kind)]
    if len(names) == 1:  # (attrgetter of one name gives the value, not a tuple)
        return lambda result: (getattr(result, names[0]),)
    return attrgetter(*names)
