"""The HTTP API in process: every endpoint, status code and limit, and a
schemathesis run over the OpenAPI document (no server errors)."""

from __future__ import annotations

import threading

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from newsevents.api import ApiSettings, create_app
from newsevents.coding_worker import CodingTimeout
from newsevents.ingest import Article

from .conftest import EXAMPLE

TEXT = EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def client(coder, store_db):
    with TestClient(create_app(ApiSettings(db=store_db, token=None), coder=coder)) as test_client:
        yield test_client


def make_client(coder, **settings) -> TestClient:
    settings.setdefault("token", None)
    return TestClient(create_app(ApiSettings(**settings), coder=coder))


# -- coding -------------------------------------------------------------------
def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "coder_version": "0.1.0", "store": True}


def test_code_gives_the_cli_records(client, coder):
    response = client.post("/v1/code", json={"text": TEXT, "published": "2021-01-27", "article_id": "call"})
    assert response.status_code == 200
    body = response.json()
    expected = [e.model_dump(mode="json") for e in coder.code(TEXT, published="2021-01-27", article_id="call")]
    assert body["events"] == expected and body["count"] == len(expected) == 15
    first = body["events"][0]
    assert (first["event_type"], first["mode"], first["event_date"]) == ("CONSULT", "phone", "2021-01-26")
    start, end = first["trigger"]["span"]
    assert TEXT[start:end] == first["trigger"]["text"] == "call"


@pytest.mark.parametrize("body, where", [
    ({}, "body.text: Field required"),
    ({"text": ""}, "body.text: String should have at least 1 character"),
    ({"text": "Russia attacked Ukraine.", "published": "27/01/2021"}, "body.published"),
    ({"text": 42}, "body.text: Input should be a valid string"),
    ({"text": "  \n "}, "body.text: Value error, text is only whitespace"),
])
def test_malformed_bodies_get_422_naming_the_field(client, body, where):
    response = client.post("/v1/code", json=body)
    assert response.status_code == 422
    assert where in response.json()["message"] and response.json()["detail"]
    assert all("input" not in error for error in response.json()["detail"])  # the text is never echoed back


