"""What the portable runner's forkserver imports before forking children: their warm start, its walls.

Imported for its effects, by the forkserver alone (portable.PRELOAD): torch, numpy and the
child's code, so each child is a cheap fork; one torch thread, as the Linux runner's children
have; stdout on the null device, so nothing a child prints before it captures its output can
reach the grader's stdout (the JSON report); and on Linux a forkserver that its children cannot
read or write through /proc.
"""
from __future__ import annotations

import gc
import os

import numpy  # noqa: F401 - preloaded for the children
import torch

from grader.sandbox import child
from grader.sandbox import confine
from grader.sandbox import portable  # noqa: F401 - preloaded for the children

torch.set_num_threads(1)
_null = os.open(os.devnull, os.O_WRONLY)
os.dup2(_null, 1)
os.close(_null)
confine.harden_grader()
confine.warm()  # what each child's walls need, found once
gc.freeze()  # the children's garbage collector leaves these objects, and their pages, alone
