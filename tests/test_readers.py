"""Tests for the HTML, WARC, gzip JSONL, CSV and Parquet inputs of newsevents.ingest (newsevents.readers)."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import socket

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsevents import readers
from newsevents.cli import app
from newsevents.ingest import Article, ArticleFailure, read_inputs

ENGLISH = (
    "WASHINGTON - American President Joe Biden had his first call with President Vladimir Putin of Russia "
    "on Tuesday. The new president looked to preserve room for diplomacy, telling the Russian leader that "
    "the two nations should finalize a five-year extension of an arms control treaty before it expires."
)
STORY = [
    "Russian forces shelled Kharkiv on Monday.",
    "The city's mayor said that several apartment buildings near the centre were damaged and that rescue "
    "teams worked through the night to clear the rubble.",
    "Residents spent hours in shelters and metro stations while air raid sirens sounded across the region, "
    "local officials told reporters.",
]
BOILERPLATE = ["Subscribe today for full access", "Celebrity chef opens new restaurant downtown",
               "Copyright 2024 Daily Courier Media Group", "Cookie settings"]


def page(paragraphs=STORY, *, title="Kharkiv shelled", head="", charset="utf-8") -> str:
    """A news page: the article's paragraphs between navigation, a sidebar and a footer."""
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="{charset}"><title>{title} | Daily Courier</title>
<meta property="og:site_name" content="Daily Courier">{head}
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">{BOILERPLATE[0]}</a></li></ul></nav></header>
<main><article>
{body}</article></main>
<aside><h3>Most read</h3><ul><li><a href="/a">{BOILERPLATE[1]}</a></li></ul></aside>
<footer><p>{BOILERPLATE[2]}. All rights reserved.</p><p><a href="/privacy">Privacy</a> | {BOILERPLATE[3]}</p></footer>
</body></html>
"""


def split(results):
    results = list(results)
    return [r for r in results if isinstance(r, Article)], [r for r in results if isinstance(r, ArticleFailure)]


def line(**obj) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- HTML

def test_html_page_main_text_without_boilerplate_and_metadata(tmp_path):
    path = tmp_path / "kharkiv.html"
    path.write_text(page(head='<link rel="canonical" href="https://courier.example/world/kharkiv">'
                              '<meta property="article:published_time" content="2024-03-04T09:30:00Z">'),
                    encoding="utf-8")
    [article] = read_inputs([path], published=datetime.date(2020, 1, 1))
    assert article.text == "\n".join(STORY)  # the paragraphs, exactly as extracted
    for junk in BOILERPLATE + ["Home", "Most read", "Privacy"]:
        assert junk not in article.text
    assert (article.id, article.source) == ("kharkiv", str(path))
    assert article.title == "Kharkiv shelled"
    assert article.outlet == "Daily Courier"
    assert article.url == "https://courier.example/world/kharkiv"
    assert article.published == datetime.date(2024, 3, 4)  # the page's own date wins over the default


def test_html_page_without_date_takes_the_default_and_htm_is_read(tmp_path):
    path = tmp_path / "story.HTM"
    path.write_text(page(), encoding="utf-8")
    [article] = read_inputs([path], published=datetime.date(2024, 3, 5))
    assert (article.id, article.published, article.url) == ("story", datetime.date(2024, 3, 5), None)
    assert article.text.startswith(STORY[0])


def test_html_page_in_a_declared_legacy_charset(tmp_path):
    path = tmp_path / "legacy.html"
    text = "Officials met at the caf\u00e9 \u201cLe Monde\u201d on Monday to discuss the ceasefire proposal."
    path.write_bytes(page([text] + STORY[1:], charset="windows-1252").encode("cp1252"))
    [article] = read_inputs([path])
    assert article.text.startswith(text)


@pytest.mark.parametrize("html", [
    "<p>hi</p>",
    "",
    "<html><head><title>Photo of the day</title><script>var x = 1;</script></head>"
    "<body><img src='photo.jpg'><script>document.write(1)</script></body></html>",
    "<!DOCTYPE html><html><head><title>Only a title</title></head><body>   </body></html>",
])
def test_html_page_without_main_text_fails_e119(tmp_path, html):
    (tmp_path / "empty.html").write_text(html, encoding="utf-8")
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    articles, failures = split(read_inputs([tmp_path / "empty.html", tmp_path / "good.txt"]))
    assert [a.id for a in articles] == ["good"]
    assert [(f.code, f.article_id, f.source) for f in failures] == [("E119", "empty", str(tmp_path / "empty.html"))]
    assert "no main text" in failures[0].reason


def test_html_page_too_large_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_HTML_BYTES", 500)
    path = tmp_path / "big.html"
    path.write_text(page(), encoding="utf-8")
    [failure] = read_inputs([path])
    assert (failure.code, failure.article_id) == ("E117", "big")
    assert "over the limit of 500" in failure.reason


def test_html_is_never_fetched(tmp_path, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    path = tmp_path / "links.html"
    path.write_text(page(head='<link rel="canonical" href="https://courier.example/a">'
                              '<link rel="stylesheet" href="https://cdn.example/site.css">'
                              '<script src="https://cdn.example/app.js"></script>'), encoding="utf-8")
    [article] = read_inputs([path])
    assert article.url == "https://courier.example/a"


def test_directory_reads_pages_and_archives_not_tables(tmp_path):
    (tmp_path / "b.html").write_text(page(), encoding="utf-8")
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "c.htm").write_text(page(STORY[1:]), encoding="utf-8")
    (tmp_path / "d.warc.gz").write_bytes(warc([("https://courier.example/d", page(), None)], gzip=True))
    (tmp_path / "e.csv").write_text("id,text\ne,x\n", encoding="utf-8")
    (tmp_path / "f.jsonl.gz").write_bytes(gzip.compress(line(id="f", text=ENGLISH).encode()))
    articles, failures = split(read_inputs([tmp_path]))
    assert failures == []
    assert [a.id for a in articles] == ["a", "b", "c", "https://courier.example/d"]


# ---------------------------------------------------------------- WARC

def warc(pages, *, gzip: bool, extra: bool = False, boundaries: list[int] | None = None) -> bytes:
    """A WARC file of HTML responses ``(uri, html, warc_date)``; with ``extra``, a request record
    and an image response after the first page. ``boundaries`` gets the end offset of each record."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)

    def response(uri, content_type, body, date=None, status="200 OK"):
        headers = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))],
                                   protocol="HTTP/1.1")
        record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                           http_headers=headers,
                                           warc_headers_dict={"WARC-Date": date} if date else None)
        writer.write_record(record)
        if boundaries is not None:
            boundaries.append(out.tell())

    for i, (uri, html, date) in enumerate(pages):
        response(uri, "text/html; charset=utf-8", html.encode("utf-8"), date)
        if extra and i == 0:
            request = b"GET /world/kharkiv HTTP/1.1\r\nHost: courier.example\r\n\r\n"
            writer.write_record(writer.create_warc_record(uri, "request", payload=io.BytesIO(request),
                                                          length=len(request)))
            png = b"\x89PNG\r\n\x1a\n" + bytes(200)
            response("https://courier.example/photo.png", "image/png", png)
    return out.getvalue()


