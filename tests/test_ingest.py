"""Tests for newsevents.ingest: every input kind, every failure code, nothing lost."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest

from newsevents.ingest import (
    MAX_CHARS,
    MIN_ENGLISH_STOP_WORD_SHARE,
    Article,
    ArticleFailure,
    english_stop_word_share,
    read_inputs,
)

DEV_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "articles.jsonl"

ENGLISH = (
    "WASHINGTON - American President Joe Biden had his first call with President Vladimir Putin of Russia "
    "on Tuesday. The new president looked to preserve room for diplomacy, telling the Russian leader that "
    "the two nations should finalize a five-year extension of an arms control treaty before it expires."
)
FOREIGN = {
    "fr": "Le président américain Joe Biden a eu mardi son premier entretien téléphonique avec le président "
    "russe Vladimir Poutine. Les deux dirigeants ont convenu de prolonger de cinq ans le traité de désarmement "
    "nucléaire qui expire au début du mois prochain, selon des responsables au fait de la conversation.",
    "de": "Der amerikanische Präsident Joe Biden hat am Dienstag zum ersten Mal mit dem russischen Präsidenten "
    "Wladimir Putin telefoniert. Nach Angaben von Regierungsvertretern vereinbarten beide Seiten, den Vertrag "
    "über die Begrenzung strategischer Atomwaffen um fünf Jahre zu verlängern.",
    "es": "El presidente estadounidense Joe Biden mantuvo el martes su primera conversación telefónica con el "
    "presidente ruso Vladimir Putin. Según funcionarios familiarizados con la llamada, ambos líderes acordaron "
    "prorrogar por cinco años el tratado de control de armas nucleares que vence el próximo mes.",
    "ru": "Президент США Джо Байден во вторник впервые провёл телефонный разговор с президентом России "
    "Владимиром Путиным. По словам осведомлённых чиновников, стороны договорились продлить на пять лет договор "
    "о контроле над вооружениями, срок действия которого истекает в начале следующего месяца.",
    "zh": "美国总统拜登星期二与俄罗斯总统普京进行了首次通话。据知情官员透露，双方同意在下月初到期之前将军备控制条约延长五年。",
    "ar": "أجرى الرئيس الأمريكي جو بايدن يوم الثلاثاء أول اتصال هاتفي مع الرئيس الروسي فلاديمير بوتين. وقال مسؤولون "
    "مطلعون على المكالمة إن الزعيمين اتفقا على تمديد معاهدة الحد من الأسلحة النووية لمدة خمس سنوات قبل انتهاء "
    "صلاحيتها في أوائل الشهر المقبل.",
}


def split(results):
    results = list(results)
    return [r for r in results if isinstance(r, Article)], [r for r in results if isinstance(r, ArticleFailure)]


def line(**obj) -> str:
    return json.dumps(obj, ensure_ascii=False) + "\n"


def only_failure(results, code: str) -> ArticleFailure:
    articles, failures = split(results)
    assert [f.code for f in failures] == [code], failures
    return failures[0]


def test_txt_file_is_one_article_with_text_kept_exactly(tmp_path):
    text = "\ufeff" + ENGLISH.replace(". ", ".\r\n")
    path = tmp_path / "biden-call.txt"
    path.write_bytes(text.encode("utf-8"))
    [article] = read_inputs([path])
    assert article.id == "biden-call"
    assert article.text == text[1:]  # BOM stripped, \r\n kept
    assert "\r\n" in article.text
    assert article.source == str(path)
    assert article.published is None


def test_directory_reads_txt_files_sorted_by_name_only(tmp_path):
    (tmp_path / "b.txt").write_text(ENGLISH + " B.", encoding="utf-8")
    (tmp_path / "a.txt").write_text(ENGLISH + " A.", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(line(id="c", text=ENGLISH), encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text(ENGLISH, encoding="utf-8")
    articles, failures = split(read_inputs([tmp_path]))
    assert [a.id for a in articles] == ["a", "b"]
    assert articles[0].text.endswith(" A.")
    assert failures == []


def test_empty_directory_is_reported(tmp_path):
    assert only_failure(read_inputs([tmp_path]), "E104").source == str(tmp_path)


def test_jsonl_gold_like_lines_with_metadata(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(
        line(id="biden-putin-call", published="2021-01-27", source_dataset="seed", text=ENGLISH,
             events=[{"type": "CONSULT"}])
        + "\n   \n"
        + line(id="x2", text=ENGLISH, title="Call", outlet="AP", url="https://example.org/x2", language="en-US"),
        encoding="utf-8",
    )
    articles, failures = split(read_inputs([path], published=datetime.date(2020, 1, 1)))
    assert failures == []
    assert [(a.id, a.source) for a in articles] == [("biden-putin-call", f"{path}:1"), ("x2", f"{path}:4")]
    assert articles[0].published == datetime.date(2021, 1, 27)  # own date wins over the default
    assert articles[1].published == datetime.date(2020, 1, 1)  # default applies
    assert (articles[1].title, articles[1].outlet, articles[1].url) == ("Call", "AP", "https://example.org/x2")
    assert articles[0].text == ENGLISH


def test_jsonl_malformed_line_fails_alone(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(line(id="a", text=ENGLISH) + '{"id": "b" "text": "x"}\n' + line(id="c", text=ENGLISH),
                    encoding="utf-8")
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["a", "c"]
    [failure] = failures
    assert failure.code == "E111" and failure.source.endswith(":2") and failure.article_id is None
    assert str(failure) == f"{path}:2: E111 invalid JSON: Expecting ',' delimiter (col 12)"
    assert failure.to_dict() == {"source": f"{path}:2", "article_id": None, "code": "E111",
                                 "reason": "invalid JSON: Expecting ',' delimiter (col 12)"}


@pytest.mark.parametrize("bad", [{"text": ENGLISH}, {"id": "a"}, {"id": "a", "text": 42},
                                 {"id": "a", "text": ENGLISH, "title": 3}, ["a", ENGLISH]])
def test_jsonl_missing_or_wrong_fields(tmp_path, bad):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(bad) + "\n" + line(id="ok", text=ENGLISH), encoding="utf-8")
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["ok"]
    assert [(f.code, f.source) for f in failures] == [("E112", f"{path}:1")]


def test_jsonl_invalid_published(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(line(id="a", text=ENGLISH, published="27/01/2021") + line(id="b", text=ENGLISH,
                                                                                published="2021-01-27T10:00:00Z"),
                    encoding="utf-8")
    articles, failures = split(read_inputs([path]))
    assert [(a.id, a.published) for a in articles] == [("b", datetime.date(2021, 1, 27))]
    assert [(f.code, f.article_id) for f in failures] == [("E113", "a")]
    assert "27/01/2021" in failures[0].reason


def test_stdin_jsonl_and_plain_text():
    stream = io.BytesIO(("\n  " + line(id="s1", text=ENGLISH) + line(id="s2", text=ENGLISH)).encode())
    articles, failures = split(read_inputs(["-"], stdin=stream))
    assert failures == []
    assert [(a.id, a.source) for a in articles] == [("s1", "<stdin>:2"), ("s2", "<stdin>:3")]
    [article] = read_inputs(["-"], stdin=io.BytesIO(("\n" + ENGLISH).encode()), published=datetime.date(2021, 1, 27))
    assert (article.id, article.source, article.text) == ("stdin", "<stdin>", "\n" + ENGLISH)
    assert article.published == datetime.date(2021, 1, 27)


def test_stdin_empty():
    assert only_failure(read_inputs(["-"], stdin=io.BytesIO(b"")), "E110").source == "<stdin>"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n"])
def test_empty_txt(tmp_path, content):
    (tmp_path / "empty.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    articles, failures = split(read_inputs([tmp_path]))
    assert [a.id for a in articles] == ["good"]
    assert [(f.code, f.article_id) for f in failures] == [("E110", "empty")]


def test_empty_jsonl_text_and_empty_jsonl_file(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(line(id="a", text=" \n ") + line(id="b", text=ENGLISH), encoding="utf-8")
    (tmp_path / "none.jsonl").write_text("\n\n", encoding="utf-8")
    articles, failures = split(read_inputs([path, tmp_path / "none.jsonl"]))
    assert [a.id for a in articles] == ["b"]
    assert [(f.code, f.source) for f in failures] == [("E110", f"{path}:1"), ("E110", str(tmp_path / "none.jsonl"))]


def test_binary_files(tmp_path):
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "controls.txt").write_bytes(b"\x01\x02\x03\x04 words and more words " * 10)
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    articles, failures = split(read_inputs([tmp_path]))
    assert [a.id for a in articles] == ["good"]
    assert [(f.code, f.article_id) for f in failures] == [("E114", "controls"), ("E114", "image")]
    assert "NUL byte at byte offset 8" in failures[1].reason


def test_invalid_utf8_reports_byte_offset(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("\ufeffCafé society".encode("utf-8")[:3] + "Café society".encode("latin-1"))
    path = tmp_path / "in.jsonl"
    path.write_bytes(line(id="a", text=ENGLISH).encode() + b'{"id": "b", "text": "caf\xe9"}\n')
    failure = only_failure(read_inputs([tmp_path / "latin1.txt"]), "E115")
    assert "byte offset 6" in failure.reason  # 3 BOM bytes + "Caf"
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["a"]
    assert [f.code for f in failures] == ["E115"]
    assert f"byte offset {len(line(id='a', text=ENGLISH).encode()) + 24}" in failures[0].reason


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_non_english_text_is_flagged(tmp_path, lang):
    (tmp_path / f"{lang}.txt").write_text(FOREIGN[lang], encoding="utf-8")
    (tmp_path / "z-english.txt").write_text(ENGLISH, encoding="utf-8")
    articles, failures = split(read_inputs([tmp_path]))
    assert [a.id for a in articles] == ["z-english"]
    assert [(f.code, f.article_id) for f in failures] == [("E116", lang)]


def test_language_field_and_short_text(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(line(id="a", text=ENGLISH, language="fr") + line(id="b", text=ENGLISH, language="English")
                    + line(id="c", text="Le président a parlé."), encoding="utf-8")
    articles, failures = split(read_inputs([path]))
    assert [a.id for a in articles] == ["b", "c"]  # "c" is too short to judge
    assert [(f.code, f.article_id) for f in failures] == [("E116", "a")]


def test_stop_word_share_separates_english_from_others():
    assert english_stop_word_share(ENGLISH)[1] > 0.3
    for text in FOREIGN.values():
        n_words, share = english_stop_word_share(text)
        assert n_words >= 20 and share < MIN_ENGLISH_STOP_WORD_SHARE


def test_too_long_article(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text((ENGLISH + "\n") * (5_000_000 // (len(ENGLISH) + 1) + 1), encoding="utf-8")
    (tmp_path / "small.txt").write_text(ENGLISH, encoding="utf-8")
    articles, failures = split(read_inputs([tmp_path]))
    assert [a.id for a in articles] == ["small"]
    assert [(f.code, f.article_id) for f in failures] == [("E117", "big")]
    assert f"{MAX_CHARS:,}" in failures[0].reason and "split" in failures[0].reason
    assert only_failure(read_inputs([tmp_path / "small.txt"], max_chars=100), "E117")


def test_duplicate_ids_keep_first(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    path = tmp_path / "in.jsonl"
    path.write_text(line(id="a", text=ENGLISH + " second") + line(id="b", text=ENGLISH), encoding="utf-8")
    articles, failures = split(read_inputs([tmp_path / "a.txt", path]))
    assert [(a.id, a.source) for a in articles] == [("a", str(tmp_path / "a.txt")), ("b", f"{path}:2")]
    assert [(f.code, f.article_id, f.source) for f in failures] == [("E118", "a", f"{path}:1")]


def test_missing_and_unsupported_inputs_do_not_stop_the_run(tmp_path):
    (tmp_path / "good.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.7\n")
    results = list(read_inputs([tmp_path / "missing.txt", tmp_path / "report.pdf", str(tmp_path / "good.txt")]))
    assert [type(r).__name__ for r in results] == ["ArticleFailure", "ArticleFailure", "Article"]
    assert [(r.code, r.source) for r in results[:2]] == [("E101", str(tmp_path / "missing.txt")),
                                                         ("E102", str(tmp_path / "report.pdf"))]
    assert results[2].id == "good"


def test_reading_is_lazy_and_deterministic(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("".join(line(id=f"a{i}", text=ENGLISH) for i in range(5)), encoding="utf-8")
    results = read_inputs([path])
    assert next(results).id == "a0"
    assert [a.id for a in read_inputs([path])] == [f"a{i}" for i in range(5)]


def test_dev_corpus_reads_without_failures():
    if not DEV_CORPUS.exists():
        pytest.skip(f"{DEV_CORPUS} not present")
    articles, failures = split(read_inputs([DEV_CORPUS]))
    assert failures == []
    assert len(articles) == 193


def test_jsonl_truncated_line_error_points_into_the_line(tmp_path):
    path = tmp_path / "cut.jsonl"
    path.write_text('{"id": "a", "text": "Russia attacked Ukraine."\n', encoding="utf-8")
    [failure] = list(read_inputs([path]))
    assert failure.reason == "invalid JSON: Expecting ',' delimiter (col 47)"  # just past the line's end


def test_quoted_globs_stand_for_their_files_sorted(tmp_path):
    from newsevents.ingest import read_inputs

    for name, text in (("b.jsonl", "NATO troops arrived."), ("a.jsonl", "Iran accused Israel of sabotage.")):
        (tmp_path / name).write_text(json.dumps({"id": name[0], "text": text}) + "\n", encoding="utf-8")
    items = list(read_inputs([str(tmp_path / "*.jsonl"), str(tmp_path / "none-*.csv")]))
    assert [getattr(i, "id", None) for i in items[:2]] == ["a", "b"]
    assert items[2].code == "E101" and items[2].reason == "no file matches this pattern"
