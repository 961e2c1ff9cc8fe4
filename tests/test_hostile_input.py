"""Hostile input: whatever the bytes, every input is read and coded or
reported as failed, nothing crashes, and no article runs past its time limit.

Property-based (hypothesis) over text and JSON with control characters, lone
surrogates, right-to-left marks and other odd code points, plus fixed cases
(huge sentences, thousands of one-word sentences, only punctuation, nested
quotes, HTML fragments, very long tokens), and a fuzz target for the JSONL,
HTML, WARC, CSV and plain-text readers. The default run tries a few hundred
inputs; ``-m slow`` tries thousands and the 1 MB cases.
"""

from __future__ import annotations

import gzip
import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import event as note_outcome
from hypothesis.errors import InvalidArgument
from hypothesis import strategies as st

from newsevents.articles import Article, ArticleFailure
from newsevents.ingest import read_inputs
from newsevents.run import code_inputs

ODD = "\u200f\u200e\u202e\u2066\u2069\ufeff\u00ad\u0000\u0007\u001b\r\x0b\x0c\u2028\u2029\ud800\udfff\U0001f600\u0301"
WORDS = ["Iran", "accused", "Israel", "of", "attacking", "its", "embassy", ".", "\"", "'", "He", "said", "on",
         "Monday", "NATO", "troops", "<b>", "</p>", "&amp;", "not", "will", "?", "!", ",", "U.S.", "the", "and", "to",
         "that", "it", "was", "in", "with", "they", "met", "threatened", "would", "by", "for", "a", "at", "he"]
BASES = ["Iran accused Israel of attacking its embassy in Tehran on Monday, officials said.",
         "NATO foreign ministers met in Brussels on Tuesday and agreed to send more troops to Estonia.",
         "Russian forces shelled Kharkiv overnight, Ukraine's defence ministry said, and Kyiv condemned the attack."]


def _sprinkle(base: str, inserts: list[tuple[int, str]]) -> str:
    """``base`` with odd characters inserted at the given positions."""
    chars = list(base)
    for position, char in sorted(inserts, reverse=True):
        chars.insert(min(position, len(chars)), char)
    return "".join(chars)


HOSTILE_TEXT = st.one_of(
    st.builds(_sprinkle, st.sampled_from(BASES),
              st.lists(st.tuples(st.integers(0, 110), st.sampled_from(list(ODD) + ["\"", "'", "<i>", "\n\n"])),
                       max_size=6)),
    st.text(st.characters(exclude_categories=()), max_size=300),  # any code point, surrogates included
    st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(list(ODD)), st.text(max_size=6)),
             max_size=120).map(" ".join),
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(st.characters(exclude_categories=())),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)
FEW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MANY = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _jsonl(texts: list[str]) -> bytes:
    """One JSONL line per text; lone surrogates travel as JSON escapes, as in real feeds."""
    return b"".join(json.dumps({"id": f"h{i}", "text": t}).encode("ascii") + b"\n" for i, t in enumerate(texts))


def _check_accounted(coder, texts: list[str], *, time_limit: float = 30) -> list:
    """Read and code ``texts`` as JSONL: one result per line, in order, each
    coded or failed; every record serialises and its offsets fit its text.
    Returns the ``(article or failure, events)`` pairs; tells hypothesis's
    statistics how each input ended (coded with events, coded without, failed with code)."""
    items = list(read_inputs(["-"], stdin=io.BytesIO(_jsonl(texts))))
    assert len(items) == len(texts)
    results = list(coder.code_articles(items, time_limit=time_limit))
    assert [getattr(r, "id", None) or r.article_id for r, _ in results] == [f"h{i}" for i in range(len(texts))]
    for item, events in results:
        assert isinstance(item, (Article, ArticleFailure))
        if isinstance(item, ArticleFailure):
            assert events == [] and item.code[0] == "E" and item.reason
            continue
        for event in events:
            json.loads(event.model_dump_json())
            start, end = event.sentence_span
            assert 0 <= start < end <= len(item.text) and item.text[start:end] == event.sentence
            assert item.text[slice(*event.trigger.span)] == event.trigger.text
    for item, events in results:
        outcome = f"failed {item.code}" if isinstance(item, ArticleFailure) else (
            "coded, with events" if events else "coded, no event")
        try:
            note_outcome(outcome)
        except InvalidArgument:  # outside a hypothesis test
            pass
    return results


@FEW
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=5))
def test_any_text_is_coded_or_reported(coder, texts):
    _check_accounted(coder, texts)


@pytest.mark.slow
@MANY
@given(texts=st.lists(HOSTILE_TEXT, min_size=1, max_size=5))
def test_any_text_is_coded_or_reported_many(coder, texts):
    _check_accounted(coder, texts)


FIXED = {
    "control characters": "Iran\x07 accused\x1b Israel\x0b of\x0c sabotage.\r\nIt denied it.",
    "right-to-left marks": "\u202eIran accused Israel\u202c of sabotage. \u200fNATO\u200f condemned the attack.",
    "only punctuation": "?!.,;:--((()))\"\"''...!!!" * 50,
    "nested quotes": 'He said "she said \'they said "Iran accused \'Israel\' of \\"sabotage\\"" today\' loudly" on Monday.' * 20,
    "HTML fragment": "<html><body><p>Iran <b>accused</b> Israel</p><script>alert(1)</script>&lt;&amp;&gt;</body>" * 30,
    "10,000 one-word sentences": "Yes. " * 10_000,
    "very long token": "Iran accused " + "a" * 100_000 + " of sabotage.",
    "100 KB single sentence": "Iran accused Israel of sabotage and " * 2_900 + "more",
}


