"""Stream a zip member's text in line-aligned chunks, inflated ahead in a background thread.

Deflated members are inflated straight from the zip (ISA-L when the optional ``isal`` package
is installed, ~2.5x faster than zlib), with the member's size and CRC-32 checked at the end;
other methods go through ``zipfile``. Memory stays bounded: QUEUE_DEPTH chunks of CHUNK_BYTES.
Used for CEPII BACI year files (~400 MB of text each); see docs/benchmarks.md.

Bombs and runaway lines: the member's declared size and compression ratio are checked first
(``sources.common.archive.check_member``), inflating stops as soon as the output passes the
declared size, and a line longer than ``max_line_bytes`` is an error naming member and line
(instead of gathering a 512 MB line in memory).
"""

from __future__ import annotations

import queue
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from sources.common.archive import check_member
from sources.common.errors import SourceDataError

try:  # ISA-L inflates ~2.5x faster than zlib; optional
    from isal import isal_zlib as _zlib
except ImportError:  # pragma: no cover - depends on the environment
    import zlib as _zlib

READ_BYTES = 128 << 10  # compressed bytes per inflate call: small buffers, reused by malloc
BLOCK_LIMIT = 4 << 20  # most text one inflate call may return
FIRST_CHUNK_BYTES = 1 << 20  # a small first chunk: scanning starts sooner
CHUNK_BYTES = 8 << 20  # text per chunk: as fast as 16 MB, a fifth less peak memory
QUEUE_DEPTH = 2
MAX_MEMBER_BYTES = 16 << 30  # a BACI year member is ~0.4-1 GB of text
MAX_RATIO = 100.0  # CSV text deflates ~5-10 times; a bomb ~1000 times
MAX_LINE_BYTES = 1 << 20
_LOCAL_HEADER = struct.Struct("<4s22xHH")


def member_chunks(
    zip_path: Path,
    info: zipfile.ZipInfo,
    source: str,
    *,
    max_bytes: int = MAX_MEMBER_BYTES,
    max_ratio: float | None = MAX_RATIO,
    max_line_bytes: int = MAX_LINE_BYTES,
) -> Prefetched:
    """The member's text in line-aligned chunks, inflated ahead by a background thread.

    Errors (corrupt or truncated member, declared size or ratio above the limits, output past
    the declared size, a line longer than ``max_line_bytes``) are
    SourceDataError(source, member name, ...).
    """
    member = PurePosixPath(info.filename).name
    check_member(info, source=source, archive=member, max_bytes=max_bytes, max_ratio=max_ratio)
    if info.compress_type == zipfile.ZIP_DEFLATED and not info.flag_bits & 0x1:
        blocks = _inflate(zip_path, info, source, member)
    else:  # stored, or a method only zipfile knows
        blocks = _zipfile_blocks(zip_path, info, source, member)
    capped = _capped(blocks, info.file_size, source, member)
    return Prefetched(_line_chunks(capped, CHUNK_BYTES, max_line_bytes, source, member))


def _capped(blocks: Iterator[bytes], cap: int, source: str, member: str) -> Iterator[bytes]:
    """Stop as soon as the output passes the member's declared size (declared sizes can lie)."""
    size = 0
    for block in blocks:
        size += len(block)
        if size > cap:
            blocks.close()
            raise SourceDataError(
                source,
                member,
                f"inflates past its declared {cap:,} bytes: corrupt or a decompression bomb",
            )
        yield block


def _inflate(zip_path: Path, info: zipfile.ZipInfo, source: str, member: str) -> Iterator[bytes]:
    """Raw-inflate the member straight from the zip; checks its size and CRC-32 at the end."""
    with open(zip_path, "rb") as handle:
        handle.seek(info.header_offset)
        signature, name_len, extra_len = _LOCAL_HEADER.unpack(handle.read(_LOCAL_HEADER.size))
        if signature != b"PK\x03\x04":
            raise SourceDataError(source, member, "bad local zip header (corrupt zip)")
        handle.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)
        inflater = _zlib.decompressobj(-15)
        remaining, pending, crc, size = info.compress_size, b"", 0, 0
        while remaining > 0 or pending:
            if not pending:
                pending = handle.read(min(READ_BYTES, remaining))
                if not pending:
                    raise SourceDataError(source, member, "zip ends inside the member (truncated)")
                remaining -= len(pending)
            out = _decompress(inflater.decompress, pending, source, member)
            pending = inflater.unconsumed_tail
            crc, size = _zlib.crc32(out, crc), size + len(out)
            yield out
        out = _decompress(inflater.flush, None, source, member)
        crc, size = _zlib.crc32(out, crc), size + len(out)
        yield out
    if crc != info.CRC or size != info.file_size:
        raise SourceDataError(
            source, member, f"CRC-32 or size mismatch ({size} of {info.file_size} bytes): corrupt"
        )


