"""The single writer's lock (no Dagster here).

A run takes the lock only to write, never while it downloads or parses: a landing holds it
while it writes its tables and releases it; dbt and publishing take it and hold it until the
run ends (orchestration/resources.py), so nothing lands between a passed build and its
publication. Waiting runs say who holds it (run, pid, since when, from writer.lock.json).
The holder stops what a killed run left behind: an orphaned `dbt build` still writing the
working copy.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout

from storage.settings import WarehousePaths

WRITER_LOCK_TIMEOUT_S = 3600
WAIT_LOG_INTERVAL_S = 30
ORPHAN_GRACE_S = 10


class WriterLockTimeout(TimeoutError):
    """The lock stayed taken for the whole timeout; names the holder."""


def describe_holder(paths: WarehousePaths) -> str:
    try:
        owner = json.loads(paths.lock_owner.read_text())
    except (OSError, ValueError):
        return "an unknown holder (no writer.lock.json)"
    return (
        f"run {owner.get('run_id') or '(none)'} (pid {owner.get('pid')} on {owner.get('host')}, "
        f"since {owner.get('since')})"
    )


def process_alive(pid: int) -> bool:
    """True while the process runs (a zombie, exited but not yet reaped, is not alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def stop_orphaned_dbt(paths: WarehousePaths, log: Callable[[str], None]) -> None:
    """A dbt whose run died keeps writing the working copy: stop it before writing."""
    try:
        pid = int(paths.dbt_pid.read_text().strip())
    except (OSError, ValueError):
        return
    if process_alive(pid) and "dbt" in _command_line(pid):
        log(f"stopping dbt (pid {pid}) left running by a run that died")
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + ORPHAN_GRACE_S
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if process_alive(pid):
            os.kill(pid, signal.SIGKILL)
    paths.dbt_pid.unlink(missing_ok=True)


class WriterLock:
    """Taken to write, held until release(); acquire() while held is a no-op."""

    def __init__(
        self,
        paths: WarehousePaths,
        *,
        timeout: float = WRITER_LOCK_TIMEOUT_S,
        run_id: str | None = None,
        log: Callable[[str], None] = lambda message: None,
    ) -> None:
        self.paths = paths
        self.timeout = timeout
        self.run_id = run_id
        self.log = log
        self._lock = FileLock(paths.lock)

    @property
    def held(self) -> bool:
        return self._lock.is_locked

    def acquire(self) -> None:
        if self.held:
            return
        self.paths.lock.parent.mkdir(parents=True, exist_ok=True)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self._lock.acquire(timeout=min(WAIT_LOG_INTERVAL_S, self.timeout))
                break
            except Timeout:
                if time.monotonic() >= deadline:
                    raise WriterLockTimeout(
                        f"warehouse writer lock {self.paths.lock} still held after "
                        f"{self.timeout:.0f} s by {describe_holder(self.paths)}"
                    ) from None
                self.log(f"waiting for the writer lock held by {describe_holder(self.paths)}")
        self.paths.lock_owner.write_text(
            json.dumps(
                {
                    "run_id": self.run_id,
                    "pid": os.getpid(),
                    "host": socket.gethostname(),
                    "since": datetime.now(UTC).isoformat(timespec="seconds"),
                }
            )
        )
        self.log(f"holding the warehouse writer lock {self.paths.lock}")
        stop_orphaned_dbt(self.paths, self.log)

    def release(self) -> None:
        if self.held:
            self.paths.lock_owner.unlink(missing_ok=True)
            self._lock.release(force=True)
