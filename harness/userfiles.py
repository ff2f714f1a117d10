"""The files a user names on the command line: opened safely, read with a bound, written with care.

Every command reads its inputs through here, so a FIFO, a device, a directory, a symlink
loop, an unreadable or a huge file gets the same one-line `UserFileError` ("PATH: is a
FIFO, not a regular file") in every command instead of a hang, a traceback or gigabytes
of memory:

- only regular files are read: anything else is refused from its `stat` before it is
  opened (opening a FIFO blocks, and opening some devices has side effects), and the
  open itself never blocks (O_NONBLOCK) and is checked again with `fstat`;
- a read has a bound (`read_file`), or maps the file read-only (`map_file`) so a 2 GiB
  sparse nexe costs memory only for the pages the loader really touches;
- an output is written only into an existing directory, over nothing but a regular file
  (`check_output`, `open_output`): no parent directory is ever created, and `-o /dev/null`
  does not chmod the device.
"""

from __future__ import annotations

import codecs
import errno
import mmap
import os
import stat
from pathlib import Path
from typing import BinaryIO

MIB = 1 << 20

_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


class UserFileError(OSError):
    """A file the user named cannot be used; str() is one line: "PATH: problem".

    An OSError, so callers that already handle unreadable files handle these too; `errno`
    is the system's when open() or stat() failed, None when the file is the wrong kind.
    """

    def __init__(self, path: str | os.PathLike[str], problem: str, code: int | None = None) -> None:
        super().__init__(problem)
        self.errno = code
        self.path = os.fspath(path)
        self.problem = problem
        self.strerror = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"

    def __reduce__(self) -> tuple[type[UserFileError], tuple[str, str, int | None]]:
        # Files are read in a child that has dropped to zerovm's user; its errors come back pickled.
        return UserFileError, (self.path, self.problem, self.errno)


def describe(exc: OSError, path: str | os.PathLike[str]) -> UserFileError:
    """An OSError from opening or reading `path`, as a UserFileError worded for people."""
    if isinstance(exc, UserFileError):
        return exc
    code = exc.errno
    if code == errno.ENOENT:
        problem = ("is a dangling symbolic link (its target does not exist)" if os.path.islink(path)
                   else "no such file or directory")
    elif code == errno.ELOOP:
        problem = "too many levels of symbolic links (a symlink loop)"
    elif code in (errno.EACCES, errno.EPERM):
        problem = "permission denied"
    elif code == errno.ENOTDIR:
        problem = "a component of the path is not a directory"
    elif code == errno.EISDIR:
        problem = "is a directory"
    elif code == errno.ENAMETOOLONG:
        problem = "file name too long"
    elif code == errno.EROFS:
        problem = "read-only file system"
    else:
        problem = (exc.strerror or type(exc).__name__).lower()
    return UserFileError(path, problem, code)


def _kind_problem(mode: int) -> str | None:
    return next((problem for test, problem in _KINDS if test(mode)), None if stat.S_ISREG(mode)
                else "is not a regular file")


def input_size(path: str | os.PathLike[str]) -> int:
    """The size of a regular file the user gave as input; UserFileError for anything else."""
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:
        raise _from_stat_error(exc, path) from None
    problem = _kind_problem(st.st_mode)
    if problem is not None:
        raise UserFileError(path, problem)
    return st.st_size


def _from_stat_error(exc: OSError | ValueError, path: str | os.PathLike[str]) -> UserFileError:
    if isinstance(exc, ValueError):  # an embedded NUL in the name
        return UserFileError(path, "the file name contains a NUL byte")
    return describe(exc, path)


def open_input(path: str | os.PathLike[str]) -> BinaryIO:
    """A regular file opened for reading (never blocks); UserFileError for anything else.

    The caller closes it (use it in a `with`)."""
    input_size(path)  # refuse FIFOs and devices before open() can block or have side effects
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except OSError as exc:
        raise describe(exc, path) from None
    try:
        problem = _kind_problem(os.fstat(fd).st_mode)  # it may have been swapped since the stat
        if problem is not None:
            raise UserFileError(path, problem)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def check_readable(path: str | os.PathLike[str]) -> None:
    """That `path` is a regular file this process can open for reading."""
    open_input(path).close()


