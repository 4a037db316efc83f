"""Other answers to s02_tensor_intro."""
import torch

from tests.variants import accepted, wrong


@accepted("make_scalar")
def scalar_tensor():
    return torch.scalar_tensor(7, dtype=torch.int64)


@accepted("make_scalar")
def full_scalar():
    return torch.full((), 7)


@wrong("make_scalar", says="0 dims")
def one_element_vector():
    return torch.tensor([7])


@wrong("make_scalar", says="0 dims")
def one_element_matrix():
    return torch.tensor([[7]])


@wrong("make_scalar", says="float")
def float_scalar():
    return torch.tensor(7.0)


@wrong("make_scalar", says="expected a torch.Tensor")
def python_seven():
    return 7


@accepted("scalar_to_python")
def flat_first(t):
    return t.flatten()[0].item()


@accepted("scalar_to_python")
def tolist_flat(t):
    return t.reshape(-1).tolist()[0]


@wrong("scalar_to_python", says="not the number itself")
def the_tensor(t):
    return t


@wrong("scalar_to_python", says="int(t)")
def as_int(t):
    return int(t)


@wrong("scalar_to_python", says="drops them")
def rounded(t):
    return round(t.item())


@wrong("scalar_to_python", says="float(t)")
def as_float(t):
    return float(t)


@wrong("scalar_to_python", says="tolist")
def to_list(t):
    return t.tolist()


@wrong("scalar_to_python", says="NumPy")
def numpy_number(t):
    return t.numpy().reshape(-1)[0]


@accepted("make_vector")
def full_vector():
    return torch.full((2,), 7)


@wrong("make_vector", says="1 dim")
def row_vector():
    return torch.tensor([[7, 7]])


@wrong("make_vector", says="float")
def float_vector():
    return torch.tensor([7.0, 7.0])


@wrong("make_vector", says="scalar")
def just_seven():
    return torch.tensor(7)


@accepted("make_matrix")
def arange_matrix():
    return torch.arange(7, 13).reshape(2, 3)


@wrong("make_matrix", says="swapped")
def transposed_matrix():
    return torch.tensor([[7, 8, 9], [10, 11, 12]]).T


@wrong("make_matrix", says="flat")
def flat_matrix():
    return torch.tensor([7, 8, 9, 10, 11, 12])


@wrong("make_matrix", says="float")
def float_matrix():
    return torch.tensor([[7.0, 8, 9], [10, 11, 12]])


@wrong("make_matrix", says="wrong values")
def off_by_one_matrix():
    return torch.arange(6, 12).reshape(2, 3)


@accepted("make_tensor_3d")
def arange_3d():
    return torch.arange(1, 13).reshape(1, 3, 4)


@accepted("make_tensor_3d")
def unsqueezed_3d():
    return torch.arange(1, 13).view(3, 4).unsqueeze(0)


@wrong("make_tensor_3d", says="one more dim around it")
def matrix_only():
    return torch.tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])


@wrong("make_tensor_3d", says="swapped")
def four_by_three():
    return torch.arange(1, 13).reshape(1, 4, 3)


@wrong("make_tensor_3d", says="start at 1")
def from_zero():
    return torch.arange(12).reshape(1, 3, 4)


@wrong("make_tensor_3d", says="float")
def float_3d():
    return torch.arange(1.0, 13.0).reshape(1, 3, 4)


@accepted("describe")
def dim_and_size(t):
    return t.dim(), tuple(t.size())


@accepted("describe")
def len_of_shape(t):
    return len(t.shape), t.shape


@wrong("describe", says="len(t)")
def len_as_ndim(t):
    return len(t), t.shape


@wrong("describe", says="in that order")
def swapped_pair(t):
    return t.shape, t.ndim


@wrong("describe", says="numel")
def numel_as_ndim(t):
    return t.numel(), t.shape


@wrong("describe", says="a list is not a tuple")
def shape_as_list(t):
    return t.ndim, list(t.shape)


@wrong("describe", says="t.size is a method")
def size_uncalled(t):
    return t.ndim, t.size


@wrong("describe", says="expected a tuple")
def as_list(t):
    return [t.ndim, t.shape]
