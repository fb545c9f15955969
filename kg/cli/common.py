"""What every command shares: exit codes, error reporting, the shared options."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from kg.errors import KgError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_VIOLATIONS = 1
EXIT_USAGE = 2
EXIT_DOCUMENTS_FAILED = 3


class UsageError(click.ClickException):
    """Printed as `Error: ...`, exit code 2."""

    exit_code = EXIT_USAGE


def reports_errors(command: F) -> F:
    """A KgError becomes `Error: ...` with exit code 2; any other exception too, with its
    traceback only under `kg --debug`."""

    @wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except KgError as error:
            raise UsageError(str(error)) from error
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`kg query ... | head`): nothing is wrong with the command.
            # As Python's documentation advises, stdout goes to devnull so that flushing it at
            # exit raises nothing more; the status is a SIGPIPE's, as for `yes | head`.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(128 + signal.SIGPIPE)
        except Exception as error:
            context = click.get_current_context(silent=True)
            if context is not None and context.find_root().params.get("debug"):
                raise
            raise UsageError(
                f"unexpected {type(error).__name__}: {error} (run `kg --debug ...` for details)"
            ) from error

    return wrapper  # type: ignore[return-value]


def format_option(
    *formats: str, default: str = "table", help: str = "Output format."
) -> Callable[[F], F]:
    """The shared --format option of commands that print results."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(formats)),
        default=default,
        show_default=True,
        help=help,
    )


def graph_option(purpose: str) -> Callable[[F], F]:
    """The shared --graph option of commands that read one built graph."""
    return click.option(
        "--graph",
        "graph_path",
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path("out/graph.ttl"),
        show_default=True,
        help=f"The graph to {purpose} (Turtle, or N-Triples named .nt).",
    )


def jobs_option(work: str) -> Callable[[F], F]:
    """The shared --jobs option of commands that can work in several processes."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=1,
        show_default=True,
        help=f"{work} in this many processes (the result is the same).",
    )
