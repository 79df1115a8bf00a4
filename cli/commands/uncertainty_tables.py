"""The tables of `scenarios uncertainty`: a summary of one screen by default, every row with --all."""

from __future__ import annotations

from typing import Any

from scenarios.cli.i18n import N_, _, ngettext

SUMMARY_ROWS = 6  # rows of each long table without --all


def percent(x: float) -> str:
    return f"{x:.1%}" if 0 < x < 0.999 or x in (0, 1) else f"{x:.2%}"


def more(out: Any, hidden: int) -> None:
    """One line saying how many rows --all adds."""
    if hidden > 0:
        out.print(ngettext("{count} more row: --all shows every one.", "{count} more rows: --all shows every one.",
                           hidden).format(count=hidden))


def actors(out: Any, result: Any) -> None:
    from rich.markup import escape

    from scenarios.cli.frame import number, titled

    risky = any(a.expected is not None for a in result.actors)
    title = _("Each actor's value across the sampled assumption sets")
    if risky:
        title += " " + _("(certainty equivalents where an actor has a risk attitude)")
    table = titled(title)
    for k, col in enumerate((_("Actor"), _("Mean"), _("5th pct"), _("Median"), _("95th pct"), _("Range"))):
        table.add_column(col, justify="left" if k == 0 else "right")
    if risky:
        table.add_column(_("Expected value: mean (5th … 95th)"), justify="right")
    for a in result.actors:
        v = a.value
        row = [escape(f"{a.name} ({a.actor})"), number(v.mean), number(v.p5), number(v.p50), number(v.p95),
               f"{number(v.low)} … {number(v.high)}"]
        if risky:
            e = a.expected
            row.append("—" if e is None else f"{number(e.mean)} ({number(e.p5)} … {number(e.p95)})")
        table.add_row(*row)
    out.print(table)
    out.print()


def decisions(out: Any, result: Any, full: bool = True) -> None:
    from rich.markup import escape

    from scenarios.cli.frame import titled, trail

    shown = [d for d in result.decisions if d.reached > 0 or d.split]
    if not full:  # the points where the choice differs between sets, the most often reached first
        shown = [d for d in shown if d.split]
    rows = shown if full else shown[:SUMMARY_ROWS]
    table = titled(_("Decision points: in what share of the sampled assumption sets each branch is chosen"))
    columns = (_("Decision"), _("Actor"), _("Reached after"), _("Play reaches it in"), _("Branch chosen in"),
               _("Indifferent"))
    for k, col in enumerate(columns):
        if full or k != 1:
            table.add_column(col, no_wrap=k < 2, justify="right" if k in (3, 5) else "left")
    for d in rows:
        picks = " · ".join(f"{label} {percent(s)}" for label, s in d.shares.items() if s > 0)
        cells = [escape(("* " if d.split else "") + d.node), escape(d.actor),
                 escape(trail(d.history, 3 if full else 1)),
                 percent(d.reached), escape(picks), percent(d.tied) if d.tied > 0 else "—"]
        table.add_row(*(cells if full else cells[:1] + cells[2:]))
    out.print(table)
    if not full:
        more(out, len(result.decisions) - len(rows))
        out.print(escape(_("* the choice differs between sampled sets; a set where the actor is indifferent between "
                           "several best branches counts under 'Indifferent'.")) + "\n")
        return
    hidden = len(result.decisions) - len(shown)
    if hidden:
        out.print(escape(ngettext(
            "{count} more decision point: off the play and with the same choice in every sampled set "
            "(--format json lists every one).",
            "{count} more decision points: off the play and with the same choice in every sampled set "
            "(--format json lists every one).", hidden).format(count=hidden)))
    out.print(escape(_("* the choice differs between sampled sets. Each set counts once: where the actor is "
                       "indifferent between several best branches it counts under 'Indifferent', so a row adds "
                       "up to the share of sets in which the decision point exists.")) + "\n")


