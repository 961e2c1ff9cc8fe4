"""Command-line interface: a thin layer over :mod:`newsevents.run` and
:mod:`newsevents.evaluation`.

``newsevents code INPUT... [--published YYYY-MM-DD] [--format jsonl|json|table]
[--output FILE] [--errors FILE]``

``newsevents eval GOLD.jsonl... [--pred PRED.jsonl] [--by type|dataset|confusion]
[--json] [--errors FILE]``

The event store (a DuckDB file, ``--db``, default ``events.duckdb``):
``newsevents ingest INPUT... [--retry-failed] [--dedup-window DAYS]``,
``newsevents dyad A B [--by day|week|month] [--since] [--until] [--directed]``,
``newsevents actors [--top N]``, ``newsevents sql "SELECT ..."``,
``newsevents plot dyad A B -o FILE``, ``newsevents plot network -o FILE``,
``newsevents export --format gdelt|gdelt-mentions|icews|polecat|parquet|csv|jsonl -o FILE``.
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
from .analytics import PERIODS
from .errors import NewsEventsError
from .evaluation import all_problems, evaluate_files, render_text, summary_line, to_json, write_errors
from .progress import RunProgress, count_articles
from .run import DEFAULT_TIME_LIMIT, OutputFormat, code_inputs, ingest_inputs
from .store import Store

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Code news articles into PLOVER political event records (CAMEO crosswalk), offline on a CPU.",
)


class Format(str, Enum):
    jsonl = "jsonl"
    json = "json"
    table = "table"
    parquet = "parquet"


class Engine(str, Enum):
    local = "local"
    dask = "dask"


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
    inputs: Annotated[list[str], typer.Argument(help="Articles: .txt, .html/.htm (boilerplate removed), .warc/.warc.gz (web archives), .jsonl/.jsonl.gz, .csv or .parquet (id, text, published, ...), a directory of .txt/.html/.warc files, a quoted glob ('crawl/*.warc.gz'), or - for standard input.")],
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD for articles that carry none; relative dates resolve against it.")] = None,
    format: Annotated[Optional[Format], typer.Option("--format", "-f", help="jsonl (one event per line, the default), json (an array), table (for people) or parquet (one row per event; needs --output). --engine dask always writes parquet.")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write events here instead of standard output (with --engine dask: a directory).")] = None,
    errors: Annotated[Optional[Path], typer.Option(help="Write one JSON line per failed article here (--engine dask: failures are in OUTPUT/failures/).")] = None,
    all_modalities: Annotated[bool, typer.Option("--all-modalities", help="Also output negated, hypothetical and wished-for (future) events, flagged in 'modality'.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or progress lines on stderr.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Code on this many processes (each loads the language model); the output is the same. With --engine dask and no --scheduler: the local cluster's worker processes.")] = 1,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0, metavar="SECONDS", help="An article that takes longer to code fails (E302) and the run goes on; 0: no limit.")] = DEFAULT_TIME_LIMIT,
    engine: Annotated[Engine, typer.Option("--engine", help="local (this machine) or dask (Dask distributed: a local cluster, or --scheduler; writes partitioned Parquet to the --output directory).")] = Engine.local,
    scheduler: Annotated[Optional[str], typer.Option("--scheduler", help="With --engine dask: the address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786.")] = None,
) -> None:
    """Code articles into event records (the record schema is in the README)."""
    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError:
        typer.echo(f"error: --published {published!r} is not a date in YYYY-MM-DD form", err=True)
        raise typer.Exit(2)
    if engine is Engine.dask:
        summary = _code_on_dask(inputs, day, format, output, errors, all_modalities, quiet, workers, scheduler)
    else:
        if scheduler:
            typer.echo("error: --scheduler needs --engine dask", err=True)
            raise typer.Exit(2)
        fmt = OutputFormat((format or Format.jsonl).value)
        if fmt is OutputFormat.parquet and output is None:
            typer.echo("error: --format parquet needs --output FILE", err=True)
            raise typer.Exit(2)
        try:
            with RunProgress(count_articles(inputs), enabled=not quiet) as progress:
                summary = code_inputs(
                    inputs, published=day, fmt=fmt, output=output, errors=errors,
                    keep_unasserted=all_modalities, stderr=sys.stderr, progress=progress, workers=workers,
                    time_limit=time_limit or None,
                )
        except NewsEventsError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)
    typer.echo(summary.line(), err=True)
    if summary.coded == 0 and summary.read > 0 or summary.read == 0:
        raise typer.Exit(1)


def _code_on_dask(inputs, day, format, output, errors, all_modalities, quiet, workers, scheduler):
    """``newsevents code --engine dask``: partitioned Parquet in the --output directory."""
    from .dask_engine import plan_shards, run_dask

    if scheduler and workers != 1:
        typer.echo("error: --workers sets the size of the local cluster; with --scheduler the cluster's own "
                   "workers do the work (start them with 'dask worker --nworkers N')", err=True)
        raise typer.Exit(2)
    if format not in (None, Format.parquet) or output is None or errors is not None:
        typer.echo("error: --engine dask writes Parquet to a directory: give --output DIR, and no --format "
                   "other than parquet and no --errors (failures go to DIR/failures/)", err=True)
        raise typer.Exit(2)
    try:
        total = count_articles([p for shard in plan_shards(inputs) for p in shard.inputs])
        with RunProgress(total, enabled=not quiet) as progress:
            summary, results = run_dask(inputs, output, scheduler=scheduler, workers=workers, published=day,
                                        keep_unasserted=all_modalities,
                                        on_shard=lambda result: progress.add(result.read, result.events))
        for failure in (f for result in results for f in result.failures):  # final: with repeated ids
            typer.echo(f"failed: {failure['source']}: {failure['code']} {failure['reason']}", err=True)
    except NewsEventsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    return summary


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


DB_HELP = "The event store, a DuckDB file (created by 'newsevents ingest')."
DEFAULT_DB = Path("events.duckdb")


Period = Enum("Period", {name: name for name in PERIODS}, type=str)
"""Period lengths of dyad series: day, week, month (from analytics.PERIODS)."""


class TableFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _date_option(value: Optional[str], name: str) -> Optional[dt.date]:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        typer.echo(f"error: {name} {value!r} is not a date in YYYY-MM-DD form", err=True)
        raise typer.Exit(2)


def _plain(frame, *, lists_as_text: bool):
    """A copy with dates as YYYY-MM-DD and list cells as Python lists, or as
    JSON text (``lists_as_text``, for CSV)."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if str(values.dtype).startswith("datetime64") and (values.dropna().dt.normalize() == values.dropna()).all():
            frame[column] = values.dt.strftime("%Y-%m-%d")
        elif values.dtype == object and values.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
            as_list = (lambda v: json.dumps(list(v), ensure_ascii=False)) if lists_as_text else list
            frame[column] = values.map(lambda v: as_list(v) if hasattr(v, "__len__") and not isinstance(v, str) else v)
    return frame


