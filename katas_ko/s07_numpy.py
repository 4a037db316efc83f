"""7. 파이토치 텐서와 넘파이 배열 (PyTorch tensors and NumPy arrays).

넘파이와 파이토치 사이에서 데이터를 옮깁니다: 배열과 메모리를 공유하는 텐서, 옮기면서 바뀌는
데이터 타입, 그리고 어떤 텐서로든 (grad가 필요한 텐서나 GPU에 있는 텐서도) 만드는 배열.
`kata grade --section s07_numpy`로 답을 확인하세요.
"""
import numpy as np
import torch
from torch import Tensor


def from_numpy_shared(arr: np.ndarray) -> Tensor:
    """arr와 메모리를 공유하고 (복사하지 않고) arr의 데이터 타입을 그대로 지닌 텐서를 반환합니다.

    그러면 한쪽을 바꾸면 다른 쪽도 바뀝니다. 예: arr = np.arange(1.0, 8.0)(float64)이면
    tensor([1., 2., 3., 4., 5., 6., 7.], dtype=torch.float64)를 반환합니다.
    """
    raise NotImplementedError("from_numpy_shared")


def from_numpy_float32(arr: np.ndarray) -> Tensor:
    """float64 배열 arr의 값을 담은 float32 텐서를 반환합니다.

    넘파이의 기본 데이터 타입은 float64이고, 파이토치의 기본은 float32입니다. 예:
    arr = np.arange(1.0, 8.0)이면 tensor([1., 2., 3., 4., 5., 6., 7.])(dtype torch.float32)을
    반환합니다.
    """
    raise NotImplementedError("from_numpy_float32")


def to_numpy(t: Tensor) -> np.ndarray:
    """t의 값을 t의 형태와 데이터 타입 그대로 담은 넘파이 배열을 반환합니다 (float32는 float32로).

    어떤 t에도 동작해야 합니다: grad가 필요한 텐서에도, GPU에 있는 텐서에도. t 자신은 그대로
    남아 있어야 합니다 (같은 값, 같은 장치, grad가 필요했다면 여전히 필요).
    예: torch.ones(7)은 array([1., 1., 1., 1., 1., 1., 1.], dtype=float32)가 됩니다.
    """
    raise NotImplementedError("to_numpy")


def numpy_copy(t: Tensor) -> np.ndarray:
    """CPU 텐서 t의 값을 담되 t와 메모리를 공유하지 않는(NOT) 넘파이 배열을 반환합니다.

    형태와 데이터 타입은 t와 같습니다. 나중에 배열을 바꿔도 t는 바뀌지 않아야 합니다.
    """
    raise NotImplementedError("numpy_copy")