@pytest.mark.parametrize("compressed", [False, True])
def test_warc_html_responses_are_articles(tmp_path, compressed):
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    dated = page(head='<meta property="article:published_time" content="2024-03-04">')
    second = page(ENGLISH.split(". "), title="Biden call")
    path.write_bytes(warc([("https://courier.example/world/kharkiv", dated, "2024-03-06T10:00:00Z"),
                           ("https://courier.example/world/call", second, "2021-01-27T08:15:00Z")],
                          gzip=compressed, extra=True))
    articles, failures = split(read_inputs([path], published=datetime.date(2020, 1, 1)))
    assert failures == []  # the request and the image are skipped silently
    first, call = articles
    assert (first.id, first.url, first.source) == ("https://courier.example/world/kharkiv",
                                                   "https://courier.example/world/kharkiv", f"{path}:1")
    assert first.text == "\n".join(STORY)
    assert all(junk not in first.text for junk in BOILERPLATE)
    assert first.published == datetime.date(2024, 3, 4)  # the page's own date, not the capture date
    assert (call.id, call.source, call.title) == ("https://courier.example/world/call", f"{path}:4", "Biden call")
    assert call.published == datetime.date(2021, 1, 27)  # no date in the page: the WARC-Date


def test_warc_repeated_uri_non_2xx_and_empty_archive(tmp_path):
    out = io.BytesIO(warc([("https://x.example/a", page(), None), ("https://x.example/a", page(STORY[:2]), None)],
                          gzip=False))
    out.seek(0, io.SEEK_END)
    writer = WARCWriter(out, gzip=False)
    body = page(["Sorry, the page you asked for was not found on this server. Try the search box instead."]).encode()
    headers = StatusAndHeaders("404 Not Found", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://x.example/missing", "response",
                                                  payload=io.BytesIO(body), length=len(body), http_headers=headers))
    (tmp_path / "a.warc").write_bytes(out.getvalue())
    (tmp_path / "empty.warc").write_bytes(b"")
    articles, failures = split(read_inputs([tmp_path / "a.warc", tmp_path / "empty.warc"]))
    assert [a.id for a in articles] == ["https://x.example/a", "https://x.example/a#2"]
    assert [a.url for a in articles] == ["https://x.example/a"] * 2
    assert [(f.code, f.source) for f in failures] == [("E110", str(tmp_path / "empty.warc"))]


