"""What the grader and a child say to each other: pickled requests in, plain-data replies out.

Requests come from the trusted grader and are unpickled as they are; their tensors travel as raw
bytes plus strides (torch's own reduction goes through torch.load, which costs a child
milliseconds on its first call). Replies come from student code's process and are read with
wire.loads, which refuses every global, after counting its opcodes (a reply of a few megabytes
could otherwise unpickle into hundreds of millions of objects). A child has one task, IMPORT or
SOURCE; the replies it sends, first to last:
  ("set_up",) or ("setup_failed", message)            before any student code runs
then, for IMPORT:
  ("ready" | "import_error", message, where, output)  after importing the student's module
  ("returned" | "raised" | "unreadable" | "missing", ...) one per request
or, for SOURCE (no student code runs at all):
  ("source", text) or ("source_error", message)       the kata file as Python would read it
A message for the student is a pair (msgid, {name: value}), one of MESSAGES: the grader, which knows
the student's language, words it (parent.py); the child never reads the catalog.
"""
from __future__ import annotations

import io
import pickle
import pickletools
from typing import Any

import torch

from grader.i18n import N_
from grader.sandbox import source, wire

SET_UP, SETUP_FAILED = "set_up", "setup_failed"
IMPORT, SOURCE, SOURCE_ERROR = "import", "source", "source_error"
SYNTAX_ERROR = N_("syntax error at {where}: {error}")
IMPORT_RAISED = N_("importing {file} raised {error}")
# Module-level code called a function of the file (lines left to try it out): it runs on import.
IMPORT_RAN_CODE = N_("importing {file} raised {error}: the lines at module level that call your functions run "
                     "whenever the file is imported, grading included; put them under "
                     "`if __name__ == \"__main__\":` so that they run only when you run the file yourself")
NOT_DEFINED = N_("{name} is not defined in {file}")
MESSAGES = frozenset({SYNTAX_ERROR, IMPORT_RAISED, IMPORT_RAN_CODE, NOT_DEFINED, *source.MESSAGES})
MAX_OPS = 1_000_000  # pickle opcodes in one reply: each makes at most one object
_COUNT_ABOVE = 1 << 20  # bytes: a smaller reply cannot hold enough opcodes to matter

_loads = pickle.loads  # bound before student code can replace it in a child


def dumps(message: Any) -> bytes:
    """A request or a reply as bytes."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=4).dump(message)
    return buffer.getvalue()


def load_request(data: bytes) -> Any:
    """A request, in the child: it comes from the grader, so a plain unpickle is safe."""
    return _loads(data)


def load_reply(data: bytes) -> tuple:
    """A reply, in the grader: plain data only, a non-empty tuple; anything else raises ValueError."""
    try:
        if len(data) > _COUNT_ABOVE:
            _count_opcodes(data)
        reply = wire.loads(data)
    except Exception as e:  # noqa: BLE001 - forged or broken bytes of any kind
        raise ValueError(str(e) or type(e).__name__) from None
    if type(reply) is not tuple or not reply or type(reply[0]) is not str:
        raise ValueError("not a reply")
    return reply


def _count_opcodes(data: bytes) -> None:
    for count, _ in enumerate(pickletools.genops(data)):
        if count > MAX_OPS:
            raise ValueError(f"more than {MAX_OPS} values")


class _Pickler(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is torch.Tensor and obj.layout == torch.strided and obj.device.type in ("cpu", "meta"):
            return _rebuild_tensor, _tensor_parts(obj)
        return NotImplemented


def _tensor_parts(t: torch.Tensor) -> tuple:
    dtype = str(t.dtype).removeprefix("torch.")
    if t.device.type == "meta":
        return (dtype, tuple(t.shape), tuple(t.stride()), 0, None, t.requires_grad)
    storage = torch.empty(0, dtype=torch.uint8).set_(t.untyped_storage())
    return (dtype, tuple(t.shape), tuple(t.stride()), t.storage_offset(), storage.numpy().tobytes(), t.requires_grad)


def _rebuild_tensor(dtype: str, shape: tuple, stride: tuple, offset: int, data: bytes | None,
                    requires_grad: bool) -> torch.Tensor:
    kind = getattr(torch, dtype)
    if data is None:
        t = torch.empty_strided(shape, stride, dtype=kind, device="meta")
    else:
        base = torch.frombuffer(bytearray(data), dtype=torch.uint8) if data else torch.empty(0, dtype=torch.uint8)
        t = base.view(kind).as_strided(shape, stride, offset) if data else torch.empty_strided(shape, stride, dtype=kind)
    return t.requires_grad_() if requires_grad else t
