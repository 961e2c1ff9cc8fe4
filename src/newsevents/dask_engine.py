"""Distributed runs on Dask: ``newsevents code --engine dask``.

The input files are split into *shards* (:func:`plan_shards`): one per
JSONL, WARC, CSV or Parquet file, and runs of up to ``files_per_shard``
consecutive ``.txt`` / ``.html`` pages. Each shard is one Dask task
(:func:`code_shard`) that reads, codes and writes its own Parquet files::

    OUT/events/part-00000.parquet     event records (newsevents.parquet_out.EVENT_SCHEMA)
    OUT/failures/part-00000.parquet   inputs that failed, with code and reason
    OUT/_manifest.json                coder version, shards, counts (written last)

A task writes its files atomically under a name fixed by the shard number,
so a task that is re-run (its worker died, or it raised and is retried)
overwrites its own files and nothing is duplicated. Each worker process
loads the language model once and keeps it for all its tasks.

The result equals a single-process run over the same inputs in the same
order: the same event ids and rows, and part files in input order.
Duplicate article ids across shards, which a single process reports as
E118 for every copy after the first, are found after the run and removed
from the later parts the same way.

Dask and distributed are an optional extra: ``pip install "newsevents[dask]"``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ._version import __version__
from .articles import ArticleFailure
from .errors import EngineError
from .ingest import E_DUPLICATE, directory_files, expand_input, read_inputs
from .parquet_out import ParquetEventWriter, write_failures

__all__ = ["Shard", "ShardResult", "code_shard", "plan_shards", "run_dask"]

PAGE_SUFFIXES = (".txt", ".html", ".htm")
FILES_PER_SHARD = 200
MANIFEST = "_manifest.json"
E_SHARD_FAILED = "E501"


@dataclass(frozen=True)
class Shard:
    """One task's inputs: ``index`` (0-based, fixes the part file names) and
    the input paths, read in this order."""

    index: int
    inputs: tuple[str, ...]

    @property
    def part(self) -> str:
        """The part file name, ``part-00012.parquet``."""
        return f"part-{self.index:05d}.parquet"


@dataclass
class ShardResult:
    """What one shard task did: counts, ``(article_id, source, coded)`` for
    each article read (coded, or failed in coding) in order, and the failures
    as dicts (``ArticleFailure.to_dict``)."""

    index: int
    read: int = 0
    coded: int = 0
    failed: int = 0
    events: int = 0
    articles: list[tuple[str, str, bool]] = field(default_factory=list)
    failures: list[dict] = field(default_factory=list)


def _expand(item: str) -> list[str]:
    """An input as absolute paths (workers on other machines have other working
    directories): a glob's matches (sorted), a directory's article files, or
    itself (a missing file is kept, to be reported as failed)."""
    if item == "-":
        raise EngineError("standard input ('-') cannot be sharded; give files or a glob to --engine dask")
    paths = []
    for match in map(str, expand_input(item)):
        path = Path(match)
        try:
            files = [str(f) for f, _ in directory_files(path)] if path.is_dir() else []
        except OSError:
            files = []
        paths += [os.path.abspath(f) for f in files] or [os.path.abspath(match)]
    return paths


def plan_shards(inputs: Sequence[str | Path], *, files_per_shard: int = FILES_PER_SHARD) -> list[Shard]:
    """Split ``inputs`` (files, directories, globs such as ``"crawl/*.warc.gz"``)
    into shards, keeping input order: each JSONL / WARC / CSV / Parquet file
    alone, consecutive pages (.txt, .html) in runs of ``files_per_shard``.

    Raises:
        EngineError: an input is standard input (``-``).
        ValueError: ``files_per_shard`` is below 1.
    """
    if files_per_shard < 1:
        raise ValueError(f"files_per_shard must be at least 1, got {files_per_shard}")
    groups: list[list[str]] = []
    pages: list[str] = []
    for item in inputs:
        for path in _expand(str(item)):
            if path.lower().endswith(PAGE_SUFFIXES) and os.path.isfile(path):
                pages.append(path)
                if len(pages) == files_per_shard:
                    groups.append(pages)
                    pages = []
                continue
            if pages:
                groups.append(pages)
                pages = []
            groups.append([path])
    if pages:
        groups.append(pages)
    return [Shard(i, tuple(g)) for i, g in enumerate(groups)]


@lru_cache(maxsize=2)
def _worker_coder(keep_unasserted: bool):  # pragma: no cover - runs in the Dask workers
    from .coder import Coder

    return Coder(keep_unasserted=keep_unasserted)


def code_shard(shard: Shard, out_dir: str, published: str | None = None, keep_unasserted: bool = False,
               coder=None) -> ShardResult:
    """Read, code and write one shard (the Dask task).

    Writes ``out_dir/events/<part>`` and ``out_dir/failures/<part>``
    atomically. ``published`` (ISO 8601) is the default publication date;
    ``coder`` is for tests (default: the worker's own, loaded once).

    Returns:
        The :class:`ShardResult`.
    """
    coder = coder or _worker_coder(keep_unasserted)
    day = dt.date.fromisoformat(published) if published else None
    result = ShardResult(shard.index)
    failures: list[ArticleFailure] = []
    out = Path(out_dir)
    with ParquetEventWriter(out / "events" / shard.part) as writer:
        for item, events in coder.code_articles(read_inputs(shard.inputs, published=day)):
            result.read += 1
            if isinstance(item, ArticleFailure):
                result.failed += 1
                failures.append(item)
                if item.code == "E300" and item.article_id is not None:  # read, then failed in coding
                    result.articles.append((item.article_id, item.source, False))
                continue
            result.coded += 1
            result.events += len(events)
            result.articles.append((item.id, item.source, True))
            writer.write(events)
    write_failures(out / "failures" / shard.part, failures)
    result.failures = [f.to_dict() for f in failures]
    return result


def _check_output(out_dir: Path) -> None:
    """Refuse an output that is a file, or a directory with other content.

    Raises:
        EngineError: naming the path and the problem.
    """
    if out_dir.exists() and not out_dir.is_dir():
        raise EngineError(f"{out_dir}: the output of --engine dask is a directory, and this is a file")
    if out_dir.is_dir():
        other = sorted(p.name for p in out_dir.iterdir() if p.name not in {"events", "failures", MANIFEST})
        if other:
            raise EngineError(f"{out_dir}: not empty and not a newsevents output directory "
                              f"(has {', '.join(other[:3])}); give a new or empty directory")


def _prepare(out_dir: Path) -> None:
    """Create the output layout; clear the parts of an earlier run there."""
    if out_dir.is_dir():
        (out_dir / MANIFEST).unlink(missing_ok=True)
        for sub in ("events", "failures"):
            for part in (out_dir / sub).glob("part-*.parquet*") if (out_dir / sub).is_dir() else ():
                part.unlink()
    for sub in ("events", "failures"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)


def _drop_duplicates(results: list[ShardResult], out_dir: Path) -> None:
    """Report articles whose id was already read in an earlier shard as
    E118 failures and remove their events from their part, as a single
    process would have."""
    first: dict[str, str] = {}
    for result in sorted(results, key=lambda r: r.index):
        dups = {}
        for article_id, source, coded in result.articles:
            if article_id not in first:
                first[article_id] = source
            elif source not in dups:
                dups[source] = (article_id, coded)
        if not dups:
            continue
        part = Shard(result.index, ()).part
        events = pq.read_table(out_dir / "events" / part)
        dropped = pa.array(sorted({article_id for article_id, coded in dups.values() if coded}), pa.string())
        kept = events.filter(pc.invert(pc.is_in(events["article_id"], value_set=dropped)))
        tmp = out_dir / "events" / (part + ".tmp")
        pq.write_table(kept, tmp, compression="zstd")
        os.replace(tmp, out_dir / "events" / part)
        result.failures = [f for f in result.failures if f["source"] not in dups] + [
            ArticleFailure(source, article_id, E_DUPLICATE,
                           f"duplicate id {article_id!r}: already read from {first[article_id]}; "
                           "the first article with this id is kept").to_dict()
            for source, (article_id, _) in dups.items()]
        write_failures(out_dir / "failures" / part, [ArticleFailure(**f) for f in result.failures])
        result.articles = [a for a in result.articles if a[1] not in dups]
        newly_failed = sum(coded for _, coded in dups.values())
        result.coded -= newly_failed
        result.failed += newly_failed
        result.events -= events.num_rows - kept.num_rows


def _reachable(scheduler: str, timeout: float) -> None:
    """Fail at once when nothing listens at a ``tcp://host:port`` scheduler
    address (Dask itself would retry for ``timeout`` seconds).

    Raises:
        EngineError: the connection is refused or times out.
    """
    scheme, _, rest = scheduler.rpartition("://")
    host, _, port = rest.rpartition(":")
    if scheme not in ("", "tcp") or not port.isdigit():
        return  # tls://, ucx://, a name: left to Dask
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=min(timeout, 10)).close()
    except OSError as exc:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc.strerror or exc} "
                          "(is 'dask scheduler' running there, and the port open?)") from None


def _client(stack: ExitStack, scheduler: str | None, workers: int, timeout: float):
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as exc:
        raise EngineError(f"--engine dask needs Dask: pip install \"newsevents[dask]\" ({exc})") from exc
    try:
        if scheduler:
            _reachable(scheduler, timeout)
            return stack.enter_context(Client(scheduler, timeout=f"{timeout}s"))
        cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                   dashboard_address=None))
        return stack.enter_context(Client(cluster))
    except OSError as exc:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler or '(local)'}: {exc}") from exc


def run_dask(inputs: Sequence[str | Path], out_dir: str | Path, *, scheduler: str | None = None, workers: int = 2,
             published: dt.date | None = None, keep_unasserted: bool = False, retries: int = 2,
             files_per_shard: int = FILES_PER_SHARD, on_shard: Callable[[ShardResult], None] | None = None,
             connect_timeout: float = 30.0):
    """Code ``inputs`` on a Dask cluster into partitioned Parquet under ``out_dir``.

    Args:
        inputs: files, directories or globs (see :func:`plan_shards`).
        out_dir: a new or empty directory, or the output of an earlier run
            (its parts are replaced). On a multi-machine cluster it must be
            on a file system every worker can write.
        scheduler: a scheduler address (``tcp://host:8786``); None starts a
            local cluster of ``workers`` processes, one thread each.
        retries: how often a shard task that raised is run again. A task
            whose worker died is re-run by the scheduler on another worker
            (up to ``distributed.scheduler.allowed-failures`` times, 3 by default).
        on_shard: called in the client with each finished shard's result, as
            it finishes (repeated ids across shards are found only after all
            shards: the returned results have the final failures).
        connect_timeout: seconds to wait for the scheduler.

    Returns:
        ``(RunSummary, results)``: the counts, and the :class:`ShardResult`
        of every shard in shard order.

    Raises:
        EngineError: Dask missing, scheduler unreachable, bad output directory.
    """
    from .run import RunSummary

    shards = plan_shards(inputs, files_per_shard=files_per_shard)
    out = Path(out_dir)
    _check_output(out)
    results: list[ShardResult] = []
    with ExitStack() as stack:
        client = _client(stack, scheduler, workers, connect_timeout)
        from dask.distributed import as_completed

        _prepare(out)  # only once the cluster is there: a failed start leaves no directories behind

        futures = client.map(code_shard, shards, out_dir=str(out.resolve()), retries=retries, pure=False,
                             published=published.isoformat() if published else None,
                             keep_unasserted=keep_unasserted)
        by_future = dict(zip(futures, shards))
        for future in as_completed(futures):
            shard = by_future[future]
            try:
                result = future.result()
            except Exception as exc:  # the shard failed on every try: its inputs are reported, the rest go on
                result = ShardResult(shard.index, read=len(shard.inputs), failed=len(shard.inputs), failures=[
                    ArticleFailure(path, None, E_SHARD_FAILED,
                                   f"shard {shard.index} failed on the cluster: {type(exc).__name__}: {exc}").to_dict()
                    for path in shard.inputs])
                write_failures(out / "failures" / shard.part, [ArticleFailure(**f) for f in result.failures])
            results.append(result)
            if on_shard is not None:
                on_shard(result)
    results.sort(key=lambda r: r.index)
    _drop_duplicates(results, out)
    summary = RunSummary()
    for result in results:
        summary.read += result.read
        summary.coded += result.coded
        summary.failed += result.failed
        summary.events += result.events
    manifest = {"coder_version": __version__, "read": summary.read, "coded": summary.coded,
                "failed": summary.failed, "events": summary.events,
                "shards": [{"part": s.part, "inputs": list(s.inputs), "read": r.read, "coded": r.coded,
                            "failed": r.failed, "events": r.events} for s, r in zip(shards, results)]}
    tmp = out / (MANIFEST + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, out / MANIFEST)
    return summary, results