@pytest.mark.parametrize("compressed", [False, True])
def test_truncated_warc_keeps_the_pages_before(tmp_path, compressed):
    ends: list[int] = []
    data = warc([(f"https://courier.example/{i}", page(STORY if i != 1 else STORY[1:]), None) for i in range(3)],
                gzip=compressed, boundaries=ends)
    path = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    path.write_bytes(data[: (ends[1] + ends[2]) // 2])  # cut in the middle of the third record
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["https://courier.example/0", "https://courier.example/1"]
    [failure] = failures
    assert (failure.code, failure.source) == ("E105", f"{path}:3")
    assert "the rest of the file is skipped" in failure.reason


@pytest.mark.parametrize("cut", [5, 60])
def test_warc_cut_in_a_header_or_not_a_warc(tmp_path, cut):
    one = warc([("https://courier.example/0", page(), None)], gzip=False)
    path = tmp_path / "bad.warc"
    path.write_bytes(one + one[:cut])  # a whole record, then a record cut inside its header
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["https://courier.example/0"]
    assert [(f.code, f.source) for f in failures] == [("E105", f"{path}:2")]
    (tmp_path / "page.warc").write_text(page(), encoding="utf-8")
    assert [(f.code, f.source) for f in read_inputs([tmp_path / "page.warc"])] == [
        ("E105", f"{tmp_path / 'page.warc'}:1")]


# ---------------------------------------------------------------- gzip JSONL

def test_jsonl_gz_lines_and_failures(tmp_path):
    path = tmp_path / "articles.jsonl.gz"
    content = line(id="a", text=ENGLISH, published="2021-01-27") + "\n" + '{"id": "b"\n' + line(id="c", text=ENGLISH)
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    articles, failures = split(read_inputs([path]))
    assert [(a.id, a.source, a.published) for a in articles] == [
        ("a", f"{path}:1", datetime.date(2021, 1, 27)), ("c", f"{path}:4", None)]
    assert articles[0].text == ENGLISH
    assert [(f.code, f.source) for f in failures] == [("E111", f"{path}:3")]


def test_truncated_or_corrupt_jsonl_gz(tmp_path):
    data = gzip.compress("".join(line(id=f"a{i}", text=ENGLISH) for i in range(200)).encode("utf-8"))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) - 40])
    articles, failures = split(read_inputs([cut]))
    assert [a.id for a in articles] == [f"a{i}" for i in range(len(articles))] and len(articles) > 150
    [failure] = failures
    assert (failure.code, failure.source) == ("E105", f"{cut}:{len(articles) + 1}")
    plain = tmp_path / "plain.jsonl.gz"
    plain.write_text(line(id="p", text=ENGLISH), encoding="utf-8")
    assert [(f.code, f.source) for f in read_inputs([plain])] == [("E105", f"{plain}:1")]


