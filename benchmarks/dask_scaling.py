"""Scaling of ``--engine dask``: a local cluster of 2 workers against 1, in one run.

    python benchmarks/dask_scaling.py [--corpus ../shared/corpus/dev/articles.jsonl] [--articles 2000] [--shards 20]

The corpus is repeated (ids made unique) up to ``--articles`` articles and
written as ``--shards`` JSONL files. Each run starts its own local cluster
(worker start-up and model loading are counted: a user pays them too),
codes every shard into partitioned Parquet, and prints articles/s. Then the
ratio 2 workers / 1 worker (issue 6 asks >= 1.7 on a 2-core machine) and
whether both runs wrote the same rows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.dataset as ds

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, FALLBACK, corpus  # noqa: E402

from newsevents.dask_engine import run_dask  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else FALLBACK)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--shards", type=int, default=20)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="newsevents-dask-"))
    whole = scratch / "all.jsonl"
    corpus(args.corpus, args.articles, whole)
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    size = -(-len(lines) // args.shards)
    for i in range(args.shards):
        (scratch / f"shard-{i:03d}.jsonl").write_text("".join(lines[i * size:(i + 1) * size]), encoding="utf-8")
    inputs = [str(scratch / "shard-*.jsonl")]
    print(f"{len(lines)} articles in {args.shards} shards, from {args.corpus}")
    seconds, tables = {}, {}
    for workers in (1, 2):
        start = time.perf_counter()
        summary, _ = run_dask(inputs, scratch / f"out-{workers}", workers=workers)
        seconds[workers] = time.perf_counter() - start
        tables[workers] = ds.dataset(scratch / f"out-{workers}" / "events", format="parquet").to_table()
        print(f"dask local cluster, {workers} worker(s)  {seconds[workers]:8.1f} s  "
              f"{summary.read / seconds[workers]:7.1f} articles/s  {summary.events / seconds[workers]:7.1f} events/s",
              flush=True)
    print(f"ratio 2 workers / 1 worker: {seconds[1] / seconds[2]:.2f} (target >= 1.7)")
    print(f"same rows: {tables[1].equals(tables[2])} ({tables[1].num_rows} events)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
