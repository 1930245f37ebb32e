"""Safe file writing: atomic replacement, all-or-nothing groups of files, and the workspace lock.

Every file translator writes goes through `write_all` (or `write_atomic` for one), so a crash
leaves either the old file or the new one, never half of either, and a command that changes
several files changes all of them or none. `filelock` provides the cross-process lock because it is
portable and well kept, unlike a hand-rolled fcntl/msvcrt pair.
"""

from __future__ import annotations

import marshal
import os
import re
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from translator.errors import Problem, TranslatorError

if TYPE_CHECKING:  # imported where threads are started: commands that only read skip it
    from concurrent.futures import Future

LOCK_TIMEOUT_SECONDS = 60.0
T = TypeVar("T")


Signature = tuple[int, int, int, int, int]  # a file's size, modification and change times (ns), inode, device


def signature(path: str | os.PathLike[str]) -> Signature | None:
    """What changes whenever a file is written: its size, times, inode and device (the change time
    is one no program can set back)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino, found.st_dev


def settled(found: Signature) -> bool:
    """Whether a file has been left alone long enough for what was read of it to be kept by its
    signature: the times in a signature tick coarsely (a few milliseconds), so a file rewritten
    in place at once, to the same size, could keep it. Never on Windows, where the "change time"
    is when the file was created."""
    return os.name != "nt" and max(found[1], found[2]) < time.time_ns() - SETTLED_NS


SETTLED_NS = 2_000_000_000


# --- what was read of files, by their signatures ----------------------------------------------
# A run asks the same things of the same files in every phase (a catalog's digest, a template's
# settings), and the next run asks them again of files that mostly did not change. What was found
# is kept by the file's signature, in this process and, once `save_facts` wrote them, for the
# next run, as git's index spares `git status` reading files whose stat data is unchanged. Only
# settled files are kept (see `settled`).

Fact = tuple[Signature, object]  # the signature a file had, and what was found in it then
_FACTS: dict[tuple[str, str], Fact] = {}  # (kind, absolute path) -> fact
_facts_loaded: dict[tuple[str, str], Fact] = {}
_facts_used: set[tuple[str, str]] = set()  # asked for or found in this process: what `save_facts` keeps
NOT_KNOWN = object()


def known_fact(kind: str, name: str, now: Signature | None) -> object:
    """What was found of `kind` in the file at absolute path `name` when it had the signature
    `now`, or NOT_KNOWN."""
    fact = _FACTS.get((kind, name))
    if now is None or fact is None or fact[0] != now:
        fact = _run_facts.get((kind, name)) if _run_facts is not None and now is not None else None
        return fact[1] if fact is not None and fact[0] == now else NOT_KNOWN
    _facts_used.add((kind, name))
    return fact[1]


def keep_fact(kind: str, name: str, now: Signature | None, value: object) -> None:
    """Remember `value`, found in the file `name` read after its signature `now` was taken (a file
    changed in between is read again next time); plain data only (marshal writes it). What was
    found in a file written a moment ago, whose signature another write could yet keep (see
    `settled`), is remembered only for the rest of the run (see `run_facts`)."""
    if now is not None and settled(now):
        _FACTS[(kind, name)] = (now, value)
        _facts_used.add((kind, name))
    elif now is not None and _run_facts is not None:
        _run_facts[(kind, name)] = (now, value)


_run_facts: dict[tuple[str, str], Fact] | None = None  # facts of files not yet settled, within `run_facts`


@contextmanager
def run_facts() -> Iterator[None]:
    """Within (one command's run): what was found in files written a moment ago is remembered by
    their signatures too, and is forgotten after. Check, publish and review all ask for the
    digest and settings of every catalog and template segment has just written; a file that
    changed within a tick of the clock, keeping its signature, could as well change between
    being asked about and being read."""
    global _run_facts
    _run_facts = {}
    try:
        with places_remembered():
            yield
    finally:
        _run_facts = None


def load_facts(cache: Path, version: object) -> None:
    """Take the facts an earlier run saved at `cache`, if it was written by the same `version`."""
    global _facts_loaded
    try:
        kept_version, records = marshal.loads(cache.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return
    if kept_version != version or not isinstance(records, dict):
        return
    for key, fact in records.items():
        if isinstance(fact, tuple) and len(fact) == 2 and isinstance(fact[0], tuple) and len(fact[0]) == 5:
            _FACTS.setdefault(key, fact)
    _facts_loaded = records


def save_facts(cache: Path, version: object, inside: Path) -> None:
    """Keep the facts this process used or found of files under `inside` at `cache`, for the next
    run (those of files gone or no longer asked about are dropped)."""
    prefix = os.path.join(str(inside), "")
    records = {key: fact for key, fact in _FACTS.items() if key in _facts_used and key[1].startswith(prefix)}
    if records == _facts_loaded:
        return
    try:
        write_atomic(cache, marshal.dumps((version, records)))  # type: ignore[arg-type]  # plain data, as kept
    except TranslatorError:
        pass  # an unwritable cache costs the next run time, never a result


def _default_mode() -> int:
    """The mode a new file gets. Linux tells a process its umask (/proc/self/status); elsewhere
    reading it means setting it for a moment, which another thread creating a file or folder
    then would get: there, never call this while other threads create files."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomic(path: Path, data: bytes | str, root: Path | None = None) -> bool:
    """Replace `path` with `data` atomically, keeping its mode; return False if nothing changed.
    See `write_all`, which this is for one file."""
    return write_all([(path, data)], root)[0]


def write_all(files: Sequence[tuple[Path, bytes | str]], root: Path | None = None) -> list[bool]:
    """Write several files all or nothing; for each, whether it changed.

    Every new content first goes to a temporary file beside its target (written and fsynced);
    only when all of them are written are they moved into place, each with `os.replace`. If a
    move fails, the files already moved get their old content back. Unchanged content is not
    rewritten (an unchanged file keeps its timestamp). A symbolic link is written through: its
    target is replaced and the link stays; with `root`, a path inside it that leads outside it
    through a link is refused. Every OSError becomes a TranslatorError naming the file.
    """
    if len(files) < 2:  # one file: flushed as it is written, without staging's bookkeeping
        try:
            return _move_all([_prepare(path, data, root) for path, data in files])
        except TranslatorError as error:
            raise _within(error, root) from None
    with Staging(root) as staging:
        staging.add(files)
        return staging.commit()


class StagingPart:
    """Files written to temporary files beside their targets, to be moved into place by the
    `Staging` they belong to: that staging itself, or a part of it made for work done in another
    process (`Staging.part`), which writes its files there and hands the part back to `adopt`."""

    def __init__(self, root: Path | None, new_mode: int, token: str) -> None:
        self._root = root
        self._new_mode = new_mode
        self._token = token  # in every temporary file's name: see `Staging.expect`
        self._staged: list[tuple[Path, str | None, bytes | None]] = []
        self._unflushed: list[tuple[Path, str, int]] = []  # target, its temporary file, the mode it takes
        self._failed: TranslatorError | None = None  # the first file that could not be written
        self._process = os.getpid()  # where its files are written

    def add(self, files: Sequence[tuple[Path, bytes | str | list[bytes]]]) -> None:
        """Write these files to their temporary files (in order after those added before); a
        file's content may be given as the pieces it is made of, which are then not joined. A
        file that cannot be written fails the `commit`, as the first such file in order."""
        for path, data in files:
            if self._failed is not None:
                return  # none will be moved into place: writing the rest is of no use
            try:
                self._staged.append(_prepare(path, data, self._root, self._new_mode, self._unflushed, self._token))
            except TranslatorError as error:
                self._failed = error

    def add_streamed(self, path: Path, chunks: Iterable[bytes], head: tuple[bytes, bytes] | None = None) -> Path:
        """Write, now, a file whose content comes in chunks, each written as it comes (a large
        file is never whole in memory), staged as `add` stages one; where its content now is (its
        temporary file, or the file itself if it holds that already). `head`: (as it is, if
        changed): a first chunk that becomes another if the file changes (a catalog's header,
        whose dates change only with its entries)."""
        try:
            staged = _prepare_streamed(_target(path, self._root), iter(chunks), self._new_mode, head, self._unflushed,
                                       self._token)
        except TranslatorError as error:
            raise _within(error, self._root) from None  # (as `commit` reports what `add` staged)
        self._staged.append(staged)
        return Path(staged[1]) if staged[1] is not None else staged[0]

    def sibling(self) -> StagingPart:
        """An empty part of the same staging, for work this part's process hands on to another
        (a worker of its own): `take` takes in what was written to it there."""
        return StagingPart(self._root, self._new_mode, self._token)

    def take(self, part: StagingPart) -> None:
        """Take in the files written to a `sibling`, in order after those added before, as if
        they had been added here (flushed to disk with the rest of this part)."""
        if self._failed is not None:
            _discard(part._staged)
            return
        self._staged.extend(part._staged)
        self._unflushed.extend(part._unflushed)
        self._failed = part._failed


class Staging(StagingPart):
    """`write_all` begun before the last file is known: each file added is written to its
    temporary file at once, in the caller's thread (or, through a `part`, in a worker process),
    while the caller goes on making the next; `commit` flushes them all to disk, several at a time
    in threads (each waits for the disk), and moves them into place as `write_all` does. Leaving
    the `with` block without committing (an error, Ctrl-C) removes every temporary file; nothing
    is moved into place.

    No thread runs while files are added: threads that wrote files beside a caller busy making
    them took the interpreter's lock from it at every system call, which cost a 1,000-article
    build more time than the writes themselves (see docs/design.md, "All cores"); and the
    caller may fork worker processes between two `add`s."""

    def __init__(self, root: Path | None = None) -> None:
        super().__init__(root, _default_mode(), os.urandom(4).hex())
        self._expected: list[Path] = []
        self._flushing: _Flushing | None = None  # files other processes wrote, flushed while this one waits
        self._committed = False  # moved into place, or cleaned up after a failed move

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if self._flushing is not None:  # every flush begun is waited for before its file is removed
            self._flushing.stop()
        if not self._committed:  # remove what was written
            _discard(self._staged)
            targets: dict[Path, int] = {}  # each expected target, and how many times it may have been staged
            for path in self._expected:
                try:
                    target = _target(path, self._root)
                except TranslatorError:
                    continue
                targets[target] = targets.get(target, 0) + 1
            for target, times in targets.items():
                for again in range(min(times, TOKEN_AGAIN + 1)):
                    _unlink(str(_temporary(target, self._token, again)))

    def expect(self, paths: Iterable[Path]) -> None:
        """Files that parts of this staging (see `part`) may be writing in other processes: if the
        staging is left without committing, their temporary files are removed too, whether or not
        their parts were handed back (a worker stopped, Ctrl-C): each is named for its target and
        this staging's token (and, for a target met again, such as two paths leading to one file
        through a link, how many times; a path expected as many times)."""
        self._expected.extend(paths)

    def part(self) -> StagingPart:
        """A part of this staging for work done in another process (a worker of
        `translator.pool.ordered`): its files are written there, the temporary files named as
        `expect` says, and `adopt` takes them in here."""
        return StagingPart(self._root, self._new_mode, self._token)

    def adopt(self, part: StagingPart) -> None:
        """Take in the files written to `part`, in order after those added before; a part that
        could not write a file fails the `commit`, unless a file before it failed first."""
        if self._failed is not None:
            _discard(part._staged)
            return
        self._staged.extend(part._staged)
        self._failed = part._failed
        if part._process == self._process:
            self._unflushed.extend(part._unflushed)
            return
        # Written by a worker while this process waits for the rest: flushed now, in threads
        # that take the interpreter's lock from no one (see the class's note).
        if self._flushing is None:
            self._flushing = _Flushing()
        self._flushing.add(part._unflushed)

    def commit(self) -> list[bool]:
        """Move every file added into place, all or none; for each, whether it changed. If any
        could not be written, none is, and the first failure in order is raised."""
        try:
            if self._failed is not None:
                raise self._failed
            if self._flushing is not None:  # what this process wrote joins the flushes begun
                self._flushing.add(self._unflushed)
                self._flushing.wait()
            else:
                _flush_all(self._unflushed)
            self._unflushed = []
            moved = _move_all(self._staged)
            self._committed = True
            return moved
        except TranslatorError as error:
            raise _within(error, self._root) from None


STAGED_AT_ONCE = 8  # files flushed to disk side by side: the disk's waits overlap


def _flush_all(unflushed: Sequence[tuple[Path, str, int]]) -> None:
    """Flush these temporary files to disk and give each its mode; several at a time in threads
    (a thread does nothing but wait for the disk)."""
    if len(unflushed) < 2:
        for each in unflushed:
            _flush(each)
        return
    flushing = _Flushing()
    flushing.add(unflushed)
    flushing.wait()


class _Flushing:
    """Temporary files being flushed to disk in threads, as they come (see `Staging.adopt`)."""

    def __init__(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._threads = ThreadPoolExecutor(STAGED_AT_ONCE)
        self._flushes: list[Future[None]] = []

    def add(self, unflushed: Sequence[tuple[Path, str, int]]) -> None:
        self._flushes.extend(self._threads.submit(_flush, each) for each in unflushed)

    def wait(self) -> None:
        """Wait for every flush; the first that failed, in order, raises its error. Every flush
        begun is waited for (Ctrl-C included) before the temporary files can be removed."""
        try:
            for flush in self._flushes:
                flush.result()
        finally:
            self.stop()

    def stop(self) -> None:
        """Drop the flushes not begun; wait for those begun."""
        self._threads.shutdown(wait=True, cancel_futures=True)


def _flush(unflushed: tuple[Path, str, int]) -> None:
    target, temporary, mode = unflushed
    try:
        # Opened for writing: Windows flushes no file opened only for reading.
        descriptor = os.open(temporary, os.O_RDWR | getattr(os, "O_BINARY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.chmod(temporary, mode)
    except OSError as error:
        raise _failure("cannot write", error, target) from None


def _move_all(staged: list[tuple[Path, str | None, bytes | None]]) -> list[bool]:
    """Move staged files into place, putting back what was moved if a move fails. A file found
    unchanged when it was staged, perhaps a while ago, is read again: if someone changed it
    since, it is written after all. What a large file held before is kept for that as a second
    name of it (a hard link), not in memory, where the file system allows."""
    moved: list[tuple[Path, str | None, bytes | None]] = []  # target, its old file's second name, or its old content
    try:
        for index, (target, temporary, wanted) in enumerate(staged):
            old: bytes | None = None
            if temporary is None and wanted is not None and (old := _old_content(target)) != wanted:
                temporary = _stage(target, wanted)  # unchanged when staged: what was staged is wanted
                staged[index] = (target, temporary, wanted)
            if temporary is not None:
                backup = None
                if old is None:
                    old, large = _small_content(target)
                    if large:  # kept as a second name of it; in memory if the file system has none
                        backup = _backup(target)
                        old = None if backup is not None else _old_content(target)
                try:
                    _call(os.replace, target, temporary, target)
                except BaseException:
                    if backup is not None:
                        _unlink(backup)
                    raise
                moved.append((target, backup, old))
    except BaseException:
        _restore(moved)
        _discard(staged)
        raise
    for _, backup, _ in moved:
        if backup is not None:
            _unlink(backup)
    for directory in dict.fromkeys(target.parent for target, temporary, _ in staged if temporary is not None):
        _fsync_directory(directory)
    return [temporary is not None for _, temporary, _ in staged]


KEPT_IN_MEMORY = 1 << 20  # bytes: a file this large or smaller is put back from memory if a commit fails


def _small_content(target: Path) -> tuple[bytes | None, bool]:
    """What the file at `target` holds if it is small (None if there is no file), and whether it
    is large (then unread): a hard link costs the file system as much as a new file."""
    try:
        with open(target, "rb") as stream:
            if os.fstat(stream.fileno()).st_size > KEPT_IN_MEMORY:
                return None, True
            return stream.read(), False
    except FileNotFoundError:
        return None, False
    except OSError as error:
        raise _failure("cannot read", error, target) from None


def _backup(target: Path) -> str | None:
    """A second name (a hard link, named as `_stage` names its files) for the file at `target`,
    which keeps what it holds once another file is moved onto it; None if there is no file or the
    file system has no hard links."""
    import secrets

    for _ in range(100):
        name = os.path.join(target.parent, f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.link(target, name, follow_symlinks=False)
            return name
        except FileExistsError:
            continue
        except (OSError, NotImplementedError):
            return None
    return None


# What _stage names its files, .NAME.XXXXXXXX.tmp, for the kinds of file translator writes (so a
# file of someone else's that looks alike is left alone).
TEMPORARY = re.compile(r"^\..+\.(?:po|pot|toml|xlsx|csv|txt|text|md|markdown|cache|gitignore|html|tbx|tmx|tsv|utf8|tab)\.[a-z0-9_]{8}\.tmp$")
LEFTOVER_AGE_SECONDS = 600.0  # older than any write takes: a run that was killed left it


def sweep_leftovers(folders: Sequence[Path]) -> list[Path]:
    """Remove the temporary files a killed run left in these folders (and below); the removed."""
    removed = []
    now = time.time()
    for folder in folders:
        if not folder.is_dir() or folder.is_symlink():
            continue
        for path in folder.rglob(".*.tmp"):
            try:
                if TEMPORARY.match(path.name) and path.is_file() and now - path.stat().st_mtime > LEFTOVER_AGE_SECONDS:
                    path.unlink()
                    removed.append(path)
            except OSError:
                continue  # another run removed it, or it cannot be removed: left for next time
    return removed


def real_path(name: str) -> str:
    """Where a file really is, links followed (as os.path.realpath, its folder's remembered)."""
    if os.path.islink(name):
        return os.path.realpath(name)
    folder, file = os.path.split(name)
    if not os.path.isabs(folder):
        folder = os.path.join(os.getcwd(), folder)  # ".." left to realpath
    return os.path.join(real_folder(folder), file)


_run_places: dict[tuple[str, bool], str] | None = None  # within `places_remembered`: files' (False) and folders' (True)


@contextmanager
def places_remembered() -> Iterator[None]:
    """Within (one command's run, as `run_facts` and every command with a workspace enter it):
    where each file and folder asked about really is, links followed, is found once (see
    `known_real_path`, `real_folder`); within it again, as it was."""
    global _run_places
    if _run_places is not None:
        yield
        return
    _run_places = {}
    try:
        yield
    finally:
        _run_places = None


def known_real_path(name: str) -> str:
    """Where a file really is, as `real_path` finds it; within a run (`places_remembered`), found
    once for each name: every phase of a run asks where the same articles, templates and catalogs
    are (a build, 60 times an article, at two system calls each), and no run makes links. A write
    looks again where it lands (`_target`)."""
    return _once_in_run(name, False, real_path)


def real_folder(folder: str) -> str:
    """Where a folder really is, links followed; within a run (`places_remembered`), found once
    for each folder, since a run asks for the same few thousands of times and makes no links.
    Outside a run, looked up every time: neither a folder's name nor its identity (inode) tells
    that it, or a folder above it, was moved and linked back in its place since it was asked."""
    return _once_in_run(folder, True, os.path.realpath)


def _once_in_run(name: str, folder: bool, find: Callable[[str], str]) -> str:
    places = _run_places
    if places is None:
        return find(name)
    found = places.get((name, folder))
    if found is None:
        found = places[(name, folder)] = find(name)
    return found


def _target(path: Path, root: Path | None) -> Path:
    """Where writing `path` really lands: through symbolic links, never outside `root` by one."""
    target = Path(real_path(str(path)))
    if root is not None:
        inside = Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))
        if inside and not target.is_relative_to(real_folder(str(root))):
            raise TranslatorError(f"refusing to write: a symbolic link leads it outside the workspace, to {target}",
                                  file=str(path))
    if target.is_dir():
        raise TranslatorError("cannot write: it is a folder", file=str(path))
    return target


def _old_content(target: Path) -> bytes | None:
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise _failure("cannot read", error, target) from None


def _prepare(path: Path, data: bytes | str | list[bytes], root: Path | None, new_mode: int | None = None,
             unflushed: list[tuple[Path, str, int]] | None = None,
             token: str | None = None) -> tuple[Path, str | None, bytes | None]:
    """Where `path` lands and its new content in a temporary file there; or, if it is unchanged,
    no temporary file and the content (see `_move_all`). `unflushed`, `token`: see `_stage`."""
    target = _target(path, root)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if _unchanged(target, payload):
        return target, None, payload if isinstance(payload, bytes) else b"".join(payload)
    return target, _stage(target, payload, new_mode, unflushed, token), None


def _unchanged(target: Path, payload: bytes | list[bytes]) -> bool:
    """Whether the file at `target` holds `payload` (opened as `_old_content` reads it, but read
    only if it has the payload's size)."""
    pieces = [payload] if isinstance(payload, bytes) else payload
    try:
        with open(target, "rb") as stream:
            return (os.fstat(stream.fileno()).st_size == sum(map(len, pieces))
                    and all(stream.read(len(piece)) == piece for piece in pieces))
    except FileNotFoundError:
        return False
    except OSError as error:
        raise _failure("cannot read", error, target) from None


def _prepare_streamed(target: Path, chunks: Iterator[bytes], new_mode: int | None,
                      head: tuple[bytes, bytes] | None = None, unflushed: list[tuple[Path, str, int]] | None = None,
                      token: str | None = None) -> tuple[Path, str | None, bytes | None]:
    """`_prepare` for content that comes in chunks: compared with the file at `target` as they
    come, and from the first that differs written to a temporary file after the part they shared
    (copied from the file). `head`: see `Staging.add_streamed`; `unflushed`, `token`: see `_stage`."""
    if head is not None:
        chunks = chain([head[0]], chunks)
    try:
        old: BinaryIO | None = open(target, "rb")
    except FileNotFoundError:
        old = None
    except OSError as error:
        raise _failure("cannot read", error, target) from None
    try:
        shared = 0  # bytes of the file the chunks so far repeat
        chunk: bytes | None = None
        for chunk in chunks:
            if old is None or old.read(len(chunk)) != chunk:
                break
            shared += len(chunk)
        else:
            chunk = None
            if old is not None and not old.read(1):
                old.seek(0)
                return target, None, old.read()

        def fill(stream: BinaryIO) -> None:
            begin = 0  # of the shared part, what is copied
            if head is not None:
                stream.write(head[1])
                begin = len(head[0])  # in place of the first chunk (`chunk` itself if that differed: shared is 0)
            if shared > begin:
                assert old is not None
                old.seek(begin)
                left = shared - begin
                while left:
                    block = old.read(min(left, 1 << 20))
                    stream.write(block)
                    left -= len(block)
            if chunk is not None and (head is None or shared):
                stream.write(chunk)
            stream.writelines(chunks)

        return target, _stage(target, fill, new_mode, unflushed, token), None
    except OSError as error:  # reading the file (writing one reports its own failure)
        raise _failure("cannot read", error, target) from None
    finally:
        if old is not None:
            old.close()


def _stage(target: Path, payload: bytes | list[bytes] | Callable[[BinaryIO], object], new_mode: int | None = None,
           unflushed: list[tuple[Path, str, int]] | None = None, token: str | None = None) -> str:
    """A temporary file beside `target` with `payload` (or what it writes to the file), flushed to
    disk, with the target's mode (`new_mode`, or the umask's default, if there is no target yet).
    With `unflushed`, it is neither flushed nor given its mode yet, but added to that list, for
    `_flush_all` to do later. With `token`, the file is named for it (see `Staging.expect`) unless
    a file of that name is there already."""
    import tempfile  # here and filelock below: commands that only read (status, --help) skip both

    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = new_mode if new_mode is not None else _default_mode()
    except OSError as error:
        raise _failure("cannot write", error, target) from None
    _call(lambda: target.parent.mkdir(parents=True, exist_ok=True), target)
    descriptor = -1
    for again in range(TOKEN_AGAIN + 1 if token is not None else 0):
        assert token is not None
        temporary = str(_temporary(target, token, again))
        try:  # as mkstemp makes its files: new, and only the owner's until flushed
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            break
        except FileExistsError:
            continue  # the same target staged again (through a link, say)
        except OSError as error:
            raise _failure("cannot write", error, target) from None
    if descriptor < 0:
        descriptor, temporary = _call(lambda: tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                                               dir=target.parent), target)
    try:
        with os.fdopen(descriptor, "wb") as stream:
            if isinstance(payload, bytes):
                stream.write(payload)
            elif isinstance(payload, list):
                stream.writelines(payload)
            else:
                payload(stream)
            if unflushed is None:
                stream.flush()
                os.fsync(stream.fileno())
        if unflushed is None:
            os.chmod(temporary, mode)
        else:
            unflushed.append((target, temporary, mode))
    except BaseException as error:
        _unlink(temporary)
        if isinstance(error, OSError):
            raise _failure("cannot write", error, target) from None
        raise
    return temporary


def _temporary(target: Path, token: str, again: int = 0) -> Path:
    """The temporary file beside `target` named for a staging's `token` (as `TEMPORARY` matches);
    `again`: for the how-manieth time the staging stages that target (eight characters still,
    the last few "_1", "_2", which a token of hexadecimal digits never has)."""
    if again:
        token = f"{token[:len(token) - len(str(again)) - 1]}_{again}"
    return target.with_name(f".{target.name}.{token}.tmp")


TOKEN_AGAIN = 99  # a target staged more often than this in one staging takes a name mkstemp makes


def _restore(moved: list[tuple[Path, str | None, bytes | None]]) -> None:
    """Put back what these files held before (best effort: the failure is reported anyway)."""
    for target, backup, old in reversed(moved):
        try:
            if backup is not None:
                os.replace(backup, target)
            elif old is None:
                target.unlink()
            else:
                os.replace(_stage(target, old), target)
        except (OSError, TranslatorError):
            continue


def _discard(staged: list[tuple[Path, str | None, bytes | None]]) -> None:
    for _, temporary, _ in staged:
        if temporary is not None:
            _unlink(temporary)


def _unlink(name: str) -> None:
    try:
        os.unlink(name)
    except OSError:
        pass


def _call(function: Callable[..., T], target: Path, *arguments: object) -> T:
    try:
        return function(*arguments)
    except OSError as error:
        raise _failure("cannot write", error, target) from None


def _failure(what: str, error: OSError, target: Path) -> TranslatorError:
    reason = error.strerror or str(error)
    return TranslatorError(f"{what}: {reason[0].lower() + reason[1:] if reason else 'failed'}", file=_shown(target))


def _shown(path: Path) -> str:
    return str(path)


def _within(error: TranslatorError, root: Path | None) -> TranslatorError:
    """The error with its paths shown relative to the workspace, as read errors show them."""
    if root is None:
        return error
    problems = []
    for problem in error.problems:
        shown = problem.file
        for base in (os.path.abspath(root), os.path.realpath(root)):
            if shown is not None and Path(shown).is_absolute() and Path(shown).is_relative_to(base):
                shown = Path(shown).relative_to(base).as_posix()
                break
        problems.append(Problem(problem.message, shown, problem.line, problem.cell))
    return TranslatorError(problems=problems)


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:  # directories cannot be opened on some platforms; the replace still holds
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


@contextmanager
def locked(lock_path: Path, timeout: float = LOCK_TIMEOUT_SECONDS, root: Path | None = None) -> Iterator[None]:
    """Hold the exclusive lock at `lock_path` for the duration of the block (a lock file, which
    with `root` may not lie outside it through a symbolic link)."""
    import filelock

    lock = filelock.FileLock(str(_target(lock_path, root)), timeout=timeout)
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except OSError as error:
        raise _failure("cannot take the workspace lock", error, lock_path) from None
    except filelock.Timeout:
        raise TranslatorError(
            f"another translator process has held the lock for {timeout:.0f} s; try again",
            file=str(lock_path),
        ) from None
    try:
        yield
    finally:
        lock.release()