def outcomes(out: Any, result: Any, full: bool = True) -> None:
    from rich.markup import escape

    from scenarios.cli.frame import titled

    table = titled(_("Outcomes: how often the play reaches each, and its weight in the play"))
    columns = (_("Outcome"), _("Play reaches it in"), _("Weight: mean"), _("5th pct"), _("Median"), _("95th pct"))
    for k, col in enumerate(columns):
        table.add_column(col, justify="left" if k == 0 else "right")
    ranked = result.outcomes if full else sorted(result.outcomes, key=lambda o: -o.reached)[:SUMMARY_ROWS]
    for o in ranked:
        w = o.weight
        cells = ["—"] * 4 if w is None else [percent(w.mean), percent(w.p5), percent(w.p50), percent(w.p95)]
        table.add_row(escape(f"{o.label} ({o.node})"), percent(o.reached), *cells)
    out.print(table)
    more(out, len(result.outcomes) - len(ranked))
    out.print(escape(_("'Play reaches it in': the share of the sampled assumption sets in which the play (every "
                       "actor deciding by the rule) has a path to it. Weights follow from each set's assumptions."))
              + "\n")


def result_name(result: Any, imp: Any) -> str:
    """An importance row's result in words: "value of NAME" or "choice at NODE: BRANCH"."""
    from scenarios.engine.text.names import said

    if imp.kind == "value":
        names = {a.actor: a.name for a in result.actors}
        return said(_("value of {actor}"), actor=names.get(imp.about, imp.about))
    if imp.kind == "choice":
        return _("choice at {node}: {branch}").format(node=imp.about, branch=imp.branch)
    return str(imp.output)


def importance(out: Any, result: Any, full: bool = True) -> None:
    from rich.markup import escape

    from scenarios.cli.frame import titled
    from scenarios.engine.analysis.uncertainty.importance import CONFIDENCE_RESAMPLES, MIN_SETS, WIDE, wide

    if not result.importance:
        if result.importance_method != "sobol" and result.samples < MIN_SETS:
            out.print(_("Too few sets for RBD-FAST indices: draw at least {count}.").format(count=MIN_SETS) + "\n")
        else:
            out.print(_("No result varies across the sampled sets, so no assumption drives any.") + "\n")
        return
    sobol = result.importance_method == "sobol"
    title = (_("What drives each result: Sobol' indices, first-order (total-order)") if sobol else
             _("What drives each result: first-order indices (RBD-FAST; --method sobol adds total-order)"))
    table = titled(title)
    table.add_column(_("Result"))
    table.add_column(_("Assumptions, most influential first"))
    rows = result.importance if full else [imp for imp in result.importance if imp.kind == "value"]
    marked = False
    for imp in rows:
        flagged = {(index, n) for index, n, _x in imp.clipped}
        top = imp.ranking[:3 if sobol else 4]
        marked |= any(n in top for _i, n, _x in imp.clipped)
        parts = [f"{n} {_index(imp.first[n], (imp.first_conf or {}).get(n), ('S1', n) in flagged)}"
                 + (f" ({_index(imp.total[n], (imp.total_conf or {}).get(n), ('ST', n) in flagged)})"
                    if imp.total is not None else "") for n in top]
        table.add_row(escape(result_name(result, imp)), escape(" · ".join(parts)))
    out.print(table)
    more(out, len(result.importance) - len(rows))
    out.print(escape(_("An index is the share of the result's variation across the sets that the assumption "
                       "explains; argue first about the assumptions at the top. ± the half-width of a confidence "
                       "interval (95%; SALib's bootstrap, {count} resamples).").format(count=CONFIDENCE_RESAMPLES)))
    if marked:
        out.print(escape(_("! the estimate fell outside 0 … 1 (sampling error) and is shown at the nearest end.")))
    found = wide(result.importance, result.data.draw)
    if found is not None:
        out.print(escape(_("Intervals are wide (up to ±{width}): use --samples {count} for ±{target} (intervals "
                           "narrow as 1/√N).").format(width=f"{found[0]:.2f}", count=f"{found[1]:,}", target=WIDE)))
    out.print()


def _index(x: float, conf: float | None, clipped: bool) -> str:
    return f"{x:.2f}" + ("!" if clipped else "") + ("" if conf is None else f"±{conf:.2f}")


