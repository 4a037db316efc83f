"""Other answers to s05_info."""
import torch

from tests.variants import accepted, wrong


@accepted("tensor_info")
def size_and_device_name(t):
    return {"shape": tuple(t.size()), "dtype": t.dtype, "device": str(t.device)}


@accepted("tensor_info")
def with_more_keys(t):
    return {"shape": t.shape, "dtype": t.dtype, "device": t.device, "ndim": t.ndim}


@wrong("tensor_info", says="t.type()")
def type_as_dtype(t):
    return {"shape": t.shape, "dtype": t.type(), "device": t.device}


@wrong("tensor_info", says="t.size is a method")
def size_uncalled(t):
    return {"shape": t.size, "dtype": t.dtype, "device": t.device}


@wrong("tensor_info", says="as a string")
def dtype_name(t):
    return {"shape": t.shape, "dtype": str(t.dtype), "device": t.device}


@wrong("tensor_info", says="assumed, not read from t")
def always_cpu(t):
    return {"shape": t.shape, "dtype": t.dtype, "device": "cpu"}


# A torch.device is described as code, not "device device(type='cpu')" (issue 11).
@wrong("tensor_info", says="expected meta (a torch.device or its name), got torch.device('cpu')")
def device_of_cpu(t):
    return {"shape": t.shape, "dtype": t.dtype, "device": torch.device("cpu")}


@wrong("tensor_info", says="get_device")
def device_number(t):
    return {"shape": t.shape, "dtype": t.dtype, "device": t.get_device()}


@wrong("tensor_info", says="a list is not a tuple")
def shape_list(t):
    return {"shape": list(t.shape), "dtype": t.dtype, "device": t.device}


@wrong("tensor_info", says='no key "dtype"')
def misspelt_key(t):
    return {"shape": t.shape, "datatype": t.dtype, "device": t.device}


@wrong("tensor_info", says="expected a dict")
def as_tuple(t):
    return t.shape, t.dtype, t.device


@accepted("same_kind")
def as_triples(a, b):
    return (a.shape, a.dtype, a.device) == (b.shape, b.dtype, b.device)


@accepted("same_kind")
def type_and_shape(a, b):
    return a.type() == b.type() and a.size() == b.size()


@accepted("same_kind")
def as_tensor_answer(a, b):
    return torch.tensor(a.shape == b.shape and a.dtype == b.dtype and a.device == b.device)


@wrong("same_kind", says="not only the shapes")
def shapes_only(a, b):
    return a.shape == b.shape


@wrong("same_kind", says="the shapes count too")
def type_only(a, b):
    return a.type() == b.type()


@wrong("same_kind", says="the devices count too")
def without_device(a, b):
    return a.shape == b.shape and a.dtype == b.dtype


@wrong("same_kind", says="values do not count")
def equal_values(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.device == b.device and torch.equal(a, b)


@wrong("same_kind", says="the shapes differ")
def same_numel(a, b):
    return a.numel() == b.numel() and a.dtype == b.dtype and a.device == b.device


@wrong("same_kind", says="a device was assumed")
def both_on_cpu(a, b):
    return a.shape == b.shape and a.dtype == b.dtype and a.device.type == b.device.type == "cpu"


@wrong("same_kind", says="expected True or False")
def as_text(a, b):
    return "same" if (a.shape, a.dtype, a.device) == (b.shape, b.dtype, b.device) else "different"
