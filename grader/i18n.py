"""The language the grader speaks to a student: English or Korean; imports nothing else of the grader.

Which one (`choose`): `--lang ko|en` (every command takes it), else $KATA_LANG, else the locale
(LC_ALL, else LC_MESSAGES, else LANG, as POSIX ranks them: the first one set decides, `ko...` means
Korean); English otherwise. The CLI calls `use` once the choice is known; `_` then translates.

Translations are gettext catalogs in grader/locale/<lang>/LC_MESSAGES/kata.po, compiled to kata.mo
(both shipped in the wheel; the stdlib's gettext reads the .mo, Babel is only needed to update
them). Every message is one format string with named placeholders ({kata}, {score}), never pieces
glued together, so a translation can put the words in its own order. The msgid is the English text.
To update the catalog after changing or adding a message, from the repository root (Babel is in the
`test` extra; babel.cfg says what is extracted, grader/localized_cli.py's `extract_help` adds
every command's and option's --help text):

    mkdir -p build && PYTHONPATH=. pybabel extract -F babel.cfg --no-location --sort-output -o build/kata.pot .
    pybabel update -i build/kata.pot -d grader/locale -D kata --no-wrap --ignore-obsolete
    (translate the new or fuzzy entries of grader/locale/ko/LC_MESSAGES/kata.po, remove `fuzzy`)
    pybabel compile -d grader/locale -D kata --statistics

tests/test_i18n.py fails while the .mo lags behind the .po, an entry's placeholders differ between
the languages, or a command's help has no Korean.
"""
from __future__ import annotations

import contextlib
import functools
import gettext
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

LANGUAGES = ("en", "ko")
DEFAULT = "en"
DOMAIN = "kata"
LOCALE_DIR = Path(__file__).with_name("locale")
ENV = "KATA_LANG"
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX: the first one set (non-empty) wins

_current: str | None = None  # None until `use`: then the environment decides, on first use


def choose(explicit: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The language to speak: `explicit` (--lang), else $KATA_LANG, else the locale, else English."""
    for wanted in (explicit, environ.get(ENV)):
        if wanted:
            code = wanted.strip().lower().replace("-", "_").split("_")[0].split(".")[0]  # ko_KR.UTF-8: ko
            return code if code in LANGUAGES else DEFAULT
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            return "ko" if value.lower().startswith("ko") else DEFAULT
    return DEFAULT


def use(lang: str) -> None:
    """Speak `lang` (one of LANGUAGES) from now on, in this process."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    global _current
    _current = lang


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """Whatever `use` sets inside the block, the language chosen before it is back after it."""
    global _current
    before = _current
    try:
        yield
    finally:
        _current = before


@contextlib.contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Speak `lang` (None: the language in use) inside the block only: an in-process grade leaves
    its caller's language as it found it."""
    with kept():
        use(lang or current())
        yield


def current() -> str:
    """The language in use: the one given to `use`, else the environment's choice."""
    return _current if _current is not None else choose()


def _(message: str) -> str:
    """`message` (English, a msgid of the catalog) in the current language; itself where untranslated."""
    if not message:  # gettext("") is the catalog's header, never a message
        return message
    return translations(current()).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for it, which pybabel extracts
    """Mark `message` for the catalog without translating it: for constants translated where used."""
    return message


@functools.lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalog of `lang`; English needs none (its msgids are the English text)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)
