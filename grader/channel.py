"""The byte channel between the grader and a child: whole messages, and waits with a deadline.

Two transports, one interface. `FdChannel` frames messages itself over two pipe fds and waits
with select() on the reply fd and a death fd (a pidfd, or a multiprocessing sentinel), so a child
that writes half a message cannot stall the grader past its deadline. `ConnectionChannel` rides on
multiprocessing Connections and `multiprocessing.connection.wait`, which also works on Windows,
where select() takes only sockets. Nothing here knows what a message means (protocol.py does).
"""
from __future__ import annotations

import os
import select
import struct
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

HEADER = struct.Struct("<Q")  # the length of the message that follows, in bytes
DATA, CLOSED, TIMED_OUT, TOO_BIG = "data", "closed", "timed out", "too big"

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

    def send(self, data: bytes) -> None:
        view = memoryview(HEADER.pack(len(data)) + data)
        while view:
            view = view[_write(self._send_fd, view):]

    def receive(self, deadline: float | None = None, limit: int | None = None) -> Received:
        """One whole message, waiting until `deadline` (time.monotonic) or forever when None."""
        watch = [self._recv_fd] + ([self._death] if self._death is not None else [])
        while True:
            got = self._take(limit)
            if got is not None:
                return got
            left = None if deadline is None else max(deadline - _monotonic(), 0)
            ready = _select(watch, [], [], left)[0] if deadline is not None or self._death is not None \
                else [self._recv_fd]  # a child waits for requests without select: plain blocking reads
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

    def send(self, data: bytes) -> None:
        self._send.send_bytes(data)

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
