"""Who may vote, and what a count decides: the rules a session applies and its screens show.

`may_vote` is the one statement of who may vote in a round: the session refuses a vote
by it, the big screen counts those who may vote by it, and each phone is told by it
(as a true or false the server computes) whether to offer its buttons.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from scenarios.engine.core.scenario import Scenario
from scenarios.engine.text.i18n import _

from .errors import WorkshopError
from .records import Round

VOTERS = ("role", "everyone")  # who votes at a decision: the deciding actor's role, or everyone
KEY_LIMIT = 64


def may_vote(voters: str, actor: str | None, role: str | None) -> bool:
    """Whether someone playing `role` (None: no role) may vote in a round open to `voters` at `actor`'s decision."""
    return voters == "everyone" or role == actor


def check_voters(voters: object) -> str:
    if voters not in VOTERS:
        raise WorkshopError(_("unknown voters '{voters}' (role or everyone)").format(voters=voters))
    return str(voters)


def check_key(key: object) -> str:
    """A vote's idempotency key: the same key again is the same vote, resent."""
    if not isinstance(key, str) or not 1 <= len(key) <= KEY_LIMIT:
        raise WorkshopError(_("a vote needs an idempotency key of 1 to {limit} characters").format(
            limit=KEY_LIMIT))
    return key


def check_ballot(scenario: Scenario, vote: Round, role: str | None, seen: object = None) -> None:
    """A vote goes to the round the participant saw (`seen`, when given), from someone who may vote in it."""
    if seen is not None and seen != vote.id:
        raise WorkshopError(_("this vote is closed"), "conflict")
    rt = scenario.runtime
    node = rt.nodes[rt.index[vote.node]]
    if not may_vote(vote.voters, node.actor, role):
        actor = scenario.spec.actors[node.actor or ""].name
        raise WorkshopError(_("this vote is for the role {actor}").format(actor=actor), "forbidden")


def decide(counts: Mapping[int, int], branch: int | None, label: Callable[[int], str]) -> tuple[int, str]:
    """The branch a closing vote takes and how: the winner ("vote"), or the facilitator's `branch` (a "tiebreak"
    among tied winners, an "override" otherwise).  No votes, or a tie, need the facilitator's branch."""
    top = max(counts.values(), default=0)
    leaders = [k for k, n in counts.items() if n == top and top > 0]
    if branch is not None:
        return branch, "vote" if leaders == [branch] else "tiebreak" if branch in leaders else "override"
    if not leaders:
        raise WorkshopError(_("no votes yet: choose a branch to take it without votes (an override)"), "conflict")
    if len(leaders) > 1:
        tied = " and ".join(label(k) for k in leaders)
        raise WorkshopError(_("the vote is tied between {tied}: choose one of them").format(tied=tied), "conflict")
    return leaders[0], "vote"
