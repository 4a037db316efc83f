"""`kata` from a notebook cell: IPython runs `!command` lines the way Jupyter and Colab do."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import SOLUTIONS

pytestmark = pytest.mark.slow  # every test here starts the `kata` script: a torch import each

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def test_a_cell_with_kata_grade_shows_the_table_and_the_total(tmp_path):
    pytest.importorskip("IPython")
    cell = f"!kata grade --path {SOLUTIONS} --section s01_running --seed 7"
    done = subprocess.run([sys.executable, "-m", "IPython", "--quick", "--no-banner", "--colors=NoColor", "-c", cell],
                          capture_output=True, text=True, cwd=tmp_path, timeout=180)
    shown = ANSI.sub("", done.stdout)
    assert "Running PyTorch code" in shown and "Total: 2/2" in shown, shown + done.stderr