# ---------------------------------------------------------------- CSV

def test_csv_rows_columns_and_row_numbers(tmp_path):
    path = tmp_path / "articles.csv"
    multi = "Russian forces shelled Kharkiv on Monday.\r\nThe mayor said \"several\" buildings were damaged."
    quoted = multi.replace('"', '""')
    path.write_bytes(
        ("\ufeffID,Extra,Text,published,Title\r\n"
         f"a1,ignored,\"{quoted}\",2024-03-05,Kharkiv\r\n"
         "\r\n"
         "a2,x\r\n"  # no text cell
         "a3,x,,,\r\n"  # empty text
         f"a4,x,{ENGLISH.replace(',', '')},,\r\n"
         ",x,orphan text,,\r\n"  # no id
         "a6,x,Some text,27/01/2024,\r\n").encode("utf-8"))
    articles, failures = split(read_inputs([path], published=datetime.date(2020, 1, 1)))
    assert [(a.id, a.source) for a in articles] == [("a1", f"{path}:2"), ("a4", f"{path}:7")]
    assert articles[0].text == multi  # kept exactly, \r\n and quotes included
    assert (articles[0].published, articles[0].title) == (datetime.date(2024, 3, 5), "Kharkiv")
    assert (articles[1].published, articles[1].title) == (datetime.date(2020, 1, 1), None)
    assert [(f.code, f.source, f.article_id) for f in failures] == [
        ("E112", f"{path}:5", "a2"), ("E110", f"{path}:6", "a3"), ("E112", f"{path}:8", None),
        ("E113", f"{path}:9", "a6")]
    assert failures[0].reason == '"text" is missing'


def test_csv_long_text_bad_bytes_and_malformed_rows(tmp_path):
    long_text = (ENGLISH.replace(",", "") + " ") * 1000  # ~290,000 characters: over csv's default field limit
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"id,text\n"
                     + f"long,{long_text}\n".encode()
                     + b"latin,caf\xe9 society\n"
                     + b'bad,"quoted" then text\n'
                     + b"ok,Russia attacked Ukraine.\n")
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["long", "ok"]
    assert articles[0].text == long_text
    assert [(f.code, f.source) for f in failures] == [("E115", f"{path}:3"), ("E111", f"{path}:4")]
    bad_byte = len("id,text\n") + len(f"long,{long_text}\n") + len("latin,caf")
    assert f"byte offset {bad_byte}:" in failures[0].reason


def test_csv_unclosed_quote_header_and_empty(tmp_path):
    path = tmp_path / "open.csv"
    path.write_text(f"id,text\na,{ENGLISH}\nb,\"never closed\nc,{ENGLISH}\n", encoding="utf-8")
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["a"]
    assert [(f.code, f.source) for f in failures] == [("E105", f"{path}:3")]
    runaway = tmp_path / "runaway.csv"
    runaway.write_text(f"id,text\na,{ENGLISH}\nb,\"" + "word " * 50_000 + "\n", encoding="utf-8")
    articles, failures = split(read_inputs([runaway], max_chars=1000))  # rows up to 69,536 bytes
    assert [a.id for a in articles] == ["a"]
    assert [(f.code, f.source) for f in failures] == [("E105", f"{runaway}:3")]
    (tmp_path / "cols.csv").write_text("id,body\na,text\n", encoding="utf-8")
    (tmp_path / "empty.csv").write_text("\n\n", encoding="utf-8")
    results = list(read_inputs([tmp_path / "cols.csv", tmp_path / "empty.csv"]))
    assert [(r.code, r.source) for r in results] == [("E106", f"{tmp_path / 'cols.csv'}:1"),
                                                     ("E110", str(tmp_path / "empty.csv"))]


