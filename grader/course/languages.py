"""The course in each language it is written in: where its kata stubs are shipped.

katas/ is shipped as `grader.course.stubs` (English) and katas_ko/ as `grader.course.stubs_ko`
(Korean): the same functions and signatures, with each task stated in the docstrings' language
(tests/test_i18n.py proves they agree). The catalogue holds the Korean titles and tasks itself.
"""
from __future__ import annotations

import importlib
from pathlib import Path

LANGUAGES = ("en", "ko")
STUB_PACKAGES = {"en": "grader.course.stubs", "ko": "grader.course.stubs_ko"}


def stubs_folder(lang: str = "en") -> Path:
    """The folder of fresh kata stubs in `lang` ("en" or "ko"), as `kata init` and `kata release` copy it."""
    if lang not in STUB_PACKAGES:
        raise ValueError(f"no stubs in language {lang!r}; there are: {', '.join(STUB_PACKAGES)}")
    package = importlib.import_module(STUB_PACKAGES[lang])
    return Path(package.__path__[0])
