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
# What the grader decodes of one reply, counting a shared subtree once per place it appears (so a
# reply that shares cannot make the grader walk, or print, more than it checked):
MAX_NODES = 1_000_000  # values
MAX_TEXT = 4 * 1024**2  # characters of str and bytes
MAX_DATA = 128 * 1024**2  # bytes of tensors and arrays (also the limit of a reply on the wire)
MAX_INT_DIGITS = 4000  # Python refuses to print an int of more than 4300 digits
_MAX_INT_BITS = int(MAX_INT_DIGITS * 3.3219280948873626)  # log2(10)
_DECODE_DEPTH = 2 * MAX_DEPTH + 8  # a container is two levels (its tag's tuple, its item list), plus meta
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


class Budget:
    """What one reply may still cost to decode; decoding past it raises ValueError."""

    def __init__(self) -> None:
        self.nodes, self.text, self.data = MAX_NODES, MAX_TEXT, MAX_DATA

    def node(self, depth: int) -> None:
        self.nodes -= 1
        if self.nodes < 0:
            raise ValueError(f"more than {MAX_NODES} values")
        if depth > _DECODE_DEPTH:
            raise ValueError("values nested too deeply")

    def take_text(self, size: int) -> None:
        self.text -= size
        if self.text < 0:
            raise ValueError(f"more than {MAX_TEXT >> 20} MB of text")

    def take_data(self, size: int) -> None:
        self.data -= size
        if self.data < 0:
            raise ValueError(f"more than {MAX_DATA >> 20} MB of tensor data")


def decode(node: Any, budget: Budget | None = None, depth: int = 0) -> Any:
    """Rebuild a value from an encoded tree, within `budget` (one per reply; a fresh one if None);
    a malformed or too costly tree raises ValueError. Strings come back safe to encode."""
    budget = Budget() if budget is None else budget
    budget.node(depth)
    t = type(node)
    if node is None or t is bool or t is float:
        return node
    if t is int:
        if node.bit_length() > _MAX_INT_BITS:
            raise ValueError(f"a whole number with more than {MAX_INT_DIGITS} digits")
        return node
    if t is str:
        budget.take_text(len(node))
        return _clean(node)
    if t is not tuple or not node or type(node[0]) is not str:
        raise ValueError(f"malformed value from the sandbox: {t.__name__}")
    tag, rest = node[0], node[1:]
    if len(rest) != _ARITY.get(tag, -1):
        raise ValueError(f"malformed value from the sandbox: tag {_short(tag)!r} with {len(rest)} parts")
    down = depth + 1
    if tag == "bytes":
        data = _bytes(rest[0])
        budget.take_text(len(data))
        return data
    if tag == "complex":
        return complex(_float(rest[0]), _float(rest[1]))
    if tag in ("list", "tuple"):
        items = [decode(v, budget, down + 1) for v in _list(rest[0], budget)]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        out = {}
        for pair in _list(rest[0], budget):
            if type(pair) is not tuple or len(pair) != 2:
                raise ValueError("malformed dict from the sandbox")
            key = decode(pair[0], budget, down + 1)
            hashable = isinstance(key, (str, int, float, bool, tuple, type(None)))
            out[key if hashable else _clean(_bounded_repr(key))] = decode(pair[1], budget, down + 1)
        return out
    if tag == "size":
        return torch.Size(_dim(d) for d in _list(rest[0], budget))
    if tag == "dtype":
        return _torch_dtype(rest[0])
    if tag == "device":
        return torch.device(_short(rest[0]))
    if tag == "tensor":
        return _decode_tensor(rest[0], rest[1], budget)
    if tag == "ndarray":
        return _decode_array(rest[0], rest[1], budget)
    if tag == "npscalar":
        dtype = _np_dtype(rest[0])
        data = _bytes(rest[1])
        if len(data) != dtype.itemsize:
            raise ValueError("malformed NumPy scalar from the sandbox")
        return np.frombuffer(data, dtype=dtype)[0]
    if tag == "module":
        return ModuleInfo(type_name=_short(rest[0]),
                          parameters={_short(n): _decode_tensor_node(v, budget) for n, v in _pairs(rest[1], budget)},
                          buffers={_short(n): _decode_tensor_node(v, budget) for n, v in _pairs(rest[2], budget)})
    if tag == "object":
        text = _text(rest[1], REPR_LIMIT)
        budget.take_text(len(text))
        return Opaque(type_name=_short(rest[0]), repr=text, looks_like_tensor=bool(rest[2] is True))
    raise AssertionError(f"a tag of _ARITY without a decoder: {tag!r}")  # pragma: no cover


_ARITY = {"bytes": 1, "complex": 2, "list": 1, "tuple": 1, "dict": 1, "size": 1, "dtype": 1, "device": 1,
          "tensor": 2, "ndarray": 2, "npscalar": 2, "module": 3, "object": 3}  # parts after the tag


def _clean(text: str) -> str:
    """Text that encodes as UTF-8: a lone surrogate ("\\ud800") becomes its escape."""
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


def _text(value: Any, limit: int) -> str:
    if type(value) is not str:
        raise ValueError("malformed text from the sandbox")
    return _clean(value[:limit])


def _short(value: Any) -> str:
    return _text(value, 200)


