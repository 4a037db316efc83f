"""Plain-data encoding of what student code returns, and its safe decoding in the grader.

The sandboxed child encodes values into a tree of tagged tuples holding only str, int, float,
bool, None, bytes, list and tuple; the grader decodes that tree with an unpickler that refuses
every global, so no bytes a child writes can run code in the grader. Tensors come back as real
CPU tensors carrying a `Remote` record of what only the child could see (device, autograd state,
memory address), read with `remote(t)`.
"""
from __future__ import annotations

import io
import pickle
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

MAX_DEPTH = 20
MAX_ITEMS = 10_000
REPR_LIMIT = 200
_REMOTE = "_kata_remote"  # the attribute a decoded tensor or array carries the child's facts in

# Bound now, in the grader, before any student module can monkeypatch torch or numpy.
_Tensor = torch.Tensor
_Parameter = torch.nn.Parameter
_Module = torch.nn.Module
_Size = torch.Size
_dtype = torch.dtype
_device = torch.device
_ndarray = np.ndarray
_generic = np.generic
# TensorBase is an immutable C type: its descriptors cannot be replaced from Python.
_TB = torch._C.TensorBase
_detach, _cpu, _contiguous, _reshape = _TB.detach, _TB.cpu, _TB.contiguous, _TB.reshape
_view, _numpy, _resolve_conj, _resolve_neg = _TB.view, _TB.numpy, _TB.resolve_conj, _TB.resolve_neg
_storage, _is_contiguous, _numel = _TB.untyped_storage, _TB.is_contiguous, _TB.numel
_clone, _stride = _TB.clone, _TB.stride
_get = {name: getattr(_TB, name).__get__ for name in (
    "shape", "dtype", "device", "requires_grad", "is_leaf", "grad_fn", "layout", "is_quantized")}
_no_torch_function = torch._C.DisableTorchFunction
_storage_ptr = torch.UntypedStorage.data_ptr
_storage_nbytes = torch.UntypedStorage.nbytes
_named_parameters = torch.nn.Module.named_parameters
_named_buffers = torch.nn.Module.named_buffers
_tobytes = np.ndarray.tobytes
_ascontiguous = np.ascontiguousarray
_byte_bounds = getattr(np.lib, "array_utils", np).byte_bounds
_repr = object.__repr__
_str_text = str.__str__
_dtype_by_name = {str(d).removeprefix("torch."): d for d in vars(torch).values() if isinstance(d, torch.dtype)}


@dataclass(frozen=True)
class Remote:
    """What the child saw of a tensor that the decoded CPU copy cannot show."""

    kind: str  # "Tensor" or "Parameter"
    device: str
    requires_grad: bool
    is_leaf: bool
    grad_fn: str | None
    contiguous: bool
    memory: tuple[int, int] | None  # [start, end) of its storage in the child

    def shares_memory_with(self, other: "Remote | ArrayInfo") -> bool:
        return _overlap(self.memory, other.memory)


@dataclass(frozen=True)
class ArrayInfo:
    """What the child saw of a NumPy array."""

    memory: tuple[int, int] | None

    def shares_memory_with(self, other: "Remote | ArrayInfo") -> bool:
        return _overlap(self.memory, other.memory)


@dataclass(frozen=True)
class Opaque:
    """A value of a type the grader does not take apart: only its type name and repr come back."""

    type_name: str
    repr: str
    looks_like_tensor: bool = False

    def __str__(self) -> str:
        return f"a {self.type_name} object"


@dataclass(frozen=True)
class ModuleInfo:
    """An nn.Module as plain data: its class name, parameters and buffers (decoded tensors)."""

    type_name: str
    parameters: dict
    buffers: dict


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1] and a[0] != a[1]


def remote(value: Any) -> Remote | ArrayInfo | None:
    """The child-side facts of a decoded tensor or array, or None for anything else."""
    return getattr(value, _REMOTE, None) if isinstance(value, (torch.Tensor, np.ndarray)) else None


