"""2. 텐서 소개 (Introduction to tensors).

스칼라, 벡터, 행렬, 텐서를 만나 보고, 텐서의 차원 수(ndim)와 형태(shape)를 읽어 봅니다.
`kata grade --section s02_tensor_intro`로 답을 확인하세요.
"""
from __future__ import annotations

import torch
from torch import Tensor


def make_scalar() -> Tensor:
    """스칼라를 반환합니다: 정수 7을 담은 0차원 텐서입니다 (dtype int64).

    스칼라는 숫자 하나이지만 여전히 torch.Tensor입니다: ndim은 0이고 형태(shape)는 ()입니다.
    출력하면 tensor(7)처럼 보입니다.
    """
    raise NotImplementedError("make_scalar")


def scalar_to_python(t: Tensor) -> int | float:
    """원소를 정확히 하나 담은 텐서 t 안의 값을 보통의 파이썬 숫자로 반환합니다.

    t의 차원 수는 무엇이든 될 수 있습니다: tensor(7), tensor([2.5]), tensor([[[-3]]])는 모두 숫자
    하나를 담고 있습니다. 정수 텐서이면 파이썬 int를, 부동 소수점 텐서이면 파이썬 float를
    반환하되, 값은 그대로 지키세요 (반올림하거나 소수점 아래를 버리지 않습니다). 텐서가 아니라
    숫자를 반환해야 합니다.
    예: scalar_to_python(torch.tensor(7))은 7이고, type(...)은 int입니다.
    """
    raise NotImplementedError("scalar_to_python")


def make_vector() -> Tensor:
    """벡터 [7, 7]을 반환합니다: 원소가 두 개인 1차원 int64 텐서로, 형태는 (2,)입니다."""
    raise NotImplementedError("make_vector")


def make_matrix() -> Tensor:
    """행렬 [[7, 8, 9], [10, 11, 12]]를 반환합니다: 2개의 행과 3개의 열을 가진 2차원 int64 텐서입니다.

    형태는 (2, 3)입니다: 0번 차원(행)의 크기가 2, 1번 차원(열)의 크기가 3입니다.
    """
    raise NotImplementedError("make_matrix")


def make_tensor_3d() -> Tensor:
    """형태가 (1, 3, 4)인 int64 텐서 [[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]]를 반환합니다.

    3차원 텐서는 행렬을 쌓아 놓은 것입니다: 여기서는 3개의 행과 4개의 열을 가진 행렬 하나입니다.
    """
    raise NotImplementedError("make_tensor_3d")


def describe(t: Tensor) -> tuple[int, tuple[int, ...]]:
    """차원 수가 몇이든, 텐서 t의 (차원 수, 형태)를 반환합니다.

    차원 수는 파이썬 int이고, 형태는 int들의 튜플입니다 (torch.Size도 튜플이므로 t.shape를 그대로
    써도 됩니다). 예: torch.tensor([[7, 8, 9], [10, 11, 12]])이면 (2, (2, 3))을,
    torch.tensor(7)이면 (0, ())을 반환합니다.
    """
    raise NotImplementedError("describe")
