"""The web explorer in a real browser: headless Chromium (Playwright) against
the real application (``create_app``) served by uvicorn on 127.0.0.1.

Needs a Chromium binary: ``NEWSEVENTS_CHROMIUM`` or ``chromium`` on PATH. Without
one the tests skip, unless ``NEWSEVENTS_REQUIRE_BROWSER=1`` (CI), where they fail.
Every test also fails on any browser console error or uncaught page error, which
includes Content-Security-Policy violations.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "biden-putin-call.txt"
ARTIFACTS = REPO / "tests" / "artifacts"
REQUIRE = os.environ.get("NEWSEVENTS_REQUIRE_BROWSER") == "1"
TOKEN = "s3cret-token"


def _unavailable(reason: str):
    if REQUIRE:
        pytest.fail(f"{reason} (NEWSEVENTS_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def _chromium() -> str | None:
    return os.environ.get("NEWSEVENTS_CHROMIUM") or shutil.which("chromium")


# -- the server -------------------------------------------------------------------
class _Server:
    """uvicorn serving an app in a background thread on a free 127.0.0.1 port."""

    def __init__(self, app) -> None:
        import uvicorn

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> _Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="module")
def server(coder, store_db):
    from newsevents.api import ApiSettings, create_app

    with _Server(create_app(ApiSettings(db=store_db, token=None), coder=coder)) as running:
        yield running.url


@pytest.fixture(scope="module")
def guarded_server(coder, store_db):
    """A store, and a bearer token."""
    from newsevents.api import ApiSettings, create_app

    with _Server(create_app(ApiSettings(db=store_db, token=TOKEN), coder=coder)) as running:
        yield running.url


@pytest.fixture(scope="module")
def bare_server(coder):
    """No store, and a bearer token."""
    from newsevents.api import ApiSettings, create_app

    with _Server(create_app(ApiSettings(db=None, token=TOKEN), coder=coder)) as running:
        yield running.url


# -- the browser ------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    path = _chromium()
    if not path:
        _unavailable("no Chromium: set NEWSEVENTS_CHROMIUM or put chromium on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed")
    with sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        except Exception as exc:  # a binary that cannot start (missing libraries, wrong path)
            _unavailable(f"Chromium at {path} did not start: {exc}")
        yield browser
        browser.close()


class Console:
    """Console errors and uncaught exceptions of one page; ``allow`` a pattern
    for an error the test provokes on purpose (e.g. a 404 resource)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.allowed: list[str] = []

    def allow(self, pattern: str) -> None:
        self.allowed.append(pattern)

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(re.search(p, e) for p in self.allowed)]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    console = Console()
    page.on("console", lambda m: console.errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: console.errors.append(f"pageerror: {e}"))
    page.console = console
    yield page
    context.close()
    assert console.unexpected() == [], "browser console errors"


# -- helpers ----------------------------------------------------------------------
def code_text(page, text: str, *, published: str | None = None, article_id: str | None = None,
              all_modalities: bool = False) -> None:
    page.fill("#code-text", text)
    page.set_checked("#all-modalities", all_modalities)
    if published:
        page.fill("#code-published", published)
    if article_id:
        page.fill("#code-id", article_id)
    page.click("#code-button")
    page.wait_for_selector("#code-result .article")
    page.wait_for_selector("#status.status-ok")


def segment_offset(page, selector: str) -> int:
    """UTF-16 offset of the first element matching selector within its article text."""
    return page.eval_on_selector(selector, """el => {
        const range = document.createRange();
        range.setStart(el.closest('.article-text'), 0);
        range.setEndBefore(el);
        return range.toString().length;
    }""")


def evidence_texts(page, host: str) -> list[dict]:
    """Per card: its trigger text as shown on the card, and the text of the
    segments holding that event's trigger role."""
    return page.evaluate("""host => {
        const root = document.querySelector(host);
        return [...root.querySelectorAll('.card')].map(card => {
            const i = card.dataset.eventIndex;
            const segs = [...root.querySelectorAll('.article-text [data-roles]')]
                .filter(s => s.dataset.roles.split(' ').includes(i + ':trigger'));
            return {card: card.querySelector('.trigger-word').textContent,
                    segments: segs.map(s => s.textContent).join('')};
        });
    }""", host)