@pytest.mark.parametrize("name", list(FIXED))
def test_fixed_hostile_cases(coder, name):
    _check_accounted(coder, [FIXED[name], "Iran accused Israel of sabotage on Monday."])


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # an alarm landing in a gc callback
def test_one_megabyte_cases(coder):
    """990,000 characters of sentences are coded; the same as one single sentence is stopped
    by a 30 s limit (E302); over 1,000,000 characters is refused (E117)."""
    sentences = ("Iran accused Israel of sabotage on Monday. " * 23_100)[:990_000]
    one_sentence = ("the government of Iran said that it would not accept the offer from Israel and " * 12_600)[:990_000]
    (coded, events), = _check_accounted(coder, [sentences], time_limit=300)
    assert isinstance(coded, Article) and len(events) > 20_000
    (stopped, _), = _check_accounted(coder, [one_sentence], time_limit=30)
    assert stopped.code == "E302"
    (refused, _), = _check_accounted(coder, [sentences + " More." * 2_000])
    assert refused.code == "E117"


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # an alarm landing in a gc callback
def test_an_article_past_its_time_limit_fails_and_the_run_goes_on(coder, monkeypatch):
    slow_text = "Iran accused Israel of sabotage on Monday. Officials said so."
    real = coder.code_doc

    def stuck(doc, article):  # a run-away article: pure Python work that never ends
        if article.id == "h1":
            while True:
                sum(range(1000))
        return real(doc, article)

    monkeypatch.setattr(coder, "code_doc", stuck)
    items = list(read_inputs(["-"], stdin=io.BytesIO(_jsonl([slow_text] * 4))))
    start = time.monotonic()
    results = list(coder.code_articles(items, time_limit=0.5))
    assert time.monotonic() - start < 10  # stopped near the limit, not left running
    assert [type(r).__name__ for r, _ in results] == ["Article", "ArticleFailure", "Article", "Article"]
    failure = results[1][0]
    assert failure.code == "E302" and "time limit of 0.5 s" in failure.reason
    assert all(events for r, events in results if isinstance(r, Article))


SUFFIXES = [".jsonl", ".jsonl.gz", ".html", ".warc", ".warc.gz", ".csv", ".txt", ".parquet"]


def _read_file(tmp_path, suffix: str, data: bytes) -> list:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") and not data.startswith(b"\x1f\x8b") else data)
    items = list(read_inputs([path]))
    assert items, "every input is accounted for: at least one article or failure"
    assert all(isinstance(i, (Article, ArticleFailure)) for i in items)
    return items


def _reader_fuzz(tmp_path_factory, suffix, data):
    _read_file(tmp_path_factory.mktemp("fuzz"), suffix, data)


WARC_ISH = st.builds(
    lambda uri, body, status: (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\n"
                               f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http;msgtype=response\r\n"
                               f"Content-Length: {len(body) + 60}\r\n\r\nHTTP/1.1 {status} OK\r\nContent-Type: text/html\r\n\r\n"
                               ).encode("utf-8", "surrogatepass") + body + b"\r\n\r\n",
    st.text(max_size=30), st.binary(max_size=300), st.integers(0, 999))
READER_INPUT = st.tuples(st.sampled_from(SUFFIXES), st.one_of(
    st.binary(max_size=2000), WARC_ISH,
    st.lists(JSON_VALUES.map(lambda v: json.dumps(v).encode()), max_size=5).map(b"\n".join),
    st.lists(st.fixed_dictionaries({"id": st.text(max_size=5), "text": HOSTILE_TEXT},
                                   optional={"published": st.text(max_size=12)}),
             max_size=4).map(lambda rows: b"\n".join(json.dumps(r).encode() for r in rows)),
))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=READER_INPUT)
def test_readers_never_crash(tmp_path_factory, case):
    _reader_fuzz(tmp_path_factory, *case)


@pytest.mark.slow
@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=READER_INPUT)
def test_readers_never_crash_many(tmp_path_factory, case):
    _reader_fuzz(tmp_path_factory, *case)


def test_whole_run_counts_every_input(tmp_path):
    """code_inputs over a mix of good, broken and hostile files: read = coded + failed."""
    good = tmp_path / "good.jsonl"
    good.write_bytes(_jsonl(["Iran accused Israel of sabotage on Monday.", "\ud800 lone", ""]))
    broken = tmp_path / "broken.jsonl.gz"
    broken.write_bytes(gzip.compress(b'{"id": "g1", "text": "NATO met."}\n')[:-8])  # cut-off gzip
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><script>x</script></body></html>")
    summary = code_inputs([good, broken, page, tmp_path / "missing.txt"], output=tmp_path / "out.jsonl",
                          errors=tmp_path / "errors.jsonl")
    failures = [json.loads(line) for line in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert summary.read == summary.coded + summary.failed == summary.coded + len(failures)
    assert (summary.read, summary.coded) == (7, 2) and summary.events >= 1  # the cut gzip's whole line is kept
    assert sorted(f["code"] for f in failures) == ["E101", "E105", "E110", "E115", "E119"]


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_swallowed_timeout_is_raised_again():
    from newsevents.time_limit import ArticleTimeout, deadline

    swallowed = 0
    with pytest.raises(ArticleTimeout, match="time limit of 0.2 s"):
        with deadline(0.2, "this test"):
            while True:
                try:  # library code that discards every exception, as some do
                    sum(range(10_000))
                except Exception:
                    swallowed += 1
                    if swallowed > 1:
                        raise
    assert swallowed == 2  # the first alarm was discarded; the one half a second later stopped it
