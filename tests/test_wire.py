"""The plain-data codec: what a child sends is rebuilt faithfully, and nothing else is loaded."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
import torch
from hypothesis import given, settings, strategies as st

from grader.sandbox import wire

DTYPES = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64, torch.float16,
          torch.bfloat16, torch.float32, torch.float64, torch.complex64, torch.complex128]


def roundtrip(value):
    return wire.decode(wire.loads(pickle.dumps(wire.encode(value))))


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(dtype=st.sampled_from(DTYPES), shape=st.lists(st.integers(0, 4), max_size=4), transpose=st.booleans())
def test_tensors_come_back_with_dtype_shape_and_values(dtype, shape, transpose):
    t = (torch.randn(shape) * 10).to(dtype)
    if transpose and t.dim() >= 2:
        t = t.transpose(0, 1)
    back = roundtrip(t)
    assert type(back) is torch.Tensor and back.dtype == t.dtype and back.shape == t.shape
    assert torch.equal(back, t)
    assert wire.remote(back).contiguous == t.is_contiguous()


def test_a_single_element_with_a_large_stride_travels():
    t = torch.arange(1, 7).reshape(1, 2, 3)[:, 1, 1]
    assert torch.equal(roundtrip(t), torch.tensor([5]))


def test_autograd_and_device_facts_travel():
    leaf = torch.ones(3, requires_grad=True)
    back = roundtrip({"leaf": leaf, "made": leaf * 2, "meta": torch.empty(2, 3, device="meta")})
    assert wire.remote(back["leaf"]).is_leaf and wire.remote(back["leaf"]).requires_grad
    assert not wire.remote(back["made"]).is_leaf and wire.remote(back["made"]).grad_fn == "MulBackward0"
    assert wire.remote(back["meta"]).device == "meta" and back["meta"].shape == (2, 3)


def test_memory_sharing_is_visible():
    base = torch.arange(6.0)
    array = np.arange(4.0)
    back = roundtrip((base, base.view(2, 3), base.clone(), array, torch.from_numpy(array)))
    assert wire.remote(back[0]).shares_memory_with(wire.remote(back[1]))
    assert not wire.remote(back[0]).shares_memory_with(wire.remote(back[2]))
    assert wire.remote(back[3]).shares_memory_with(wire.remote(back[4]))


def test_plain_values_and_torch_types():
    value = (1, 2.5, True, None, "s", b"b", 1 + 2j, [1, (2, 3)], {"k": torch.Size([2, 3])},
             torch.float16, torch.device("cpu"), np.int64(4), torch.__version__)
    back = roundtrip(value)
    assert back[:12] == value[:12]
    assert type(back[12]) is str and back[12] == str(torch.__version__)


def test_unknown_objects_and_subclasses_come_back_opaque():
    class Fake:
        shape, dtype = (2,), torch.float32

    class Sub(torch.Tensor):
        pass

    back = roundtrip([Fake(), torch.zeros(2).as_subclass(Sub), type("D", (dict,), {})()])
    assert all(isinstance(b, wire.Opaque) for b in back)
    assert back[0].looks_like_tensor and back[1].looks_like_tensor


def test_modules_come_back_as_parameters_and_buffers():
    model = torch.nn.Sequential(torch.nn.Linear(2, 3), torch.nn.BatchNorm1d(3))
    back = roundtrip(model)
    assert back.type_name == "Sequential"
    assert torch.equal(back.parameters["0.weight"], model[0].weight.detach())
    assert "1.running_mean" in back.buffers


@pytest.mark.parametrize("payload", [
    pickle.dumps(object()),
    pickle.dumps(torch.zeros(2)),
    b"cos\nsystem\n(S'echo hacked'\ntR.",
])
def test_the_loader_refuses_every_global(payload):
    with pytest.raises(pickle.UnpicklingError):
        wire.loads(payload)


@pytest.mark.parametrize("node", [[1, 2], ("nope", 1), ("dtype", "not_a_dtype"), ("tensor",)])
def test_malformed_trees_are_rejected(node):
    with pytest.raises((ValueError, TypeError)):
        wire.decode(node)


# ----- what a hostile child can send: bounded, and safe to print -------------------------------------

def test_text_from_the_child_is_made_safe_to_encode():
    back = wire.decode(("list", ["bad \ud800 value", ("object", "x.Y", "repr \udfff", False)]))
    assert back[0] == "bad \\ud800 value" and back[0].encode("utf-8")
    assert back[1].repr == "repr \\udfff"


def test_a_string_repeated_many_times_counts_each_time():
    text = "x" * 1_000_000
    with pytest.raises(ValueError, match="text"):
        wire.decode(("list", [text] * 1500))  # 1.5 GB if printed, though one string in memory


@pytest.mark.parametrize("node, says", [
    (10**5000, "digits"),
    (("tensor", {"dtype": "float32", "shape": [2**30, 2**30], "kind": "Tensor", "device": "cpu",
                 "requires_grad": False, "is_leaf": True, "grad_fn": None, "contiguous": True, "memory": None},
      b""), "does not match"),
    (("ndarray", {"dtype": "|O", "shape": [1], "memory": None}, b"\0" * 8), "NumPy dtype"),
    (("list", [("list", [("list", [1])])] * 20), None),
], ids=["10**5000", "huge shape, no data", "object array", "legal"])
def test_values_the_grader_cannot_hold_or_print_are_refused(node, says):
    if says is None:  # a legal tree
        wire.decode(node)
        return
    with pytest.raises(ValueError, match=says):
        wire.decode(node)


def test_nesting_deeper_than_the_encoder_makes_is_refused():
    node = 1
    for _ in range(200):
        node = ("list", [node])
    with pytest.raises(ValueError, match="deeply"):
        wire.decode(node)
