"""한국어로 배우기: the language choice, the gettext catalog, the Korean stubs, tasks, help and table.

The grader's own modules are imported inside the tests, so that on a grader without these
features each test fails on its own account rather than the whole file failing to import.
"""
from __future__ import annotations

import ast
import gettext
import importlib
import inspect
import json
import re
import string
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.course import catalogue
from tests.conftest import GRADER, ROOT, SEED, STUBS
from tests.helpers import solutions_copy
from tests.test_korean_coverage import english_prose

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PO = GRADER / "locale" / "ko" / "LC_MESSAGES" / "kata.po"
MO = PO.with_suffix(".mo")
NEUTRAL_ENV = {"KATA_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
S03 = ["--section", "s03_creating", "--seed", str(SEED)]


def kata(*args: str, env: dict[str, str] | None = None):
    from grader.cli import main

    return CliRunner().invoke(main, list(args), env={**NEUTRAL_ENV, **(env or {})}, catch_exceptions=False)


def po_entries() -> list:
    from babel.messages.pofile import read_po

    with open(PO, "rb") as f:
        return [m for m in read_po(f) if m.id]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


# ----- which language ----------------------------------------------------------------------------

@pytest.mark.parametrize("explicit, env, lang", [
    (None, {}, "en"),
    (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
    (None, {"LC_ALL": "C", "LC_MESSAGES": "ko_KR.UTF-8"}, "en"),  # LC_ALL outranks the others, as in POSIX
    (None, {"LC_ALL": "", "LANG": "ko"}, "ko"),  # an empty variable is as good as unset
    (None, {"KATA_LANG": "ko", "LC_ALL": "en_US.UTF-8"}, "ko"),
    (None, {"KATA_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
    (None, {"KATA_LANG": "fr"}, "en"),
    ("ko", {"KATA_LANG": "en"}, "ko"),
    ("en", {"LANG": "ko_KR.UTF-8"}, "en"),
])
def test_the_language_is_the_option_else_kata_lang_else_the_locale_else_english(explicit, env, lang):
    from grader import i18n

    assert i18n.choose(explicit, env) == lang


def test_lang_is_read_from_the_raw_arguments_wherever_it_stands():
    from grader.localized_cli import lang_in

    assert lang_in(["grade", "--lang", "ko"]) == "ko"
    assert lang_in(["--lang=ko", "list"]) == "ko"
    assert lang_in(["--lang", "ko", "grade", "--lang", "en"]) == "en"  # the last one, as click keeps
    assert lang_in(["grade", "--", "--lang", "ko"]) is None
    assert lang_in(["grade", "--lang", "fr"]) is None


def test_every_command_takes_lang():
    import click

    from grader.cli import main

    def commands(group: click.Group, path: tuple[str, ...] = ()):
        yield path, group
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, (*path, name))
            else:
                yield (*path, name), command

    seen = 0
    for path, command in commands(main):
        assert "--lang" in [opt for p in command.params for opt in getattr(p, "opts", ())], path
        result = kata(*path, "--help", "--lang", "ko")
        assert result.exit_code == 0 and "사용법:" in result.output and "옵션:" in result.output, path
        seen += 1
    assert seen >= 10


def test_lang_ko_anywhere_or_from_the_environment_gives_korean_help_and_english_stays_the_default():
    korean = "여러분의 카타를 채점하고 단원별 점수를 보여 줍니다."
    for args, env in ((["grade", "--help", "--lang", "ko"], {}), (["--lang", "ko", "grade", "--help"], {}),
                      (["grade", "--help"], {"KATA_LANG": "ko"}), (["grade", "--help"], {"LANG": "ko_KR.UTF-8"})):
        out = kata(*args, env=env).output
        assert korean in out and "이 단원만 채점합니다" in out and "[기본값: table]" in out, (args, env)
    english = kata("grade", "--help").output
    assert "Grade your katas and show a score per section." in english and "Usage:" in english
    assert not HANGUL.search(english.replace("(Korean)", ""))
    assert "Usage:" in kata("--lang", "ko", "grade", "--help", "--lang", "en").output


def test_each_run_decides_its_language_anew():
    assert "사용법:" in kata("list", "--help", "--lang", "ko").output
    assert "Usage:" in kata("list", "--help").output  # nothing of the Korean run stays behind


def test_korean_help_lines_fit_the_width_counting_hangul_as_two_columns():
    from rich.cells import cell_len

    out = kata("grade-all", "--help", "--lang", "ko", env={"COLUMNS": "80"}).output
    assert "사용법:" in out and len(out.splitlines()) > 30
    lines = [line for line in out.splitlines() if not line.startswith("    kata grade-all")]  # \b: not rewrapped
    assert max(cell_len(line) for line in lines) <= 80


# ----- the catalog ---------------------------------------------------------------------------------

def test_every_help_text_of_every_command_and_option_has_a_korean_translation():
    from grader import i18n
    from grader.cli import main
    from grader.localized_cli import help_texts

    korean = i18n.translations("ko")
    texts = list(dict.fromkeys(help_texts(main)))
    assert len(texts) > 50
    untranslated = [t for t in texts if korean.gettext(t) == t]
    assert untranslated == []


def test_the_catalog_holds_exactly_what_the_code_marks_for_translation():
    """What `pybabel extract` finds (babel.cfg) and the Korean .po agree: no message was added to
    the code, or dropped from it, without `pybabel update`."""
    from babel.messages.extract import extract_from_dir

    method_map = [("cli.py", "grader.localized_cli:extract_help"),
                  ("course/catalogue.toml", "grader.course.catalogue:extract_hints"),
                  ("classroom/templates/*.j2", "jinja2.ext:babel_extract"), ("**.py", "python")]
    extracted = {message for _, _, message, *_ in extract_from_dir(str(GRADER), method_map)}
    assert extracted == {m.id for m in po_entries()}
    assert "[extractors]" in (ROOT / "babel.cfg").read_text()  # the checkout's config says the same


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    assert len(entries) > 90
    assert [m.id for m in entries if not m.string or m.fuzzy] == []
    prose = [m for m in entries if english_prose(m.id)]  # a hint that is all code stays code
    assert [m.id for m in prose if not HANGUL.search(m.string)] == []


def test_every_entry_has_the_same_placeholders_in_both_languages():
    entries = po_entries()
    assert [m.id for m in entries if fields(m.id) != fields(m.string)] == []
    assert sum(1 for m in entries if fields(m.id)) >= 20


def test_the_committed_mo_is_the_compiled_po():
    with open(MO, "rb") as f:
        compiled = gettext.GNUTranslations(f)
    entries = po_entries()
    catalog = {k: v for k, v in compiled._catalog.items() if k}  # the "" entry is the header
    assert catalog == {m.id: m.string for m in entries}


def test_the_wheel_holds_the_catalog_and_the_korean_stubs(dist):
    import zipfile

    with zipfile.ZipFile(dist["wheel"]) as whl:
        names = set(whl.namelist())
        assert {"grader/locale/ko/LC_MESSAGES/kata.mo", "grader/locale/ko/LC_MESSAGES/kata.po",
                "grader/course/stubs_ko/__init__.py", "grader/course/stubs_ko/s03_creating.py"} <= names
        assert whl.read("grader/locale/ko/LC_MESSAGES/kata.mo") == (ROOT / "grader/locale/ko/LC_MESSAGES/kata.mo").read_bytes()


# ----- Korean stubs ------------------------------------------------------------------------------

def stub_modules() -> list[str]:
    return sorted(p.stem for p in STUBS.glob("s*.py"))


def test_stubs_folder_gives_each_language_its_stubs():
    from grader.course.languages import stubs_folder

    en, ko = stubs_folder("en"), stubs_folder("ko")
    assert sorted(p.name for p in en.glob("*.py")) == sorted(p.name for p in ko.glob("*.py"))
    assert (en / "s03_creating.py").read_bytes() == (STUBS / "s03_creating.py").read_bytes()
    assert (ko / "s03_creating.py").read_bytes() == (ROOT / "katas_ko" / "s03_creating.py").read_bytes()
    with pytest.raises(ValueError):
        stubs_folder("fr")


@pytest.mark.parametrize("module", stub_modules())
def test_each_korean_stub_has_the_english_functions_signatures_and_imports_and_raises(module):
    en = importlib.import_module(f"grader.course.stubs.{module}")
    ko = importlib.import_module(f"grader.course.stubs_ko.{module}")

    def functions(m):
        return [name for name, f in vars(m).items() if inspect.isfunction(f) and f.__module__ == m.__name__]

    assert functions(ko) == functions(en) and functions(en)
    for name in functions(en):
        f_en, f_ko = getattr(en, name), getattr(ko, name)
        assert inspect.signature(f_ko) == inspect.signature(f_en), name
        assert str(inspect.signature(f_ko)) == str(inspect.signature(f_en)), name
        args = [None] * len(inspect.signature(f_ko).parameters)
        with pytest.raises(NotImplementedError):
            f_ko(*args)

    def imports(path: Path) -> list[str]:
        return [ast.dump(n) for n in ast.parse(path.read_text(encoding="utf-8")).body
                if isinstance(n, (ast.Import, ast.ImportFrom))]

    assert imports(Path(ko.__file__)) == imports(Path(en.__file__))


@pytest.mark.parametrize("module", stub_modules())
def test_each_korean_stub_states_the_tasks_in_korean_with_the_same_values_and_examples(module):
    en = importlib.import_module(f"grader.course.stubs.{module}")
    ko = importlib.import_module(f"grader.course.stubs_ko.{module}")
    first_en, first_ko = en.__doc__.strip().splitlines()[0], ko.__doc__.strip().splitlines()[0]
    assert HANGUL.search(first_ko) and first_ko.split(" ")[0] == first_en.split(" ")[0]  # "3." and "3."
    numbers = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")
    calls = re.compile(r"[\w.]+\([^()\n]*\)")
    for name, doc_en in [("<module>", en.__doc__)] + [(n, getattr(en, n).__doc__) for n in vars(en)
                                                          if inspect.isfunction(getattr(en, n))]:
        doc_ko = ko.__doc__ if name == "<module>" else getattr(ko, name).__doc__
        assert HANGUL.search(doc_ko), name
        assert set(numbers.findall(doc_en)) <= set(numbers.findall(doc_ko)), name
        assert set(calls.findall(doc_en)) <= set(calls.findall(doc_ko)), name


def test_the_korean_package_docstring_is_korean():
    import grader.course.stubs_ko

    assert HANGUL.search(grader.course.stubs_ko.__doc__)


@pytest.mark.parametrize("args, env, folder", [
    (["--lang", "ko"], {}, "katas_ko"),
    ([], {"LANG": "ko_KR.UTF-8"}, "katas_ko"),
    ([], {}, "katas"),
])
def test_init_copies_the_stubs_of_the_chosen_language(tmp_path, args, env, folder):
    result = kata("init", str(tmp_path), *args, env=env)
    assert result.exit_code == 0, result.output
    copied = sorted(p.name for p in (tmp_path / "katas").glob("*.py"))
    assert copied == sorted(p.name for p in (ROOT / folder).glob("*.py"))
    for name in copied:
        assert (tmp_path / "katas" / name).read_bytes() == (ROOT / folder / name).read_bytes()
    assert bool(HANGUL.search(result.output)) == (folder == "katas_ko")


# ----- the catalogue's Korean titles and tasks -----------------------------------------------------

def test_every_kata_has_a_korean_task_and_every_section_a_korean_title():
    course = catalogue.load()
    for k in course.katas:
        assert HANGUL.search(k.task_in("ko")), k.id
        assert k.task_in("en") == k.task
    for s in course.sections:
        assert HANGUL.search(s.title_in("ko")) and s.title_in("ko").split(" ")[0] == s.title.split(" ")[0], s.id


def test_a_korean_task_for_no_kata_is_refused():
    data = {"version": 1, "section": [{"id": "s01", "title": "1. T", "ko": "티",
                                       "katas": [{"name": "a", "task": "A."}], "task_ko": {"b": "비."}}]}
    with pytest.raises(ValueError, match="task_ko"):
        catalogue.parse(data)


def test_list_in_korean_shows_korean_titles_tasks_and_marks():
    course = catalogue.load()
    out = kata("list", "--lang", "ko").output
    for s in course.sections:
        assert f"{s.title_in('ko')}  [{s.id}]" in out
    for k in course.katas:
        line = next(line for line in out.splitlines() if f"] {k.id} " in line)
        assert k.task_ko in line
        assert ("GPU 필요" in line) == k.uses_gpu
    assert "지난 `kata grade`에서 통과" in out
    english = kata("list").output
    assert "3. Creating tensors (텐서 생성하기)  [s03_creating]" in english and "needs a GPU" in english


# ----- the grade in Korean ------------------------------------------------------------------------

def test_json_keys_ids_and_statuses_do_not_change_with_the_language():
    en = json.loads(kata("grade", "--path", str(STUBS), "--format", "json", *S03).output)
    ko = json.loads(kata("grade", "--path", str(STUBS), "--format", "json", "--lang", "ko", *S03).output)

    def shape(value):
        if isinstance(value, dict):
            return {k: shape(v) for k, v in value.items() if k not in ("duration", "message")}
        if isinstance(value, list):
            return [shape(v) for v in value]
        return value

    assert shape(ko) == shape(en)
    assert [k["id"] for k in ko["katas"]] == [k.id for k in catalogue.load().section("s03_creating").katas]


def test_the_table_of_the_stubs_in_korean():
    result = kata("grade", "--path", str(STUBS), "--lang", "ko", *S03)
    assert result.exit_code == 1
    out = result.output
    for korean in ("단원", "점수", "진행", "3. 텐서 생성하기", "아직 시작하지 않은 카타 (7개)", "합계: 0/7",
                   f"시드 {SEED}: `kata grade --seed {SEED}`", "`kata hint s03_creating.random_tensor`"):
        assert korean in out, (korean, out)
    for english in ("Total", "Not started", "section", "score", "Stuck", "replays"):
        assert english not in out, (english, out)


def test_a_wrong_answer_in_korean_is_labelled_and_aligned(tmp_path):
    source = (ROOT / "solutions" / "s03_creating.py").read_text()
    wrong = source.replace("torch.rand(3, 224, 224)", "torch.rand(224, 224, 3)")
    assert wrong != source
    folder = solutions_copy(tmp_path, s03_creating=wrong)
    out = kata("grade", "--path", str(folder), "--lang", "ko", *S03).output
    head = next(line for line in out.splitlines() if "s03_creating.random_image_tensor" in line)
    assert head.startswith("   오답 s03_creating.random_image_tensor")  # right-aligned in 7 cells, as "  wrong"
    assert "합계: 6/7" in out and "막혔나요?" in out


def test_usage_errors_in_korean(tmp_path):
    (tmp_path / "katas").mkdir()
    result = kata("init", str(tmp_path), "--lang", "ko")
    assert result.exit_code == 2 and "이미 있습니다" in result.output
    result = kata("grade", "--path", str(STUBS), "--min-score", "lots", "--lang", "ko")
    assert result.exit_code == 2 and "'lots'은(는) 점수나 80% 같은 백분율이 아닙니다" in result.output
    result = kata("watch", "--path", str(tmp_path / "nope"), "--lang", "ko")
    assert result.exit_code == 2 and "폴더가 아닙니다" in result.output


def test_the_korean_readme_has_the_set_up_commands_and_the_english_one_links_to_it():
    english = (ROOT / "README.md").read_text(encoding="utf-8")
    korean = (ROOT / "README.ko.md").read_text(encoding="utf-8")
    set_up = english.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```\n(.+?)\n```", set_up)
    assert commands == ["pip install torch==2.13.0 . && kata grade", "bash scripts/test.sh"]
    for command in commands:
        assert f"```\n{command}\n```" in korean
    assert "kata init --lang ko" in korean and "kata grade --lang ko" in korean
    assert "(README.ko.md)" in "\n".join(english.splitlines()[:5])
    assert len(HANGUL.findall(korean)) > 200
