"""Operating-system failures as one plain line: which file, and what the system refused, in
the user's language (disk full, read-only disk, no permission, name too long...).

The mapping from errno to words lives here only. The writers in store/ turn an OSError into
a SystemFailure where the write happens, because there the file is known; the CLI does the
same, as a last resort, for an OSError that escaped anywhere else.
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator

from liushou_cli.core.errors import SystemFailure
from liushou_cli.core.text import Message
from liushou_cli.i18n import t

_REASONS: dict[int, str] = {
    code: key for name, key in (
        ("ENOSPC", "os_enospc"), ("EDQUOT", "os_edquot"), ("EROFS", "os_erofs"),
        ("EACCES", "os_eacces"), ("EPERM", "os_eacces"), ("ENAMETOOLONG", "os_enametoolong"),
        ("EIO", "os_eio"), ("ENOTDIR", "os_enotdir"), ("EISDIR", "os_eisdir"),
        ("EMFILE", "os_emfile"), ("ENFILE", "os_emfile"), ("EBUSY", "os_ebusy"),
        ("ETXTBSY", "os_ebusy"),
    )
    # some names do not exist on every system (Windows has no EDQUOT)
    if (code := getattr(errno, name, None)) is not None
}


def reason(error: OSError, *, writing: bool = False) -> Message:
    """What the system refused (磁盘已满, 没有权限...), as a message for a problem or for
    `t`."""
    if error.errno == errno.ENOENT:
        # A write creates its file, so a missing path is the folder (moved away meanwhile).
        return Message("os_enoent_write" if writing else "os_enoent")
    key = _REASONS.get(error.errno or 0)
    if key is not None:
        return Message(key)
    name = errno.errorcode.get(error.errno or 0)
    if name is None:  # raised by Python code, with no code from the system
        return Message.of("os_other", detail=str(error) or type(error).__name__)
    return Message.of("os_other",
                      detail=f"{name} ({error.strerror})" if error.strerror else name)


def write_failure(error: OSError, shown: str) -> SystemFailure:
    """`shown` could not be written; the writers guarantee that nothing was changed."""
    return SystemFailure(t("os_write_failed", path=shown, reason=reason(error, writing=True)))


def read_failure(error: OSError, shown: str) -> SystemFailure:
    return SystemFailure(t("os_read_failed", path=shown, reason=reason(error)))


def any_failure(error: OSError) -> SystemFailure:
    """An OSError nobody expected, named by the file the system gives, if any."""
    if error.filename is not None:
        return SystemFailure(t("os_access_failed", path=error.filename, reason=reason(error)))
    return SystemFailure(t("os_failed", reason=reason(error)))


@contextlib.contextmanager
def writing(shown: str) -> Iterator[None]:
    """Turn an OSError raised in the block into the one line saying `shown` was not written."""
    try:
        yield
    except OSError as error:
        raise write_failure(error, shown) from None
