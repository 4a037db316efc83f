"""6. 형태 바꾸기, 뷰, 쌓기, squeeze, unsqueeze, permute (형태와 차원 변경하기).

값은 바꾸지 않고 텐서의 형태와 차원을 바꿉니다: 크기가 1인 차원을 더하고 빼고, 메모리를 공유하는
뷰를 만들고, 쌓고, 이미지의 축 순서를 바꾸고, 배치를 평평하게 펼칩니다.
`kata grade --section s06d_reshaping`으로 답을 확인하세요.
"""
import torch
from torch import Tensor


def add_batch_dim(x: Tensor) -> Tensor:
    """맨 앞에 크기가 1인 새 차원(하나짜리 "배치")을 더한 x를 반환합니다.

    형태 (...)가 (1, ...)이 됩니다: (3, 4) 텐서는 (1, 3, 4)가, (7,) 텐서는 (1, 7)이, 0차원 텐서는
    (1,)이 됩니다. 값은 그대로입니다.
    """
    raise NotImplementedError("add_batch_dim")


def view_and_edit(x: Tensor, value) -> Tensor:
    """1차원 텐서 x의 (1, n) 뷰를 만들고, 그 첫 번째 원소를 value로 바꾼 뒤 뷰를 반환합니다.

    뷰는 x와 메모리를 공유하므로, 고친 값이 x에도 보입니다. 예: x = torch.arange(1., 8.)이고
    value가 5이면 tensor([[5., 2., 3., 4., 5., 6., 7.]])을 반환하고, 그 뒤 x는
    tensor([5., 2., 3., 4., 5., 6., 7.])입니다.
    """
    raise NotImplementedError("view_and_edit")


def stack_copies(x: Tensor, n: int, dim: int) -> Tensor:
    """x의 복사본 n개를 dim 위치의 새 차원을 따라 쌓아서 반환합니다 (0 <= dim <= x.dim()).

    예: 형태가 (7,)인 x에서 stack_copies(x, 4, 0)의 형태는 (4, 7)이고 각 행이 x와 같습니다;
    stack_copies(x, 4, 1)의 형태는 (7, 4)이고 각 열이 x와 같습니다.
    """
    raise NotImplementedError("stack_copies")


def squeeze_all(x: Tensor) -> Tensor:
    """크기가 1인 차원을 모두 없앤 x를 반환합니다. 값은 그대로입니다.

    예: 형태 (1, 7)은 (7,)이, (1, 3, 1, 5)는 (3, 5)가, (1, 1)은 0차원 텐서가 됩니다. 크기가 1인
    차원이 없는 텐서는 형태가 그대로입니다.
    """
    raise NotImplementedError("squeeze_all")


def to_column(x: Tensor) -> Tensor:
    """형태가 (n,)인 1차원 텐서 x를 형태가 (n, 1)인 열로 바꿉니다. 값의 순서는 그대로입니다.

    예: tensor([1., 2., 3.])은 tensor([[1.], [2.], [3.]])이 됩니다.
    """
    raise NotImplementedError("to_column")


def hwc_to_chw(img: Tensor) -> Tensor:
    """형태가 (높이, 너비, 색상 채널)인 이미지를 (채널, 높이, 너비)로 바꿉니다.

    픽셀은 자기 축과 함께 움직여야 합니다: 결과의 [c, h, w]는 img[h, w, c]입니다.
    예: (224, 224, 3) 이미지는 (3, 224, 224)가 됩니다.
    """
    raise NotImplementedError("hwc_to_chw")


def chw_to_hwc(img: Tensor) -> Tensor:
    """형태가 (채널, 높이, 너비)인 이미지를 (높이, 너비, 채널)로 바꿉니다.

    hwc_to_chw의 반대입니다: 결과의 [h, w, c]는 img[c, h, w]입니다.
    예: (3, 224, 224) 이미지는 (224, 224, 3)이 됩니다.
    """
    raise NotImplementedError("chw_to_hwc")


def flatten_batch(x: Tensor) -> Tensor:
    """첫 번째 차원만 남기고 나머지 차원을 모두 펼칩니다: (B, ...)가 (B, 나머지 차원 크기의 곱)이 됩니다.

    결과의 i번째 행에는 x[i]의 값이 순서대로 들어 있습니다. 예: 형태가 (32, 3, 28, 28)인 이미지
    32장의 배치는 (32, 2352)가 됩니다. 어떤 x에도 동작해야 하고, 메모리에서 연속되어 있지 않은
    텐서(전치하거나 permute한 텐서 등)도 포함됩니다.
    """
    raise NotImplementedError("flatten_batch")
