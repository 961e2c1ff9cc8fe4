"""The service under load, on loopback: `newsevents serve` in its own process.

Concurrent clients send POST /v1/code and GET /v1/events (and dyads,
actors) while hostile clients send oversized, malformed, slow-to-arrive and
slow-to-code requests. Expected: every normal request answered 200, no 5xx
at all, the hostile ones 413 / 422 / 408, normal requests still served while
they are pending, and memory flat. The run is bounded (it stops by itself):
the default run sends about 200 requests, ``-m slow`` 2,000, and prints
requests/s, p50 / p99 latency and error counts.
"""

from __future__ import annotations

import glob
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from .conftest import EXAMPLE, STORE_CORPUS

PAGE = os.sysconf("SC_PAGE_SIZE")
TEXTS = [json.loads(line)["text"] for line in STORE_CORPUS.read_text().splitlines() if json.loads(line)["text"].strip()]
TEXTS.append(EXAMPLE.read_text(encoding="utf-8"))
GETS = ["/v1/events?actor=USA&limit=20", "/v1/events?type=ASSAULT", "/v1/events?q=attack&limit=5",
        "/v1/events?since=2024-03-01&until=2024-03-31", "/v1/dyads/RUS/UKR?by=week", "/v1/actors?top=5",
        "/healthz"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    """RSS of ``pid`` and its children, MB."""
    total, kids = 0.0, []
    for task in glob.glob(f"/proc/{pid}/task/*/children"):  # children of every thread
        try:
            with open(task) as handle:
                kids += [int(x) for x in handle.read().split()]
        except OSError:
            pass
    for p in [pid, *kids]:
        try:
            with open(f"/proc/{p}/statm") as handle:
                total += int(handle.read().split()[1]) * PAGE / 1e6
        except OSError:
            pass
    return total


def _request(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 60) -> tuple[int, float]:
    start = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - start
    finally:
        conn.close()


def _slow_body(port: int) -> int:
    """Send headers and part of the body, then stall: the server must answer 408."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"POST /v1/code HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 500\r\n\r\n{\"text\": \"Iran")
        reply = sock.recv(200).decode("latin-1")
    return int(reply.split()[1])


@pytest.fixture(scope="module")
def server(store_db, tmp_path_factory):
    port = _free_port()
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([sys.executable, "-m", "newsevents.cli", "serve", "--db", str(store_db),
                                    "--port", str(port), "--code-timeout", "8", "--body-timeout", "2"],
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:  # up, and the coding process has its model loaded
            try:
                if _request(port, "POST", "/v1/code", json.dumps({"text": TEXTS[0]}).encode(), timeout=30)[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        yield port, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _load(port: int, pid: int, requests: int, clients: int = 6, seed: int = 1) -> dict:
    rng = random.Random(seed)
    plan = []
    for i in range(requests):
        if i % 3 == 0:
            text = rng.choice(TEXTS)
            plan.append(("POST", "/v1/code", json.dumps({"text": text, "article_id": f"load-{i}",
                                                         "published": "2024-03-05"}).encode()))
        else:
            plan.append(("GET", rng.choice(GETS), None))
    hostile = {
        "oversized (413)": lambda: _request(port, "POST", "/v1/code", b'{"text": "' + b"a" * 2_500_000 + b'"}')[0],
        "malformed JSON (422)": lambda: _request(port, "POST", "/v1/code", b'{"text": "Iran accused')[0],
        "wrong field type (422)": lambda: _request(port, "POST", "/v1/code", b'{"text": 12}')[0],
        "bad filter (422)": lambda: _request(port, "GET", "/v1/events?since=yesterday")[0],
        "slow body (408)": lambda: _slow_body(port),
        "slow to code (408)": lambda: _request(port, "POST", "/v1/code", json.dumps(
            {"text": "Iran accused Israel of sabotage and " * 12_000}).encode())[0],
    }
    rss_start = _rss_mb(pid)
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def run(item) -> None:
        method, path, body = item
        try:
            status, seconds = _request(port, method, path, body)
        except OSError as exc:
            status, seconds = -1, 0.0
            print(f"connection error on {method} {path}: {exc}")
        with lock:
            results.append((method, status, seconds))

    start = time.perf_counter()
    with ThreadPoolExecutor(clients + len(hostile)) as pool:
        hostile_futures = {name: pool.submit(call) for name, call in hostile.items()}
        list(pool.map(run, plan))
        hostile_status = {name: f.result() for name, f in hostile_futures.items()}
    seconds = time.perf_counter() - start
    rss_end = _rss_mb(pid)
    latencies = sorted(s for _, status, s in results if status == 200)
    figures = {
        "requests": len(results), "seconds": round(seconds, 1), "requests_per_s": round(len(results) / seconds, 1),
        "p50_ms": round(1000 * statistics.median(latencies)) if latencies else None,
        "p99_ms": round(1000 * latencies[int(0.99 * (len(latencies) - 1))]) if latencies else None,
        "errors": sum(status != 200 for _, status, _ in results),
        "server_errors": sum(status >= 500 for _, status, _ in results),
        "non_200": sorted({f"{m} {st}" for m, st, _ in results if st != 200}),
        "hostile": hostile_status, "rss_start_mb": round(rss_start), "rss_end_mb": round(rss_end),
        "post_p50_ms": round(1000 * statistics.median([s for m, st, s in results if m == "POST" and st == 200] or [0])),
    }
    print(json.dumps(figures, indent=1))
    return figures


def _check(figures: dict) -> None:
    assert figures["server_errors"] == 0 and figures["errors"] == 0, figures
    assert figures["hostile"] == {
        "oversized (413)": 413, "malformed JSON (422)": 422, "wrong field type (422)": 422,
        "bad filter (422)": 422, "slow body (408)": 408, "slow to code (408)": 408}, figures


def test_short_load(server):
    port, process = server
    _check(_load(port, process.pid, requests=200))


@pytest.mark.slow
def test_long_load_memory_stays_flat(server):
    port, process = server
    first = _load(port, process.pid, requests=1000, seed=2)
    second = _load(port, process.pid, requests=1000, seed=3)
    _check(first)
    _check(second)
    assert second["rss_end_mb"] < 1.15 * first["rss_end_mb"] + 30, (first, second)
