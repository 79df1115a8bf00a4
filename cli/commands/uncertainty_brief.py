"""The first screen of `scenarios uncertainty`: what a room should look at first, in at most one screen.

The frame (title, disclaimer, how many sources and sampled assumptions), each actor's value spread, the
one-sentence verdicts of --strategy, --evppi and --target, the decision points whose choice differs
between the sampled sets and the assumptions that drive each actor's value, the last two cut to what
fits; then what --all adds. --all prints the full tables (uncertainty_tables.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scenarios.cli.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from scenarios.cli.summary import Brief


METHOD_NAMES = {"lhs": N_("Latin hypercube"), "random": N_("simple random"), "sobol": N_("Sobol'/Saltelli")}


def brief(out: Any, scenario: Any, result: Any, overrides: dict[str, float], written: list[Any]) -> None:
    """One screen: the frame, the verdicts asked for, the value spreads, where choices differ, what drives values."""
    from rich.text import Text

    from scenarios.cli.frame import header
    from scenarios.cli.summary import SCREEN, Brief

    with out.capture() as captured:
        header(out, scenario, {}, overrides, result.rule, result.alpha, brief=True)
    frame = captured.get().splitlines()
    top = _frame(out, result, overrides)
    top.gap()
    _verdicts(top, result)
    spread = _spreads(out, result)
    tail = Brief(out)
    tail.para(_adds(result))
    if written:
        tail.para(ngettext("Wrote {count} chart: {paths}", "Wrote {count} charts: {paths}", len(written)).format(
            count=len(written), paths=", ".join(str(p) for p in written)))
    room = SCREEN - len(frame) - len(top.lines) - len(spread.lines) - len(tail.lines)
    middle = _fit(out, result, room)
    for line in frame:
        out.print(Text(line))
    for part in (top, spread, middle, tail):
        part.print()


def _frame(out: Any, result: Any, overrides: dict[str, float]) -> Brief:
    from scenarios.cli.summary import Brief

    text = Brief(out)
    how = _(METHOD_NAMES[result.method]) + (", N = " + f"{result.base:,}" if result.base else "")
    text.para(ngettext("{count} sets sampled over {n} assumption ({method}, seed {seed}; listed with --all); every "
                       "share below is a share of these sets, not a probability of events.",
                       "{count} sets sampled over {n} assumptions ({method}, seed {seed}; listed with --all); every "
                       "share below is a share of these sets, not a probability of events.",
                       len(result.sampled)).format(count=f"{result.samples:,}", n=len(result.sampled), method=how,
                                                   seed=result.seed))
    if result.fixed:
        held = len(result.fixed)
        text.para(ngettext("{count} more held at one value (listed with --all).",
                           "{count} more held at one value each (listed with --all).", held).format(count=held))
    return text


def _verdicts(text: Brief, result: Any) -> None:
    """The one-sentence verdicts of the sections asked for: strategies, EVPPI, the target."""
    from scenarios.cli.commands.uncertainty_tables import percent
    from scenarios.cli.frame import number
    from scenarios.engine.analysis.uncertainty.strategies import OTHERS

    names = {a.actor: a.name for a in result.actors}
    robust = result.robust
    if robust is not None:
        owner = robust.owner
        text.para(_robust(robust, owner, f"{names.get(owner, owner)} ({owner})"))
        text.para(_(OTHERS))
        text.gap()
    if result.learning is not None:
        worth, nothing = [], []
        for a in result.learning.actors:
            above = [f"{n} {number(v)}" for n, v in a.evppi.items() if v > a.noise][:1]  # the most; the rest: --all
            if above:
                worth.append(_("{actor}: {assumptions}").format(actor=names.get(a.actor, a.actor),
                                                                  assumptions=", ".join(above)))
            else:
                nothing.append(names.get(a.actor, a.actor))
        sentence = (_("Worth learning before choosing (EVPPI, above the noise floor): {items}.").format(
            items="; ".join(worth)) if worth else _("No assumption is worth learning before choosing (EVPPI) above "
                                                    "the noise floor."))
        if worth and nothing:
            sentence += " " + _("Nothing above it for {actors}.").format(actors=", ".join(nothing))
        text.para(sentence)
        text.gap()
    found = result.discovery
    if found is not None:
        sentence = _("Target: {target}: in {share} of the sampled assumption sets.").format(
            target=found.description, share=percent(found.share))
        if found.boxes:
            box = found.boxes[0]
            ranges = "; ".join(_("{name} {low} to {high}").format(name=n, low=f"{lo:.3g}", high=f"{hi:.3g}")
                               for n, (lo, hi) in box.limits.items())
            sentence += " " + _("First PRIM box: {ranges} (coverage {coverage}, density {density}).").format(
                ranges=ranges, coverage=percent(box.coverage), density=percent(box.density))
        else:
            sentence += " " + _("No PRIM box.")
        if found.rotated is not None:
            sentence += " " + _("The boundary is oblique: a rotated box covers {coverage} (--all).").format(
                coverage=percent(found.rotated.coverage))
        text.para(sentence)
        text.gap()


def _robust(robust: Any, actor: str, name: str) -> str:
    """One sentence: the most robust strategy for the actor, each named once with the measures that pick it."""
    from scenarios.cli.commands.uncertainty_tables import MEASURE_NAMES
    from scenarios.engine.text.names import said

    best = robust.most_robust[actor]
    measures = [(_(MEASURE_NAMES[m]), best[m]) for m in MEASURE_NAMES]
    measures += [(_("the most sets with {criterion}").format(criterion=m.split(": ", 1)[1]), v)
                 for m, v in best.items() if m.startswith("satisf")]
    by: dict[tuple[str, ...], list[str]] = {}
    for measure, winners in measures:
        by.setdefault(tuple(winners), []).append(measure)
    return said(_("Most robust for {actor}: {verdicts}."), actor=name, verdicts="; ".join(
        _("{strategies}, by {measures}").format(strategies=" = ".join(w), measures=", ".join(m))
        for w, m in by.items()))


def _spreads(out: Any, result: Any) -> Brief:
    from scenarios.cli.frame import number
    from scenarios.cli.summary import Brief

    text = Brief(out)
    risky = any(a.expected is not None for a in result.actors)
    title = (_("Each actor's value, 5th to 95th percentile (median), in certainty equivalents where an actor has a "
               "risk attitude:") if risky else _("Each actor's value, 5th to 95th percentile (median):"))
    items = [_("{actor}: {low} to {high} ({median})").format(actor=a.name, low=number(a.value.p5),
                                                             high=number(a.value.p95), median=number(a.value.p50))
             for a in result.actors]
    text.items(title, items, len(items))
    text.gap()
    return text


def _fit(out: Any, result: Any, room: int) -> Brief:
    """Where choices differ and what drives each value, as many of each as fit `room` lines."""
    from scenarios.cli.summary import Brief

    most = [4, 4]
    while True:
        text = Brief(out)
        _choices(text, result, most[0])
        _drivers(text, result, most[1])
        if len(text.lines) <= room:
            return text
        if most == [0, 0]:  # the verdicts fill the screen: these lists are left to --all, which the last line names
            return Brief(out)
        k = 0 if most[0] >= most[1] else 1
        most[k] -= 1


def _choices(text: Brief, result: Any, most: int) -> None:
    from scenarios.cli.commands.uncertainty_tables import percent

    split = [d for d in result.decisions if d.split]
    if not split:
        text.para(_("Every decision point reached takes the same branch in every sampled set."))
        text.gap()
        return
    split.sort(key=lambda d: -d.reached)
    items = []
    for d in split[:most]:  # the rest are only counted (naming each of mexico's 3,153 took 8 s)
        picks = [f"{label} {percent(s)}" for label, s in sorted(d.shares.items(), key=lambda kv: -kv[1]) if s > 0]
        if d.tied > 0:
            picks.append(_("indifferent {share}").format(share=percent(d.tied)))
        items.append(f"{_where(d, split)}: " + " · ".join(picks))
    text.items(ngettext("The choice differs between the sets at {count} decision point:",
                        "The choice differs between the sets at {count} decision points; the most reached:",
                        len(split)).format(count=f"{len(split):,}"),
               items, most, _("(+{count} more: --all)"), total=len(split))
    text.gap()


def _where(d: Any, split: list[Any]) -> str:
    """The decision point in words: its node and, where the node recurs, the fewest steps of its history that
    no other point at that node has all of ("via A, B"), or its whole history when none will do."""
    remaining = [set(e.history) for e in split if e.node == d.node and e is not d]
    if not remaining:
        return d.node
    chosen: set[str] = set()
    while remaining:
        step = max(d.history, key=lambda s: sum(s not in h for h in remaining), default=None)
        if step is None or all(step in h for h in remaining):
            return _("{node} after {steps}").format(node=d.node, steps=" → ".join(d.history))
        chosen.add(step)
        remaining = [h for h in remaining if step in h]
    return _("{node} via {steps}").format(node=d.node, steps=", ".join(s for s in d.history if s in chosen))


def _drivers(text: Brief, result: Any, most: int) -> None:
    from scenarios.engine.analysis.uncertainty.importance import MIN_SETS

    if not result.importance:
        if result.importance_method != "sobol" and result.samples < MIN_SETS:
            text.para(_("Too few sets for RBD-FAST indices: draw at least {count}.").format(count=MIN_SETS))
        else:
            text.para(_("No result varies across the sampled sets, so no assumption drives any."))
        text.gap()
        return
    rows = [imp for imp in result.importance if imp.kind == "value"]
    if not rows:
        return
    names = {a.actor: a.name for a in result.actors}
    items = [_("{actor}: {assumptions}").format(actor=names.get(imp.about, imp.about), assumptions=" · ".join(
        f"{n} {imp.first[n]:.2f}" for n in imp.ranking[:3])) for imp in rows]
    title = (_("What drives each value (Sobol' S1: the share of its variation each explains):")
             if result.importance_method == "sobol" else
             _("What drives each value (RBD-FAST: the share of its variation each explains):"))
    text.items(title, items, most, _("(+{count} more: --all)"))
    text.gap()


def _adds(result: Any) -> str:
    parts = [_("the sources and ranges"), _("every decision point"), _("the outcomes"), _("the intervals")]
    if result.robust is not None:
        parts.append(_("regret for every actor"))
    if result.learning is not None:
        parts.append(_("EVPPI per assumption"))
    if result.discovery is not None:
        parts.append(_("the PRIM boxes"))
    return _("Every table in full ({parts}): the same command with --all").format(parts=", ".join(parts))