def test_invalid_json_gets_422(client):
    response = client.post("/v1/code", content=b'{"text": "cut', headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["message"].startswith("body: invalid JSON at character 9")
    form = client.post("/v1/code", content=b"text=Russia", headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 422 and "Content-Type: application/json" in form.json()["message"]


def test_bodies_over_the_limit_get_413(coder):
    with make_client(coder, max_body=1000) as small:
        big = {"text": "Russia attacked Ukraine. " * 100}
        response = small.post("/v1/code", json=big)
        assert response.status_code == 413 and "1000 bytes" in response.json()["detail"]
        streamed = small.post("/v1/code", content=(b"x" * 400 for _ in range(5)),  # chunked: no Content-Length
                              headers={"content-type": "application/json"})
        assert streamed.status_code == 413
        assert small.post("/v1/code", json={"text": "Russia attacked Ukraine."}).status_code == 200


def test_the_coding_process_stops_a_slow_text_and_serves_the_next(coder):
    """The real server: coding in child processes, a slow one killed past the limit and replaced
    while the other goes on serving."""
    with TestClient(create_app(ApiSettings(token=None, code_timeout=60, coders=2))) as served:
        pool = served.app.state.coding
        first_pids = pool.pids
        quick = served.post("/v1/code", json={"text": TEXT, "published": "2021-01-27", "article_id": "call"})
        assert quick.status_code == 200
        expected = [e.model_dump(mode="json") for e in coder.code(TEXT, published="2021-01-27", article_id="call")]
        assert quick.json()["events"] == expected
        slow = {}

        def code_slow() -> None:
            try:
                pool.code(Article(id="long", text=TEXT * 60), timeout=4.0)
            except CodingTimeout as exc:
                slow["error"] = exc

        thread = threading.Thread(target=code_slow)
        thread.start()
        meanwhile = served.post("/v1/code", json={"text": "Russian forces shelled Kharkiv on Monday."})
        assert thread.is_alive()  # the slow text still holds one coder; the other served this one
        assert meanwhile.status_code == 200 and meanwhile.json()["events"][0]["event_type"] == "ASSAULT"
        thread.join()
        assert "was stopped" in str(slow["error"])
        assert sum(a != b for a, b in zip(first_pids, pool.pids)) == 1  # only the slow one was replaced
        after = served.post("/v1/code", json={"text": "Russian forces shelled Kharkiv on Monday."})
        assert after.status_code == 200 and after.json()["events"][0]["event_type"] == "ASSAULT"


def test_coding_over_the_time_limit_gets_408(coder):
    with make_client(coder, code_timeout=0.001) as hurried:
        response = hurried.post("/v1/code", json={"text": TEXT})
    assert response.status_code == 408 and "limit of 0.001 s" in response.json()["detail"]


# -- the store ------------------------------------------------------------------
def test_events_filters_and_pages(client):
    everything = client.get("/v1/events", params={"limit": 500}).json()
    assert everything["total"] == len(everything["events"]) > 10
    shelling = client.get("/v1/events", params={"actor": "rus", "recipient": "UKR", "type": "ASSAULT"}).json()
    assert [e["event_date"] for e in shelling["events"]] == ["2024-03-19", "2024-03-04"]  # newest first
    assert shelling["events"][1]["num_mentions"] == 2 and shelling["events"][1]["trigger_text"] == "shelled"
    assert shelling["events"][1]["id"] == str(shelling["events"][1]["global_event_id"])
    march = client.get("/v1/events", params={"since": "2024-03-01", "until": "2024-03-31", "quad_class": 4}).json()
    assert {e["event_type"] for e in march["events"]} == {"ASSAULT"}
    assert client.get("/v1/events", params={"type": "assault"}).json()["total"] == len(shelling["events"]) == 2
    assert client.get("/v1/events", params={"q": "%"}).json()["total"] == 0  # no wildcards
    words = client.get("/v1/events", params={"q": "FIRST CALL"}).json()  # case-insensitive
    assert words["total"] >= 1 and all("first call" in e["sentence"].lower() for e in words["events"])
    page = client.get("/v1/events", params={"limit": 2, "offset": 2}).json()
    assert (page["total"], page["limit"], page["offset"]) == (everything["total"], 2, 2)
    assert [e["id"] for e in page["events"]] == [e["id"] for e in everything["events"][2:4]]


@pytest.mark.parametrize("params", [{"type": "HUG"}, {"since": "2024"}, {"limit": 0}, {"limit": 501}, {"quad_class": 5},
                                    {"since": "March"}, {"offset": -1}])
def test_bad_event_filters_get_422(client, params):
    assert client.get("/v1/events", params=params).status_code == 422


def test_article_with_its_evidence(client, store_db):
    body = client.get("/v1/articles/biden-putin-call").json()
    assert body["text"] == TEXT and body["published"] == "2021-01-27"
    assert len(body["events"]) == 15
    for event in body["events"]:
        for part in [event["trigger"], *event["actors"], *event["recipients"]]:
            start, end = part["span"]
            assert body["text"][start:end] == part["text"]
    missing = client.get("/v1/articles/no:such/article")
    assert missing.status_code == 404 and "no article 'no:such/article'" in missing.json()["detail"]


def test_dyad_series_and_plot(client):
    body = client.get("/v1/dyads/rus/ukr", params={"by": "week"}).json()
    assert (body["a"], body["b"], body["by"], body["directed"]) == ("RUS", "UKR", "week", False)
    first = body["periods"][0]
    assert (first["period"], first["events"], first["assault"], first["accuse"]) == ("2024-03-04", 2, 1, 1)
    assert body["periods"][1]["events"] == 0 and body["periods"][1]["mean_goldstein"] is None
    plot = client.get("/v1/dyads/RUS/UKR/plot.svg")
    assert plot.status_code == 200 and plot.headers["content-type"] == "image/svg+xml"
    assert b"<svg" in plot.content[:2000]
    assert client.get("/v1/dyads/RUS/RUS").status_code == 422
    assert client.get("/v1/dyads/RUS/UKR", params={"by": "year"}).status_code == 422
    none = client.get("/v1/dyads/BRA/CHN/plot.svg")
    assert none.status_code == 404 and "no events for BRA-CHN" in none.json()["detail"]


def test_actors_and_network(client):
    actors = client.get("/v1/actors", params={"top": 3}).json()["actors"]
    assert len(actors) == 3 and actors[0]["events"] >= actors[1]["events"]
    plot = client.get("/v1/network/plot.svg", params={"top": 10})
    assert plot.status_code == 200 and b"<svg" in plot.content[:2000]


def test_without_a_store_only_coding_works(coder):
    with make_client(coder) as bare:
        assert bare.get("/healthz").json()["store"] is False
        response = bare.get("/v1/events")
        assert response.status_code == 404 and "newsevents serve --db" in response.json()["detail"]
        assert bare.post("/v1/code", json={"text": "Russia attacked Ukraine."}).status_code == 200


# -- safety ---------------------------------------------------------------------
def test_token_guards_every_v1_endpoint_but_not_healthz(coder, store_db):
    with make_client(coder, db=store_db, token="s3cret") as guarded:
        for method, url in [("get", "/v1/events"), ("get", "/v1/articles/biden-putin-call"),
                            ("get", "/v1/dyads/RUS/UKR"), ("get", "/v1/actors"), ("get", "/v1/openapi.json"),
                            ("post", "/v1/code")]:
            kwargs = {"json": {"text": "Russia attacked Ukraine."}} if method == "post" else {}
            anonymous = getattr(guarded, method)(url, **kwargs)
            assert anonymous.status_code == 401 and anonymous.headers["www-authenticate"] == "Bearer", url
            wrong = getattr(guarded, method)(url, headers={"Authorization": "Bearer nope"}, **kwargs)
            assert wrong.status_code == 401, url
            right = getattr(guarded, method)(url, headers={"Authorization": "Bearer s3cret"}, **kwargs)
            assert right.status_code == 200, url
        assert guarded.get("/healthz").status_code == 200


def test_token_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_API_TOKEN", "from-env")
    assert ApiSettings().token == "from-env"
    monkeypatch.delenv("NEWSEVENTS_API_TOKEN")
    assert ApiSettings().token is None


def test_no_cors_unless_configured(client, coder):
    asked = client.get("/v1/actors", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in asked.headers
    with make_client(coder, cors_origins=("https://lab.example",)) as open_client:
        allowed = open_client.get("/healthz", headers={"Origin": "https://lab.example"})
        assert allowed.headers["access-control-allow-origin"] == "https://lab.example"
        other = open_client.get("/healthz", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def test_security_headers_and_no_paths(client):
    page = client.get("/healthz")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    for url in ["/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/v1/articles/../../etc/passwd"]:
        response = client.get(url)
        assert response.status_code == 404 and b"root:" not in response.content, url


def test_serve_refuses_a_missing_store(tmp_path):
    from typer.testing import CliRunner

    from newsevents.cli import app

    result = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "no such store" in result.stderr


# -- the OpenAPI document, fuzzed ----------------------------------------------------
def test_openapi_document_describes_the_endpoints(client):
    paths = client.get("/v1/openapi.json").json()["paths"]
    assert {"/healthz", "/v1/code", "/v1/events", "/v1/articles/{article_id}", "/v1/dyads/{a}/{b}",
            "/v1/dyads/{a}/{b}/plot.svg", "/v1/actors", "/v1/network/plot.svg"} <= set(paths)


def test_no_server_errors_under_schemathesis(coder, store_db):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error

    app = create_app(ApiSettings(db=store_db, token=None, code_timeout=20), coder=coder)
    schema = schemathesis.openapi.from_asgi("/v1/openapi.json", app)
    failures, calls = [], []
    for operation in schema.get_all_operations():
        operation = operation.ok()

        @settings(max_examples=15, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call()
            calls.append((operation.label, response.status_code))
            if response.status_code >= 500:
                failures.append((operation.label, response.status_code, response.text[:200]))
            case.validate_response(response, checks=[not_a_server_error])

        check()
    assert failures == []
    operations = {label for label, _ in calls}
    assert len(operations) == 8 and len(calls) >= 8 * 10, (len(operations), len(calls))


def test_dates_in_the_past_and_future_are_accepted(client):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert client.get("/v1/events", params={"since": "1900-01-01", "until": tomorrow}).status_code == 200
