"""nginx in front of a workshop server, with TLS from a self-signed certificate, for the tests and the benchmark.

The server block is the one docs/guides/workshop.md shows, read from the guide with its
ports, certificate paths and the upstream substituted (each substitution must happen exactly
once, so a change to the guide's configuration fails here rather than going untested). The
rest of nginx.conf (what Debian's /etc/nginx/nginx.conf holds) is written here: everything in
a temporary prefix, no daemon, listening on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

GUIDE = Path(__file__).parents[2] / "docs" / "guides" / "workshop.md"
NAME = "workshop.example.org"  # the guide's public name; the tests send it as Host and SNI, over 127.0.0.1
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def guide_server_block() -> str:
    """The nginx configuration the guide shows (its one ```nginx block)."""
    blocks = re.findall(r"```nginx\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, f"the guide should show one nginx configuration, not {len(blocks)}"
    return blocks[0]


def certificate(folder: Path, name: str = NAME) -> tuple[Path, Path]:
    """A self-signed certificate for `name` (and 127.0.0.1), made by openssl: (certificate, key)."""
    cert, key = folder / "workshop.pem", folder / "workshop.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-keyout", str(key),
                    "-out", str(cert), "-subj", f"/CN={name}", "-addext", f"subjectAltName=DNS:{name},IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=60)
    return cert, key


def trusting(cert: Path) -> ssl.SSLContext:
    """A client's TLS context that trusts the self-signed certificate (and nothing else)."""
    context = ssl.create_default_context(cafile=str(cert))
    context.check_hostname = True
    return context


def configuration(prefix: Path, port: int, upstream: int, cert: Path, key: Path, connections: int = 4096) -> str:
    """nginx.conf: the guide's server block, substituted, inside a minimal main context."""
    block = guide_server_block()
    for old, new in (("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
                     ("/etc/ssl/certs/workshop.pem", str(cert)), ("/etc/ssl/private/workshop.key", str(key)),
                     ("http://127.0.0.1:8765", f"http://127.0.0.1:{upstream}")):
        assert block.count(old) == 1, f"the guide's nginx configuration no longer has {old!r}"
        block = block.replace(old, new)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers write their temporary files in the prefix
    temp = "".join(f"    {kind}_temp_path {prefix / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                          "scgi"))
    return (f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'error.log'};\n"
            f"events {{ worker_connections {connections}; }}\n"
            f"http {{\n    access_log off;\n{temp}{block}}}\n")


@dataclass
class Nginx:
    proc: subprocess.Popen[bytes]
    port: int
    prefix: Path

    @property
    def log(self) -> str:
        path = self.prefix / "error.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM: nginx's fast shutdown
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def start_nginx(prefix: Path, port: int, upstream: int, cert: Path, key: Path, timeout: float = 20.0) -> Nginx:
    """Start nginx in front of 127.0.0.1:`upstream`, listening on 127.0.0.1:`port`, and wait until it listens."""
    prefix.mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(configuration(prefix, port, upstream, cert, key))
    checked = subprocess.run([NGINX, "-t", "-p", str(prefix), "-c", str(conf)], capture_output=True, text=True,
                             timeout=30)
    assert checked.returncode == 0, checked.stderr
    proc = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(conf)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    running = Nginx(proc, port, prefix)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("nginx stopped:\n" + running.log)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return running
        time.sleep(0.05)
    running.stop()
    raise RuntimeError("nginx did not listen:\n" + running.log)