# ----- encoding: runs in the child -------------------------------------------------------------

def encode(value: Any, depth: int = 0) -> Any:
    """Turn a student's value into a tree of plain tagged tuples."""
    if depth > MAX_DEPTH:
        return ("object", "deeply nested value", "", False)
    t = type(value)
    if value is None or t in (bool, int, float, str):
        return value
    if t is bytes:
        return ("bytes", value)
    if t is complex:
        return ("complex", value.real, value.imag)
    if isinstance(value, str):  # str subclasses such as torch.__version__ travel as their text
        return _str_text(value)
    if t is _Tensor or t is _Parameter:
        return _encode_tensor(value)
    if t is _Size:
        return ("size", [int(d) for d in tuple.__iter__(value)])
    if t in (list, tuple):
        items = list.__iter__(value) if t is list else tuple.__iter__(value)
        return (t.__name__, [encode(v, depth + 1) for _, v in zip(range(MAX_ITEMS), items)])
    if t is dict:
        return ("dict", [(encode(k, depth + 1), encode(v, depth + 1))
                         for _, (k, v) in zip(range(MAX_ITEMS), dict.items(value))])
    if t is _dtype:
        return ("dtype", str(value).removeprefix("torch."))
    if t is _device:
        return ("device", str(value))
    if t is _ndarray:
        return _encode_array(value)
    if isinstance(value, _generic) and type(value).__module__ == "numpy":
        return ("npscalar", value.dtype.str, _tobytes(np.asarray(value)))
    if isinstance(value, _Module):
        return _encode_module(value, depth)
    return _encode_object(value)


def _encode_tensor(t: torch.Tensor) -> tuple:
    with _no_torch_function():
        if _get["layout"](t) != torch.strided or _get["is_quantized"](t):
            return _encode_object(t)
        device = _get["device"](t)
        storage = _storage(t)
        ptr = _storage_ptr(storage)
        memory = None if device.type == "meta" or ptr == 0 else (ptr, ptr + _storage_nbytes(storage))
        grad_fn = _get["grad_fn"](t)
        meta = {
            "kind": type(t).__name__, "dtype": str(_get["dtype"](t)).removeprefix("torch."),
            "shape": [int(d) for d in tuple.__iter__(_get["shape"](t))], "device": str(device),
            "requires_grad": bool(_get["requires_grad"](t)), "is_leaf": bool(_get["is_leaf"](t)),
            "grad_fn": None if grad_fn is None else type(grad_fn).__name__,
            "contiguous": bool(_is_contiguous(t)), "memory": memory,
        }
        if device.type == "meta":
            return ("tensor", meta, None)
        flat = _reshape(_contiguous(_resolve_neg(_resolve_conj(_cpu(_detach(t))))), (-1,))
        if _numel(flat) and _stride(flat, 0) != 1:  # one element with an odd stride counts as contiguous
            flat = _clone(flat, memory_format=torch.contiguous_format)
        data = _tobytes(_numpy(_view(flat, torch.uint8))) if _numel(flat) else b""
        return ("tensor", meta, data)


def _encode_array(a: np.ndarray) -> tuple:
    if a.dtype.hasobject or a.dtype.fields is not None:
        return _encode_object(a)
    low, high = _byte_bounds(a) if a.size else (0, 0)
    meta = {"dtype": a.dtype.str, "shape": list(a.shape), "memory": (low, high) if a.size else None}
    return ("ndarray", meta, _tobytes(_ascontiguous(a)))


def _encode_module(m: torch.nn.Module, depth: int) -> tuple:
    params = [(n, _encode_tensor(p)) for n, p in _named_parameters(m)]
    buffers = [(n, _encode_tensor(b)) for n, b in _named_buffers(m)]
    return ("module", type(m).__name__, params, buffers)


