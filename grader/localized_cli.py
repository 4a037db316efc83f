"""click, speaking the student's language: every command takes `--lang`, and help is translated when shown.

Why classes and not translated strings in the decorators: click's help texts are given when the
command objects are built, at import, before the command line is read; and click's own words
("Usage:", "Options") go through gettext with the environment's language, never `--lang`. So the
decorators keep the English text (the msgid), and these classes look it up in the chosen
language at the moment help is written: `Group`, `Command` and the help formatter. The language
itself is decided before click parses anything (`Command.parse_args` reads `--lang` from the raw
arguments), because click writes `--help` and its errors while parsing, in command-line order:
`kata grade --help --lang ko` is Korean too. Every command still declares `--lang`, so it is
documented, validated (en or ko) and accepted anywhere: `kata --lang ko grade` and
`kata grade --lang ko` alike.

`extract_help` is the Babel extractor (babel.cfg) that puts every help text in the catalog.
"""
from __future__ import annotations

import inspect
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import click

from grader import i18n
from grader.i18n import N_, _

# click's own words on a help screen, and its built-in options' help.
USAGE = N_("Usage:")
HEADINGS = (N_("Options"), N_("Commands"))
DEFAULT_EXTRA = N_("default: {default}")
REQUIRED_EXTRA = N_("required")
BUILT_IN_HELP = (N_("Show this message and exit."), N_("Show the version and exit."))
LANG_HELP = N_("The language of messages and help: en or ko (Korean) [default: $KATA_LANG, else the "
               "locale's, else en].")

WIDE_PAD = "\ue001"  # a private-use character counted after each wide character while click wraps


class HelpFormatter(click.HelpFormatter):
    """click's formatter, with its own words translated and wide (Hangul) characters counted as two
    columns: click wraps by characters, so each wide one is followed by WIDE_PAD while it wraps."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else _(USAGE) + " ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(_(heading))

    def write_text(self, text: str) -> None:
        super().write_text(_widen(text))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(_widen(term), _widen(text)) for term, text in rows], col_max, col_spacing)

    def getvalue(self) -> str:
        return super().getvalue().replace(WIDE_PAD, "")


class Context(click.Context):
    formatter_class = HelpFormatter


def lang_option() -> click.Option:
    """`--lang`: declared by every command; `Command.parse_args` has already acted on it."""
    return click.Option(["--lang"], type=click.Choice(i18n.LANGUAGES), expose_value=False, help=LANG_HELP)


class Command(click.Command):
    """A command whose help shows in the chosen language, and which takes --lang."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(lang_option())

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = lang_in(args)
        if given is not None or ctx.parent is None:  # the whole command line starts here: decide anew
            i18n.use(i18n.choose(given))
        return super().parse_args(ctx, args)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        text = help_text(self)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_(text))

    def get_short_help_str(self, limit: int = 45) -> str:
        if self.short_help:
            return _(inspect.cleandoc(self.short_help)).strip()
        text = help_text(self)
        return short_help(_(text), limit) if text else ""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [row for row in (option_row(p, ctx) for p in self.get_params(ctx)) if row is not None]
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)


class Group(Command, click.Group):
    """The `kata` group, and `kata dev`: commands and subgroups made from it are localized too."""

    command_class = Command
    group_class = type  # subgroups of a Group are Groups

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


def lang_in(args: Sequence[str]) -> str | None:
    """The language `--lang X` or `--lang=X` names in raw arguments (the last one, as click keeps),
    before any `--`; None when none names a known one (click then reports a bad one itself)."""
    found = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = args[i + 1] if arg == "--lang" and i + 1 < len(args) else arg[7:] if arg.startswith("--lang=") else None
        if value in i18n.LANGUAGES:
            found = value
    return found


def help_text(command: click.Command) -> str:
    """The help text a command shows (the msgid of its translation): click's own reading of it."""
    return inspect.cleandoc(command.help).partition("\f")[0] if command.help else ""


def short_help(text: str, limit: int) -> str:
    """A command's line in its group's list: the first sentence of its help, cut to `limit`
    characters at a space with "...", as click does for its own."""
    first = " ".join(text.split("\n\n")[0].split())
    end = first.find(". ")
    sentence = first if end < 0 else first[:end + 1]
    return sentence if len(sentence) <= limit else sentence[:limit - 3].rsplit(" ", 1)[0] + "..."


def option_row(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    """click's help row for a parameter, its help and click's [default: ...] in the chosen language."""
    row = param.get_help_record(ctx)
    if row is None:
        return None
    names, text = row
    own = getattr(param, "help", None) or ""
    if own and text.startswith(own):
        text, extra = _(own), text[len(own):]
    else:
        extra = text if text.startswith("[") else ""
        text = text[:len(text) - len(extra)]
    if extra.strip().startswith("[") and extra.endswith("]"):
        lead = extra[:extra.index("[")]
        items = [_extra(item) for item in extra.strip()[1:-1].split("; ")]
        text = f"{text}{lead}[{'; '.join(items)}]"
    return names, text


def _extra(item: str) -> str:
    if item.startswith("default: "):
        return _(DEFAULT_EXTRA).format(default=item[len("default: "):])
    return _(REQUIRED_EXTRA) if item == "required" else item


def _widen(text: str) -> str:
    return "".join(c + WIDE_PAD if unicodedata.east_asian_width(c) in "WF" else c for c in text)


def help_texts(command: click.Command, ctx: click.Context | None = None) -> Iterator[str]:
    """Every help text of `command` and the commands under it: its own and its options'."""
    ctx = ctx or Context(command, info_name=command.name)
    text = help_text(command)
    if text:
        yield text
    for param in command.get_params(ctx):
        own = getattr(param, "help", None)
        if own:
            yield own
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None:
                yield from help_texts(sub, Context(sub, info_name=name, parent=ctx))


def extract_help(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """Babel extractor for grader/cli.py: its `_()`/`N_()` messages, as the python extractor finds
    them, and every command's and option's help text, as click shows it (the tree is imported)."""
    from babel.messages.extract import extract_python

    from grader.cli import main

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in dict.fromkeys(help_texts(main)):
        yield 0, None, text, ["click help"]
