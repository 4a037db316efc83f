"""6. 인덱싱 (Indexing).

대괄호로 텐서의 일부를 선택합니다: 행렬 전체, 행, 열, 원소 하나 (`:`는 "이 차원의 모든 값"을
뜻합니다), 그리고 조건으로 고른 원소들. `kata grade --section s06e_indexing`으로 답을 확인하세요.

카타에서 따로 말하지 않으면 x는 형태가 (B, R, C)인 3차원 텐서입니다: 행렬 B개이고, 각 행렬에는
R개의 행과 C개의 열이 있습니다. 계속 쓰는 예: x = torch.arange(1, 7).reshape(1, 2, 3), 곧
tensor([[[1, 2, 3],
         [4, 5, 6]]]).
"""
import torch
from torch import Tensor


def first_matrix(x: Tensor) -> Tensor:
    """x의 첫 번째 (R, C) 행렬을 반환합니다.

    예: 위의 예 x이면 tensor([[1, 2, 3], [4, 5, 6]])을 반환합니다.
    """
    raise NotImplementedError("first_matrix")


def column_from_each(x: Tensor, j: int) -> Tensor:
    """x의 모든 행렬에서 j번째 열을 골라 형태가 (B, R)인 텐서로 반환합니다. 0 <= j < C입니다.

    예: 위의 예 x와 j = 1이면 tensor([[2, 5]])를 반환합니다.
    """
    raise NotImplementedError("column_from_each")


def pick_row_col(x: Tensor, r: int, c: int) -> Tensor:
    """x의 모든 행렬에서 r행 c열의 원소를 골라 형태가 (B,)인 텐서로 반환합니다.

    예: 위의 예 x와 r = 1, c = 1이면 tensor([5])를 반환합니다.
    """
    raise NotImplementedError("pick_row_col")


def row_keep_dims(m: Tensor, i: int) -> Tensor:
    """2차원 텐서 m(형태 (R, C))의 i번째 행을, 행 차원을 남긴 채 형태 (1, C)로 반환합니다.

    0 <= i < R입니다. 예: m = tensor([[1, 2, 3], [4, 5, 6]])이고 i = 1이면
    tensor([[4, 5, 6]])을 반환합니다 ((3,)이 아니라 형태 (1, 3)).
    """
    raise NotImplementedError("row_keep_dims")


def corners(m: Tensor) -> Tensor:
    """2차원 텐서 m의 네 모서리 원소를 형태가 (4,)인 텐서로 반환합니다.

    순서는 왼쪽 위, 오른쪽 위, 왼쪽 아래, 오른쪽 아래이고, 데이터 타입은 m과 같습니다.
    예: m = tensor([[1, 2, 3], [4, 5, 6]])이면 tensor([1, 3, 4, 6])을 반환합니다.
    """
    raise NotImplementedError("corners")


def positives(v: Tensor) -> Tensor:
    """1차원 텐서 v에서 0보다 큰 원소들을 v에 있던 순서대로 반환합니다.

    결과는 1차원이고 데이터 타입은 v와 같습니다. 0보다 큰 원소가 없으면 비어 있습니다.
    예: v = tensor([3, -1, 0, 5, -2])이면 tensor([3, 5])를 반환합니다.
    """
    raise NotImplementedError("positives")