def _encode_object(value: Any) -> tuple:
    t = type(value)
    looks = all(hasattr(t, a) for a in ("shape", "dtype")) or hasattr(t, "__torch_function__")
    try:
        text = _repr(value)
    except Exception:  # noqa: BLE001 - a hostile __repr__ must not stop the encoding
        text = ""
    return ("object", f"{t.__module__}.{t.__qualname__}", text[:REPR_LIMIT], bool(looks))


# ----- decoding: runs in the grader ------------------------------------------------------------

class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"refused to load {module}.{name}: only plain data is accepted")


def loads(data: bytes) -> Any:
    """Unpickle bytes that may contain only plain built-in values."""
    return _PlainUnpickler(io.BytesIO(data)).load()


def decode(node: Any) -> Any:
    """Rebuild a value from an encoded tree; malformed trees raise ValueError."""
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is not tuple or not node or type(node[0]) is not str:
        raise ValueError(f"malformed value from the sandbox: {type(node).__name__}")
    tag, rest = node[0], node[1:]
    if tag == "bytes":
        return bytes(rest[0])
    if tag == "complex":
        return complex(float(rest[0]), float(rest[1]))
    if tag == "list":
        return [decode(v) for v in rest[0]]
    if tag == "tuple":
        return tuple(decode(v) for v in rest[0])
    if tag == "dict":
        out = {}
        for k, v in rest[0]:
            key = decode(k)
            out[key if isinstance(key, (str, int, float, bool, tuple, type(None))) else repr(key)] = decode(v)
        return out
    if tag == "size":
        return torch.Size(int(d) for d in rest[0])
    if tag == "dtype":
        return _torch_dtype(rest[0])
    if tag == "device":
        return torch.device(str(rest[0]))
    if tag == "tensor":
        return _decode_tensor(*rest)
    if tag == "ndarray":
        return _decode_array(*rest)
    if tag == "npscalar":
        return np.frombuffer(bytes(rest[1]), dtype=np.dtype(str(rest[0])))[0]
    if tag == "module":
        return ModuleInfo(type_name=str(rest[0]), parameters={str(n): decode(t) for n, t in rest[1]},
                          buffers={str(n): decode(t) for n, t in rest[2]})
    if tag == "object":
        return Opaque(type_name=str(rest[0]), repr=str(rest[1]), looks_like_tensor=bool(rest[2]))
    raise ValueError(f"malformed value from the sandbox: unknown tag {tag!r}")


def _torch_dtype(name: str) -> torch.dtype:
    try:
        return _dtype_by_name[str(name)]
    except KeyError:
        raise ValueError(f"unknown dtype {name!r}") from None


def _decode_tensor(meta: dict, data: bytes | None) -> torch.Tensor:
    dtype = _torch_dtype(meta["dtype"])
    shape = [int(d) for d in meta["shape"]]
    if data is None:
        t = torch.empty(shape, dtype=dtype, device="meta")
    elif len(data) == 0:
        t = torch.empty(shape, dtype=dtype)
    else:
        t = torch.frombuffer(bytearray(data), dtype=torch.uint8).view(dtype).reshape(shape)
    memory = meta["memory"]
    setattr(t, _REMOTE, Remote(
        kind=str(meta["kind"]), device=str(meta["device"]), requires_grad=bool(meta["requires_grad"]),
        is_leaf=bool(meta["is_leaf"]), grad_fn=meta["grad_fn"], contiguous=bool(meta["contiguous"]),
        memory=None if memory is None else (int(memory[0]), int(memory[1]))))
    return t


def _decode_array(meta: dict, data: bytes) -> np.ndarray:
    a = np.frombuffer(bytes(data), dtype=np.dtype(str(meta["dtype"]))).reshape(meta["shape"]).copy()
    memory = meta["memory"]
    # ndarray does not take new attributes, so the facts ride on a trivial subclass.
    a = a.view(_RemoteArray)
    setattr(a, _REMOTE, ArrayInfo(memory=None if memory is None else (int(memory[0]), int(memory[1]))))
    return a


class _RemoteArray(np.ndarray):
    """An ndarray decoded from the sandbox; `remote(a)` gives what the child saw of it."""
