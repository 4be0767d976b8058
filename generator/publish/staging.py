"""Builds that replace their output folder whole: write into a staging folder beside it, swap it in at the end.

Engine-free. An engine builds into a staging folder beside the output (:func:`staging_folder_beside`); only once the
whole build (the post-build step included) has succeeded does :func:`swap_in` put it in the output folder's place, so
the output folder always holds one whole build: the new one, or the previous one after a failure or a Ctrl-C
(:func:`discard` then removes the staging folder). Parallel builds of one output each stage their own folder; their
swaps take turns (a lock on the parent folder) and the last one wins.

Like ``mkdocs build``, which never deletes hidden files from its output, a swap keeps the old output's hidden
top-level entries (``.git`` of a deploy checkout, ``.nojekyll``). An output that is a symbolic link keeps the link:
the folder it points to is replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: swaps are not serialised
    fcntl = None

STAGING_MARK = ".building-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def output_folder(site_dir: Path) -> Path:
    """The folder a swap replaces: ``site_dir`` itself, or the folder it links to."""
    return Path(os.path.abspath(site_dir)).resolve()


def staging_folder_beside(site_dir: Path) -> Path:
    """The name of a new staging folder next to the output folder of ``site_dir``, not yet made.

    An engine notes it before it makes it (``mkdir``, the usual permissions), so that a Ctrl-C at any moment leaves
    no staging folder the engine does not know to discard."""
    target = output_folder(site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.parent / f".{target.name}{STAGING_MARK}{os.getpid()}-{secrets.token_hex(4)}"


def discard(staging: Path) -> None:
    """Remove a staging folder that will not be swapped in."""
    shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _turn(folder: Path) -> Iterator[None]:
    """One swap at a time among the processes publishing into ``folder``."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); ``False`` where that is not available."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0


def _replace_contents(target: Path, staging: Path) -> None:
    """The fallback when the output folder itself cannot be renamed (a mount point): replace what it holds."""
    for entry in target.iterdir():
        if not entry.name.startswith("."):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    for entry in staging.iterdir():
        if not (target / entry.name).exists():
            entry.rename(target / entry.name)
    discard(staging)


def swap_in(staging: Path, site_dir: Path) -> None:
    """Put the finished build in ``staging`` in the place of ``site_dir``'s output folder, and delete the old one."""
    target = output_folder(site_dir)
    with _turn(target.parent):
        if not target.is_dir():
            if target.exists():
                target.unlink()
            staging.rename(target)
            return
        for entry in target.iterdir():
            if entry.name.startswith(".") and not (staging / entry.name).exists():
                entry.rename(staging / entry.name)
        if _exchange(staging, target):
            old = staging  # the exchange left the previous build under the staging name
        else:
            old = target.parent / f".{target.name}.old-{os.getpid()}-{secrets.token_hex(4)}"
            try:
                target.rename(old)
            except OSError:
                _replace_contents(target, staging)
                return
            staging.rename(target)
    discard(old)
