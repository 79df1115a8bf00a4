"""Issue 24's figures in one run: `python -m tests.benchmarks [--quick]`.

Each figure is measured beside its reference in the same moment (pair by pair, alternating,
so load from elsewhere on the machine hits both alike) and printed with the load average;
the run ends with one table: figure, ours, reference, ratio or target, met or not.
Commands are timed by their CPU time (user + system, children included), which is what they
would take on a quiet machine; wall-clock time is printed beside it. `--help` is timed with our
modules' bytecode written first, as an installed copy has it (see `compiled`).
--quick uses fewer repeats and sets, lays out the ladder at 200 and 750 steps only (plain
dot stopped at 10 s) and skips the 300 phones' votes (a minute or more).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PY = sys.executable


@dataclass
class Row:
    figure: str
    ours: str
    reference: str
    ratio: str
    met: bool | None  # None: not measured in this run


ROWS: list[Row] = []


def loadavg() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def say(text: str) -> None:
    print(f"  {text}   [{loadavg()}]", flush=True)


def adopt_orphans() -> None:
    """Make this process the reaper of its descendants' orphans (Linux), so that their CPU time is counted too.

    Chromium's renderer, GPU and utility processes are forked by its zygotes, which the browser leaves running
    when it exits: they end as orphans of init, and their CPU time (two thirds of a print's) never reached
    RUSAGE_CHILDREN. As the subreaper, this process is their parent once the browser is gone, and `command`
    waits for them."""
    import ctypes

    ctypes.CDLL(None).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def reap() -> None:
    """Wait for every descendant left behind (see adopt_orphans): their CPU time joins RUSAGE_CHILDREN."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def command(*args: str, cwd: str | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds of `python -m scenarios ARGS`, children (dot, Chromium and the processes it forks)
    included."""
    adopt_orphans()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([PY, "-m", "scenarios", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          cwd=cwd, check=False)
    if done.returncode:
        raise SystemExit(f"scenarios {' '.join(args)} failed:\n{done.stderr}")
    wall = time.perf_counter() - start
    reap()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def process(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cpu(fn: Callable[[], object]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def fresh(fn: Callable[[object], object]) -> Callable[[], float]:
    """CPU seconds of fn(mexico), mexico loaded afresh (outside the timing) so no cache carries over."""
    def timed() -> float:
        from scenarios import engine

        scenario = engine.load("mexico")
        return cpu(lambda: fn(scenario))
    return timed


def alternate(ours: Callable[[], float], theirs: Callable[[], float], pairs: int) -> tuple[float, float, float]:
    """Median of ours, of theirs and of the pair-by-pair ratio, the two run in turn."""
    got = [(ours(), theirs()) for _ in range(pairs)]
    return (statistics.median(o for o, _ in got), statistics.median(t for _, t in got),
            statistics.median(o / t for o, t in got))


def compiled() -> None:
    """Our modules' bytecode written first, as pip writes it when it installs the wheel: click's was written
    when it was installed, and a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every
    module of ours from source on every start (some 15-50 ms that no installed copy pays)."""
    import compileall

    import scenarios
    import scenarios.cli
    import scenarios.engine

    for package in (scenarios, scenarios.engine, scenarios.cli):
        for folder in package.__path__:
            compileall.compile_dir(folder, quiet=2)


def start_up(quick: bool) -> None:
    from scenarios.cli.commands import COMMANDS

    compiled()
    click = [PY, "-c", "import click"]
    ours, ref, ratio = alternate(lambda: process([PY, "-m", "scenarios", "--help"]), lambda: process(click),
                                 7 if quick else 15)
    say(f"scenarios --help {ours * 1000:.0f} ms vs python -c 'import click' {ref * 1000:.0f} ms: {ratio:.2f}x")
    ROWS.append(Row("scenarios --help", f"{ours * 1000:.0f} ms", f"import click {ref * 1000:.0f} ms",
                    f"{ratio:.2f}x (<= 1.3x)", ratio <= 1.3))
    each = {}
    for name in [*COMMANDS, "workshop start"]:
        each[name] = alternate(lambda name=name: process([PY, "-m", "scenarios", *name.split(), "--help"]),
                               lambda: process(click), 3 if quick else 7)
    worst = max(each, key=lambda name: each[name][2])
    ratios = sorted(r for _, _, r in each.values())
    ours, ref, ratio = each[worst]
    say(f"scenarios COMMAND --help, {len(each)} commands: {ratios[0]:.2f}x to {ratios[-1]:.2f}x "
        f"(median {statistics.median(ratios):.2f}x); the slowest, {worst}, {ours * 1000:.0f} ms vs {ref * 1000:.0f} ms")
    ROWS.append(Row(f"scenarios COMMAND --help (slowest of {len(each)}: {worst})", f"{ours * 1000:.0f} ms",
                    f"import click {ref * 1000:.0f} ms", f"{ratio:.2f}x (<= 1.3x)", ratio <= 1.3))


def analyze_vs_rollback(quick: bool) -> None:
    from scenarios import engine
    from scenarios.engine.analysis.analyze import analyze
    from tests.benchmarks.reference import memoized_rollback

    check = engine.load("mexico")
    got, want = memoized_rollback(check), analyze(check).values
    assert all(abs(got[x] - want[x]) < 1e-6 for x in want), (got, want)
    ours, ref, ratio = alternate(fresh(analyze), fresh(memoized_rollback), 5 if quick else 11)
    say(f"analyze mexico (freshly loaded each time) {ours * 1000:.0f} ms CPU vs a memoized rollback "
        f"{ref * 1000:.0f} ms: {ratio:.2f}x")
    ROWS.append(Row("analyze mexico", f"{ours * 1000:.0f} ms", f"memoized rollback {ref * 1000:.0f} ms",
                    f"{ratio:.2f}x (<= 1.0x)", ratio <= 1.0))


def ladder(quick: bool) -> None:
    from tests.benchmarks.bench_ladder import timed

    limit = 10.0 if quick else 30.0
    with tempfile.TemporaryDirectory() as folder:
        for steps in (200, 750) if quick else (200, 750, 3000):
            ours, seconds, _size = timed(folder, steps, limit)
            plain = f"{seconds:.1f} s" if seconds is not None else f"> {limit:.0f} s (stopped)"
            say(f"ladder of {steps} steps: render -f svg {ours:.2f} s; plain dot -Tsvg {plain}")
            ROWS.append(Row(f"ladder {steps}: render svg", f"{ours:.2f} s", f"dot {plain}", "< 30 s", ours < 30))


def sensitivity_figures(quick: bool) -> None:
    from scenarios.engine.analysis.sensitivity import sensitivity

    ours, ref, ratio = alternate(fresh(lambda s: sensitivity(s, batch=True)),
                                 fresh(lambda s: sensitivity(s, batch=False)), 1 if quick else 3)
    say(f"sensitivity sweep of mexico: batched {ours:.3f} s CPU vs the per-set route {ref:.3f} s: {ratio:.2f}x")
    ROWS.append(Row("sensitivity sweep (engine)", f"{ours:.2f} s", f"per-set route {ref:.2f} s", f"{ratio:.2f}x",
                    None))
    with tempfile.TemporaryDirectory() as out:
        walls, cpus = zip(*(command("sensitivity", "mexico", "--out", out) for _ in range(1 if quick else 3)),
                          strict=True)
        charts = len(list(Path(out).glob("*.svg")))
        bare = command("sensitivity", "mexico", "--out", out, "--no-charts")
    best = min(cpus)
    say(f"scenarios sensitivity mexico (its {charts} SVG charts) {best:.2f} s CPU ({min(walls):.2f} s wall); "
        f"--no-charts {bare[1]:.2f} s CPU")
    ROWS.append(Row(f"sensitivity mexico ({charts} charts)", f"{best:.2f} s", f"--no-charts {bare[1]:.2f} s", "< 2 s",
                    best < 2))


def workshop_db(folder: Path) -> tuple[Path, str]:
    """A mexico session: two steps chosen, twelve people's assumptions, a vote."""
    from scenarios.engine.format.library import resolve
    from scenarios.engine.format.loader import load_path
    from scenarios.engine.workshop import Store, Workshop

    path = resolve("mexico")
    scenario = load_path(path)
    db = folder / "w.db"
    w = Workshop.create(Store(db), scenario, Path(path).read_text(encoding="utf-8"), str(path))
    rng = random.Random(1)
    ranged = {n: a for n, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None}
    people = [w.join(w.code, f"P{k}", next(iter(scenario.spec.actors)))[0].id for k in range(12)]
    for p in people:
        w.set_assumptions(p, {n: rng.uniform(a.low, a.high) for n, a in ranged.items()})  # type: ignore[arg-type]
    w.choose(0)
    w.choose(1)
    return db, w.id


def commands(quick: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db, session = workshop_db(folder)
        report = ("workshop", "report", session, "--db", str(db), "-o")
        jobs = {"workshop report (HTML)": (*report, str(folder / "r.html")),
                "workshop report (PDF)": (*report, str(folder / "r.pdf")),
                "render mexico -f png": ("render", "mexico", "-f", "png", "-o", str(folder / "m.png")),
                "analyze mexico (command)": ("analyze", "mexico")}
        for name, args in jobs.items():
            walls, cpus = zip(*(command(*args) for _ in range(1 if quick else 3)), strict=True)
            say(f"scenarios {name}: {min(cpus):.2f} s CPU "
                f"({min(walls):.2f} s wall)")
            ROWS.append(Row(name, f"{min(cpus):.2f} s", f"wall {min(walls):.2f} s", "< 2 s", min(cpus) < 2))


def room(quick: bool) -> None:
    from scenarios import engine
    from scenarios.engine.analysis.analyze import analyze
    from scenarios.engine.workshop.spread import group_analysis

    scenario = engine.load("mexico")
    sets = room_sets(scenario)
    per_set = list(sets.values())[: 30 if quick else 100]
    # as the room's worker asks it (no set's own record: the screen and the handout read none)
    ours, ref, _ = alternate(fresh(lambda s: group_analysis(s, sets, each_set=False)),
                             fresh(lambda s: [analyze(s, assumptions=x) for x in per_set]), 1 if quick else 3)
    records = fresh(lambda s: group_analysis(s, sets))()
    ref_300 = ref * 300 / len(per_set)
    say(f"the room's analysis of mexico, 300 people's sets: {ours:.2f} s CPU ({records:.2f} s with each set's own "
        f"record, as `compare` gives it); the per-set route (analyze each set) {ref_300:.2f} s for 300 "
        f"(from {len(per_set)})")
    ROWS.append(Row("room's analysis, 300 sets", f"{ours:.2f} s", f"per-set analyze {ref_300:.2f} s", "< 1 s",
                    ours < 1))
    for what, times in slider_moves(sets, 6 if quick else 12).items():
        if times:
            best = statistics.median(times)
            say(f"one person moves one slider, {what}: {best:.2f} s CPU (median of {len(times)})")
            ROWS.append(Row(f"one slider moved, {what}", f"{best:.2f} s", "the room's analysis afresh", "< 1 s",
                            best < 1))
    from tests.benchmarks.room import room_worker

    room_worker(sets, quick)


def room_sets(scenario: object, n: int = 300) -> dict[str, dict[str, float]]:
    """n people's random sets of the scenario's ranged assumptions (the same every run)."""
    rng = random.Random(2)
    ranged = {k: a for k, a in scenario.spec.assumptions.items() if a.low is not None and a.high is not None}  # type: ignore[attr-defined]
    return {f"p{k}": {name: rng.uniform(a.low, a.high) for name, a in ranged.items()} for k in range(n)}


MOVES = ("the median moves", "the median moves back", "the median stays")


def moves(scenario: object, sets: dict[str, dict[str, float]], count: int):  # type: ignore[no-untyped-def]
    """One person moving one slider at a time: to the far end of its range across the median (the median moves) or
    on the same side (it stays), in turns; yields the sets after each move and one of MOVES: "moves back" when the
    median returns to one of the last KEPT medians (the room's worker keeps their sweeps: RoomMemo)."""
    import copy

    from scenarios.engine.workshop.spread import KEPT, median_set

    rng = random.Random(3)
    seen = [median_set(scenario, sets)]  # type: ignore[arg-type]
    for k in range(count):
        after = copy.deepcopy(sets)
        who, what = f"p{rng.randrange(len(sets))}", rng.choice(list(after["p0"]))
        a = scenario.spec.assumptions[what]  # type: ignore[attr-defined]
        median = median_set(scenario, sets)[what]  # type: ignore[arg-type]
        across = k % 2 == 0
        below = after[who][what] < median
        after[who][what] = (a.high if below else a.low) if across else (a.low if below else a.high)
        now = median_set(scenario, after)  # type: ignore[arg-type]
        kind = MOVES[2] if now[what] == median else MOVES[1] if now in seen[1:] else MOVES[0]
        seen = [now, *[m for m in seen if m != now]][:KEPT]
        yield after, kind
        sets = after


def slider_moves(sets: dict[str, dict[str, float]], count: int) -> dict[str, list[float]]:
    """CPU seconds of the room's analysis as the workshop's worker runs it (it keeps the last one) after each of
    `moves`, by kind."""
    from scenarios import engine
    from scenarios.engine.workshop.spread import RoomMemo, group_analysis

    scenario = engine.load("mexico")
    memo = RoomMemo()
    group_analysis(scenario, sets, memo=memo, each_set=False)
    found: dict[str, list[float]] = {kind: [] for kind in MOVES}
    for after, kind in moves(scenario, sets, count):
        found[kind].append(cpu(lambda: group_analysis(scenario, after, memo=memo, each_set=False)))  # noqa: B023
        assert (memo.swept == ()) == (kind != MOVES[0]), (kind, memo.swept)  # the kinds are what the memo did
    return found


def votes(quick: bool) -> None:
    if quick:
        ROWS.append(Row("300 phones' votes, p99", "not run (--quick)", "", "< 200 ms", None))
        return
    out = subprocess.run([PY, "-m", "tests.benchmarks", "workshop"], capture_output=True, text=True, check=False).stdout
    p99 = [float(line.split("p99 ")[1].split(" ms")[0]) for line in out.splitlines() if "p99 " in line]
    print("\n".join("    " + line for line in out.splitlines()))
    worst = max(p99) if p99 else float("nan")
    say(f"300 phones voting at one instant: worst round's p99 {worst:.0f} ms")
    ROWS.append(Row("300 phones' votes, p99", f"{worst:.0f} ms", "", "< 200 ms", worst < 200))


STEPS = [start_up, analyze_vs_rollback, ladder, sensitivity_figures, commands, room, votes]


def main(quick: bool = False) -> None:
    first = loadavg()
    print(f"issue 24's figures{' (quick)' if quick else ''}; {first} at the start ({os.cpu_count()} cores)", flush=True)
    for step in STEPS:
        print(f"== {step.__name__}", flush=True)
        step(quick)
    print(f"\n{first} at the start, {loadavg()} at the end")
    widths = [max(len(getattr(r, f)) for r in ROWS) for f in ("figure", "ours", "reference", "ratio")]
    head = ("figure", "ours", "reference", "ratio / target")
    widths = [max(w, len(h)) for w, h in zip(widths, head, strict=True)]
    print(" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " | met")
    print("-|-".join("-" * w for w in widths) + "-|----")
    for r in ROWS:
        cells = (r.figure, r.ours, r.reference, r.ratio)
        met = "-" if r.met is None else ("yes" if r.met else "no")
        print(" | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + f" | {met}")