def _print_frame(frame, fmt: TableFormat) -> None:
    if fmt is not TableFormat.table:
        frame = _plain(frame, lists_as_text=fmt is TableFormat.csv)
    if fmt is TableFormat.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
    elif fmt is TableFormat.json:
        typer.echo(json.dumps(json.loads(frame.to_json(orient="records", force_ascii=False)), ensure_ascii=False,
                              indent=2))
    elif frame.empty:
        typer.echo("(no rows)")
    else:
        typer.echo(frame.to_string(index=False))


def _existing(db: Path) -> Path:
    """``db`` when it exists; else exit 2 with a hint (queries never create a store)."""
    if not db.exists():
        typer.echo(f"error: {db}: no such store; create it with 'newsevents ingest INPUT... --db {db}'", err=True)
        raise typer.Exit(2)
    return db


def _fail(exc: Exception) -> None:
    typer.echo(f"error: {exc}", err=True)
    raise typer.Exit(2)


@app.command()
def ingest(
    inputs: Annotated[Optional[list[str]], typer.Argument(help="Articles as for 'newsevents code' (.txt, .html, .warc, .jsonl, .csv, .parquet, a directory, -). None: only rebuild the de-duplicated events.")] = None,
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
    published: Annotated[Optional[str], typer.Option(help="Publication date YYYY-MM-DD for articles that carry none.")] = None,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="Code again the articles whose coding failed in an earlier run.")] = False,
    dedup_window: Annotated[Optional[int], typer.Option("--dedup-window", min=0, help="Days two reports' event dates may differ and still be one event (default 1, kept in the store).")] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per committed write (and per coding batch, up to 64); a killed run re-codes at most this many.")] = 64,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or progress lines on stderr.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Code on this many processes (each loads the language model); the output is the same.")] = 1,
    time_limit: Annotated[float, typer.Option("--time-limit", min=0, metavar="SECONDS", help="An article that takes longer to code fails (E302) and the run goes on; 0: no limit.")] = DEFAULT_TIME_LIMIT,
) -> None:
    """Code articles into the event store; re-ingesting an unchanged article does nothing."""
    day = _date_option(published, "--published")
    try:
        with RunProgress(count_articles(inputs or []), enabled=not quiet) as progress:
            summary = ingest_inputs(inputs or [], db, published=day, retry_failed=retry_failed,
                                    window_days=dedup_window, batch_size=batch_size, stderr=sys.stderr,
                                    progress=progress, workers=workers, time_limit=time_limit or None)
    except NewsEventsError as exc:
        _fail(exc)
    typer.echo(summary.line(), err=True)
    if summary.read > 0 and summary.coded + summary.unchanged == 0:
        raise typer.Exit(1)


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(metavar="A", help="Actor code, e.g. USA.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Actor code, e.g. RUS.")],
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
    by: Annotated[Period, typer.Option(help="Period length.")] = Period.week,
    since: Annotated[Optional[str], typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Only events with A as actor and B as recipient.")] = False,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Events between two actors per period: counts per quad class and PLOVER type, mean Goldstein and PLOVER scores."""
    start, end = _date_option(since, "--since"), _date_option(until, "--until")
    try:
        with Store(_existing(db)) as store:
            frame = store.dyad(a, b, by=by.value, since=start, until=end, directed=directed)
    except (NewsEventsError, ValueError) as exc:
        _fail(exc)
    _print_frame(frame, format)


@app.command()
def actors(
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
    top: Annotated[int, typer.Option(min=1, help="How many actors.")] = 10,
    since: Annotated[Optional[str], typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """The actors in most events, as actor or recipient."""
    start, end = _date_option(since, "--since"), _date_option(until, "--until")
    try:
        with Store(_existing(db)) as store:
            frame = store.top_actors(top, since=start, until=end)
    except (NewsEventsError, ValueError) as exc:
        _fail(exc)
    _print_frame(frame, format)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="One SQL query (DuckDB dialect) over the tables articles, failures, mentions, actors, events.")],
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """Run a read-only SQL query on the store."""
    try:
        with Store(_existing(db)) as store:  # bring the events up to date first
            store.refresh()
        with Store(db, read_only=True) as store:
            frame = store.sql(query)
    except NewsEventsError as exc:
        _fail(exc)
    _print_frame(frame, format)


@app.command("export")
def export_command(
    format: Annotated[str, typer.Option("--format", "-f", help="gdelt, gdelt-mentions, icews, polecat, parquet, csv or jsonl.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
    table: Annotated[str, typer.Option(help="For parquet, csv and jsonl: which table (events, mentions, actors, articles, failures).")] = "events",
) -> None:
    """Write the store's events in the formats of GDELT 2.0, ICEWS or POLECAT, or a table as Parquet, CSV or JSONL."""
    from .exports import export

    try:
        with Store(_existing(db)) as store:
            store.refresh()
            rows = export(store, format, output, table=table)
    except NewsEventsError as exc:
        _fail(exc)
    typer.echo(f"newsevents export: {rows} rows written to {output} ({format})", err=True)


@app.command()
def serve(
    db: Annotated[Optional[Path], typer.Option(help="The event store to serve (events, articles, dyads). Without it only coding works.")] = None,
    host: Annotated[str, typer.Option(help="Address to bind. The default serves this machine only.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
    max_body: Annotated[int, typer.Option("--max-body", min=1, help="Largest request body in bytes (larger: 413).")] = 2_000_000,
    code_timeout: Annotated[float, typer.Option("--code-timeout", min=0.1, help="Seconds one POST /v1/code may take (longer: 408).")] = 30.0,
    body_timeout: Annotated[float, typer.Option("--body-timeout", min=0.1, help="Seconds a client may take to send its request body (longer: 408).")] = 10.0,
    coders: Annotated[int, typer.Option("--coders", min=1, help="Processes that code POST /v1/code texts in parallel, each with its own language model (about 0.4 GB).")] = 2,
    cors_origin: Annotated[Optional[list[str]], typer.Option("--cors-origin", help="Allow this browser origin by CORS (repeatable). None by default.")] = None,
) -> None:
    """Serve the JSON API (/v1, OpenAPI at /v1/openapi.json) and the web explorer (/). Set NEWSEVENTS_API_TOKEN to require a bearer token."""
    import uvicorn

    from .api import TOKEN_ENV, ApiSettings, create_app

    if db is not None:
        _existing(db)
    settings = ApiSettings(db=db, max_body=max_body, code_timeout=code_timeout, body_timeout=body_timeout, coders=coders, cors_origins=tuple(cors_origin or ()))
    if settings.token is None and host not in ("127.0.0.1", "localhost", "::1"):
        typer.echo(f"warning: serving on {host} without a token; set {TOKEN_ENV} to require one", err=True)
    try:
        application = create_app(settings)
    except NewsEventsError as exc:
        _fail(exc)
    typer.echo(f"newsevents serve: explorer at http://{host}:{port}/ , API at http://{host}:{port}/v1", err=True)
    uvicorn.run(application, host=host, port=port, log_level="info", timeout_keep_alive=5)


plot_app = typer.Typer(no_args_is_help=True, help="Draw a dyad's cooperation and conflict over time, or the actor network.")
app.add_typer(plot_app, name="plot")


@plot_app.command("dyad")
def plot_dyad_command(
    a: Annotated[str, typer.Argument(metavar="A", help="Actor code, e.g. USA.")],
    b: Annotated[str, typer.Argument(metavar="B", help="Actor code, e.g. RUS.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Image file: .png, .svg or .pdf.")],
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
    by: Annotated[Period, typer.Option(help="Period length.")] = Period.week,
    since: Annotated[Optional[str], typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
    directed: Annotated[bool, typer.Option("--directed", help="Only events with A as actor and B as recipient.")] = False,
) -> None:
    """Cooperation (up) and conflict (down) between two actors per period, with the mean Goldstein score."""
    from .plots import plot_dyad

    start, end = _date_option(since, "--since"), _date_option(until, "--until")
    try:
        with Store(_existing(db)) as store:
            frame = store.dyad(a, b, by=by.value, since=start, until=end, directed=directed)
        path = plot_dyad(frame, output, a=a.upper(), b=b.upper(), by=by.value)
    except (NewsEventsError, ValueError, OSError) as exc:
        _fail(exc)
    typer.echo(f"newsevents plot: {path}", err=True)


@plot_app.command("network")
def plot_network_command(
    output: Annotated[Path, typer.Option("--output", "-o", help="Image file: .png, .svg or .pdf.")],
    db: Annotated[Path, typer.Option(help=DB_HELP)] = DEFAULT_DB,
    top: Annotated[int, typer.Option(min=2, help="Draw the actors in most events, this many.")] = 20,
    since: Annotated[Optional[str], typer.Option(help="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Last event date, YYYY-MM-DD.")] = None,
) -> None:
    """Actors as nodes, event counts as edges, coloured by mean Goldstein score."""
    from .plots import plot_network

    start, end = _date_option(since, "--since"), _date_option(until, "--until")
    try:
        with Store(_existing(db)) as store:
            edges = store.network(top=top, since=start, until=end)
        path = plot_network(edges, output)
    except (NewsEventsError, ValueError, OSError) as exc:
        _fail(exc)
    typer.echo(f"newsevents plot: {path}", err=True)


if __name__ == "__main__":  # pragma: no cover
    app()
