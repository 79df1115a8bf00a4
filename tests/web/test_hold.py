"""`scenarios serve` holds against hostile files: a FIFO, /dev/zero, a huge file, a link out of the folder, or a slow
reload never stops the other routes answering (each within 1 s), and error displays show only what the loader read."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.benchmarks.bench_hostile import wide

from .browser import serving

pytestmark = pytest.mark.e2e  # a real server process over a socket

DATA = Path(__file__).parent.parent / "data"


def get(url: str, timeout: float = 1.0) -> tuple[int, str, float]:
    """(status, body, seconds) of a GET that must answer within `timeout`."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace"), time.perf_counter() - started
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), time.perf_counter() - started


def in_background(url: str) -> threading.Thread:
    """A GET left running (it may be the one that waits for a reload)."""
    def fetch() -> None:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=30).read()
    thread = threading.Thread(target=fetch, daemon=True)
    thread.start()
    return thread


def others_answer(url: str) -> None:
    """The static files and the healthy scenario's page and state each answer within 1 s."""
    for path in ("static/app.css", "s/good", "api/s/good/state"):
        status, _, seconds = get(url + path, timeout=5)
        assert status == 200 and seconds < 1.0, (path, status, seconds)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    room = tmp_path / "room"
    room.mkdir()
    shutil.copy(DATA / "port-dispute.yaml", room / "good.yaml")
    shutil.copy(DATA / "port-dispute.yaml", room / "bad.yaml")
    return room


def test_a_watched_file_replaced_by_a_fifo_or_dev_zero_holds_nothing_up(folder: Path) -> None:
    with serving(str(folder)) as url:
        assert get(url + "s/bad", timeout=10)[0] == 200
        bad = folder / "bad.yaml"
        bad.unlink()
        os.mkfifo(bad)
        time.sleep(0.3)  # the watcher sees it
        in_background(url)  # the index shows every file's errors
        in_background(url + "api/s/bad/state")
        others_answer(url)
        _status, body, seconds = get(url + "api/s/bad/state", timeout=5)
        assert seconds < 1.0 and "not a regular file" in body
        message = json.loads(body)["errors"][0]["message"]
        assert message.count("bad.yaml") == 1, message  # the file named once, as any other error names it
        bad.unlink()
        bad.symlink_to("/dev/zero")
        time.sleep(0.3)
        in_background(url)
        others_answer(url)
        status, body, seconds = get(url, timeout=5)
        assert status == 200 and seconds < 1.0 and "bad" in body


def test_an_oversized_file_is_refused_without_being_read_for_its_errors(folder: Path) -> None:
    with serving(str(folder)) as url:
        big = folder / "bad.yaml"
        with big.open("wb") as f:  # over the 20 MB input limit, and a syntax error on its first line
            f.write(b"title: [unclosed\n")
            f.write(b"# filler\n" * 2_500_000)
        time.sleep(0.3)
        others_answer(url)
        _status, body, seconds = get(url + "api/s/bad/state", timeout=5)
        assert seconds < 1.0
        errors = json.loads(body)["errors"]
        assert "too large" in errors[0]["message"] and errors[0]["text"] is None  # no line of it is shown


def test_a_large_file_copied_in_slowly_is_read_once_whole_and_holds_nothing_up_meanwhile(folder: Path) -> None:
    """A file written over a few seconds (a large file being copied in) is not read again at every step of the copy:
    the other routes answer within 1 s all the while, and once whole it is refused for its size."""
    with serving(str(folder)) as url:
        assert get(url + "api/s/bad/state", timeout=10)[0] == 200
        slowest = 0.0
        with (folder / "bad.yaml").open("wb") as f:
            f.write(b"title: [unclosed\n")
            for _ in range(25):  # 22.5 MB in steps of 0.9 MB
                f.write(b"# filler\n" * 100_000)
                f.flush()
                slowest = max(slowest, get(url + "static/app.css", timeout=10)[2])
                time.sleep(0.05)
        for _ in range(10):  # a second after the copy, when the reload runs
            slowest = max(slowest, get(url + "static/app.css", timeout=10)[2])
            time.sleep(0.1)
        assert slowest < 1.0, slowest
        others_answer(url)
        errors = json.loads(get(url + "api/s/bad/state", timeout=5)[1])["errors"]
        assert "too large" in errors[0]["message"] and errors[0]["text"] is None


def test_a_link_out_of_a_served_folder_is_not_followed(folder: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: [the secret line\n", encoding="utf-8")
    (folder / "outside.yaml").symlink_to(secret)
    with serving(str(folder)) as url:
        status, body, _ = get(url, timeout=10)
        assert status == 200 and "the secret line" not in body
        assert get(url + "s/outside")[0] == 404  # not served at all
        (folder / "bad.yaml").unlink()  # a served file replaced, while served, by a link out of the folder
        (folder / "bad.yaml").symlink_to(secret)
        time.sleep(0.3)
        status, body, _ = get(url + "api/s/bad/state", timeout=5)
        assert "the secret line" not in body and "outside the served folder" in body


def test_a_slow_reload_holds_up_no_route_and_the_page_answers_from_the_last_good_version(folder: Path) -> None:
    with serving(str(folder)) as url:
        assert get(url + "api/s/bad/state", timeout=10)[0] == 200
        (folder / "bad.yaml.tmp").write_text(wide(10_000), encoding="utf-8")  # ~3 s to check and compile
        os.replace(folder / "bad.yaml.tmp", folder / "bad.yaml")  # saved as editors save
        in_background(url + "api/s/bad/state")
        time.sleep(0.3)
        others_answer(url)
        status, body, seconds = get(url + "api/s/bad/state", timeout=5)
        assert status == 200 and seconds < 1.0, seconds
        assert "Port inspection" in body or json.loads(body)["texts"]  # the last good version