def discovery(out: Any, result: Any) -> None:
    from rich.markup import escape

    from scenarios.cli.frame import titled
    from scenarios.engine.analysis.uncertainty.discovery import STABILITY_RUNS

    found = result.discovery
    if found is None:
        return
    out.print(escape(_("Target: {target}: in {share} of the sampled assumption sets.").format(
        target=found.description, share=percent(found.share))))
    if not found.boxes:
        why = (_("it happens in none of them") if found.share == 0 else _("it happens in all of them")
               if found.share == 1 else _("no box reaches a density of {density}").format(
                   density=f"{found.threshold:.0%}"))
        out.print(escape(_("No PRIM box: {why}.").format(why=why)) + "\n")
        return
    if found.pick is not None:
        how = (_("at the knee of its trade-off curve (the point farthest from the chord joining its ends)")
               if found.pick == "knee" else _("as asked"))
        out.print(escape(_("First box: point {point} of the trade-off curve (points 0 to {last}), {how}.").format(
            point=found.boxes[0].point, last=len(found.trajectory) - 1, how=how)))
    table = titled(_("PRIM boxes (EMA Workbench; {count} sets): ranges of assumptions where the target happens")
                   .format(count=f"{found.sets:,}"))
    columns = (_("Box"), _("Assumption ranges"), _("Coverage"), _("Density"), _("Sets inside"))
    for k, col in enumerate(columns):
        table.add_column(col, justify="left" if k < 2 else "right")
    for k, box in enumerate(found.boxes, 1):
        ranges = "; ".join(f"{n} {lo:.3g} … {hi:.3g}" + _qp(box.quasi_p.get(n)) for n, (lo, hi) in box.limits.items())
        table.add_row(str(k), escape(ranges), percent(box.coverage), percent(box.density), percent(box.mass))
    out.print(table)
    out.print(escape(_("Coverage: the share of the target's sets that fall inside the box. Density: the share of the "
                       "box's sets in which the target happens. qp: quasi-p-value of the restriction (EMA "
                       "Workbench's one-sided binomial test; near 0: significant).")))
    if found.stability:
        parts = [f"{n} {percent(v)}" for n, v in found.stability.items() if v > 0]
        out.print(escape(_("Stability: PRIM on {runs} random halves of the sets restricts, at the first box's "
                           "coverage: {dims}.").format(runs=STABILITY_RUNS, dims=", ".join(parts) or "—")))
    rot = found.rotated
    if rot is not None:
        terms = [_sum(w) + (f" ≥ {lo:.3g}" if hi == float("inf") else f" ≤ {hi:.3g}" if lo == float("-inf")
                 else f" in {lo:.3g} … {hi:.3g}") for w, lo, hi in rot.limits]
        terms += [f"{n} {lo:.3g} … {hi:.3g}" for n, (lo, hi) in rot.kept.items()]
        out.print(escape(_("The boundary is oblique: a rotated box (PCA-PRIM) covers {coverage} of the target's sets "
                           "at density {density} (the widest axis-aligned box meeting the threshold: {axis}): "
                           "{limits}.").format(coverage=percent(rot.coverage), density=percent(rot.density),
                                               axis=percent(max(c for c, d, _r in found.trajectory
                                                                if d >= found.threshold)),
                                               limits="; ".join(terms))))
    out.print()


def _qp(pair: tuple[float | None, float | None] | None) -> str:
    """The quasi-p-value of a restriction (the larger of its two sides), e.g. ' (qp 3e-12)'."""
    sides = [p for p in (pair or ()) if p is not None]
    return f" (qp {max(sides):.1g})" if sides else ""


def _sum(weights: dict[str, float]) -> str:
    """A weighted sum of assumptions as words: '−0.87·p_a + p_b'."""
    text = ""
    for k, (n, w) in enumerate(weights.items()):
        size = "" if abs(abs(w) - 1) < 5e-3 else f"{abs(w):.2g}·"
        text += ("−" if w < 0 else "") + size + n if k == 0 else (" − " if w < 0 else " + ") + size + n
    return text


MEASURE_NAMES = {"mean_regret": N_("the least mean regret"), "max_regret": N_("the least maximum regret (minimax)"),
                 "p90_regret": N_("the least 90th-percentile regret")}


def robust_sentence(robust: Any, actor: str, name: str) -> str:
    """One sentence: which strategy is most robust for the actor under each measure."""
    from scenarios.engine.text.names import said

    best = robust.most_robust[actor]
    parts = [_("{measure}: {strategies}").format(measure=_(MEASURE_NAMES[m]), strategies=" = ".join(best[m]))
             for m in MEASURE_NAMES]
    parts += [_("the most sets with {criterion}: {strategies}").format(
        criterion=m.split(": ", 1)[1], strategies=" = ".join(v)) for m, v in best.items() if m.startswith("satisf")]
    return said(_("Most robust for {actor}, by {measures}."), actor=name, measures="; ".join(parts))


