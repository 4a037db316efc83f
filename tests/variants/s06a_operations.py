"""Other answers to s06a_operations."""
import torch

from tests.variants import accepted, wrong


@accepted("add_ten")
def torch_add(t):
    return torch.add(t, 10)


@accepted("add_ten")
def ten_plus(t):
    return 10 + t


@accepted("add_ten")
def add_to_a_clone(t):
    out = t.clone()
    out += 10
    return out


@wrong("add_ten", says="was changed")
def add_in_place(t):
    return t.add_(10)


@wrong("add_ten", says="was changed")
def plus_equals(t):
    t += 10
    return t


@wrong("add_ten", says="float")
def add_float_ten(t):
    return t + 10.0


@wrong("add_ten", says="t * 10")
def times_ten(t):
    return t * 10


@wrong("add_ten", says="t itself")
def returns_input(t):
    return t


@wrong("add_ten", says="expected shape")
def hard_coded(t):
    return torch.tensor([11, 12, 13])


@accepted("basic_ops")
def torch_functions(a, b):
    return {"add": torch.add(a, b), "sub": torch.subtract(a, b), "mul": torch.multiply(a, b),
            "div": torch.divide(a, b)}


@accepted("basic_ops")
def methods(a, b):
    return {"add": a.add(b), "sub": a.sub(b), "mul": a.mul(b), "div": a.div(b)}


@accepted("basic_ops")
def float_first(a, b):
    return {"add": a + b, "sub": a - b, "mul": a * b, "div": a.float() / b.float()}


@wrong("basic_ops", says="floor division")
def floor_div(a, b):
    return {"add": a + b, "sub": a - b, "mul": a * b, "div": a // b}


@wrong("basic_ops", says="a @ b")
def matmul_as_mul(a, b):
    return {"add": a + b, "sub": a - b, "mul": a @ b, "div": a / b}


@wrong("basic_ops", says="rounds toward zero")
def trunc_div(a, b):
    return {"add": a + b, "sub": a - b, "mul": a * b,
            "div": torch.div(a, b, rounding_mode="trunc").float()}


@wrong("basic_ops", says="b - a")
def swapped_sub(a, b):
    return {"add": a + b, "sub": b - a, "mul": a * b, "div": a / b}


@wrong("basic_ops", says="b / a")
def swapped_div(a, b):
    return {"add": a + b, "sub": a - b, "mul": a * b, "div": b / a}


@wrong("basic_ops", says='no key "div"')
def missing_div(a, b):
    return {"add": a + b, "sub": a - b, "mul": a * b}


@wrong("basic_ops", says="expected a dict")
def as_tuple(a, b):
    return a + b, a - b, a * b, a / b


@wrong("basic_ops", says="changed in place")
def in_place_add(a, b):
    return {"add": a.add_(b), "sub": a - b, "mul": a * b, "div": a / b}


@wrong("basic_ops", says="b was changed")
def in_place_div_last(a, b):
    out = {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}
    b.zero_()
    return out
