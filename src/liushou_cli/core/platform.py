"""What this operating system offers the tool, decided once: the POSIX-only paths (a flock'd
folder lock, forked workers, owner and permission bits, pread) and the Windows ways of doing
the same things.

Most schools' office computers run Windows, where there is no fcntl, no fork and no POSIX
file mode. The code takes the Windows path wherever `current()` says a POSIX facility is
missing, and every such path also runs here: LIUSHOU_TEST_PORTABLE=1, read once when this
module is first imported, switches every POSIX-only path off on any system, so that the
whole test suite runs a second time through the Windows paths (.ci/run does). It is a switch
for tests and CI only; a school never sets it.

A test that needs the Windows paths in the middle of a normal run replaces `CURRENT`
(tests/conftest.py's `portable` fixture); code therefore reads `current()` when it acts, never
a copy taken at import.

Standard library only, and nothing of ours: every layer may ask it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass

SWITCH = "LIUSHOU_TEST_PORTABLE"


@dataclass(frozen=True)
class Platform:
    """The facilities the code may use; each False takes the portable (Windows) path."""

    flock: bool  # fcntl.flock locks the data folder; else the filelock library does
    fork: bool  # parsing workers are forked (cheap, share the parent); else spawned
    posix_modes: bool  # owner and permission bits are kept, set and checked
    pread: bool  # os.pread reads the cache's record store; else seek and read
    ctime_changes: bool  # st_ctime changes with every change (POSIX); on Windows it is the
    # creation time, which an edit keeps
    windows: bool  # the Windows conventions: the cache under %LOCALAPPDATA%, where the data
    # folder lives said, the console's encoding and colours


def detect(environ: Mapping[str, str] | None = None, system: str | None = None) -> Platform:
    """The platform of this process (or of `system`, a sys.platform value), under the test
    switch in `environ` (default: the process's variables)."""
    env = os.environ if environ is None else environ
    system = sys.platform if system is None else system
    switched = bool(env.get(SWITCH))
    posix = system != "win32" and os.name == "posix"
    return Platform(
        flock=posix and importlib.util.find_spec("fcntl") is not None and not switched,
        # Linux only: macOS can fork, but forking after its system libraries start is unsafe.
        fork=system.startswith("linux") and not switched,
        posix_modes=posix and not switched,
        pread=posix and hasattr(os, "pread") and not switched,
        # Not switched off: the tests' files do have a change time, and many tests put a
        # file's mtime back after editing it, which only the change time sees. The tests of
        # what Windows sees without it turn it off themselves (tests/test_windows_files.py).
        ctime_changes=posix,
        windows=system == "win32" or switched,
    )


# The switch's platform on Linux, for tests: every POSIX-only path off but the change time
# (see detect).
PORTABLE = Platform(flock=False, fork=False, posix_modes=False, pread=False,
                    ctime_changes=True, windows=True)

CURRENT = detect()


def current() -> Platform:
    """The platform in force (CURRENT, which a test may replace)."""
    return CURRENT


def console_colour() -> bool:
    """Switch the Windows console that stdout writes to into the mode that understands
    colour codes (virtual terminal processing, Windows 10 and later); True if it now does.
    False anywhere else: not Windows, not a console (a file, a pipe), or a console too old."""
    try:
        import ctypes
        import msvcrt  # type: ignore[import-not-found, unused-ignore]

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined, unused-ignore]
        handle = msvcrt.get_osfhandle(sys.stdout.fileno())  # type: ignore[attr-defined, unused-ignore]
        mode = ctypes.c_uint32()
        if not kernel32.GetConsoleMode(handle, ctypes.byref(mode)):
            return False
        virtual_terminal = 0x0004  # ENABLE_VIRTUAL_TERMINAL_PROCESSING
        return bool(mode.value & virtual_terminal
                    or kernel32.SetConsoleMode(handle, mode.value | virtual_terminal))
    except (ImportError, AttributeError, OSError, ValueError):
        return False