def read_file(path: str | os.PathLike[str], limit: int, *, what: str = "input") -> bytes:
    """The whole of a regular file of at most `limit` bytes (UserFileError when larger);
    `what` names what it should be, for the message ("hex text", "a results document")."""
    with open_input(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise UserFileError(path, f"is too large to read as {what} ({size} bytes; the limit is {limit})")
        try:
            data = handle.read(limit + 1)
        except OSError as exc:
            raise describe(exc, path) from None
    if len(data) > limit:  # it grew while we read
        raise UserFileError(path, f"is too large to read as {what} (more than {limit} bytes)")
    return data


def read_head(path: str | os.PathLike[str], size: int) -> bytes:
    """At most the first `size` bytes of a regular file."""
    with open_input(path) as handle:
        try:
            return handle.read(size)
        except OSError as exc:
            raise describe(exc, path) from None


def map_file(path: str | os.PathLike[str]) -> bytes | mmap.mmap:
    """A regular file's bytes, mapped read-only: pages are read only when touched, so
    memory follows what is used, not the file's size.  (An empty file gives b"", which
    cannot be mapped.)  Slicing gives bytes, as slicing a `bytes` would."""
    with open_input(path) as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        try:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            if isinstance(exc, OSError):
                raise describe(exc, path) from None
            raise UserFileError(path, f"cannot be mapped: {exc}") from None


def read_stream(stream: BinaryIO, limit: int, name: str = "standard input") -> bytes:
    """All of a stream (standard input) up to `limit` bytes; UserFileError past that,
    so `< /dev/zero` ends with a message instead of exhausting memory."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise UserFileError(name, f"more than {limit} bytes; the limit is {limit}")
    return data


def utf8_error(data: bytes) -> str | None:
    """Why `data` (possibly cut in the middle of a character) is not UTF-8 text, or None."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError as exc:
        return f"byte {exc.start} is not UTF-8"
    return None


# --- outputs ---------------------------------------------------------------------------------


def check_output(path: str | os.PathLike[str]) -> None:
    """That `path` can be written as an output file, without creating any directory:
    its parent must be an existing, writable directory and `path` nothing or a regular file."""
    target = Path(path)
    parent = target.parent
    try:
        st = os.stat(parent)
    except (OSError, ValueError) as exc:
        err = _from_stat_error(exc, parent)
        raise UserFileError(path, f"cannot be written: its directory {parent} {_verb(err.problem)}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise UserFileError(path, f"cannot be written: {parent} is not a directory")
    try:
        st = os.stat(target)
    except FileNotFoundError:
        if os.path.islink(target):
            raise UserFileError(path, "cannot be written: it is a dangling symbolic link") from None
        st = None
    except (OSError, ValueError) as exc:
        raise UserFileError(path, f"cannot be written: {_from_stat_error(exc, path).problem}") from None
    if st is not None:
        problem = _kind_problem(st.st_mode)
        if problem is not None:
            raise UserFileError(path, f"cannot be written: it {problem}")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UserFileError(path, f"cannot be written: permission denied in {parent}")


def _verb(problem: str) -> str:
    if problem == "no such file or directory":
        return "does not exist (no directory is created)"
    return problem if problem.startswith("is ") else f"cannot be used ({problem})"


def open_output(path: str | os.PathLike[str]) -> BinaryIO:
    """`path` opened for writing (created or truncated) after `check_output`; UserFileError
    when the system still refuses (a read-only file system, /proc, ...)."""
    check_output(path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOCTTY | os.O_NONBLOCK | os.O_CLOEXEC,
                     0o666)
    except OSError as exc:
        raise UserFileError(path, f"cannot be written: {describe(exc, path).problem}") from None
    try:
        problem = _kind_problem(os.fstat(fd).st_mode)
        if problem is not None:
            raise UserFileError(path, f"cannot be written: {problem}")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "wb")
    except BaseException:
        os.close(fd)
        raise


def copy_sparse(src: int, dst: int) -> None:
    """Copy descriptor `src` into the empty file `dst`, keeping holes as holes.

    A nexe may be a 2 GiB sparse file of which zerovm maps a few pages: copying its
    holes byte by byte cost 15 s and 2 GiB of disk per staging.
    """
    size = os.fstat(src).st_size
    offset = 0
    while offset < size:
        try:
            offset = os.lseek(src, offset, os.SEEK_DATA)
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: only a hole is left
                raise
            break
        end = os.lseek(src, offset, os.SEEK_HOLE)
        while offset < end:
            chunk = os.pread(src, min(MIB, end - offset), offset)
            if not chunk:
                break
            os.pwrite(dst, chunk, offset)
            offset += len(chunk)
    os.ftruncate(dst, size)


def copy_to_output(source: str | os.PathLike[str], path: str | os.PathLike[str], mode: int | None = None) -> None:
    """Copy the file `source` (the harness's own) to the user's output `path`, streamed."""
    import shutil

    try:
        with open(source, "rb") as src, open_output(path) as dst:
            shutil.copyfileobj(src, dst, 1 * MIB)
            if mode is not None:
                os.fchmod(dst.fileno(), mode)
    except UserFileError:
        raise
    except OSError as exc:
        raise UserFileError(path, f"cannot be written: {describe(exc, path).problem}") from None


__all__ = ["MIB", "UserFileError", "check_output", "check_readable", "copy_sparse", "copy_to_output", "describe",
           "input_size", "map_file", "open_input", "open_output", "read_file", "read_head", "read_stream", "utf8_error"]