# -- tests ------------------------------------------------------------------------
def test_code_view_highlights_evidence(page, server):
    text = EXAMPLE.read_text(encoding="utf-8")
    page.goto(server + "/")
    code_text(page, text, published="2021-01-27", article_id="biden-putin-call")

    consult = page.locator('#code-result .card[data-event-type="CONSULT"]').filter(
        has=page.locator(".trigger-word", has_text=re.compile(r"^call$"))).first
    assert consult.count() == 1
    assert consult.get_attribute("data-event-id")
    index = consult.get_attribute("data-event-index")
    trigger = f'#code-result .article-text [data-roles~="{index}:trigger"]'
    assert page.text_content(trigger) == "call"
    assert "hl-trigger" in page.get_attribute(trigger, "class").split()
    assert segment_offset(page, trigger) == text.index("call")  # the first sentence's "call"
    for kind in ("actor", "recipient", "date", "place", "attribution"):
        assert page.locator(f'#code-result .article-text [data-roles~="{index}:{kind}"].hl-{kind}').count(), kind

    # every card's trigger is exactly the text its trigger segments cover
    for row in evidence_texts(page, "#code-result"):
        assert row["card"] == row["segments"]

    consult.hover()
    page.wait_for_selector(trigger + ".active")
    state = page.evaluate("""i => {
        const segs = [...document.querySelectorAll('#code-result .article-text [data-events]')];
        const mine = segs.filter(s => s.dataset.events.split(' ').includes(i));
        return {mine: mine.length, mineActive: mine.filter(s => s.classList.contains('active')).length,
                active: segs.filter(s => s.classList.contains('active')).length};
    }""", index)
    assert state["mine"] >= 5 and state["mineActive"] == state["mine"] == state["active"]

    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(400)  # let the smooth scroll settle
    page.screenshot(path=str(ARTIFACTS / "explorer.png"), full_page=True)


def modality_cards(page) -> list[dict]:
    return page.eval_on_selector_all("#code-result .card", """cards => cards.map(c => ({
        modality: c.dataset.modality, unasserted: c.classList.contains('unasserted'),
        badge: (c.querySelector('.not-event-badge') || {}).textContent || null,
        trigger: c.querySelector('.trigger-word').textContent,
        border: getComputedStyle(c).borderTopStyle}))""")


