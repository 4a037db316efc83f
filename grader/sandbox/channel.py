"""The byte channel between the grader and a child: whole messages, and waits with a deadline.

Two transports, one interface. `FdChannel` frames messages itself over two pipe fds and waits
with select() on the reply fd and a death fd (a pidfd, or a multiprocessing sentinel), so a child
that writes half a message, or reads none of a request, cannot stall the grader past its deadline. `ConnectionChannel` rides on
multiprocessing Connections and `multiprocessing.connection.wait`, which also works on Windows,
where select() takes only sockets. Nothing here knows what a message means (protocol.py does).
"""
from __future__ import annotations

import os
import select
import struct
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from grader.sandbox import interrupt

HEADER = struct.Struct("<Q")  # the length of the message that follows, in bytes
DATA, CLOSED, TIMED_OUT, TOO_BIG = "data", "closed", "timed out", "too big"
_SMALL = 4096  # bytes a pipe always takes at once, here and on Windows: sent without a deadline thread

# Bound at import, before student code runs in a child: a module that replaces os.read or
# os.write must not change how its own answers travel.
_read, _write, _close, _select, _monotonic = os.read, os.write, os.close, select.select, time.monotonic


@dataclass(frozen=True)
class Received:
    """What a receive got: DATA with the message, CLOSED (the other end hung up or its process
    ended), TIMED_OUT (the deadline passed first) or TOO_BIG (the message exceeded the limit)."""

    kind: str
    data: bytes = b""


class FdChannel:
    """Framed messages over pipe fds; owns them, and `death`, an fd readable once the peer ends."""

    def __init__(self, send_fd: int, recv_fd: int, death: int | None = None) -> None:
        self._send_fd, self._recv_fd, self._death = send_fd, recv_fd, death
        self._buffer = bytearray()  # bytes read but not yet handed out

    @property
    def fds(self) -> tuple[int, ...]:
        """The fds a child must keep open for this channel."""
        return (self._send_fd, self._recv_fd)

    def send(self, data: bytes, deadline: float | None = None) -> str | None:
        """Send one message; None once sent, else CLOSED (the peer is gone) or TIMED_OUT (it read
        too little before `deadline`). Without a deadline (the child's side) it blocks."""
        view = memoryview(HEADER.pack(len(data)) + data)
        if deadline is None:
            while view:
                view = view[_write(self._send_fd, view):]
            return None
        os.set_blocking(self._send_fd, False)
        watch = [self._death] if self._death is not None else []
        while view:
            try:
                view = view[_write(self._send_fd, view):]
                continue
            except BlockingIOError:
                pass
            except (BrokenPipeError, ConnectionError):
                return CLOSED
            left = deadline - _monotonic()
            if left <= 0:
                return TIMED_OUT
            ended = _select(watch, [self._send_fd], [], left)[0]
            if ended:  # the death fd turned readable: the peer's process is gone
                return CLOSED
        return None

    def wait_ended(self, deadline: float) -> bool:
        """Whether the peer's process ends before `deadline` (False at once without a death fd)."""
        if self._death is None:
            return False
        return bool(_select([self._death], [], [], max(deadline - _monotonic(), 0))[0])

    def receive(self, deadline: float | None = None, limit: int | None = None) -> Received:
        """One whole message, waiting until `deadline` (time.monotonic) or forever when None."""
        watch = [self._recv_fd] + ([self._death] if self._death is not None else [])
        while True:
            got = self._take(limit)
            if got is not None:
                return got
            left = interrupt.STEP if deadline is None else min(max(deadline - _monotonic(), 0), interrupt.STEP)
            ready = _select(watch, [], [], left)[0] if deadline is not None or self._death is not None \
                else [self._recv_fd]  # a child waits for requests without select: plain blocking reads
            if not ready and interrupt.noted():
                raise KeyboardInterrupt  # a Ctrl-C whose own KeyboardInterrupt was lost (interrupt.py)
            if self._recv_fd in ready:
                chunk = _read(self._recv_fd, 1 << 20)
                if not chunk:
                    return Received(CLOSED)
                self._buffer += chunk
                continue
            if ready:  # the death fd alone: the peer ended without a (whole) message
                return Received(CLOSED)
            if deadline is not None and _monotonic() >= deadline:
                return Received(TIMED_OUT)

    def _take(self, limit: int | None) -> Received | None:
        """The first whole message read so far (a read may bring more than one), if any."""
        if len(self._buffer) < HEADER.size:
            return None
        size = HEADER.unpack_from(self._buffer)[0]
        if limit is not None and size > limit:
            return Received(TOO_BIG)
        end = HEADER.size + size
        if len(self._buffer) < end:
            return None
        data = bytes(self._buffer[HEADER.size:end])
        del self._buffer[:end]
        return Received(DATA, data)

    def close(self) -> None:
        for fd in (self._send_fd, self._recv_fd, self._death):
            if fd is not None:
                try:
                    _close(fd)
                except OSError:
                    pass
        # -1, not None: a later send or receive fails with EBADF, as on any closed fd.
        self._send_fd = self._recv_fd = -1
        self._death = None


class ConnectionChannel:
    """Messages over multiprocessing Connections; `death` is anything `wait` accepts (a process
    sentinel or handle), closed with the channel when `owns_death`."""

    def __init__(self, send: Connection, recv: Connection, death: Any = None, owns_death: bool = False) -> None:
        self._send, self._recv, self._death, self._owns_death = send, recv, death, owns_death

    @property
    def fds(self) -> tuple[int, ...]:
        return tuple(c.fileno() for c in (self._send, self._recv)) if os.name == "posix" else ()

    def send(self, data: bytes, deadline: float | None = None) -> str | None:
        """As FdChannel.send. A Connection has no non-blocking send: a large message goes from a
        thread, which a killed peer ends (its pipe breaks)."""
        if deadline is None or len(data) <= _SMALL:
            try:
                self._send.send_bytes(data)
            except (OSError, EOFError):
                return CLOSED
            return None
        failed: list = []

        def send() -> None:
            try:
                self._send.send_bytes(data)
            except (OSError, EOFError) as e:
                failed.append(e)
        sender = threading.Thread(target=send, name="kata request", daemon=True)
        sender.start()
        sender.join(max(deadline - _monotonic(), 0))
        if sender.is_alive():
            return TIMED_OUT
        return CLOSED if failed else None

    def wait_ended(self, deadline: float) -> bool:
        if self._death is None:
            return False
        return bool(wait([self._death], max(deadline - _monotonic(), 0)))

    def receive(self, deadline: float | None = None, limit: int | None = None) -> Received:
        """As FdChannel.receive. A message that has begun to arrive is read to its end: on Windows
        a pipe message arrives whole, and this channel is the Windows one."""
        watch = [self._recv] + ([self._death] if self._death is not None else [])
        ready = wait(watch, None if deadline is None else max(deadline - _monotonic(), 0))
        if self._recv in ready:
            try:
                return Received(DATA, self._recv.recv_bytes(limit))
            except EOFError:
                return Received(CLOSED)
            except OSError as e:  # multiprocessing's "bad message length": over the limit
                return Received(TOO_BIG if "length" in str(e) else CLOSED)
        return Received(CLOSED) if ready else Received(TIMED_OUT)

    def close(self) -> None:
        for conn in (self._send, self._recv):
            conn.close()
        if self._owns_death and self._death is not None:
            try:
                _close(self._death)
            except OSError:
                pass
        self._death = None
