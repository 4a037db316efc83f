"""The source checks (grader/checkkit/source.py): reading what a kata function reaches for Python
loops, failing closed on what cannot be read. Variants in tests/variants/ are single functions;
the forms that need module-level code (aliases, helpers, patches of torch) are read here, and one
end-to-end grade shows that the check reads the file as Python does (a coding cookie)."""
from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from grader.checkkit import source
from grader.checkkit.expect import KataFailure
from grader.results import Status
from grader.run.grading import GradeRequest, grade
from grader.sandbox.parent import StudentError
from tests.conftest import SEED
from tests.helpers import solutions_copy, with_prelude

KATA = "dot_product"


def _find(module: str) -> source.Finding | None:
    """The finding for dot_product in the reference solutions of s06b with `module` appended."""
    base = with_prelude("s06b_matmul", "")
    return source.find_loop(ast.parse(base + "\n" + textwrap.dedent(module)), KATA)


# Each: module-level code a student who has read the check might write, and what must be named.
LOOPS = {
    "alias_at_module_level": ("""
        total = sum
        def dot_product(a, b):
            return total(a * b, torch.zeros((), dtype=a.dtype))
        """, "the built-in sum()"),
    "builtins_module_alias": ("""
        import builtins as python
        def dot_product(a, b):
            return python.sum(python.map(torch.mul, a, b))
        """, "the built-in sum()"),
    "builtins_module_renamed_again": ("""
        import builtins
        lib = builtins
        def dot_product(a, b):
            return lib.sum(a * b)
        """, "the built-in sum()"),
    "reduce_imported_as": ("""
        from functools import reduce as fold
        def dot_product(a, b):
            return fold(torch.add, a * b)
        """, "functools.reduce()"),
    "map_in_a_tuple": ("""
        total, pairs = sum, map
        def dot_product(a, b):
            return total(pairs(torch.mul, a, b))
        """, "the built-in map()"),
    "alias_in_a_dict": ("""
        TOOLS = {"add up": sum}
        def dot_product(a, b):
            return TOOLS["add up"](a * b)
        """, "the built-in sum()"),
    "torch_sum_bound_only_if_false": ("""
        if False:
            sum = torch.sum  # never runs: sum stays Python's
        def dot_product(a, b):
            return sum(a * b)
        """, "the built-in sum()"),
    "star_import_of_itertools": ("""
        from itertools import *
        def dot_product(a, b):
            *_, last = accumulate(a * b)
            return last
        """, "itertools.accumulate()"),
    "recursion_through_module_helpers": ("""
        def _first(a, b):
            return a[0] * b[0] + _rest(a, b) if len(a) else torch.zeros((), dtype=a.dtype)
        def _rest(a, b):
            return _first(a[1:], b[1:])
        def dot_product(a, b):
            return _first(a, b)
        """, "recursion"),
    "recursive_module_lambda": ("""
        walk = lambda a, b: a[0] * b[0] + walk(a[1:], b[1:]) if len(a) else 0
        def dot_product(a, b):
            return walk(a, b)
        """, "recursion"),
    "loop_in_a_decorator": ("""
        def summed(function):
            return lambda a, b: sum(function(a, b))
        @summed
        def dot_product(a, b):
            return a * b
        """, "the built-in sum()"),
    "loop_in_a_helper_class": ("""
        class Dot:
            def __call__(self, a, b):
                total = 0
                for x, y in zip(a, b):
                    total = total + x * y
                return total
        dot_product = Dot()
        """, "a for loop"),
    "while_loop_in_a_helper": ("""
        def helper(a, b):
            i, total = 0, 0
            while i < len(a):
                total, i = total + a[i] * b[i], i + 1
            return total
        def dot_product(a, b):
            return helper(a, b)
        """, "a while loop"),
    "dot_product_defined_twice": ("""
        def dot_product(a, b):
            return torch.stack([x * y for x, y in zip(a, b)]).sum()
        """, "a list comprehension"),
    "numpy_vectorize": ("""
        import numpy
        def dot_product(a, b):
            return torch.tensor(numpy.vectorize(float)(a.numpy()) @ b.numpy())
        """, "numpy.vectorize()"),
    "max_over_the_elements": ("""
        def dot_product(a, b):
            biggest = max(a * b)
            return (a * b).sum()
        """, "the built-in max()"),
    "iter_with_a_sentinel": ("""
        def dot_product(a, b):
            parts = iter(lambda: a.sum(), None)
            return a @ b
        """, "iter() with a sentinel"),
}

