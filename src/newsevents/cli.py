"""Command-line interface: a thin layer over :mod:`newsevents.run`.

``newsevents code INPUT... [--published YYYY-MM-DD] [--format jsonl|json|table]
[--output FILE] [--errors FILE]``
"""

from __future__ import annotations

import datetime as dt
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._version import __version__
from .errors import NewsEventsError
from .run import OutputFormat, code_inputs

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Code news articles into PLOVER political event records (CAMEO crosswalk), offline on a CPU.",
)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsevents {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                    help="Print the coder version and exit.")] = None,
) -> None:
    """newsevents: who did what to whom, when, where, according to whom."""


@app.command()
def code(
    inputs: Annotated[list[str], typer.Argument(help="A .txt file, a directory of .txt files, a .jsonl file (id, text, published, ...), or - for standard input.")],
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD for articles that carry none; relative dates resolve against it.")] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="jsonl (one event per line), json (an array), or table (for people).")] = Format.jsonl,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write events here instead of standard output.")] = None,
    errors: Annotated[Optional[Path], typer.Option(help="Write one JSON line per failed article here.")] = None,
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Also output negated and hypothetical events (flagged in 'modality').")] = False,
) -> None:
    """Code articles into event records (the record schema is in the README)."""
    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError:
        typer.echo(f"error: --published {published!r} is not a date in YYYY-MM-DD form", err=True)
        raise typer.Exit(2)
    try:
        summary = code_inputs(
            inputs, published=day, fmt=OutputFormat(format.value), output=output, errors=errors,
            keep_unasserted=all_modalities, stderr=sys.stderr,
        )
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(summary.line(), err=True)
    if summary.coded == 0 and summary.read > 0 or summary.read == 0:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
