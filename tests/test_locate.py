"""Finding a kata's function in the student's file without importing it (grader/formats/locate.py)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.formats import locate


def test_function_lines_are_1_based_and_the_last_binding_wins(tmp_path):
    source = tmp_path / "s01.py"
    source.write_text("import torch\n\n\n@decorator\ndef a():\n    pass\n\n\nasync def b():\n    pass\n\n"
                      "c = lambda: 1\nd: int = 3\n\n\ndef a():\n    def inner():\n        pass\n")
    assert locate.function_lines(source) == {"a": 16, "b": 9, "c": 12, "d": 13}


def test_the_file_is_never_run(tmp_path):
    marker = tmp_path / "ran"
    source = tmp_path / "s01.py"
    source.write_text(f"open({str(marker)!r}, 'w').close()\n\n\ndef a():\n    pass\n")
    assert locate.function_lines(source) == {"a": 4}
    assert not marker.exists()


def test_no_lines_for_what_is_not_a_small_regular_python_file(tmp_path):
    assert locate.function_lines(tmp_path / "missing.py") == {}
    (tmp_path / "bad.py").write_text("def a(:\n")
    assert locate.function_lines(tmp_path / "bad.py") == {}
    (tmp_path / "nul.py").write_bytes(b"def a():\x00\n")
    assert locate.function_lines(tmp_path / "nul.py") == {}
    (tmp_path / "big.py").write_text("def a():\n    pass\n" + "#" * locate.MAX_SOURCE)
    assert locate.function_lines(tmp_path / "big.py") == {}
    assert locate.function_lines(tmp_path) == {}  # a folder


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_does_not_block_and_a_symlink_is_not_followed(tmp_path):
    os.mkfifo(tmp_path / "fifo.py")
    assert locate.function_lines(tmp_path / "fifo.py") == {}  # returns at once: opened without blocking
    (tmp_path / "real.py").write_text("def a():\n    pass\n")
    (tmp_path / "link.py").symlink_to(tmp_path / "real.py")
    assert locate.function_lines(tmp_path / "link.py") == {}


def test_repo_path_is_relative_to_the_root_only_for_an_absolute_folder_inside_it(tmp_path):
    assert locate.repo_path("katas", "s01.py") == "katas/s01.py"
    assert locate.repo_path(Path("./katas"), "s01.py", tmp_path) == "katas/s01.py"
    assert locate.repo_path(tmp_path / "katas", "s01.py", tmp_path) == "katas/s01.py"
    assert locate.repo_path(tmp_path / "katas", "s01.py", tmp_path / "other") == f"{tmp_path.as_posix()}/katas/s01.py"