HIDDEN = {
    "torch_dot_replaced": ("""
        def _slow(a, b):
            return a.sum()
        torch.dot = _slow
        def dot_product(a, b):
            return torch.dot(a, b)
        """, "a change to torch.dot"),
    "matmul_operator_replaced": ("""
        from torch import Tensor
        Tensor.__matmul__ = lambda a, b: 0
        def dot_product(a, b):
            return a @ b
        """, "a change to torch.Tensor.__matmul__"),
    "exec_at_import": ("""
        exec("def dot_product(a, b):\\n    return sum(a * b)")
        """, "exec()"),
    "globals_by_name": ("""
        globals()["dot_product"] = lambda a, b: sum(a * b)
        """, "globals()"),
    "torch_replaced_through_sys_modules": ("""
        import sys
        sys.modules["torch"].dot = lambda a, b: sum(a * b)
        def dot_product(a, b):
            return torch.dot(a, b)
        """, "a change to sys.modules"),
    "computed_getattr": ("""
        import builtins
        def dot_product(a, b):
            return getattr(builtins, "mus"[::-1])(a * b)
        """, "getattr() with a name the grader cannot read"),
    "builtins_by_dunder": ("""
        def dot_product(a, b):
            return len.__self__.sum(a * b)
        """, "__self__"),
    "another_file": ("""
        from helpers import dot
        def dot_product(a, b):
            return dot(a, b)
        """, "the module helpers"),
    "relative_import": ("""
        from . import helpers
        def dot_product(a, b):
            return helpers.dot(a, b)
        """, "another file"),
    "pytorch_internals": ("""
        def dot_product(a, b):
            return torch._higher_order_ops.while_loop(lambda i: i < 0, lambda i: i, (a,))
        """, "an internal part of torch"),
    "class_made_by_type": ("""
        def dot_product(a, b):
            Walker = type("Walker", (), {})
            return a @ b
        """, "type() making a class"),
}

ACCEPTED = {
    "dot": "def dot_product(a, b):\n    return torch.dot(a, b)\n",
    "matmul_operator": "def dot_product(a, b):\n    return a @ b\n",
    "sum_method": "def dot_product(a, b):\n    return (a * b).sum()\n",
    "einsum": "def dot_product(a, b):\n    return torch.einsum('i,i->', a, b)\n",
    "torch_sum_imported": "from torch import sum\ndef dot_product(a, b):\n    return sum(a * b)\n",
    "torch_sum_renamed": "add_up = torch.sum\ndef dot_product(a, b):\n    return add_up(a * b)\n",
    "bound_to_torch": "dot_product = torch.dot\n",
    "helper_without_loop": ("def _products(a, b):\n    return a * b\n"
                            "def dot_product(a, b):\n    return _products(a, b).sum()\n"),
    "a_setting_of_torch": ("torch.backends.cudnn.benchmark = True\n"
                           "def dot_product(a, b):\n    return torch.inner(a, b)\n"),
    "loops_elsewhere_in_the_module": ("def dot_product(a, b):\n    return a @ b\n"
                                      "if __name__ == '__main__':\n    for n in range(3):\n"
                                      "        print(dot_product(torch.ones(n), torch.ones(n)))\n"),
    "min_of_two_lengths": "def dot_product(a, b):\n    n = min(len(a), len(b))\n    return a[:n] @ b[:n]\n",
    "checked_lengths": ("def dot_product(a, b):\n    if len(a) != len(b):\n"
                        "        raise ValueError(f'{len(a)} != {len(b)}')\n"
                        "    return torch.tensordot(a, b, dims=1)\n"),
}


