"""EVPPI per assumption (issue 23): the binned estimator against closed forms computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from scenarios import engine
from scenarios.engine.analysis.uncertainty.evppi import bin_by, binned, evpi
from scenarios.engine.analysis.uncertainty.run import uncertainty
from scenarios.engine.errors import UsageError
from tests.engine.test_uncertainty import THRESHOLD

# One actor, one decision: Safe is worth s, Risky is worth p (a coin won with weight p); p and q uniform on
# 0..1, q read by nothing.  Without learning the actor takes Risky (mean 0.5 > s).  Learning p first it takes
# the better of the two in each world: E[max(p, s)] = s·s + (1 − s²)/2, so
#   EVPPI(p) = s² + (1 − s²)/2 − 1/2 = s²/2   (s = 0.3: 0.045; s = 0.33: 0.05445)
# and EVPPI(q) = 0: learning q says nothing about either option.  EVPI (learning everything) = EVPPI(p).
TWO = THRESHOLD.replace("  p: {value: 0.5, low: 0, high: 1}\n",
                        "  p: {value: 0.5, low: 0, high: 1}\n  q: {value: 0.5, low: 0, high: 1}\n")


def test_evppi_equals_the_closed_form_with_the_kink_on_a_bin_edge() -> None:
    result = uncertainty(engine.load_text(TWO, name="two"), 1000, seed=4, evppi=True)
    found = result.learning
    assert (found.estimator, found.bins, found.sets) == ("binned", 20, 1000)
    (a,) = found.actors
    assert (a.actor, a.decision, a.strategies, a.best) == ("a", "d", ("Safe", "Risky"), "Risky")
    # 20 bins of 50 sets each; with LHS each bin holds exactly the strata of [k/20, (k+1)/20), so s = 0.3 is a
    # bin edge and the estimator has no smoothing error: only LHS's jitter within the strata (≪ 1e-3).
    assert a.evppi["p"] == pytest.approx(0.3**2 / 2, abs=1e-3)
    assert a.evpi == pytest.approx(0.3**2 / 2, abs=1e-3)
    assert a.evppi["q"] == 0.0  # every q-bin's best is Risky, and the bins' means average to the overall mean
    assert list(a.evppi) == ["p", "q"]  # ranked
    assert a.noise < 0.045 / 10


def test_evppi_with_the_kink_inside_a_bin_is_within_the_bin_error() -> None:
    # s = 0.33 falls inside the bin [0.30, 0.35): the bin's choice is made on its mean, losing at most
    # h²/8 × (change of slope 1) = 0.05²/8 = 0.0003125 of the closed form 0.33²/2 = 0.05445.
    text = TWO.replace("effects: {x: 0.3}", "effects: {x: 0.33}")
    (a,) = uncertainty(engine.load_text(text, name="two"), 1000, seed=4, evppi=True).learning.actors
    assert 0.33**2 / 2 - 0.0003125 - 1e-3 <= a.evppi["p"] <= 0.33**2 / 2 + 1e-3
    assert a.evppi["p"] <= a.evpi


def test_the_estimator_by_hand_on_four_sets() -> None:
    # Two strategies, four sets, two bins by x (x = 0.1, 0.9, 0.2, 0.8 → bins 0, 1, 0, 1).
    values = np.array([[1.0, 0.0, 3.0, 0.0],   # bin 0 mean 2, bin 1 mean 0, overall 1
                       [0.0, 4.0, 0.0, 2.0]])  # bin 0 mean 0, bin 1 mean 3, overall 1.5
    bins = bin_by(np.array([0.1, 0.9, 0.2, 0.8]), 2)
    assert bins.tolist() == [0, 1, 0, 1]
    assert binned(values, bins, 2) == (2 + 3) / 2 - 1.5  # 1.0
    assert evpi(values) == (1 + 4 + 3 + 2) / 4 - 1.5  # 1.0


@pytest.mark.big
def test_evppi_over_the_strategy_set_and_in_json() -> None:
    scenario = engine.load("mexico")
    result = uncertainty(scenario, 400, seed=2, strategies=("us_choice",), evppi=True)
    (a,) = result.learning.actors  # the strategies fix us_exec's choices only
    assert a.actor == "us_exec" and a.decision == ""
    assert a.strategies == tuple(s.name for s in result.robust.strategies)
    # EVPI equals the mean regret of the best single strategy: both are mean(best in each set) − its mean
    best = next(s for s in result.robust.strategies if s.name == a.best)
    row = best.per_actor[list(scenario.spec.actors).index("us_exec")]
    assert a.evpi == pytest.approx(row.mean_regret, abs=1e-12)
    assert all(0 <= v <= a.evpi + 1e-12 for v in a.evppi.values())
    assert result.to_dict()["evppi"]["actors"][0]["evppi"] == a.evppi


def test_too_few_sets_is_one_line() -> None:
    with pytest.raises(UsageError, match="at least 100 sets"):
        uncertainty(engine.load_text(TWO, name="two"), 60, evppi=True)
