"""How a command fails: one Dutch line "Fout: ..." and a non-zero exit code.

LEA Graph's own errors already carry Dutch messages. Click's usage errors, the operating
system's errors and anything unexpected are put into Dutch here, in the group class
every command runs under, so that no command needs its own ``try``. With
``LEA_DEBUG=1`` an unexpected error shows its traceback instead, for developers.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from lea_graph.errors import LeaGraphError, os_reason
from lea_graph.text import dutch_list

__all__ = ["DutchError", "DutchUsageError", "LeaGroup", "check_output", "writing"]


def _one_line(text: str) -> str:
    return " ".join(text.split())


class DutchError(click.ClickException):
    """A known problem, shown as 'Fout: ...' on one line, without a traceback."""

    def show(self, file: Any = None) -> None:
        click.echo(f"Fout: {_one_line(self.format_message())}", err=True)


class DutchUsageError(click.UsageError):
    """A mistake in the command itself: click's usage line, then 'Fout: ...'."""

    def show(self, file: Any = None) -> None:
        ctx, color = self.ctx, self.ctx.color if self.ctx else None
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                option = max(ctx.command.get_help_option_names(ctx), key=len)
                hint = f"Zie '{ctx.command_path} {option}' voor hulp.\n"
            click.echo(f"{ctx.get_usage()}\n{hint}", err=True, color=color)
        click.echo(f"Fout: {_one_line(self.format_message())}", err=True, color=color)


def _debug() -> bool:
    return os.environ.get("LEA_DEBUG", "").lower() in ("1", "true", "ja")


# From click 8.2 on, a group called without a command raises this to show its help; that
# help is no error to translate. (Older click shows the help itself: nothing stands in.)
_SHOWS_HELP = getattr(click.exceptions, "NoArgsIsHelpError", DutchUsageError)


class LeaGroup(click.Group):
    """Runs a command and turns whatever goes wrong into one Dutch line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise _dutch_usage_error(exc) from exc

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        unknown = name[:1] not in ("", "-") and self.get_command(ctx, name) is None
        if unknown and not ctx.resilient_parsing:
            close = difflib.get_close_matches(name, self.list_commands(ctx))
            raise DutchUsageError(f"Onbekende opdracht '{name}'.{_did_you_mean(close)}", ctx)
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            raise _dutch_usage_error(exc) from exc
        except (click.ClickException, click.exceptions.Exit):
            raise
        except (click.Abort, KeyboardInterrupt):
            raise DutchError("Afgebroken.") from None
        except LeaGraphError as exc:
            raise DutchError(str(exc)) from exc
        except OSError as exc:
            if exc.errno == errno.EPIPE or _debug():  # click ends quietly on a closed pipe
                raise
            reason = os_reason(exc)
            raise DutchError(f"{reason[:1].upper()}{reason[1:]}.") from exc
        except Exception as exc:
            if _debug():
                raise
            raise DutchError(
                f"Onverwachte fout ({type(exc).__name__}: {exc}). Zet LEA_DEBUG=1 om te zien "
                "waar het misging."
            ) from exc


# -- click's usage errors in Dutch ----------------------------------------------------------


def _dutch_usage_error(exc: click.UsageError) -> click.UsageError:
    if isinstance(exc, DutchUsageError | _SHOWS_HELP):
        return exc
    error = DutchUsageError(_usage_message(exc), exc.ctx)
    error.exit_code = exc.exit_code
    return error


def _usage_message(exc: click.UsageError) -> str:
    """Click's message in Dutch where its parts are known; else click's own text."""
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        param = exc.param
        hint = exc.param_hint or param.get_error_hint(exc.ctx)
        hint = hint if isinstance(hint, str) else " / ".join(f"'{h}'" for h in hint)
        expected = _expected(param.type)
        if isinstance(exc, click.MissingParameter):
            what = "Argument" if param.param_type_name == "argument" else "Optie"
            if isinstance(param.type, click.Choice):
                return f"{what} {hint} ontbreekt; {expected}."
            return f"{what} {hint} ontbreekt."
        if expected:
            return f"Ongeldige waarde voor {hint}: {expected}."
    elif isinstance(exc, click.NoSuchOption):
        return f"Onbekende optie '{exc.option_name}'.{_did_you_mean(exc.possibilities)}"
    elif isinstance(exc, click.BadOptionUsage) and "requires an argument" in exc.message:
        return f"Optie '{exc.option_name}' heeft een waarde nodig."
    elif exc.message.startswith("Got unexpected extra argument"):
        extra = exc.message.partition("(")[2].rstrip(")")
        return f"Onverwacht extra argument: {extra}."
    return exc.format_message()


def _did_you_mean(possibilities: list[str] | None) -> str:
    if not possibilities:
        return ""
    return f" Bedoelde u {' of '.join(possibilities)}?"


def _expected(kind: click.ParamType) -> str | None:
    """What a parameter of this type wants, as the end of a Dutch sentence."""
    if isinstance(kind, click.Choice):
        return f"kies uit {dutch_list(str(c) for c in kind.choices)}"
    if isinstance(kind, click.IntRange) and not (kind.min_open or kind.max_open):
        if kind.min is not None and kind.max is not None:
            return f"geef een heel getal van {kind.min} tot en met {kind.max}"
        if kind.min is not None:
            return f"geef een heel getal van minstens {kind.min}"
        return f"geef een heel getal van hoogstens {kind.max}"
    if isinstance(kind, click.types.IntParamType):
        return "geef een heel getal"
    if isinstance(kind, click.Path):
        if not kind.dir_okay:
            return "geef een bestaand bestand" if kind.exists else "geef een bestand, geen map"
        if not kind.file_okay:
            return "geef een bestaande map" if kind.exists else "geef een map, geen bestand"
        return "geef een bestaand bestand of een bestaande map" if kind.exists else None
    return None


# -- files the commands write ----------------------------------------------------------------


def check_output(out: Path, *, folder: bool = False) -> None:
    """Stop before any work when ``out`` (a file, or a folder with ``folder``) cannot be
    written; nothing is created here, the writers make missing folders themselves."""
    if out.is_dir() and not folder:
        raise DutchError(f"'{out}' is een map; geef een bestandsnaam op.")
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is None:  # not even the working directory: the writer will say why
        return
    if existing != out and not existing.is_dir():
        raise DutchError(f"Kan '{out}' niet schrijven: '{existing}' is een bestand, geen map.")
    if not os.access(existing, os.W_OK | (os.X_OK if existing.is_dir() else 0)):
        raise DutchError(f"Kan '{out}' niet schrijven: geen toestemming voor '{existing}'.")


@contextlib.contextmanager
def writing(out: Path) -> Iterator[None]:
    """Turn an operating-system error while writing ``out`` into one Dutch line."""
    try:
        yield
    except OSError as exc:
        if exc.errno == errno.ENOENT:  # the writers make missing folders: this one cannot be
            folder = exc.filename or out.parent
            if str(folder) == str(out):
                raise DutchError(f"Kan de map '{out}' niet maken.") from exc
            raise DutchError(
                f"Kan '{out}' niet schrijven: de map '{folder}' kan niet worden gemaakt."
            ) from exc
        raise DutchError(f"Kan '{out}' niet schrijven: {os_reason(exc)}.") from exc