def _decompress(step: Callable[..., bytes], data: bytes | None, source: str, member: str) -> bytes:
    try:
        return step() if data is None else step(data, BLOCK_LIMIT)
    except _zlib.error as exc:
        raise SourceDataError(source, member, f"corrupt deflate data: {exc}") from exc


def _zipfile_blocks(
    zip_path: Path, info: zipfile.ZipInfo, source: str, member: str
) -> Iterator[bytes]:
    try:
        with zipfile.ZipFile(zip_path) as archive, archive.open(info) as handle:
            while block := handle.read(READ_BYTES):
                yield block
    except (zipfile.BadZipFile, EOFError, NotImplementedError, zlib.error, OSError) as exc:
        raise SourceDataError(
            source, member, f"unreadable zip member: {type(exc).__name__}: {exc}"
        ) from exc


def _line_chunks(
    blocks: Iterator[bytes],
    target: int,
    max_line: int = MAX_LINE_BYTES,
    source: str = "",
    member: str = "",
) -> Iterator[bytes]:
    """Join blocks into chunks of at least ``target`` bytes that end at a line break.

    The first chunk is smaller, so that scanning starts sooner. A line longer than
    ``max_line`` bytes is a :class:`LineTooLong` error. Lines are not counted here (counting
    line breaks would cost the inflating thread a third of its time): the consumer knows how
    many lines the chunks it read held.
    """
    pieces: list[bytes] = []
    size = 0
    tail = 0  # bytes since the last line break
    full_target, target = target, min(target, FIRST_CHUNK_BYTES)
    for block in blocks:
        last = block.rfind(b"\n")
        tail = tail + len(block) if last < 0 else len(block) - last - 1
        if tail > max_line:
            pending = sum(p.count(b"\n") for p in pieces) + block.count(b"\n") + 1
            raise LineTooLong(source, member, max_line, pending)
        size += len(block)
        cut = last + 1 if size >= target else 0
        if cut == 0:
            pieces.append(block)
            continue
        pieces.append(block[:cut])
        yield b"".join(pieces)
        pieces, size, target = [block[cut:]], len(block) - cut, full_target
    if size:
        yield b"".join(pieces)


class LineTooLong(SourceDataError):
    """A line longer than the cap; ``pending_line`` counts from the first chunk not yielded."""

    def __init__(self, source: str, member: str, max_line: int, pending_line: int) -> None:
        self.max_line, self.pending_line = max_line, pending_line
        super().__init__(source, member, self._message())

    def _message(self) -> str:
        return f"line longer than {self.max_line:,} bytes: expected CSV lines (corrupt or a bomb)"

    def after(self, lines_read: int) -> SourceDataError:
        """The error with its line number, given the lines in the chunks already read."""
        line = lines_read + self.pending_line
        return SourceDataError(self.source, self.file, self._message(), line=line)


class Prefetched:
    """Iterate ``items`` in a daemon thread, QUEUE_DEPTH ahead; its errors surface here.

    The thread starts at once; leave the ``with`` block (or call ``close``) to stop it.
    """

    def __init__(self, items: Iterator[bytes]) -> None:
        self._items = items
        self._channel: queue.Queue = queue.Queue(maxsize=QUEUE_DEPTH)
        self._stop = threading.Event()
        self._done = False
        self._worker = threading.Thread(target=self._produce, name="baci-inflate", daemon=True)
        self._worker.start()

    def __iter__(self) -> Prefetched:
        return self

    def __next__(self) -> bytes:
        if self._done:
            raise StopIteration
        item = self._channel.get()
        if item is None or isinstance(item, BaseException):
            self.close()
            if item is None:
                raise StopIteration
            raise item
        return item

    def __enter__(self) -> Prefetched:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._done = True
        self._stop.set()
        self._worker.join()

    def _send(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._channel.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _produce(self) -> None:
        try:
            for item in self._items:
                if not self._send(item):
                    return
            self._send(None)
        except BaseException as exc:  # handed to the consumer
            self._send(exc)
        finally:
            self._items.close()