def test_statements_that_are_not_events_are_marked(page, server):
    text = EXAMPLE.read_text(encoding="utf-8")
    page.goto(server + "/#code")
    code_text(page, text, published="2021-01-27", all_modalities=True)
    cards = modality_cards(page)
    marked = [c for c in cards if c["unasserted"]]
    # "Biden agreed but wanted first to ... speak with European allies": wished for, not done
    assert {"modality": "future", "unasserted": True, "badge": "WISHED-FOR (future)", "trigger": "speak",
            "border": "dashed"} in marked
    assert all(c["modality"] in ("negated", "hypothetical", "future") for c in marked)
    assert all(not c["badge"] and c["border"] == "solid" for c in cards if not c["unasserted"])
    assert page.locator("#code-result .legend-unasserted").count() == 1
    assert "not coded as events" in page.text_content("#code-result .article-meta")
    speak = next(i for i, c in enumerate(cards) if c["trigger"] == "speak")
    trigger = f'#code-result .article-text [data-roles~="{speak}:trigger"]'
    assert "unasserted" in page.get_attribute(trigger, "class").split()
    assert page.eval_on_selector(trigger, "el => getComputedStyle(el).textDecorationStyle") == "dotted"

    # unticking the box codes the text again, without the statements that are not events
    page.set_checked("#all-modalities", False)
    page.wait_for_function("""() => {
        const cards = document.querySelectorAll('#code-result .card');
        return cards.length > 0 && !document.querySelector('#code-result .card.unasserted');
    }""")
    assert len(modality_cards(page)) == len(cards) - len(marked)
    assert page.locator("#code-result .legend-unasserted, #code-result .seg.unasserted").count() == 0

    # negated and hypothetical statements have their own badges
    short = ("Russia did not attack Ukraine on Monday. Russia could attack Ukraine. "
             "Germany pledged air defence systems to Ukraine on Wednesday.")
    code_text(page, short, published="2024-03-06", all_modalities=True)
    by_modality = {c["modality"]: c for c in modality_cards(page)}
    assert by_modality["negated"]["badge"] == "NEGATED" and by_modality["negated"]["unasserted"]
    assert by_modality["hypothetical"]["badge"] == "HYPOTHETICAL" and by_modality["hypothetical"]["unasserted"]
    assert not any(c["unasserted"] for m, c in by_modality.items() if m not in ("negated", "hypothetical"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-modalities.png"), full_page=True)


def test_article_text_is_never_markup(page, server):
    text = ('Russia attacked Ukraine on Monday. <script>window.__xss=1</script> '
            '<img src=x onerror="window.__xss=2"> The attack was condemned by France.')
    page.goto(server + "/#code")
    code_text(page, text)
    shown = page.text_content("#code-result .article-text")
    assert shown == text
    assert "<script>" in shown and "<img src=x onerror=" in shown
    assert page.locator("#code-result script, #code-result img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("#code-result .card").count() >= 1


def test_upload_a_text_file(page, server):
    page.goto(server + "/#code")
    page.set_input_files("#code-file", files=[{
        "name": "wire-7.txt", "mimeType": "text/plain",
        "buffer": "Germany pledged air defence systems to Ukraine on Wednesday.".encode()}])
    page.wait_for_selector('#code-result .article[data-article-id="wire-7"] .card')
    assert page.input_value("#code-id") == "wire-7"
    assert "Germany pledged" in page.input_value("#code-text")


def test_spans_count_code_points_not_utf16_units(page, server):
    # Flags and emoji are two UTF-16 units per code point: highlights must not drift.
    text = "🇷🇺🇺🇦 😀 Russia attacked Ukraine on Monday. 𝔄 Germany pledged air defence systems to Ukraine."
    page.goto(server + "/#code")
    code_text(page, text, published="2024-03-06")
    rows = evidence_texts(page, "#code-result")
    assert rows and all(r["card"] == r["segments"] for r in rows)
    assert page.text_content("#code-result .article-text") == text


def test_stored_article_renders_with_highlights(page, server):
    page.goto(server + "/#article/biden-putin-call")
    page.wait_for_selector("#article-result .card")
    assert page.locator("#article-result .article[data-article-id='biden-putin-call']").count() == 1
    assert "published 2021-01-27" in page.text_content("#article-result .article-meta")
    assert page.locator('#article-result .card[data-event-type="CONSULT"]').count() >= 1
    assert page.locator("#article-result .article-text .hl-trigger").count() >= 5
    assert page.locator("#article-result .article-text .hl-actor").count() >= 5
    for row in evidence_texts(page, "#article-result"):
        assert row["card"] == row["segments"]
    # keyboard: focusing a card lights its evidence
    page.focus("#article-result .card >> nth=0")
    page.wait_for_selector("#article-result .article-text .active")

    page.console.allow(r"status of 404")
    page.goto(server + "/#article/" + "no%3Asuch%2Farticle")
    page.wait_for_selector("#status.status-error")
    assert "no article 'no:such/article'" in page.text_content("#status")


def test_events_view_filters_and_opens_articles(page, server):
    page.goto(server + "/#events")
    page.wait_for_selector("#events-table .event-row")
    every = page.locator("#events-table .event-row").count()
    types = set(page.eval_on_selector_all("#events-table .event-row", "rows => rows.map(r => r.dataset.eventType)"))
    assert every >= 5 and "CONSULT" in types and len(types) > 1

    page.select_option("#f-type", "CONSULT")
    page.click("#events-button")
    page.wait_for_function("""() => {
        const rows = [...document.querySelectorAll('#events-table .event-row')];
        return rows.length > 0 && rows.every(r => r.dataset.eventType === 'CONSULT');
    }""")
    consults = page.locator("#events-table .event-row").count()
    assert 0 < consults < every
    assert re.search(rf"of {consults}\b", page.text_content("#events-summary"))

    row = page.locator("#events-table .event-row").first
    article_id = row.get_attribute("data-article-id")
    row.click()
    page.wait_for_selector("#article-result .card")
    assert page.locator(f'#article-result .article[data-article-id="{article_id}"]').count() == 1


def test_dyad_and_network_views_show_charts(page, server):
    page.goto(server + "/#dyad")
    page.wait_for_selector("#dyad-img:not([hidden])")
    assert page.get_attribute("#dyad-img", "src").startswith("blob:")
    assert page.locator("#dyad-table tbody tr").count() >= 1
    page.wait_for_function("document.querySelector('#dyad-img').naturalWidth > 0")

    page.goto(server + "/#network")
    page.wait_for_selector("#network-img:not([hidden])")
    page.wait_for_function("document.querySelector('#network-img').naturalWidth > 0")
    assert page.locator("#actors-table tbody tr").count() >= 2


def test_token_and_no_store(page, bare_server):
    page.console.allow(r"status of 401")
    page.goto(bare_server + "/#events")
    page.wait_for_selector("#view-events .no-store:not([hidden])")
    assert page.locator("#view-events .needs-store").is_hidden()
    assert "no store" in page.text_content("#health")

    page.goto(bare_server + "/#code")
    page.fill("#code-text", "Russia attacked Ukraine on Monday.")
    page.click("#code-button")
    page.wait_for_selector("#status.status-error")
    status = page.text_content("#status")
    assert status.startswith("Error 401: missing or wrong bearer token")  # the server's message ...
    assert "enter the API token in the Token field" in status  # ... and the hint
    assert page.locator("#code-result .card").count() == 0

    # Enter in the Token field stores the token, clears the error and codes again: no click on Code
    page.fill("#token", TOKEN)
    page.press("#token", "Enter")
    page.wait_for_selector("#code-result .card")
    page.wait_for_selector("#status.status-ok")
    assert page.evaluate("sessionStorage.getItem('newsevents.token')") == TOKEN


def test_token_entered_reloads_the_current_view(page, guarded_server):
    page.console.allow(r"status of 401")
    page.goto(guarded_server + "/#events")
    page.wait_for_selector("#status.status-error")
    assert "Error 401" in page.text_content("#status")
    assert "enter the API token in the Token field" in page.text_content("#status")
    assert page.locator("#events-table .event-row").count() == 0

    page.fill("#token", TOKEN)
    page.press("#token", "Enter")  # no click on Filter
    page.wait_for_selector("#events-table .event-row")
    page.wait_for_selector("#status", state="hidden")  # the 401 error is gone
    assert page.evaluate("sessionStorage.getItem('newsevents.token')") == TOKEN

    # a changed token (leaving the field) also repeats the request: a wrong one fails again ...
    page.fill("#token", "wrong-token")
    page.press("#token", "Tab")
    page.wait_for_selector("#status.status-error")
    assert "Error 401" in page.text_content("#status")
    # ... and the right one clears the error and loads the same page of events
    page.fill("#token", TOKEN)
    page.press("#token", "Tab")
    page.wait_for_selector("#status", state="hidden")
    page.wait_for_function("() => /^Events 1–\\d+ of \\d+/.test(document.querySelector('#events-summary').textContent)")
    assert page.locator("#events-table .event-row").count() >= 5

    # and on a chart view, the chart that was refused is drawn once the token is entered
    page.fill("#token", "")
    page.press("#token", "Enter")
    page.goto(guarded_server + "/#network")
    page.wait_for_selector("#status.status-error")
    page.fill("#token", TOKEN)
    page.press("#token", "Enter")
    page.wait_for_selector("#network-img:not([hidden])")
    page.wait_for_selector("#status", state="hidden")
