"""Peak memory of a long streaming run: 100,000 articles through ``newsevents code``.

    python benchmarks/memory.py [--articles 100000] [--corpus ../shared/corpus/dev/articles.jsonl] [--workers 1]

The articles are made from the corpus's sentences: each is a run of one to
four consecutive sentences of one story with a story number of its own
(``Report 48213: ...``), so that, as in real news, every article brings
words the language model has not seen in this run. They are streamed from
a JSONL file through ``code_inputs`` (events written as JSONL to a scratch
file). While the run goes on, the resident memory (RSS) of this process
and its worker processes is sampled every second; the script prints it at
each tenth of the run, the peak, and the growth from the first tenth to the
end, as a ratio against the first tenth (1.00 = flat). Issue 6 asks peak
RSS < 1 GB, flat in corpus size.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, FALLBACK  # noqa: E402

from newsevents.progress import RunProgress  # noqa: E402
from newsevents.run import code_inputs  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (from /proc)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE / 1e6
    except OSError:
        return 0.0


def children(pid: int) -> list[int]:
    """Child processes of ``pid``, started from any of its threads."""
    kids = []
    for task in glob.glob(f"/proc/{pid}/task/*/children"):
        try:
            with open(task) as handle:
                kids += [int(x) for x in handle.read().split()]
        except OSError:
            pass
    return kids


def write_stream(corpus: Path, n: int, out: Path) -> None:
    """Write ``n`` short articles (runs of the corpus's sentences, each numbered) to ``out``."""
    stories = []
    for line in corpus.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", row["text"].strip()) if len(s) > 20]
            if sentences:
                stories.append((row.get("published"), sentences))
    with open(out, "w", encoding="utf-8") as handle:
        for i in range(n):
            published, sentences = stories[i % len(stories)]
            start = (i // len(stories)) % len(sentences)
            text = " ".join(sentences[start:start + 1 + i % 4])
            handle.write(json.dumps({"id": f"a{i}", "published": published,
                                     "text": f"Report {10000 + i * 7919 % 90000}: {text}"}) + "\n")


class Sampler(threading.Thread):
    """Sample the RSS of this process plus its children every ``interval`` seconds."""

    def __init__(self, progress: RunProgress, total: int, interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.progress, self.total, self.interval = progress, total, interval
        self.peak = 0.0
        self.at_tenths: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(self.interval):
            now = rss_mb(me) + sum(rss_mb(c) for c in children(me))
            self.peak = max(self.peak, now)
            tenth = 10 * self.progress.articles // self.total
            self.at_tenths.setdefault(tenth, now)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS if DEFAULT_CORPUS.exists() else FALLBACK)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="newsevents-memory-"))
    data = scratch / "stream.jsonl"
    write_stream(args.corpus, args.articles, data)
    print(f"{args.articles:,} articles ({data.stat().st_size / 1e6:.0f} MB of JSONL) from {args.corpus}, "
          f"{args.workers} worker(s)", flush=True)
    start = time.perf_counter()
    with RunProgress(args.articles, enabled=True, interval=60.0) as progress:
        sampler = Sampler(progress, args.articles)
        sampler.start()
        summary = code_inputs([data], output=scratch / "events.jsonl", progress=progress, workers=args.workers)
        sampler.stop.set()
        sampler.join()
    seconds = time.perf_counter() - start
    print(summary.line())
    print(f"{seconds:.0f} s, {summary.read / seconds:.1f} articles/s")
    for tenth in sorted(sampler.at_tenths):
        print(f"  after {10 * tenth:3d}% of the articles: RSS {sampler.at_tenths[tenth]:7.0f} MB")
    first = sampler.at_tenths.get(1) or next(iter(sampler.at_tenths.values()), 0.0)
    last = sampler.at_tenths[max(sampler.at_tenths)] if sampler.at_tenths else 0.0
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1e3
    print(f"peak RSS (sampled, this process + workers): {sampler.peak:.0f} MB (target < 1000 MB)")
    print(f"peak RSS (getrusage): this process {own:.0f} MB, largest worker {kids:.0f} MB")
    print(f"RSS growth from 10% to the end: {last / first:.2f}x (1.00 = flat)" if first else "too short to sample")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