# ---------------------------------------------------------------- Parquet

def test_parquet_rows_in_batches_across_row_groups(tmp_path, monkeypatch):
    path = tmp_path / "articles.parquet"
    table = pa.table({
        "ID": pa.array([1, 2, 3, 4], pa.int64()),
        "Text": [ENGLISH, STORY[0], None, " ".join(STORY)],
        "published": pa.array([datetime.date(2021, 1, 27), None, None, datetime.date(2024, 3, 5)], pa.date32()),
        "title": ["Call", None, "Nothing", "Kharkiv"],
        "embedding": [[0.1], [0.2], [0.3], [0.4]],
    })
    pq.write_table(table, path, row_group_size=2)
    assert pq.ParquetFile(path).metadata.num_row_groups == 2
    calls = []
    iter_batches = pq.ParquetFile.iter_batches

    def spy(self, *args, **kwargs):
        calls.append(kwargs)
        return iter_batches(self, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    monkeypatch.setattr(readers, "PARQUET_BATCH_ROWS", 1)
    articles, failures = split(read_inputs([path], published=datetime.date(2020, 1, 1)))
    assert [(a.id, a.source, a.published, a.title) for a in articles] == [
        ("1", f"{path}:1", datetime.date(2021, 1, 27), "Call"),
        ("2", f"{path}:2", datetime.date(2020, 1, 1), None),
        ("4", f"{path}:4", datetime.date(2024, 3, 5), "Kharkiv")]
    assert articles[2].text == " ".join(STORY)
    assert [(f.code, f.source, f.article_id) for f in failures] == [("E112", f"{path}:3", "3")]
    assert calls == [{"batch_size": 1, "columns": ["ID", "Text", "published", "title"]}]


def test_parquet_without_text_column_or_not_parquet(tmp_path):
    pq.write_table(pa.table({"id": ["a"], "body": [ENGLISH]}), tmp_path / "cols.parquet")
    (tmp_path / "fake.parquet").write_text("id,text\n", encoding="utf-8")
    results = list(read_inputs([tmp_path / "cols.parquet", tmp_path / "fake.parquet"]))
    assert [(r.code, r.source) for r in results] == [("E106", str(tmp_path / "cols.parquet")),
                                                     ("E105", str(tmp_path / "fake.parquet"))]


# ---------------------------------------------------------------- end to end

def test_code_an_html_page_end_to_end(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    result = CliRunner().invoke(app, ["code", str(path), "--published", "2024-03-05"])
    assert result.exit_code == 0, result.output
    events = [json.loads(row) for row in result.stdout.splitlines()]
    [article] = read_inputs([path])
    shelling = [e for e in events if e["event_type"] == "ASSAULT"]
    assert shelling and shelling[0]["sentence"].strip() == STORY[0]
    assert (shelling[0]["article_id"], shelling[0]["event_date"]) == ("page", "2024-03-04")
    assert [a["code"] for a in shelling[0]["actors"]] == ["RUS"]
    for event in events:  # every offset points into the extracted text
        start, end = event["sentence_span"]
        assert article.text[start:end] == event["sentence"]
        start, end = event["trigger"]["span"]
        assert article.text[start:end] == event["trigger"]["text"]
        for actor in event["actors"] + event["recipients"]:
            assert article.text[actor["span"][0]:actor["span"][1]] == actor["text"]
    assert "1 article read, 1 coded, 0 failed" in result.stderr
