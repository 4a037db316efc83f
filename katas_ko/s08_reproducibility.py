"""8. 재현성 (Reproducibility).

일부러 난수가 똑같이 나오게 합니다: 파이토치의 난수 생성기에 (그리고 파이썬과 넘파이에도) 시드를
설정하고, 같은 값을 두 번 뽑고, 시드로 정한 뽑기가 다른 코드의 난수를 흐트러뜨리지 않게 합니다.
`kata grade --section s08_reproducibility`로 답을 확인하세요.
"""
import random

import numpy as np
import torch
from torch import Tensor


def seeded_rand(seed: int, rows: int, cols: int) -> Tensor:
    """torch.manual_seed(seed) 바로 다음에 torch.rand가 내는 (rows, cols) 값을 반환합니다.

    시드는 파이토치 난수 생성기가 어디서 시작할지를 정하므로, 같은 시드는 언제나 같은 "난수"를
    냅니다. 여기서는 파이토치 자신의 시드만 중요합니다: 파이썬의 `random`이나 넘파이에 시드를
    설정해도 torch.rand가 뽑는 값은 바뀌지 않습니다.

    예: seeded_rand(42, 3, 4)는 0.8823, 0.9150, 0.3829, 0.9593으로 시작합니다 (첫 번째 행).
    """
    raise NotImplementedError("seeded_rand")


def equal_random_pair(seed: int) -> tuple[Tensor, Tensor]:
    """값이 똑같은, 서로 다른 (3, 4) torch.rand 텐서 두 개를 반환합니다.

    두 번 뽑을 때마다(EACH) 그 전에 torch.manual_seed(seed)를 호출하세요. 시드를 한 번만 설정하면
    안 됩니다: 두 번째 뽑기는 첫 번째가 멈춘 곳에서 이어지므로 새로운 값이 나옵니다.

    예: 시드가 42이면 두 텐서 모두 0.8823, 0.9150, 0.3829, 0.9593으로 시작합니다.
    """
    raise NotImplementedError("equal_random_pair")


def rand_isolated(seed: int, rows: int, cols: int) -> Tensor:
    """seeded_rand(seed, rows, cols)와 같은 값을, 전역 난수 상태를 건드리지 않고 반환합니다.

    torch.manual_seed는 프로그램의 다른 모든 torch.rand가 쓰는 전역 생성기 하나를 다시 설정합니다.
    여기서는 그 전역 생성기가 호출 전과 똑같이 남아 있어야 합니다: 대신 자기만의 생성기에서
    뽑으세요 (torch.Generator().manual_seed(seed)를 만들어 torch.rand에 generator=...로 넘깁니다).
    """
    raise NotImplementedError("rand_isolated")


def seed_everything(seed: int) -> None:
    """파이썬의 `random`, 넘파이, 파이토치(있다면 CUDA도)에 seed로 시드를 설정하고 None을 반환합니다.

    seed_everything(s) 다음에 random.random(), np.random.random(), torch.rand()에서 뽑은 값은 같은
    s로 부를 때마다 같아야 하고, 다른 s이면 달라야 합니다. 라이브러리마다 자기 생성기가 따로 있으므로,
    저마다 시드를 설정하는 호출이 따로 필요합니다.
    """
    raise NotImplementedError("seed_everything")
