"""Throughput of newsevents against spaCy on the same texts, in one run.

    python benchmarks/throughput.py [--corpus ../shared/corpus/dev/articles.jsonl] [--articles 2000]

The corpus is repeated (ids made unique) up to ``--articles`` articles. Each
line prints articles/s and events/s (or tokens/s) for one contender and
worker count, measured here, in this process, on this machine:

* spaCy's tokenizer alone: the ceiling of any spaCy-based pipeline;
* spaCy's full ``en_core_web_sm`` pipeline (``nlp.pipe``, ``n_process``);
* newsevents (``code_inputs``, ``workers``), writing JSONL to a scratch file.

Then the ratios newsevents / spaCy full and newsevents / tokenizer at equal
worker counts, and peak resident memory of this process and of its
children (``getrusage``). Issue 6 asks newsevents / spaCy full >= 2.0.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

import spacy

from newsevents.nlp import MODEL_NAME
from newsevents.run import code_inputs

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "articles.jsonl"
FALLBACK = Path(__file__).resolve().parents[1] / "tests" / "data" / "gold" / "voa.dev.jsonl"


def corpus(path: Path, n: int, out: Path) -> list[str]:
    """Write ``n`` articles (the corpus repeated, ids made unique) to ``out``; return their texts."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = []
    with open(out, "w", encoding="utf-8") as handle:
        for i, row in enumerate(islice(cycle(rows), n)):
            handle.write(json.dumps({"id": f"{row['id']}#{i}", "text": row["text"],
                                     "published": row.get("published")}) + "\n")
            texts.append(row["text"])
    return texts


def timed(label: str, run) -> float:
    start = time.perf_counter()
    count, unit = run()
    seconds = time.perf_counter() - start
    print(f"{label:<34} {seconds:8.1f} s  {count / seconds:9.1f} {unit}/s", flush=True)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else FALLBACK)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="newsevents-bench-"))
    data = scratch / "articles.jsonl"
    texts = corpus(args.corpus, args.articles, data)
    print(f"{len(texts)} articles, {sum(map(len, texts)):,} characters, from {args.corpus}")
    nlp = spacy.load(MODEL_NAME)
    seconds: dict[tuple[str, int], float] = {}
    for workers in args.workers:
        seconds["tokenizer", workers] = timed(
            f"spaCy tokenizer, {workers} process(es)",
            lambda: (sum(len(d) for d in nlp.pipe(texts, n_process=workers, batch_size=64,
                                                   disable=nlp.pipe_names)), "tokens"))
        seconds["spacy", workers] = timed(
            f"spaCy full pipeline, {workers} process(es)",
            lambda: (sum(1 for _ in nlp.pipe(texts, n_process=workers, batch_size=64)), "articles"))
        summary = {}

        def newsevents(workers=workers):
            summary["run"] = code_inputs([data], output=scratch / "events.jsonl", workers=workers)
            return summary["run"].read, "articles"

        seconds["newsevents", workers] = timed(f"newsevents, {workers} worker(s)", newsevents)
        run = summary["run"]
        print(f"{'':<34} {'':8}    {run.events / seconds['newsevents', workers]:9.1f} events/s "
              f"({run.events} events, {run.failed} failed)")
    for workers in args.workers:
        print(f"ratio newsevents / spaCy full, {workers} worker(s): "
              f"{seconds['spacy', workers] / seconds['newsevents', workers]:.2f}   "
              f"newsevents / tokenizer: {seconds['tokenizer', workers] / seconds['newsevents', workers]:.3f}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak resident memory: this process {own:.0f} MB, largest child process {children:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
