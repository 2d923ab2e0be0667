"""The one atomic-write helper and the one sha256 helper (sources/common/files.py)."""

import hashlib
import os
import stat
import time

import pytest

from sources.common.files import atomic_path, atomic_write, sha256_of


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"bytes\n", b"bytes\n"), ("text é\n", "text é\n".encode()), ([b"a", b"", b"bc"], b"abc")],
)
def test_atomic_write_takes_bytes_text_or_chunks(tmp_path, data, expected):
    target = tmp_path / "sub" / "file.txt"
    digest, size = atomic_write(target, data)
    assert target.read_bytes() == expected
    assert (digest, size) == (hashlib.sha256(expected).hexdigest(), len(expected))
    assert digest == sha256_of(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert leftovers(target.parent) == ["file.txt"]


def test_a_failure_midway_leaves_the_old_file_and_no_temp_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_bytes(b"old")

    def chunks():
        yield b"new, half"
        raise OSError("disk full (injected)")

    with pytest.raises(OSError, match="injected"):
        atomic_write(target, chunks())

    def refuse(path, digest, size):
        assert path.read_bytes() == b"new" and size == 3
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        atomic_write(target, b"new", verify=refuse)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == ["file.txt"]


def test_atomic_path_renames_what_the_caller_wrote_only_on_success(tmp_path):
    target = tmp_path / "data.parquet"
    with atomic_path(target) as temp:
        assert temp.parent == tmp_path and temp.name.startswith(".data.parquet.")
        assert not target.exists()
        temp.write_bytes(b"one")
    assert target.read_bytes() == b"one"
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_bytes(b"two")
        raise RuntimeError("writer failed")
    assert target.read_bytes() == b"one"
    assert leftovers(tmp_path) == ["data.parquet"]


def test_a_killed_runs_temp_file_is_swept_a_live_one_kept(tmp_path):
    stale = tmp_path / ".file.txt.abc123.part"
    stale.write_bytes(b"left by a killed run")
    os.utime(stale, (time.time() - 7 * 3600,) * 2)
    live = tmp_path / ".file.txt.def456.part"
    live.write_bytes(b"another writer, now")
    atomic_write(tmp_path / "file.txt", b"x")
    assert leftovers(tmp_path) == [live.name, "file.txt"]
