"""The real `scenarios workshop` process over loopback: a burst of votes reaches the big screen in a few
pushes that end with every vote, and every vote the server acknowledged survives `kill -9`."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import PORT
from tests.workshop.running import Running, start
from tests.workshop.wire import Answer, Closed, Conn, events

pytestmark = pytest.mark.e2e  # a real server process over a socket

Phone = tuple[Conn, dict[str, str]]


async def facilitator(server: Running) -> Phone:
    conn, login = Conn(server.port), urlsplit(server.login)
    cookie = (await conn.request("GET", f"{login.path}?{login.query}", {})).cookie("wsf_")
    assert cookie
    page = await conn.request("GET", "/facilitator", {"Cookie": cookie})
    token = re.search(r'"csrf": "([0-9a-f]+)"', page.body.decode())
    assert token, page.body[:300]
    return conn, {"Origin": server.base, "Cookie": cookie, "X-CSRF-Token": token.group(1)}


async def join(server: Running, name: str) -> Phone:
    conn = Conn(server.port)
    r = await conn.request("POST", "/api/join", {"Origin": server.base},
                           json.dumps({"code": server.code, "name": name}).encode())
    assert r.status == 200, r.body[:300]
    return conn, {"Origin": server.base, "Cookie": r.cookie("wsp_") or "", "X-CSRF-Token": r.json()["csrf"]}


async def post(phone: Phone, path: str, body: Any) -> Answer:
    conn, headers = phone
    return await conn.request("POST", path, headers, json.dumps(body).encode())


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def export(db: Path, session: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "scenarios", "workshop", "export", session, "--db", str(db)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_a_burst_of_votes_reaches_the_big_screen_in_a_few_pushes_ending_with_every_vote(tmp_path: Path) -> None:
    server = start(tmp_path / "workshops.db", str(PORT))
    try:
        asyncio.run(burst(server, 40))
    finally:
        server.stop()


async def burst(server: Running, phones: int) -> None:
    screen = await facilitator(server)
    shown: list[dict[str, Any]] = []
    stop = asyncio.Event()
    stream = asyncio.create_task(events(server.port, screen[1]["Cookie"], "/api/f/events", shown.append, stop))
    room = [await join(server, f"phone {n}") for n in range(phones)]
    vote = (await post(screen, "/api/f/open-vote", {"voters": "everyone"})).json()["result"]["id"]
    await until(lambda: bool(shown) and (shown[-1]["round"] or {}).get("id") == vote)
    before = len(shown)

    answers = await asyncio.gather(*(post(p, "/api/vote", {"round": vote, "branch": n % 2, "key": f"k{n}"})
                                     for n, p in enumerate(room)))
    assert [a.json()["counted"] for a in answers] == [True] * phones

    await until(lambda: shown[-1]["tally"]["voted"] == phones)
    assert [b["votes"] for b in shown[-1]["tally"]["branches"]] == [phones // 2, phones // 2]
    assert 1 <= len(shown) - before < phones // 2  # coalesced: far fewer pushes than votes
    stop.set()
    stream.cancel()


def test_every_vote_acknowledged_before_kill_9_is_counted_after_resume_and_none_twice(tmp_path: Path) -> None:
    db = tmp_path / "workshops.db"
    server = start(db, str(PORT))
    try:
        server = asyncio.run(crash(server, db, 30))
    finally:
        server.stop()


async def crash(server: Running, db: Path, phones: int) -> Running:
    screen = await facilitator(server)
    room = [await join(server, f"phone {n}") for n in range(phones)]
    vote = (await post(screen, "/api/f/open-vote", {"voters": "everyone"})).json()["result"]["id"]
    ballots = [{"round": vote, "branch": n % 2, "key": f"k{n}"} for n in range(phones)]
    acknowledged: list[int] = []

    async def send(n: int) -> None:
        try:
            r = await post(room[n], "/api/vote", ballots[n])
        except (Closed, ConnectionError):
            return  # in flight when the server died: the phone will resend it
        assert r.json()["counted"] is True
        acknowledged.append(n)

    half = phones // 2
    await asyncio.gather(*(send(n) for n in range(half)))  # half the room answered
    rest = [asyncio.create_task(send(n)) for n in range(half, phones)]
    await asyncio.sleep(0)  # the rest written to the wire (the server answers 15 in a few milliseconds)
    server.kill()  # SIGKILL mid-vote (killed after every vote was answered, on a busy machine, it tested nothing)
    await asyncio.gather(*rest)
    assert phones // 2 <= len(acknowledged) < phones
    record = export(db, server.session)
    names = {p["id"]: p["name"] for p in record["participants"]}
    counted = {names[v["participant"]] for v in record["rounds"][0]["votes"]}
    assert {f"phone {n}" for n in acknowledged} <= counted

    server = start(db, "--resume", server.session, port=server.port)
    for conn, _ in room:
        conn.close()
    again = [await post(room[n], "/api/vote", ballots[n]) for n in range(phones)]  # every phone resends
    assert all(a.status == 200 for a in again), [a.body for a in again if a.status != 200]
    assert not any(again[n].json()["counted"] for n in acknowledged)
    record = export(db, server.session)
    votes = record["rounds"][0]["votes"]
    assert len(votes) == phones and len({v["participant"] for v in votes}) == phones
    assert sorted(names[v["participant"]] for v in votes if v["branch"] == 0) == \
        sorted(f"phone {n}" for n in range(0, phones, 2))
    return server


def test_votes_are_answered_while_the_room_s_analysis_is_computed(tmp_path: Path) -> None:
    server = start(tmp_path / "workshops.db", "mexico")  # its analysis takes seconds
    try:
        asyncio.run(analysis_and_votes(server))
    finally:
        server.stop()


async def analysis_and_votes(server: Running) -> None:
    screen = await facilitator(server)
    room = [await join(server, f"phone {n}") for n in range(4)]
    for n, phone in enumerate(room):
        r = await post(phone, "/api/assumptions", {"values": {"p_flow_coop": 0.2 + n / 10}})
        assert r.status == 200, r.body[:300]
    vote = (await post(screen, "/api/f/open-vote", {"voters": "everyone"})).json()["result"]["id"]
    asking = asyncio.create_task(Conn(server.port).request("GET", "/api/f/analysis", {"Cookie": screen[1]["Cookie"]}))
    await asyncio.sleep(0.3)  # the server is computing it now
    answers = [await post(p, "/api/vote", {"round": vote, "branch": 0, "key": f"k{n}"}) for n, p in enumerate(room)]
    assert [a.status for a in answers] == [200] * 4
    assert not asking.done()  # every vote was answered while the analysis was still being computed
    analysis = (await asking).json()
    assert analysis["error"] is None and "median" in analysis["labels"]
    decisions = analysis["comparison"]["decisions"]  # the screen's table: the median set's choice and each phone's
    assert decisions and all(len(d["by_group"]) == 5 for d in decisions), decisions
    assert "groups" not in analysis["comparison"]  # each set's whole play stays in the worker (megabytes on mexico)
    rows = analysis["spread"]  # drawn: each row's thresholds are in its SVG and the findings, not listed again
    assert rows and all("<svg" in r["svg"] and "thresholds" not in r for r in rows)
    assert any("threshold" in r["svg"] for r in rows)


def test_the_analysis_worker_starts_with_the_server_a_little_below_its_priority(tmp_path: Path) -> None:
    """The room's analysis worker loads the scenario as the server starts, so the big screen's first question does
    not wait for it; it runs two nice levels below the server (at ten, a loaded machine starved it for a minute)."""
    server = start(tmp_path / "workshops.db", "mexico")
    try:
        deadline = time.monotonic() + 20
        children: list[str] = []
        workers: list[str] = []
        while not workers and time.monotonic() < deadline:  # before anyone asks for the analysis
            children = Path(f"/proc/{server.proc.pid}/task/{server.proc.pid}/children").read_text().split()
            workers = [c for c in children if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text()]
            time.sleep(0.1)
        assert workers, children

        def nice(pid: object) -> int:  # field 19 of /proc/PID/stat, after the command's name in parentheses
            return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])

        for _ in range(200):  # the worker lowers its priority as it starts
            if nice(workers[0]) != nice(server.proc.pid):
                break
            time.sleep(0.05)
        assert nice(workers[0]) == nice(server.proc.pid) + 2
    finally:
        server.stop()
