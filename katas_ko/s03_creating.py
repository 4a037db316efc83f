"""3. 텐서 생성하기 (Creating tensors).

텐서를 처음부터 만들어 봅니다: 난수로 채운 텐서, 0 또는 1로 채운 텐서, 범위 값으로 채운 텐서,
그리고 다른 텐서와 형태가 같은 텐서. `kata grade --section s03_creating`으로 답을 확인하세요.
"""
import torch
from torch import Tensor


def random_tensor(rows: int, cols: int) -> Tensor:
    """형태가 (rows, cols)이고 [0, 1) 구간에 고르게 퍼진 난수로 채운 float32 텐서를 반환합니다.

    예: random_tensor(3, 4)의 형태는 (3, 4)이고, 값은 0.4963, 0.7682, ... 같은 수입니다.
    """
    raise NotImplementedError("random_tensor")


def random_image_tensor() -> Tensor:
    """난수 컬러 이미지를 [0, 1) 구간에 고르게 퍼진 float32 텐서로, 색상 채널을 맨 앞에 두어 반환합니다.

    PyTorch는 이미지를 (색상 채널, 높이, 너비)로 다룹니다: 224 x 224 크기의 RGB 이미지는 형태가
    (3, 224, 224)입니다.
    """
    raise NotImplementedError("random_image_tensor")


def zeros_and_ones(rows: int, cols: int) -> tuple[Tensor, Tensor]:
    """(zeros, ones)를 반환합니다: 형태가 (rows, cols)인 float32 텐서 두 개로, 하나는 모두 0, 하나는 모두 1입니다."""
    raise NotImplementedError("zeros_and_ones")


def zero_to_ten() -> Tensor:
    """int64 텐서 [0, 1, 2, ..., 9]를 반환합니다 (숫자 열 개, 10은 들어가지 않습니다)."""
    raise NotImplementedError("zero_to_ten")


def evens_below(n: int) -> Tensor:
    """짝수 0, 2, 4, ... 가운데 n보다 작은 것들을 int64 텐서로 반환합니다.

    예: evens_below(7)은 tensor([0, 2, 4, 6])입니다. n이 0이거나 음수이면 0, 2, 4, ... 중 n보다 작은
    수가 없습니다: evens_below(0)과 evens_below(-3)은 비어 있는 int64 텐서입니다.
    """
    raise NotImplementedError("evens_below")


def zeros_like_of(t: Tensor) -> Tensor:
    """t와 형태, 데이터 타입(dtype), 장치(device)가 같고 0으로 채운 텐서를 반환합니다. t는 그대로 둡니다."""
    raise NotImplementedError("zeros_like_of")


def ones_like_of(t: Tensor) -> Tensor:
    """t와 형태, 데이터 타입(dtype), 장치(device)가 같고 1로 채운 텐서를 반환합니다. t는 그대로 둡니다."""
    raise NotImplementedError("ones_like_of")