@pytest.mark.parametrize("name", LOOPS)
def test_a_hidden_loop_is_named(name: str):
    module, kind = LOOPS[name]
    found = _find(module)
    assert found is not None and not found.hidden and kind in found.kind, found


@pytest.mark.parametrize("name", HIDDEN)
def test_code_the_grader_cannot_read_fails_closed(name: str):
    module, kind = HIDDEN[name]
    found = _find(module)
    assert found is not None and found.hidden and kind in found.kind, found


@pytest.mark.parametrize("name", ACCEPTED)
def test_idiomatic_answers_pass(name: str):
    assert _find(ACCEPTED[name]) is None


def test_the_reference_solutions_pass():
    assert _find("") is None


def test_a_file_built_to_be_slow_to_read_fails_closed():
    chain = "x0 = sum\n" + "".join(f"x{i + 1} = (x{i}, x{i})\n" for i in range(200))
    found = _find(chain + "def dot_product(a, b):\n    return x200[0](a * b)\n")
    assert found is not None and "sum()" in found.kind  # shared aliases are read once, not 2**200 times
    deep = "def dot_product(a, b):\n    return a" + ".T" * 900 + " @ b\n"  # as deep as Python parses
    found = _find(deep)
    assert found is None or found.hidden  # read, or too deep to read: never an exception


def test_a_kata_function_that_is_not_there_fails_closed():
    found = source.find_loop(ast.parse("import torch\n"), KATA)
    assert found is not None and found.hidden


class _Box:
    """What source.parse needs of a Sandbox: the module's name and its text, or the failure."""

    module = "s06b_matmul"

    def __init__(self, text: str | None = None, error: str = "") -> None:
        self.text, self.error = text, error

    def source(self) -> str:
        if self.text is None:
            raise StudentError(self.error)
        return self.text


@pytest.mark.parametrize("box, says", [
    (_Box(error="katas/s06b_matmul.py is not a regular file"), "could not read s06b_matmul.py (katas/s06b_matmul"),
    (_Box("def dot_product(a, b):\n    return a @\n"), "syntax error on line 2"),
    (_Box("x = " + "(" * 5000 + ")" * 5000 + "\n"), "s06b_matmul.py"),
    (_Box("x = 1\x00\n"), "could not parse s06b_matmul.py"),
], ids=["unreadable", "syntax_error", "nested_too_deep", "null_byte"])
def test_source_that_cannot_be_read_or_parsed_is_a_failed_check(box: _Box, says: str):
    with pytest.raises(KataFailure, match="cannot check that it has no loop") as failure:
        source.parse(box, "that it has no loop")  # type: ignore[arg-type]  # a stand-in for a Sandbox
    assert says in str(failure.value)


@pytest.mark.slow
def test_the_check_reads_the_file_as_python_does(tmp_path: Path):
    """A latin-1 coding cookie and a byte that is not UTF-8: the loop is still seen."""
    module = ("# -*- coding: latin-1 -*-\n# caf\xe9\n" + with_prelude("s06b_matmul", "") +
              "\n\ndef dot_product(a, b):\n    total = torch.zeros((), dtype=a.dtype)\n"
              "    for x, y in zip(a, b):\n        total = total + x * y\n    return total\n")
    folder = solutions_copy(tmp_path)
    (folder / "s06b_matmul.py").write_bytes(module.encode("latin-1"))
    report = grade(GradeRequest(path=folder, katas=("s06b_matmul.dot_product",), seed=SEED))
    (kata,) = report.katas
    assert kata.status is Status.FAILED and "uses a for loop" in kata.message, kata
