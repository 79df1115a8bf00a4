"""Load through nginx with TLS: 300 phones join and vote over the proxy the guide configures, beside
the same run direct.

Run with `python -m tests.benchmarks proxy` (not part of the test run; needs nginx and openssl).
The rounds are `python -m tests.benchmarks workshop`'s on the toy scenario (300 phones, event
streams open, hang-ups and resent votes, two rounds), first straight to the server, then
through nginx in front of it with the guide's server block (tests/workshop/proxy.py), a
self-signed certificate and `--public-url`/`--forwarded-allow-ips` as the guide shows. Then
`workshop export` of each session must hold every acknowledged vote, and nothing else. Prints
each run's figures, then p50/p99 side by side.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.conftest import PORT
from tests.workshop.proxy import NAME, certificate, start_nginx
from tests.workshop.running import Running, free_port, start

from .bench_workshop import PHONES, Route, run


def exported(server: Running, db: Path, rounds: list[dict[str, Any]]) -> list[str]:
    """What `workshop export` misses or adds against the acknowledged votes (empty: every one is there)."""
    out = subprocess.run([sys.executable, "-m", "scenarios", "workshop", "export", server.session, "--db", str(db)],
                         capture_output=True, text=True, timeout=120, check=True)
    record = json.loads(out.stdout)
    names = {p["id"]: p["name"] for p in record["participants"]}
    kept = {r["id"]: {names[v["participant"]]: v["branch"] for v in r["votes"]} for r in record["rounds"]}
    wrong = []
    for r in rounds:
        acknowledged = dict(r["acknowledged"])
        if len(acknowledged) != PHONES or kept.get(r["id"]) != acknowledged:
            wrong.append(f"{r['name']}: {len(acknowledged)} acknowledged, {len(kept.get(r['id'], {}))} exported, "
                         f"{sum(kept.get(r['id'], {}).get(k) != v for k, v in acknowledged.items())} "
                         "missing or changed")
    return wrong


def percentiles(latencies: list[float]) -> tuple[float, float]:
    ms = sorted(x * 1000 for x in latencies)
    return statistics.median(ms), ms[max(0, round(0.99 * len(ms)) - 1)]


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        cert, key = certificate(tmp)
        runs: dict[str, list[dict[str, Any]]] = {}
        wrong: list[str] = []

        db = tmp / "direct.db"
        server = start(db, str(PORT))
        try:
            runs["direct"] = asyncio.run(run(server, "direct", False))
        finally:
            server.stop()
        wrong += [f"direct, {w}" for w in exported(server, db, runs["direct"])]

        front, back = free_port(), free_port()
        public = f"https://{NAME}:{front}"
        db = tmp / "proxied.db"
        server = start(db, str(PORT), "--public-url", public, "--forwarded-allow-ips", "127.0.0.1", port=back)
        nginx = None
        try:
            nginx = start_nginx(tmp / "nginx", front, back, cert, key)
            runs["through nginx (TLS)"] = asyncio.run(
                run(server, "through nginx (TLS)", False, Route(front, str(cert), NAME)))
        except BaseException:
            print(server.output[-3000:], nginx.log[-3000:] if nginx else "")
            raise
        finally:
            if nginx is not None:
                nginx.stop()
            server.stop()
        wrong += [f"through nginx, {w}" for w in exported(server, db, runs["through nginx (TLS)"])]

    print(f"vote latency, {PHONES} phones:          p50 direct / nginx      p99 direct / nginx")
    for k, name in enumerate(r["name"] for r in runs["direct"]):
        d50, d99 = percentiles(runs["direct"][k]["latencies"])
        n50, n99 = percentiles(runs["through nginx (TLS)"][k]["latencies"])
        print(f"  {name:<32} {d50:7.1f} / {n50:7.1f} ms   {d99:7.1f} / {n99:7.1f} ms")
    print("every acknowledged vote is in `workshop export`" if not wrong else "")
    if wrong:
        raise SystemExit("FAILED: " + "; ".join(wrong))