def _bytes(value: Any) -> bytes:
    if type(value) is not bytes:
        raise ValueError("malformed bytes from the sandbox")
    return value


def _float(value: Any) -> float:
    if type(value) is float:
        return value
    if type(value) is int and value.bit_length() <= 1023:
        return float(value)
    raise ValueError("malformed number from the sandbox")


def _list(value: Any, budget: Budget) -> list:
    if type(value) not in (list, tuple):
        raise ValueError("malformed sequence from the sandbox")
    if len(value) > budget.nodes:
        raise ValueError(f"more than {MAX_NODES} values")
    return list(value)


def _pairs(value: Any, budget: Budget) -> list:
    pairs = _list(value, budget)
    if any(type(p) is not tuple or len(p) != 2 for p in pairs):
        raise ValueError("malformed pairs from the sandbox")
    return pairs


def _dim(value: Any) -> int:
    if type(value) is not int or not 0 <= value < 2**62:
        raise ValueError("malformed size from the sandbox")
    return value


def _bounded_repr(value: Any) -> str:
    return repr(value)[:REPR_LIMIT]


def _torch_dtype(name: Any) -> torch.dtype:
    try:
        return _dtype_by_name[_short(name)]
    except KeyError:
        raise ValueError(f"unknown dtype {_short(name)!r}") from None


def _element_size(dtype: torch.dtype) -> int:
    size = getattr(dtype, "itemsize", None)  # torch 2.1 and later
    return int(size) if size is not None else torch.empty(0, dtype=dtype).element_size()


def _np_dtype(name: Any) -> np.dtype:
    """A plain NumPy dtype: no objects, fields or sub-arrays, which frombuffer must not build."""
    try:
        dtype = np.dtype(_short(name))
    except TypeError:
        raise ValueError(f"unknown NumPy dtype {_short(name)!r}") from None
    if dtype.hasobject or dtype.fields is not None or dtype.subdtype is not None or dtype.itemsize == 0:
        raise ValueError(f"unsupported NumPy dtype {_short(name)!r}")
    return dtype


def _decode_tensor_node(node: Any, budget: Budget) -> torch.Tensor:
    if type(node) is not tuple or len(node) != 3 or node[0] != "tensor":
        raise ValueError("malformed tensor from the sandbox")
    budget.node(0)
    return _decode_tensor(node[1], node[2], budget)


def _memory(value: Any) -> tuple[int, int] | None:
    if value is None:
        return None
    if type(value) not in (list, tuple) or len(value) != 2 or any(type(v) is not int for v in value):
        raise ValueError("malformed memory range from the sandbox")
    return (int(value[0]), int(value[1]))


def _meta(meta: Any, *keys: str) -> dict:
    if type(meta) is not dict or any(k not in meta for k in keys):
        raise ValueError("malformed metadata from the sandbox")
    return meta


def _decode_tensor(meta: Any, data: Any, budget: Budget) -> torch.Tensor:
    meta = _meta(meta, "dtype", "shape", "kind", "device", "requires_grad", "is_leaf", "grad_fn", "contiguous",
                 "memory")
    dtype = _torch_dtype(meta["dtype"])
    shape = [_dim(d) for d in _list(meta["shape"], budget)]
    if len(shape) > 64:
        raise ValueError("malformed tensor shape from the sandbox")
    numel = 1
    for d in shape:
        numel *= d
    if data is None:  # a meta tensor: a shape, no storage
        t = torch.empty(shape, dtype=dtype, device="meta")
    else:
        data = _bytes(data)
        if len(data) != numel * _element_size(dtype):  # also refuses an empty buffer for a huge shape
            raise ValueError("tensor data does not match its shape")
        budget.take_data(len(data))
        t = torch.frombuffer(bytearray(data), dtype=torch.uint8).view(dtype).reshape(shape) if data \
            else torch.empty(shape, dtype=dtype)
    grad_fn = meta["grad_fn"]
    setattr(t, _REMOTE, Remote(
        kind=_short(meta["kind"]), device=_short(meta["device"]), requires_grad=meta["requires_grad"] is True,
        is_leaf=meta["is_leaf"] is True, grad_fn=None if grad_fn is None else _short(grad_fn),
        contiguous=meta["contiguous"] is True, memory=_memory(meta["memory"])))
    return t


def _decode_array(meta: Any, data: Any, budget: Budget) -> np.ndarray:
    meta = _meta(meta, "dtype", "shape", "memory")
    dtype = _np_dtype(meta["dtype"])
    shape = [_dim(d) for d in _list(meta["shape"], budget)]
    data = _bytes(data)
    numel = 1
    for d in shape:
        numel *= d
    if len(shape) > 64 or len(data) != numel * dtype.itemsize:
        raise ValueError("array data does not match its shape")
    budget.take_data(len(data))
    a = np.frombuffer(data, dtype=dtype).reshape(shape).copy()
    # ndarray does not take new attributes, so the facts ride on a trivial subclass.
    a = a.view(_RemoteArray)
    setattr(a, _REMOTE, ArrayInfo(memory=_memory(meta["memory"])))
    return a


class _RemoteArray(np.ndarray):
    """An ndarray decoded from the sandbox; `remote(a)` gives what the child saw of it."""
