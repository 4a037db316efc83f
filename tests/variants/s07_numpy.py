"""Other answers to s07_numpy."""
import numpy as np
import torch

from tests.variants import accepted, wrong


# ----- from_numpy_shared ---------------------------------------------------------------------

@accepted("from_numpy_shared")
def as_tensor(arr):
    return torch.as_tensor(arr)


@accepted("from_numpy_shared")
def as_tensor_cpu(arr):
    return torch.as_tensor(arr, device="cpu")


@wrong("from_numpy_shared", says="it is a copy (torch.tensor(arr)")
def tensor_copy(arr):
    return torch.tensor(arr)


@wrong("from_numpy_shared", says="it is a copy")
def from_numpy_clone(arr):
    return torch.from_numpy(arr).clone()


@wrong("from_numpy_shared", says="it is a copy")
def from_array_copy(arr):
    return torch.from_numpy(arr.copy())


@wrong("from_numpy_shared", says="torch.Tensor(arr) always makes float32")
def tensor_class(arr):
    return torch.Tensor(arr)


@wrong("from_numpy_shared", says="keep arr's dtype")
def to_float(arr):
    return torch.from_numpy(arr).float()


@wrong("from_numpy_shared", says="expected a torch.Tensor")
def same_array(arr):
    return arr


# ----- from_numpy_float32 --------------------------------------------------------------------

@accepted("from_numpy_float32")
def tensor_with_dtype(arr):
    return torch.tensor(arr, dtype=torch.float32)


@accepted("from_numpy_float32")
def astype_first(arr):
    return torch.from_numpy(arr.astype(np.float32))


@accepted("from_numpy_float32")
def type_method(arr):
    return torch.from_numpy(arr).type(torch.float32)


@accepted("from_numpy_float32")
def tensor_class_float(arr):
    return torch.Tensor(arr)


@wrong("from_numpy_float32", says="keeps the array's float64")
def keep_float64(arr):
    return torch.from_numpy(arr)


@wrong("from_numpy_float32", says="float16")
def half(arr):
    return torch.from_numpy(arr).half()


@wrong("from_numpy_float32", says="integer dtype")
def whole_numbers(arr):
    return torch.from_numpy(arr).int()


# ----- to_numpy ------------------------------------------------------------------------------

@accepted("to_numpy")
def detach_numpy_cpu(t):
    return t.detach().numpy() if t.device.type == "cpu" else t.detach().cpu().numpy()


@accepted("to_numpy")
def force_numpy(t):
    return t.numpy(force=True)


@accepted("to_numpy")
def to_cpu_detach(t):
    return t.to("cpu").detach().numpy().copy()


@wrong("to_numpy", says="requires grad", status="error")
def plain_numpy(t):
    return t.numpy()


@wrong("to_numpy", says="requires grad", status="error")
def cpu_numpy(t):
    return t.cpu().numpy()


@wrong("to_numpy", says="no longer requires grad")
def grad_off(t):
    t.requires_grad_(False)
    return t.cpu().numpy()


@wrong("to_numpy", says="np.array(t.tolist())")
def via_list(t):
    return np.array(t.tolist())


@wrong("to_numpy", says="still a tensor")
def detached_tensor(t):
    return t.detach().cpu()


@wrong("to_numpy", says="tolist()")
def python_list(t):
    return t.tolist()


# ----- numpy_copy ----------------------------------------------------------------------------

@accepted("numpy_copy")
def clone_numpy(t):
    return t.clone().numpy()


@accepted("numpy_copy")
def np_array(t):
    return np.array(t)


@accepted("numpy_copy")
def np_copy(t):
    return np.copy(t.numpy())


@wrong("numpy_copy", says="reuses the tensor's memory")
def shared_numpy(t):
    return t.numpy()


@wrong("numpy_copy", says="shares memory with t")
def asarray(t):
    return np.asarray(t)


@wrong("numpy_copy", says="shares memory with t")
def detach_numpy(t):
    return t.detach().cpu().numpy()


@wrong("numpy_copy", says="np.array(t.tolist())")
def list_copy(t):
    return np.array(t.tolist())


@wrong("numpy_copy", says="t was changed")
def zero_t_after(t):
    out = t.numpy().copy()
    t.zero_()
    return out
