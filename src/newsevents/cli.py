"""Command-line interface: a thin layer over :mod:`newsevents.run` and
:mod:`newsevents.evaluation`.

``newsevents code INPUT... [--published YYYY-MM-DD] [--format jsonl|json|table]
[--output FILE] [--errors FILE]``

``newsevents eval GOLD.jsonl... [--pred PRED.jsonl] [--by type|dataset|confusion]
[--json] [--errors FILE]``
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ._version import __version__
from .errors import NewsEventsError
from .evaluation import all_problems, evaluate_files, render_text, summary_line, to_json, write_errors
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


class By(str, Enum):
    type = "type"
    dataset = "dataset"
    confusion = "confusion"


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
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Also output negated, hypothetical and wished-for (future) events, flagged in 'modality'.")] = False,
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


@app.command("eval")
def eval_command(
    gold: Annotated[list[Path], typer.Argument(metavar="GOLD.jsonl", help="Gold JSONL files (id, text, published, events, must_not, scope); each is one dataset, named by its file stem.")],
    pred: Annotated[Optional[list[Path]], typer.Option("--pred", metavar="PRED.jsonl", help="Score these predictions (JSONL event records as 'newsevents code' writes them) instead of coding the gold texts. Repeatable.")] = None,
    by: Annotated[Optional[By], typer.Option("--by", help="Print only this breakdown (and the overall figures): type, dataset or confusion.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with all figures (whatever --by says) instead of tables.")] = False,
    errors: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write every false positive, false negative and must_not violation here, one JSON line each.")] = None,
) -> None:
    """Measure accuracy: precision, recall and F1 against gold files (scoring rule in the README)."""
    try:
        evaluation = evaluate_files(gold, predictions=pred)
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    for what, problem in all_problems(evaluation):
        typer.echo(f"{what}: {problem}", err=True)
    if as_json:
        typer.echo(json.dumps(to_json(evaluation), indent=2, ensure_ascii=False))
    else:
        typer.echo(render_text(evaluation, by=by.value if by else None), nl=False)
    if errors is not None:
        try:
            count = write_errors(evaluation, errors)
        except OSError as exc:
            typer.echo(f"error: cannot write {errors}: {exc.strerror or exc}", err=True)
            raise typer.Exit(2)
        typer.echo(f"newsevents eval: {count} errors written to {errors}", err=True)
    typer.echo(summary_line(evaluation), err=True)
    if not evaluation.articles:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
