"""4. Tensor datatypes (텐서 데이터 타입).

Choose a tensor's dtype, ask autograd to record what happens to a tensor, and see how much
memory each dtype needs. Run `kata grade --section s04_dtypes` to check your answers.
"""
import torch
from torch import Tensor


def float32_tensor(values: list) -> Tensor:
    """Return a 1-dim float32 tensor of `values`, a list of numbers (whole numbers included).

    torch.tensor picks the dtype from the values: [3.0, 6.0, 9.0] gives float32, but [3, 6, 9]
    gives int64. Make sure the result is float32 either way.
    Example: float32_tensor([3, 6, 9]) is tensor([3., 6., 9.]) with dtype torch.float32.
    """
    raise NotImplementedError("float32_tensor")


def trainable_tensor(values: list) -> Tensor:
    """Return a float32 tensor of `values` on the CPU whose operations autograd records.

    `values` is a list of numbers, whole numbers included. The result must be a leaf tensor (one
    you created, not one computed from another tensor that requires grad), so that later
    gradients are stored in its .grad.
    Example: trainable_tensor([3, 6, 9]) is tensor([3., 6., 9.], requires_grad=True).
    """
    raise NotImplementedError("trainable_tensor")


def bytes_per_element(dtype: torch.dtype) -> int:
    """Return how many bytes one element of `dtype` takes in memory.

    It must work for every standard dtype: torch.bool, torch.int8, torch.uint8, torch.int16,
    torch.int32, torch.int64, torch.float16, torch.bfloat16, torch.float32, torch.float64,
    torch.complex64 and torch.complex128. Example: bytes_per_element(torch.float32) is 4
    (32 bits, 8 bits to a byte).
    """
    raise NotImplementedError("bytes_per_element")