def strategies(out: Any, result: Any, full: bool = True) -> None:
    """Per strategy, for the actor whose choices they fix (every actor with --all): value, regret, satisficing."""
    from rich.markup import escape

    from scenarios.cli.frame import number, titled
    from scenarios.engine.analysis.uncertainty.strategies import OTHERS

    robust = result.robust
    if robust is None:
        return
    names = {a.actor: a.name for a in result.actors}
    owner = robust.owner
    out.print(escape(robust_sentence(robust, owner, f"{names.get(owner, owner)} ({owner})")))
    out.print(escape(_(OTHERS)) + "\n")
    for a, actor in enumerate(result.data.actors):
        if actor != owner and not full:
            continue
        criteria = [c for c in robust.criteria if c.split()[0] == actor]
        table = titled(_("Strategies across the sampled assumption sets: {actor}'s value and regret").format(
            actor=f"{names.get(actor, actor)} ({actor})"))
        columns = [_("Strategy"), _("Mean"), _("5th … 95th pct"), _("Regret: mean"), _("max"), _("90th pct"),
                   _("Best in")] + [c for c in criteria]
        for k, col in enumerate(columns):
            table.add_column(escape(col), justify="left" if k == 0 else "right")
        for s in robust.strategies:
            row = s.per_actor[a]
            v = row.value
            table.add_row(escape(s.name + (" †" if s.unoffered else "")), number(v.mean),
                          f"{number(v.p5)} … {number(v.p95)}", number(row.mean_regret), number(row.max_regret),
                          number(row.p90_regret), percent(row.best_share),
                          *(percent(row.satisficing[c]) for c in criteria))
        out.print(table)
        if actor != owner:
            out.print(escape(robust_sentence(robust, actor, f"{names.get(actor, actor)} ({actor})")))
    if any(s.unoffered for s in robust.strategies):
        out.print(escape(_("† a guard takes the fixed branch away at some points; there the actor decides by "
                           "the rule.")))
    if not full:
        out.print(_("--all shows the same for every actor."))
    out.print(escape(_("Regret: the actor's value under the best of these strategies in the same set, minus its "
                       "value under this one. 'Best in': the share of sets in which no strategy does better.")) + "\n")


def learning(out: Any, result: Any, full: bool = True) -> None:
    """Per actor, the value of learning each assumption before choosing (EVPPI), largest first."""
    from rich.markup import escape

    from scenarios.cli.frame import number, titled
    from scenarios.engine.analysis.uncertainty.evppi import ESTIMATOR, NOTE, NULL_DRAWS

    found = result.learning
    if found is None:
        return
    table = titled(_("Value of learning each assumption before choosing (EVPPI), in each actor's value"))
    for k, col in enumerate((_("Actor"), _("Choosing at (options)"), _("All (EVPI)"), _("Assumption"), _("EVPPI"))):
        table.add_column(col, justify="right" if k in (2, 4) else "left")
    hidden = 0
    for a in found.actors:
        among = (f"{a.decision} ({len(a.strategies)})" if a.decision
                 else _("{count} strategies").format(count=len(a.strategies)))
        ranked = list(a.evppi.items())
        top = ranked if full else [(n, v) for n, v in ranked if v > a.noise][:3]
        hidden += len(ranked) - len(top)
        first = [escape(a.actor), escape(among), number(a.evpi)]
        if not top:
            table.add_row(*first, escape(_("none above the noise floor")), "")
        for k, (n, v) in enumerate(top):
            table.add_row(*(first if k == 0 else ["", "", ""]), escape(n), number(v) + ("°" if v <= a.noise else ""))
    out.print(table)
    if not full:
        more(out, hidden)
    out.print(escape(_("Estimator: {estimator}; over {count} sets. ° under the noise floor (the same estimate with "
                       "the sets binned at random, 95th percentile of {draws} tries). EVPI, learning them all, can "
                       "exceed every single one when the best choice turns on several together.").format(
        estimator=_(ESTIMATOR).format(bins=found.bins), count=f"{found.sets:,}", draws=NULL_DRAWS)))
    out.print(escape(_(NOTE)) + "\n")
