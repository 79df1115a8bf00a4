"""Votes arriving together are written in one transaction (engine/workshop/batch.py), and each is answered only once
that transaction is on disk: a room's burst costs a commit or two, not one per phone, and nothing acknowledged is
lost.  The app is driven in process, every vote of a burst sent at the same instant."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from scenarios.cli.workshop.app import Server
from scenarios.engine.format.loader import load_path
from scenarios.engine.workshop import Store, Workshop
from tests.conftest import PORT

HOST = "127.0.0.1:8000"


class Phones:
    """A session served in process, with `n` phones joined; `vote` sends one phone's vote over ASGI."""

    def __init__(self, folder: Path, n: int):
        self.db = folder / "w.db"
        self.w = Workshop.create(Store(self.db), load_path(PORT), PORT.read_text(encoding="utf-8"), str(PORT))
        self.app = Server(self.w, "LOGIN", f"http://{HOST}/join").app()
        self.n = n
        self.headers: list[dict[str, str]] = []

    async def call(self, path: str, headers: dict[str, str], body: Any) -> tuple[int, Any]:
        data = json.dumps(body).encode()
        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
                 "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
                 "headers": [(k.lower().encode(), v.encode()) for k, v in
                             {**headers, "host": HOST, "origin": f"http://{HOST}", "content-type": "application/json",
                              "content-length": str(len(data))}.items()],
                 "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 8000)}
        sent: list[dict[str, Any]] = []
        given = False

        async def receive() -> dict[str, Any]:
            nonlocal given
            if not given:
                given = True
                return {"type": "http.request", "body": data, "more_body": False}
            await asyncio.Event().wait()
            return {}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await self.app(scope, receive, send)
        cookies = [v.decode().split(";")[0] for k, v in sent[0]["headers"] if k == b"set-cookie"]
        answer = json.loads(b"".join(m.get("body", b"") for m in sent[1:]))
        return sent[0]["status"], {**answer, "cookie": cookies[0]} if cookies else answer

    async def join(self) -> None:
        for n in range(self.n):
            status, me = await self.call("/api/join", {}, {"code": self.w.code, "name": f"phone {n}"})
            assert status == 200, me
            self.headers.append({"cookie": me["cookie"], "x-csrf-token": me["csrf"]})

    async def vote(self, n: int, round_id: int, key: str | None = None) -> tuple[int, Any, int]:
        """Phone `n`'s vote; its answer, and how many votes another connection to the file read when it came."""
        status, answer = await self.call("/api/vote", self.headers[n],
                                         {"round": round_id, "branch": n % 2, "key": key or f"vote-{n}"})
        return status, answer, kept_votes(self.db)


def kept_votes(db: Path) -> int:
    """The votes on disk, as a second process would read them (not this server's open transaction)."""
    with sqlite3.connect(db) as other:
        return int(other.execute("SELECT count(*) FROM votes").fetchone()[0])


def test_a_burst_of_votes_takes_a_few_commits_and_each_answer_finds_its_vote_on_disk(tmp_path: Path) -> None:
    async def burst() -> None:
        phones = Phones(tmp_path, 40)
        await phones.join()
        vote = phones.w.open_vote("everyone")
        before = phones.w.batch.commits
        answers = await asyncio.gather(*(phones.vote(n, vote.id) for n in range(40)))
        assert [status for status, _, _ in answers] == [200] * 40
        assert all(answer["counted"] and answer["branch"] == n % 2 for n, (_, answer, _) in enumerate(answers))
        on_disk = sorted(kept for _, _, kept in answers)
        assert on_disk[0] >= 1 and on_disk[-1] == 40  # no answer came before its own vote was on disk
        commits = phones.w.batch.commits - before
        assert 1 <= commits <= 4, commits  # 40 votes arriving together: a few commits, not 40
        assert phones.w.standing.tally(vote.id) == {0: 20, 1: 20}

        again = await asyncio.gather(*(phones.vote(n, vote.id) for n in range(0, 40, 4)))  # resent: counted once
        assert [(s, a["counted"]) for s, a, _ in again] == [(200, False)] * 10
        status, answer, _ = await phones.vote(1, vote.id, key="vote-2")  # someone else's key: not this phone's vote
        assert status == 409, answer
        assert kept_votes(phones.db) == 40

    asyncio.run(burst())


def test_a_group_whose_commit_fails_is_answered_503_kept_nowhere_and_can_be_sent_again(tmp_path: Path) -> None:
    async def failing() -> None:
        phones = Phones(tmp_path, 6)
        await phones.join()
        vote = phones.w.open_vote("everyone")
        db = phones.w.store.db

        def no_commit(action: int, arg1: Any, *_: Any) -> int:  # the disk refuses the write, as a full one does
            return sqlite3.SQLITE_DENY if action == sqlite3.SQLITE_TRANSACTION and arg1 == "COMMIT" \
                else sqlite3.SQLITE_OK

        db.set_authorizer(no_commit)
        answers = await asyncio.gather(*(phones.vote(n, vote.id) for n in range(6)))
        assert [status for status, _, _ in answers] == [503] * 6
        assert all("could not be saved" in answer["error"] for _, answer, _ in answers)
        assert kept_votes(phones.db) == 0 and sum(phones.w.standing.tally(vote.id).values()) == 0

        db.set_authorizer(None)
        answers = await asyncio.gather(*(phones.vote(n, vote.id) for n in range(6)))  # the phones send them again
        assert [(s, a["counted"]) for s, a, _ in answers] == [(200, True)] * 6
        assert kept_votes(phones.db) == 6

    asyncio.run(failing())


@pytest.mark.parametrize("change", ["assumptions", "close"])
def test_another_change_commits_the_votes_written_before_it(tmp_path: Path, change: str) -> None:
    """A change that is not a vote never joins a group: the votes before it are committed first."""
    phones = Phones(tmp_path, 3)
    asyncio.run(phones.join())
    w = phones.w
    vote = w.open_vote("everyone")
    people = w.record.participants()
    for n, p in enumerate(people):
        w.vote(p.id, 0, f"k{n}", vote.id, grouped=True)
    assert w.batch.open and kept_votes(phones.db) == 0
    if change == "assumptions":
        w.set_assumptions(people[0].id, {"p_talks_succeed": 0.3})
    else:
        w.close_vote()
    assert not w.batch.open and kept_votes(phones.db) == 3


def test_within_one_group_a_second_vote_is_refused_a_resent_one_counted_once_a_stale_round_refused(
        tmp_path: Path) -> None:
    """The open vote is read once per group (batch.py): a phone's second vote in the same group is still refused by
    the session's checks, its resend answered as counted once, and a vote for a closed round refused."""
    async def burst() -> None:
        phones = Phones(tmp_path, 6)
        await phones.join()
        first = phones.w.open_vote("everyone")
        phones.w.close_vote(0)
        phones.w.undo()  # back to the same decision
        vote = phones.w.open_vote("everyone")
        answers = await asyncio.gather(
            *(phones.vote(n, vote.id) for n in range(4)),
            phones.vote(0, vote.id, key="vote-0"),  # the same vote again, in the same group
            phones.vote(1, vote.id, key="another"),  # a second vote
            phones.vote(4, first.id),  # a vote for the round closed before
        )
        assert [(s, a.get("counted")) for s, a, _ in answers[:5]] == [(200, True)] * 4 + [(200, False)]
        assert answers[5][0] == 409 and "already voted" in answers[5][1]["error"]
        assert answers[6][0] == 409, answers[6]
        assert kept_votes(phones.db) == 4
        assert phones.w.standing.tally(vote.id) == {0: 2, 1: 2}

    asyncio.run(burst())
