"""4. 텐서 데이터 타입 (Tensor datatypes).

텐서의 데이터 타입(dtype)을 정하고, 텐서에 일어나는 연산을 autograd(자동 미분)가 기록하게 하고,
데이터 타입마다 메모리가 얼마나 드는지 알아봅니다. `kata grade --section s04_dtypes`로 답을
확인하세요.
"""
import torch
from torch import Tensor


def float32_tensor(values: list) -> Tensor:
    """숫자 리스트 `values`(정수 포함)로 만든 1차원 float32 텐서를 반환합니다.

    torch.tensor는 값을 보고 데이터 타입을 고릅니다: [3.0, 6.0, 9.0]은 float32가 되지만, [3, 6, 9]는
    int64가 됩니다. 어느 쪽이든 결과가 float32가 되게 하세요.
    예: float32_tensor([3, 6, 9])는 dtype이 torch.float32인 tensor([3., 6., 9.])입니다.
    """
    raise NotImplementedError("float32_tensor")


def trainable_tensor(values: list) -> Tensor:
    """`values`로 만든 CPU의 float32 텐서로, autograd가 그 연산을 기록하는 텐서를 반환합니다.

    `values`는 숫자 리스트입니다 (정수 포함). 결과는 리프(leaf) 텐서여야 합니다 (grad가 필요한 다른
    텐서로부터 계산된 텐서가 아니라, 직접 만든 텐서). 그래야 나중에 계산되는 그래디언트가 그
    텐서의 .grad에 저장됩니다.
    예: trainable_tensor([3, 6, 9])는 tensor([3., 6., 9.], requires_grad=True)입니다.
    """
    raise NotImplementedError("trainable_tensor")


def bytes_per_element(dtype: torch.dtype) -> int:
    """데이터 타입 `dtype`의 원소 하나가 메모리에서 몇 바이트를 차지하는지 반환합니다.

    표준 데이터 타입 모두에 대해 동작해야 합니다: torch.bool, torch.int8, torch.uint8, torch.int16,
    torch.int32, torch.int64, torch.float16, torch.bfloat16, torch.float32, torch.float64,
    torch.complex64, torch.complex128. 예: bytes_per_element(torch.float32)는 4입니다
    (32비트, 1바이트는 8비트).
    """
    raise NotImplementedError("bytes_per_element")
