"""A session hosted behind nginx with TLS, configured as docs/guides/workshop.md shows: phones join and
vote through the proxy, the big screen's event stream gets every vote as it comes (not buffered),
the Host allow-list takes the public name and refuses another, and every acknowledged vote is in
`workshop export`."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import PORT

from .proxy import NAME, NGINX, certificate, start_nginx, trusting
from .running import Running, free_port, start
from .wire import Conn, events

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not Path(NGINX).exists(), reason="nginx is not installed (.ci/run installs it)")]

PHONES = 6


async def through(server: Running, via: Conn, public: str) -> dict[str, int]:
    """The facilitator and PHONES phones over the proxy; returns each acknowledged vote (phone name → branch)."""
    origin = {"Origin": public}
    login = urlsplit(server.login)
    r = await via.again().request("GET", f"{login.path}?{login.query}", {})
    cookie = r.cookie("wsf_") or ""
    page = await via.again().request("GET", "/facilitator", {"Cookie": cookie})
    token = re.search(r'"csrf": "([0-9a-f]+)"', page.body.decode())
    assert page.status == 200 and token and cookie, page.body[:300]
    screen_headers = {**origin, "Cookie": cookie, "X-CSRF-Token": token.group(1)}

    pushes: list[tuple[float, int | None, int]] = []
    stop = asyncio.Event()

    def shown(state: Any) -> None:
        pushes.append((time.perf_counter(), (state.get("round") or {}).get("id"), (state.get("tally") or {})
                       .get("voted", 0)))

    stream = asyncio.create_task(events(via.port, cookie, "/api/f/events", shown, stop, via=via))
    phones = []
    for n in range(PHONES):
        conn = via.again()
        r = await conn.request("POST", "/api/join", origin, json.dumps({"code": server.code,
                                                                        "name": f"phone {n}"}).encode())
        assert r.status == 200, r.body[:300]
        phones.append((conn, {**origin, "Cookie": r.cookie("wsp_") or "", "X-CSRF-Token": r.json()["csrf"]}))
    r = await via.again().request("POST", "/api/f/open-vote", screen_headers, b'{"voters": "everyone"}')
    assert r.status == 200, r.body[:300]
    round_id = r.json()["result"]["id"]
    acknowledged: dict[str, int] = {}
    for n, (conn, headers) in enumerate(phones):
        body = json.dumps({"round": round_id, "branch": n % 2, "key": f"v{n}"}).encode()
        r = await conn.request("POST", "/api/vote", headers, body)
        assert r.status == 200, r.body[:300]
        acknowledged[f"phone {n}"] = n % 2
        # the big screen is told of each vote at once: a buffering proxy would hold these small events back
        voted = time.perf_counter()
        deadline = voted + 3
        while not any(rid == round_id and v == n + 1 for _, rid, v in pushes) and time.perf_counter() < deadline:
            await asyncio.sleep(0.01)
        assert any(rid == round_id and v == n + 1 for _, rid, v in pushes), \
            f"the big screen was not shown vote {n + 1} through the proxy within 3 s: {pushes[-3:]}"
    stop.set()
    stream.cancel()
    await asyncio.gather(stream, return_exceptions=True)
    for conn, _ in phones:
        conn.close()
    return acknowledged


def test_a_session_behind_nginx_with_tls_as_the_guide_shows(tmp_path: Path) -> None:
    cert, key = certificate(tmp_path)
    front, back = free_port(), free_port()
    public = f"https://{NAME}:{front}"
    db = tmp_path / "w.db"
    server = start(db, str(PORT), "--public-url", public, "--forwarded-allow-ips", "127.0.0.1", port=back)
    nginx = None
    try:
        nginx = start_nginx(tmp_path / "nginx", front, back, cert, key)
        assert server.login.startswith(public + "/facilitator/login?token="), server.output
        assert f"{public}/join" in server.output
        tls = trusting(cert)
        acknowledged = asyncio.run(through(server, Conn(front, tls=tls, name=NAME), public))

        async def foreign() -> int:
            lax = trusting(cert)
            lax.check_hostname = False  # the attacker's name: the certificate is not for it, the Host is what counts
            r = await Conn(front, tls=lax, name="attacker.example").request("GET", "/", {})
            return r.status

        assert asyncio.run(foreign()) == 421
    finally:
        if nginx is not None:
            nginx.stop()
        server.stop()
    exported = subprocess.run([sys.executable, "-m", "scenarios", "workshop", "export", server.session,
                               "--db", str(db)],
                              capture_output=True, text=True, timeout=60, check=True)
    record = json.loads(exported.stdout)
    names = {p["id"]: p["name"] for p in record["participants"]}
    (vote_round,) = record["rounds"]
    assert {names[v["participant"]]: v["branch"] for v in vote_round["votes"]} == acknowledged
