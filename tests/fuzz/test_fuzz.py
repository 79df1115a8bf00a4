"""The mutation fuzzer over the bundled scenarios: 20 cases in the default loop, 200 in the full run (marked
`big`), 3,000 more in the slow one (`pytest -m slow`; CI runs all three); FUZZ_CASES overrides every count."""

from __future__ import annotations

import os

import pytest

from tests.fuzz import mutate


@pytest.mark.parametrize("cases", [20, pytest.param(200, marks=pytest.mark.big)])
def test_mutated_scenarios_fail_cleanly_or_work(cases: int) -> None:
    failures = mutate.run(int(os.environ.get("FUZZ_CASES", cases)))
    assert not failures, "\n".join(failures[:20])


@pytest.mark.slow
def test_a_few_thousand_mutated_scenarios_fail_cleanly_or_work() -> None:
    failures = mutate.run(int(os.environ.get("FUZZ_CASES", "3000")), first_seed=10_000)
    assert not failures, "\n".join(failures[:20])


def test_the_fuzzer_reports_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("boom")

    monkeypatch.setattr(mutate, "load_text", broken)
    assert mutate.run(3) == [f"{name} seed {k}: KeyError: 'boom'" for k, name in
                             zip(range(3), [n for n, _ in mutate.sources()], strict=False)]


def test_mutations_change_the_file() -> None:
    _, data = mutate.sources()[0]
    changed = {mutate.to_yaml(mutate.mutate(data, mutate.random.Random(seed), 2)) for seed in range(20)}
    assert mutate.to_yaml(data) not in changed or len(changed) > 10
