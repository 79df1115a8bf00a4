"""Every route of `scenarios serve`, in process: status, content, escaping and the refusals."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from scenarios.cli.web import create_app

from .conftest import HOSTILE


def _mexico() -> tuple[int, int, float, float]:
    """Path count, outcome count and p_override's range of the bundled mexico scenario, as the engine has them."""
    from scenarios import engine

    s = engine.load("mexico")
    a = s.spec.assumptions["p_override"]
    return (s.summarize().path_count, sum(1 for n in s.spec.nodes.values() if n.type == "outcome"),
            float(a.low), float(a.high))


PATHS, OUTCOMES, LOW, HIGH = _mexico()


def page_data(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="page-data" nonce="[^"]+">(.*?)</script>', html, re.S)
    assert found, "the page embeds its data"
    return json.loads(found.group(1))


def test_index_lists_each_scenario_with_counts(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "US land strikes on cartels in Mexico" in r.text
    assert f"{PATHS:,} paths" in r.text and f"{OUTCOMES} outcomes" in r.text and "as of 2026-01-09" in r.text
    assert 'href="/s/port-dispute"' in r.text


def test_index_lists_an_invalid_file_with_its_errors(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("format: 1\ntitle: Broken\nstart: a\nnodes:\n  a: {type: outcome, label: A, colour: red}\n")
    with TestClient(create_app(["tutorial", str(bad)])) as c:
        r = c.get("/")
        assert r.status_code == 200
        assert "Six actors meet at a border crossing" in r.text or "tutorial" in r.text
        assert "broken.yaml:5:" in r.text and "colour" in r.text and "invalid" in r.text
        page = c.get("/s/broken")
        assert page.status_code == 200 and "does not check clean" in page.text


@pytest.mark.big
def test_scenario_page_has_diagram_sliders_and_disclaimer(client: TestClient) -> None:
    r = client.get("/s/mexico")
    assert r.status_code == 200
    assert "Illustrative, not a forecast" in r.text
    assert 'type="range" id="a-p_override"' in r.text and f'min="{LOW:g}" max="{HIGH:g}"' in r.text
    data = page_data(r.text)
    assert 'id="n:mexico_forces"' in data["state"]["svg"]
    assert data["nodes"]["mexico_forces"]["sources"][0]["title"]
    assert data["state"]["paths"]["total"] == PATHS and len(data["state"]["paths"]["rows"]) == 50


def test_every_page_sends_a_csp_with_a_fresh_nonce(client: TestClient) -> None:
    a, b = client.get("/s/tutorial"), client.get("/s/tutorial")
    csp = a.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)  # type: ignore[union-attr]
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert nonce not in b.headers["content-security-policy"]
    scripts = re.findall(r"<script[^>]*>", a.text)
    assert scripts and all(f'nonce="{nonce}"' in s for s in scripts)


@pytest.mark.big
def test_moving_a_slider_changes_weights_paths_and_the_play(client: TestClient) -> None:
    base = client.get("/api/s/mexico/state").json()
    moved = client.get("/api/s/mexico/state", params={"a.p_coop_enough": "0.7"}).json()
    assert base["paths"]["rows"][0]["weight"] != moved["paths"]["rows"][0]["weight"]
    assert base["shares"] != moved["shares"]
    assert moved["query"]["assumptions"] == {"p_coop_enough": 0.7}
    maximin = client.get("/api/s/mexico/state", params={"rule": "maximin"}).json()
    assert maximin["analysis"]["rule"] == "maximin" and maximin["analysis"]["play"]["nodes"]


@pytest.mark.parametrize(("params", "message"), [
    ({"a.p_override": "abc"}, "'abc' is not a number"),
    ({"a.p_override": "7"}, f"outside its range [{LOW:g}, {HIGH:g}]"),
    ({"a.p_override": "nan"}, "finite number"),
    ({"a.nope": "0.1"}, "unknown assumption 'nope'"),
    ({"rule": "vibes"}, "unknown rule 'vibes'"),
    ({"alpha": "2"}, "alpha must lie between 0 and 1"),
    ({"page": "0"}, "page: must be 1 or more"),
    ({"fold": "nowhere"}, "fold: no node 'nowhere'"),
    ({"path": "99999999"}, f"mexico has {PATHS:,} paths"),
    ({"path": "9" * 30}, f"mexico has {PATHS:,} paths"),  # past any index Python can slice to
    ({"page": "9" * 30}, f"mexico has {-(-PATHS // 50):,} pages of paths"),
    ({"page": "10000"}, f"mexico has {-(-PATHS // 50):,} pages of paths"),
])
@pytest.mark.big
def test_bad_parameters_are_400_with_the_engines_message(client: TestClient, params: dict, message: str) -> None:
    for url in ("/api/s/mexico/state", "/s/mexico"):
        r = client.get(url, params=params)
        assert r.status_code == 400, (url, r.text)
        assert message in (r.json()["error"] if url.startswith("/api") else r.text.replace("&#39;", "'"))


@pytest.mark.big
def test_a_link_with_a_bad_condition_opens_the_page_with_the_message_under_the_box(client: TestClient) -> None:
    assert client.get("/api/s/mexico/state", params={"where": "civilian_risk >= hgh"}).status_code == 400
    r = client.get("/s/mexico", params={"where": "civilian_risk >= hgh", "a.p_override": "0.4"})
    assert r.status_code == 200
    box = re.search(r'<p class="where-error" id="where-error" role="alert">([^<]+)</p>', r.text)
    assert box and "hgh" in box.group(1) and "did you mean" in box.group(1)
    assert 'value="civilian_risk &gt;= hgh"' in r.text
    query = page_data(r.text)["state"]["query"]
    assert query["where"] is None and query["assumptions"] == {"p_override": 0.4}


@pytest.mark.parametrize("url", [
    "/s/nope", "/api/s/nope/state", "/s/..%2F..%2Fetc%2Fpasswd", "/s/../../etc/passwd",
    "/api/s/..%2F..%2Fetc%2Fpasswd/state", "/static/..%2F..%2F..%2Fetc%2Fpasswd", "/s/%2Fetc%2Fpasswd",
    "/s/mexico.yaml", "/events/nope",
])
def test_only_served_scenarios_are_readable(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404
    assert "root:" not in r.text


def test_no_route_accepts_a_write(client: TestClient) -> None:
    for url in ("/", "/s/mexico", "/api/s/mexico/state", "/s/mexico/assumptions.yaml"):
        assert client.post(url).status_code == 405
        assert client.put(url).status_code == 405


def test_paths_are_paged_and_filtered_with_highlight(client: TestClient) -> None:
    last = -(-PATHS // 50)
    r = client.get("/api/s/mexico/paths", params={"page": last}).json()
    assert r["pages"] == last and [row["number"] for row in r["rows"]][-1] == PATHS
    f = client.get("/api/s/mexico/paths", params={"where": "civilian_risk >= high"}).json()
    assert 0 < f["total"] < PATHS and f["lit"]["nodes"] and f["lit"]["edges"]


def test_fold_replaces_a_subtree_with_a_stub(client: TestClient) -> None:
    svg = client.get("/api/s/tutorial/state", params={"fold": "south_answers"}).json()["svg"]
    assert 'id="n:more&#45;inspection"' in svg and "12 more paths" in svg
    assert 'id="n:inspection"' not in svg


def test_sensitivity_gives_tornado_and_thresholds(client: TestClient) -> None:
    s = client.get("/api/s/port-dispute/sensitivity").json()
    assert s["sweeps"][0]["name"] == "p_talks_succeed" and s["sweeps"][0]["values"]
    assert "not forecasts" in s["note"]


def test_download_is_an_assumptions_file_the_cli_accepts(client: TestClient, tmp_path: Path) -> None:
    from scenarios import engine
    from scenarios.engine.format.assumptions import load_assumption_file

    r = client.get("/s/mexico/assumptions.yaml", params={"a.p_override": "0.3"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    file = tmp_path / "a.yaml"
    file.write_bytes(r.content)
    values = load_assumption_file(engine.load("mexico"), file)
    assert values["p_override"] == 0.3 and values["p_clash"] == 0.2


@pytest.mark.big
def test_present_page_carries_phases_and_path(client: TestClient) -> None:
    for _ in range(60):  # the slides are laid out in the background
        if client.get("/api/s/mexico/slides", params={"path": "3"}).json()["ready"]:
            break
    r = client.get("/s/mexico/present", params={"path": "3"})
    assert r.status_code == 200 and 'id="n:mexico_forces"' in r.text
    assert 'data-title="Response"' in r.text and '"number": 3' in r.text


@pytest.mark.big
def test_hostile_text_is_escaped_everywhere(client: TestClient) -> None:
    for url in ("/", "/s/hostile", "/s/hostile/present"):
        html = client.get(url).text
        assert "<script>alert(1)" not in html
        assert not re.search(r'(?<!\\)"onmouseover=', html)  # only ever inside a JSON string or escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html or "\\u003cscript\\u003ealert(1)" in html
        assert "{{ 7*7 }}" in html and "alert(1) 49" not in html
    data = page_data(client.get("/s/hostile").text)
    assert data["nodes"]["a_moves"]["label"] == HOSTILE  # the same text comes back intact
    assert data["nodes"]["a_moves"]["sources"][0]["link"] is None  # javascript: is never a link
    state = client.get("/api/s/hostile/state").json()
    assert "<script>alert" not in state["svg"]
    assert state["paths"]["rows"][-1]["steps"]
    yaml_text = client.get("/s/hostile/assumptions.yaml").text
    assert yaml_text.splitlines()[0].startswith("# Assumptions for")


def test_events_stream_is_off_without_watching(client: TestClient) -> None:
    assert client.get("/events/mexico").status_code == 404


@pytest.mark.big
def test_html_export_is_one_self_contained_file(hostile_file: Path, tmp_path: Path) -> None:
    from scenarios import engine
    from scenarios.cli.web.export import html

    page = html(engine.load("mexico")).decode()
    assert 'id="n:mexico_forces"' in page and "stated assumptions" in page
    assert not re.search(r"""(src|href)=["']?(https?:|//)""", page)  # nothing is fetched
    assert "<link" not in page and "http-equiv=\"Content-Security-Policy\"" in page
    hostile = html(engine.load(str(hostile_file))).decode()
    assert "<script>alert(1)" not in hostile and "&lt;script&gt;alert(1)" in hostile
    assert not re.search(r'(?<!\\)"onmouseover=', hostile)


def test_render_html_writes_the_file_and_refuses_view_options(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from scenarios.cli.main import main

    out = tmp_path / "tutorial.html"
    r = CliRunner().invoke(main, ["render", "tutorial", "-f", "html", "-o", str(out), "--set", "p_find=0.6"])
    assert r.exit_code == 0, r.output
    assert "with p_find = 0.6" in out.read_text()
    r = CliRunner().invoke(main, ["render", "tutorial", "-f", "html", "--tree", "-o", str(out)])
    assert r.exit_code == 2 and "leave out --tree" in r.output
