"""Other answers to s04_dtypes."""
import torch

from tests.variants import accepted, wrong


@accepted("float32_tensor")
def tensor_then_float(values):
    return torch.tensor(values).float()


@accepted("float32_tensor")
def legacy_constructor(values):
    return torch.FloatTensor(values)


@accepted("float32_tensor")
def as_tensor(values):
    return torch.as_tensor(values, dtype=torch.float32)


@wrong("float32_tensor", says="int64")
def default_dtype(values):
    return torch.tensor(values)


@wrong("float32_tensor", says="float64")
def double(values):
    return torch.tensor(values, dtype=torch.float64)


@wrong("float32_tensor", says="float16")
def half(values):
    return torch.tensor(values).half()


@wrong("float32_tensor", says="decimals were dropped")
def through_ints(values):
    return torch.tensor([int(v) for v in values], dtype=torch.float32)


@wrong("float32_tensor", says="expected a torch.Tensor")
def the_list(values):
    return [float(v) for v in values]


@wrong("float32_tensor", says="expected shape")
def as_row(values):
    return torch.tensor(values, dtype=torch.float32).reshape(1, -1)


@wrong("float32_tensor", says="values was changed")
def pops_values(values):
    out = []
    while values:
        out.append(float(values.pop(0)))
    return torch.tensor(out, dtype=torch.float32)


@accepted("trainable_tensor")
def requires_grad_after(values):
    return torch.tensor(values, dtype=torch.float32).requires_grad_()


@accepted("trainable_tensor")
def set_attribute(values):
    t = torch.tensor(values).float()
    t.requires_grad = True
    return t


@wrong("trainable_tensor", says="requires_grad is False")
def no_grad(values):
    return torch.tensor(values, dtype=torch.float32)


@wrong("trainable_tensor", says="float64")
def double_with_grad(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True)


@wrong("trainable_tensor", says="not a leaf")
def converted_after_grad(values):
    return torch.tensor(values, dtype=torch.float64, requires_grad=True).float()


@wrong("trainable_tensor", says="not a leaf")
def computed(values):
    return torch.tensor(values, dtype=torch.float32, requires_grad=True) * 1


@wrong("trainable_tensor", says="floating point", status="error")
def int_with_grad(values):
    return torch.tensor(values, requires_grad=True)


@wrong("trainable_tensor", says="requires_grad is False")
def detached(values):
    return torch.tensor(values, dtype=torch.float32, requires_grad=True).detach()


@wrong("trainable_tensor", says="plain torch.Tensor")
def parameter(values):
    return torch.nn.Parameter(torch.tensor(values, dtype=torch.float32))


@accepted("bytes_per_element")
def itemsize(dtype):
    return dtype.itemsize


@accepted("bytes_per_element")
def element_size(dtype):
    return torch.tensor([], dtype=dtype).element_size()


@accepted("bytes_per_element")
def storage_bytes(dtype):
    return torch.empty((), dtype=dtype).untyped_storage().nbytes()


@wrong("bytes_per_element", says="misses some dtypes")
def short_table(dtype):
    return {torch.float32: 4, torch.float64: 8, torch.float16: 2, torch.int64: 8, torch.int32: 4,
            torch.int16: 2, torch.int8: 1, torch.uint8: 1, torch.bool: 1}[dtype]


@wrong("bytes_per_element", says="misses this dtype")
def table_get(dtype):
    return {torch.float32: 4, torch.float64: 8, torch.float16: 2, torch.int64: 8, torch.int32: 4,
            torch.int16: 2, torch.int8: 1, torch.uint8: 1, torch.bool: 1}.get(dtype)


@wrong("bytes_per_element", says="wrong entry")
def table_with_a_wrong_entry(dtype):
    return {torch.float32: 4, torch.float64: 8, torch.float16: 2, torch.bfloat16: 4, torch.int64: 8,
            torch.int32: 4, torch.int16: 2, torch.int8: 1, torch.uint8: 1, torch.bool: 1,
            torch.complex64: 8, torch.complex128: 16}[dtype]


@wrong("bytes_per_element", says="finfo")
def from_finfo(dtype):
    info = torch.finfo(dtype) if dtype.is_floating_point or dtype.is_complex else torch.iinfo(dtype)
    return info.bits // 8


@wrong("bytes_per_element", says="bits")
def in_bits(dtype):
    return torch.empty(0, dtype=dtype).element_size() * 8


@wrong("bytes_per_element", says="two floats")
def complex_as_one_float(dtype):
    size = torch.empty(0, dtype=dtype).element_size()
    return size // 2 if dtype.is_complex else size


@wrong("bytes_per_element", says="every standard dtype")
def from_the_name(dtype):
    return int(str(dtype).removeprefix("torch.").lstrip("abcdefghijklmnopqrstuvwxyz")) // 8
