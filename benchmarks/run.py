"""Measure coordgraph against its speed and memory goals (see benchmarks/README.md).

Every result is a *ratio* of two things measured in this one run on this one machine,
so the numbers mean something on a laptop, a CI runner or a busy shared server alike.
Each pair is interleaved (A B, then B A, ...) and the ratio reported is the median of
the per-repetition ratios; the medians of the raw times are shown beside it.

Usage::

    python benchmarks/run.py                 # full run (a few minutes), writes RESULTS.md
    python benchmarks/run.py --quick         # tiny sizes, one repetition (the smoke test)
    python benchmarks/run.py --sizes 1000,4000 --repeat 3 --results /tmp/r.md

See benchmarks/README.md for what each row measures and why.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import yaml  # noqa: E402
from generate import (  # noqa: E402
    AS_OF,
    generate,
    generate_folder,
    many_contributors,
    part_of_chain,
    reports_to_chain,
    reports_to_cycle,
)

AS_OF_TEXT = AS_OF.isoformat()


@dataclass
class Row:
    """One line of the table: a ratio, its goal and what it was computed from."""

    key: str  # stable identifier (the smoke test looks for these)
    what: str
    ratio: float | None = None
    goal: float | None = None  # the ratio must be at most this
    detail: str = ""
    note: str = ""  # why a row was skipped, or a caveat
    judged: bool = True  # False for --quick: tiny sizes say nothing about the goals

    @property
    def status(self) -> str:
        if self.ratio is None:
            return "skipped"
        if self.goal is None:
            return "info"
        if not self.judged:
            return "not judged (--quick)"
        return "met" if self.ratio <= self.goal else "NOT met"


@dataclass
class Run:
    repeat: int
    quick: bool
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> None:
        row.judged = not self.quick
        self.rows.append(row)
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}"
        goal = "" if row.goal is None else f" (goal <= {row.goal:g}: {row.status})"
        print(f"  [{row.key}] {row.what}: {ratio}{goal} {row.detail} {row.note}".rstrip())
        sys.stdout.flush()


# -- timing helpers ---------------------------------------------------------------------


def timed(fn: Callable[[], object]) -> float:
    """Seconds for one call of ``fn`` in the process's normal state (cyclic GC on)."""
    gc.collect()
    gc.enable()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    del result
    gc.collect()
    return elapsed


def paired(
    a: Callable[[], float], b: Callable[[], float], repeat: int
) -> tuple[float, float, float]:
    """Interleave ``a`` and ``b`` ``repeat`` times (A B, B A, ...); each returns seconds.

    Returns (median ratio a/b over the repetitions, median a, median b).
    """
    ta: list[float] = []
    tb: list[float] = []
    for i in range(repeat):
        if i % 2 == 0:
            ta.append(a())
            tb.append(b())
        else:
            tb.append(b())
            ta.append(a())
    ratios = [x / y for x, y in zip(ta, tb, strict=True)]
    return statistics.median(ratios), statistics.median(ta), statistics.median(tb)


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def run_process(args: Sequence[str], ok: Sequence[int] = (0,), cwd: Path | None = None) -> float:
    """Seconds to run ``args`` to completion (output discarded); fails on other codes."""
    start = time.perf_counter()
    done = subprocess.run(
        list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(
            f"{' '.join(map(str, args))} exited {done.returncode}: "
            + done.stderr.decode("utf-8", "replace")[-500:]
        )
    return elapsed


def run_parallel(commands: Sequence[Sequence[str]], ok: Sequence[int] = (0,)) -> float:
    """Seconds until all ``commands``, started together, have finished."""
    start = time.perf_counter()
    procs = [
        subprocess.Popen(list(c), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for c in commands
    ]
    codes = [p.wait() for p in procs]
    elapsed = time.perf_counter() - start
    if any(code not in ok for code in codes):
        raise RuntimeError(f"{commands[0][0]} exited {codes}")
    return elapsed


def coordgraph_command() -> list[str]:
    """The installed ``coordgraph`` script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("coordgraph")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "coordgraph"]


def yamllint_command() -> list[str] | None:
    if importlib.util.find_spec("yamllint") is None:
        return None
    script = Path(sys.executable).with_name("yamllint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "yamllint"]


# -- the measurements -------------------------------------------------------------------


def interleaved(fns: dict[str, Callable[[], float]], repeat: int) -> dict[str, list[float]]:
    """Run every function once per repetition, forwards then backwards, ...; seconds each."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    names = list(fns)
    for i in range(repeat):
        for name in names if i % 2 == 0 else reversed(names):
            times[name].append(fns[name]())
    return times


def ratio_of(times: dict[str, list[float]], a: str, b: str) -> tuple[float, float, float]:
    """(median of the per-repetition ratios a/b, median a, median b)."""
    ratios = [x / y for x, y in zip(times[a], times[b], strict=True)]
    return statistics.median(ratios), statistics.median(times[a]), statistics.median(times[b])


def measure_in_process(run: Run, texts: dict[int, str], small: int, large: int) -> None:
    """check_text against yaml.load, the event floor and itself at 2x and 4x size."""
    from coordgraph.engine import Options, check_text

    options = Options.default(as_of=AS_OF)

    def check(n: int) -> Callable[[], float]:
        return lambda: timed(lambda: check_text(texts[n], f"synthetic-{n}.org.yaml", options))

    def load(n: int) -> Callable[[], float]:
        return lambda: timed(lambda: yaml.load(texts[n], Loader=yaml.CSafeLoader))

    def floor() -> None:
        for _event in yaml.parse(texts[large], Loader=yaml.CSafeLoader):
            pass

    fns: dict[str, Callable[[], float]] = {f"check {small}": check(small)}
    fns[f"load {small}"] = load(small)
    for n in (2 * small, 4 * small, large):
        fns.setdefault(f"check {n}", check(n))
    fns[f"load {large}"] = load(large)
    fns["floor"] = lambda: timed(floor)
    fns["load, GC paused"] = lambda: timed(lambda: _load_gc_paused(texts[large]))
    times = interleaved(fns, run.repeat)

    for n in (small, large):
        ratio, tc, tl = ratio_of(times, f"check {n}", f"load {n}")
        run.add(
            Row(
                f"load-{n}",
                f"check_text / yaml.load(CSafeLoader), {n:,} people (in process)",
                ratio,
                0.5,
                f"check {seconds(tc)}, load {seconds(tl)}",
            )
        )
    ratio, tc, tl = ratio_of(times, f"check {large}", "load, GC paused")
    run.add(
        Row(
            "load-nogc",
            f"check_text / yaml.load with the cyclic GC paused, {large:,} people",
            ratio,
            None,
            f"check {seconds(tc)}, load {seconds(tl)}",
            "information: how much of a plain load is the garbage collector",
        )
    )
    ratio, tc, tf = ratio_of(times, f"check {large}", "floor")
    run.add(
        Row(
            "floor",
            f"check_text / yaml.parse event floor, {large:,} people",
            ratio,
            3.0,
            f"check {seconds(tc)}, events {seconds(tf)}",
        )
    )
    for factor, goal in ((2, 2.3), (4, 4.6)):
        n = factor * small
        ratio, tn, t1 = ratio_of(times, f"check {n}", f"check {small}")
        run.add(
            Row(
                f"scale-{factor}x",
                f"check_text at {factor}x size ({n:,} people) / 1x ({small:,})",
                ratio,
                goal,
                f"{seconds(tn)} / {seconds(t1)}",
            )
        )


def _load_gc_paused(text: str) -> object:
    gc.disable()
    try:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def measure_cli_vs_load(run: Run, files: dict[int, Path]) -> None:
    """End to end: ``coordgraph check FILE`` / ``python -c 'yaml.load(FILE)'``."""
    command = coordgraph_command()
    sizes = sorted(files)
    for n in (sizes[0], sizes[-1]):
        path = files[n]
        load = (
            "import sys, yaml; "
            "yaml.load(open(sys.argv[1], encoding='utf-8').read(), Loader=yaml.CSafeLoader)"
        )
        ratio, tc, tl = paired(
            lambda path=path: run_process(
                [*command, "check", "-q", "--isolated", "--as-of", AS_OF_TEXT, str(path)],
                ok=(0, 1),
            ),
            lambda path=path, load=load: run_process([sys.executable, "-c", load, str(path)]),
            max(1, min(run.repeat, 3)),
        )
        run.add(
            Row(
                f"cli-{n}",
                f"`coordgraph check` / `python -c yaml.load`, {n:,} people (subprocesses)",
                ratio,
                0.5,
                f"check {seconds(tc)}, load {seconds(tl)}",
            )
        )


def byte_compile() -> None:
    """Byte-compile coordgraph's modules, as ``pip install`` does.

    The subprocess rows measure an installed coordgraph. A checkout installed in
    editable mode under ``PYTHONDONTWRITEBYTECODE`` would compile every module from
    source at each start (tens of milliseconds), which no installed copy does; the
    libraries it is compared with are byte-compiled by pip.
    """
    import compileall

    import coordgraph

    compileall.compile_dir(str(Path(coordgraph.__file__).parent), quiet=1)


def measure_startup(run: Run, small_file: Path) -> None:
    command = coordgraph_command()
    repeat = max(1, run.repeat * 2)
    ratio, tc, tf = paired(
        lambda: run_process(
            [*command, "check", "-q", "--isolated", "--as-of", AS_OF_TEXT, str(small_file)],
            ok=(0, 1),
        ),
        lambda: run_process([sys.executable, "-c", "import yaml, networkx, click"]),
        repeat,
    )
    run.add(
        Row(
            "startup",
            "`coordgraph check` of a small file / `python -c 'import yaml, networkx, click'`",
            ratio,
            1.3,
            f"check {seconds(tc)}, imports {seconds(tf)}",
        )
    )


_MEMORY = """
import resource, sys, tracemalloc
how, mode, path = sys.argv[1], sys.argv[2], sys.argv[3]


def peak():
    # VmHWM: this process's own high-water mark. ru_maxrss is no good here: Linux
    # carries it over exec from the (large) benchmark process that started us.
    if how == "VmHWM":
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


import yaml
if mode == "check":
    from datetime import date
    from coordgraph.engine import Options, check_text
    options = Options.default(as_of=date.fromisoformat(sys.argv[4]))
text = open(path, encoding="utf-8").read()
if how == "tracemalloc":
    tracemalloc.start()
before = peak()
if mode == "check":
    result = check_text(text, path, options)
else:
    result = yaml.load(text, Loader=yaml.CSafeLoader)
if how == "tracemalloc":
    print(tracemalloc.get_traced_memory()[1] // 1024)
else:
    print(peak() - before)
"""


def measure_memory(run: Run, path: Path, people: int, repeat: int) -> None:
    """Peak memory of one call, each in a fresh interpreter.

    The growth of the process's peak resident set during the call: ``VmHWM`` of
    /proc/self/status after the call minus before it (after the imports and reading the
    text), in KiB; ``ru_maxrss`` where there is no /proc. Below 4 MiB that is lost in
    the allocator's slack (tiny files, --quick), so the peak of ``tracemalloc`` (Python
    allocations only) is used instead.
    """
    try:
        import resource  # POSIX only
    except ImportError:
        resource = None

    def peak(how: str, mode: str) -> int:
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY, how, mode, str(path), AS_OF_TEXT],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return int(out.strip().splitlines()[-1])

    def both(how: str) -> tuple[float, float]:
        checks: list[int] = []
        loads: list[int] = []
        for i in range(repeat):
            for mode in ("check", "load") if i % 2 == 0 else ("load", "check"):
                (checks if mode == "check" else loads).append(peak(how, mode))
        return statistics.median(checks), statistics.median(loads)

    if Path("/proc/self/status").exists():
        how = "VmHWM"
    else:
        how = "ru_maxrss" if resource is not None else "tracemalloc"
    mc, ml = both(how)
    if how != "tracemalloc" and min(mc, ml) < 4096:
        how = "tracemalloc"
        mc, ml = both(how)
    run.add(
        Row(
            "memory",
            f"peak memory: check_text / yaml.load, {people:,} people (fresh processes)",
            mc / ml if ml > 0 else None,
            3.0,
            f"check +{mc / 1024:.1f} MiB, load +{ml / 1024:.1f} MiB",
            f"{how}, growth during the call",
        )
    )


#: Shapes that stress one dimension each (benchmarks/generate.py): key, what, generator,
#: full size. Each is measured at half and full size: check / event floor at full size,
#: the growth from half to full, and the peak memory of one check at full size.
SHAPES: tuple[tuple[str, str, Callable[[int], str], int], ...] = (
    ("cycle", "a reports_to cycle of {n:,} people", reports_to_cycle, 40_000),
    (
        "pairs",
        "{n:,} people reporting to each other in pairs (a to b, b to a)",
        lambda n: reports_to_cycle(n, 2),
        40_000,
    ),
    (
        "reports-chain",
        "a reports_to chain {n:,} deep, each person owning a delegated task",
        reports_to_chain,
        10_000,
    ),
    ("part-of-chain", "a part_of re-delegation chain {n:,} deep", part_of_chain, 10_000),
    (
        "contributors",
        "{n:,} contributors to one task, none talking to its owner (a finding each)",
        many_contributors,
        100_000,
    ),
)


def measure_shapes(run: Run, quick: bool, workdir: Path) -> None:
    """Linear, near the floor and within memory on shapes that were not."""
    from coordgraph.engine import Options, check_text

    options = Options.default(as_of=AS_OF)
    for key, what, make, full in SHAPES:
        n = max(20, full // 200) if quick else full
        texts = {n // 2: make(n // 2), n: make(n)}

        def check(text: str, name: str = f"{key}.org.yaml") -> Callable[[], float]:
            return lambda: timed(lambda: check_text(text, name, options))

        def floor(text: str = texts[n]) -> None:
            for _event in yaml.parse(text, Loader=yaml.CSafeLoader):
                pass

        times = interleaved(
            {
                "half": check(texts[n // 2]),
                "full": check(texts[n]),
                "floor": lambda floor=floor: timed(floor),
            },
            run.repeat,
        )
        ratio, tc, tf = ratio_of(times, "full", "floor")
        run.add(
            Row(
                key,
                f"check_text / event floor, {what.format(n=n)}",
                ratio,
                4.0,
                f"check {seconds(tc)}, events {seconds(tf)}",
            )
        )
        ratio, tn, th = ratio_of(times, "full", "half")
        run.add(
            Row(
                f"{key}-2x",
                f"check_text at {n:,} / at {n // 2:,}",
                ratio,
                2.3,
                f"{seconds(tn)} / {seconds(th)}",
            )
        )
        path = workdir / f"{key}.org.yaml"
        path.write_text(texts[n], encoding="utf-8")
        out = subprocess.run(
            [sys.executable, "-c", _MEMORY, "VmHWM", "check", str(path), AS_OF_TEXT],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        mib = int(out.strip().splitlines()[-1]) / 1024
        run.add(
            Row(
                f"{key}-memory",
                f"peak memory of the check, MiB, {what.format(n=n)} (a fresh process)",
                mib,
                1024.0,
                f"+{mib:.0f} MiB",
                "MiB (not a ratio): the growth of VmHWM during the call",
            )
        )


def measure_findings_heavy(run: Run, people: int) -> None:
    """A file where nearly every task has three findings or more, against the floor."""
    from coordgraph.engine import Options, check_text

    options = Options.default(as_of=AS_OF)
    text = generate(people, seed=1, gappy=True)

    def floor() -> None:
        for _event in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass

    findings = len(check_text(text, "gappy.org.yaml", options).findings)
    times = interleaved(
        {
            "check": lambda: timed(lambda: check_text(text, "gappy.org.yaml", options)),
            "floor": lambda: timed(floor),
        },
        run.repeat,
    )
    ratio, tc, tf = ratio_of(times, "check", "floor")
    run.add(
        Row(
            "findings-heavy",
            f"check_text / event floor, {people:,} people, nearly every task with 3+ findings "
            f"({findings:,} findings)",
            ratio,
            4.0,
            f"check {seconds(tc)}, events {seconds(tf)}",
        )
    )


def measure_folder(run: Run, folder: Path, count: int, jobs_repeat: int) -> None:
    command = [*coordgraph_command(), "check", "-q", "--isolated", "--as-of", AS_OF_TEXT]
    ratio, t2, t1 = paired(
        lambda: run_process([*command, "--jobs", "2", str(folder)], ok=(0, 1)),
        lambda: run_process([*command, "--jobs", "1", str(folder)], ok=(0, 1)),
        jobs_repeat,
    )
    run.add(
        Row(
            "jobs",
            f"`check --jobs 2` / `--jobs 1`, folder of {count} institution files",
            ratio,
            0.65,
            f"jobs 2 {seconds(t2)}, jobs 1 {seconds(t1)}",
        )
    )
    lint = yamllint_command()
    if lint is None:
        run.add(
            Row(
                "yamllint",
                f"`check --jobs 2` / `yamllint`, the same {count} files",
                goal=1.0,
                note="skipped: yamllint is not installed (pip install yamllint)",
            )
        )
        return
    from importlib.metadata import version

    # yamllint has no --jobs: like ours, it gets two processes, one per half of the
    # files. It is slow (a minute or two for 500 files), so one run each.
    files = sorted(str(f) for f in folder.glob("*.org.yaml"))
    halves = [files[: len(files) // 2], files[len(files) // 2 :]]
    t_lint = run_parallel(
        [[*lint, "-d", "default", "-f", "parsable", *half] for half in halves if half],
        ok=(0, 1),
    )
    t_ours = run_process([*command, "--jobs", "2", str(folder)], ok=(0, 1))
    run.add(
        Row(
            "yamllint",
            f"`check --jobs 2` / `yamllint` {version('yamllint')} (2 processes), "
            f"the same {count} files",
            t_ours / t_lint,
            1.0,
            f"check {seconds(t_ours)}, yamllint {seconds(t_lint)}",
            "one run each",
        )
    )


def measure_render(run: Run, small: int, large: int) -> None:
    """In process: check, scene, layout and a PNG drawn into memory (what `render` does)."""
    try:
        from coordgraph.engine import Options, check_text
        from coordgraph.render import draw
        from coordgraph.render.layout import layout_scene
        from coordgraph.render.scene import build_scene
    except ImportError as exc:
        run.add(Row("render", "render", note=f"skipped: {exc}"))
        return
    options = Options.default(as_of=AS_OF)
    texts = {n: generate(n, seed=1) for n in (10, small, large)}

    def render(n: int) -> float:
        def once() -> None:
            result = check_text(texts[n], f"{n}.org.yaml", options)
            assert result.org is not None and result.graph is not None
            scene = build_scene(result.org, result.graph, result.findings, view="org")
            draw.render(scene, layout_scene(scene), io.BytesIO(), "png")

        return timed(once)

    render(10)  # warm up: matplotlib import, font cache
    ratio, tl, ts = paired(lambda: render(large), lambda: render(small), max(3, run.repeat))
    run.add(
        Row(
            "render",
            f"render {large} people / render {small} people (PNG, in process)",
            ratio,
            2.5,
            f"{seconds(tl)} / {seconds(ts)}",
        )
    )


FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")


def findings_only(tasks: int) -> str:
    """An organisation that is almost nothing but findings: one leader, one inbetweener
    who talks to nobody, and ``tasks`` delegated tasks with only a title and an owner
    (7 findings each: no mandate, description, resources, criteria, follow-up, anchor,
    coordination). Parsing it costs little next to its findings."""
    lines = [
        "version: 1",
        "organisation: {id: fund, name: Børnehuset Fund}",
        "people:",
        "  anne: {name: Anne Holm, role: leader}",
        "  bo: {name: Bo Berg, role: inbetweener, reports_to: anne}",
        "tasks:",
    ]
    lines += [f"  t{i}: {{title: Tovholder på opgave {i}, owner: bo}}" for i in range(tasks)]
    return "\n".join(lines) + "\n"


def _write_report(fmt: str, result: object, ruleset: object) -> int:
    """Stream a report into nothing, encoding each piece as the CLI does; its size."""
    import importlib

    reporter = importlib.import_module(f"coordgraph.reporters.{fmt}")
    size = 0
    for chunk in reporter.chunks([result], ruleset, "da"):
        size += len(chunk.encode("utf-8"))
    return size


def measure_formats(run: Run, tasks: int) -> None:
    """Per-finding cost of each output format: check + report, as a ratio to text.

    On :func:`findings_only` nearly all of a check's time goes to its findings, so
    ``(check + write format F) / (check + write text)`` is the per-finding cost of F
    relative to text. Memory: the peak traced while a report is written (streamed, as
    the CLI writes it), per finding.
    """
    import tracemalloc

    from coordgraph.engine import Options, check_text

    options = Options.default(as_of=AS_OF)
    text = findings_only(tasks)

    def once(fmt: str) -> Callable[[], float]:
        def work() -> None:
            result = check_text(text, "fund.org.yaml", options)
            _write_report(fmt, result, options.ruleset)

        return lambda: timed(work)

    times = interleaved({fmt: once(fmt) for fmt in FORMATS}, run.repeat)
    result = check_text(text, "fund.org.yaml", options)
    count = len(result.findings)
    ratios = {fmt: ratio_of(times, fmt, "text")[0] for fmt in FORMATS if fmt != "text"}
    worst = max(ratios, key=lambda fmt: ratios[fmt])
    per_text = statistics.median(times["text"]) / count * 1e6
    run.add(
        Row(
            "formats",
            f"per-finding cost, check + report in the slowest format ({worst}) / text, "
            f"{count:,} findings",
            ratios[worst],
            2.0,
            f"text {per_text:.1f} µs per finding; "
            + ", ".join(f"{fmt} {ratio:.2f}" for fmt, ratio in ratios.items()),
        )
    )
    memory: dict[str, float] = {}
    for fmt in FORMATS:
        gc.collect()
        tracemalloc.start()
        _write_report(fmt, result, options.ruleset)
        memory[fmt] = tracemalloc.get_traced_memory()[1] / count / 1024
        tracemalloc.stop()
    heaviest = max(memory, key=lambda fmt: memory[fmt])
    run.add(
        Row(
            "format-memory",
            f"peak memory while writing a report, KiB per finding, heaviest format ({heaviest}), "
            f"{count:,} findings",
            memory[heaviest],
            2.0,
            ", ".join(f"{fmt} {kib:.2f}" for fmt, kib in memory.items()),
            "KiB per finding (not a ratio); tracemalloc, the report streamed as the CLI writes it",
        )
    )


# -- report -----------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    libyaml = "not available"
    if getattr(yaml, "__with_libyaml__", False):
        from yaml import _yaml

        libyaml = _yaml.get_version_string()
    from importlib.metadata import PackageNotFoundError, version

    versions = []
    for name in ("networkx", "click", "matplotlib", "yamllint"):
        try:
            versions.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            versions.append(f"{name} not installed")
    try:
        load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "n/a"
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; load average at the end {load}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}) "
        f"on {platform.system()} {platform.release()}",
        f"- PyYAML {yaml.__version__}, libyaml {libyaml}; " + ", ".join(versions),
        f"- Date: {datetime.now().astimezone().isoformat(timespec='seconds')}",
    ]


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| Key | Measurement | Ratio | Goal | Status | Medians / note |",
        "|---|---|---:|---:|---|---|",
    ]
    for row in rows:
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}"
        goal = "" if row.goal is None else f"<= {row.goal:g}"
        detail = "; ".join(x for x in (row.detail, row.note) if x)
        lines.append(f"| {row.key} | {row.what} | {ratio} | {goal} | {row.status} | {detail} |")
    return lines


def report(run: Run, argv: Sequence[str], elapsed: float) -> str:
    lines = [
        "# coordgraph benchmark results",
        "",
        "Written by `python benchmarks/run.py` (see benchmarks/README.md for the method).",
        "Every number is a ratio of two measurements taken in the same run on the same",
        "machine; pairs are interleaved and the ratio is the median of the per-repetition",
        "ratios. The machine is shared, so expect a few percent of noise.",
        "",
        "## Machine",
        "",
        *machine(),
        f"- Command: `{' '.join(['python', 'benchmarks/run.py', *argv])}`",
        f"- Repetitions: {run.repeat}; total run time {elapsed:.0f} s",
        "",
        "## Results",
        "",
        *table(run.rows),
        "",
    ]
    missed = [row.key for row in run.rows if row.status == "NOT met"]
    if missed:
        lines += [
            f'Not met: {", ".join(missed)}. benchmarks/README.md ("What the pipeline costs")',
            "shows where the time goes.",
            "",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="tiny sizes and one repetition (smoke test)"
    )
    parser.add_argument(
        "--sizes",
        help="two people counts: the 1x size and the largest (default 2500,10000; "
        "scaling uses 1x, 2x and 4x of the first)",
    )
    parser.add_argument("--repeat", type=int, help="repetitions per pair (default 5, quick 1)")
    parser.add_argument("--files", type=int, help="institution files in the folder (default 500)")
    parser.add_argument(
        "--results",
        help="write the table here (default benchmarks/RESULTS.md; with --quick: nowhere)",
    )
    args = parser.parse_args(args_list)
    if args.sizes:
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    else:
        sizes = [60, 240] if args.quick else [2500, 10000]
    if len(sizes) != 2 or sizes[0] < 1 or sizes[1] < sizes[0]:
        parser.error("--sizes takes two people counts, smallest first: --sizes 2500,10000")
    repeat = args.repeat or (1 if args.quick else 5)
    files = args.files or (6 if args.quick else 500)
    render_sizes = (15, 30) if args.quick else (150, 300)
    results = args.results or (None if args.quick else str(HERE / "RESULTS.md"))

    started = time.perf_counter()
    run = Run(repeat=repeat, quick=args.quick)
    small, large = sizes
    people = sorted({small, 2 * small, 4 * small, large})
    with tempfile.TemporaryDirectory(prefix="coordgraph-bench-") as tmp:
        workdir = Path(tmp)
        print(f"Generating organisations of {', '.join(f'{n:,}' for n in people)} people ...")
        texts: dict[int, str] = {}
        paths: dict[int, Path] = {}
        for n in people:
            texts[n] = generate(n, seed=1)
            paths[n] = workdir / f"synthetic-{n}.org.yaml"
            paths[n].write_text(texts[n], encoding="utf-8")
        small_file = workdir / "small.org.yaml"
        small_file.write_text(generate(20, seed=1), encoding="utf-8")
        folder = workdir / "institutions"
        generate_folder(folder, files, 40, seed=1)

        print("Checking against yaml.load and the event floor (in process) ...")
        measure_in_process(run, texts, small, large)
        print("End to end (subprocesses) ...")
        byte_compile()
        measure_cli_vs_load(run, {small: paths[small], large: paths[large]})
        measure_startup(run, small_file)
        print("Peak memory (fresh processes) ...")
        measure_memory(run, paths[large], large, 1)
        print(f"A folder of {files} files ...")
        measure_folder(run, folder, files, max(1, min(repeat, 3)))
        print("Rendering ...")
        measure_render(run, *render_sizes)
        print("Output formats ...")
        measure_formats(run, 30 if args.quick else 3000)
        print("A findings-heavy file, and shapes that stress one dimension ...")
        measure_findings_heavy(run, large)
        measure_shapes(run, args.quick, workdir)

    elapsed = time.perf_counter() - started
    text = report(run, args_list, elapsed)
    print()
    print(text)
    if results:
        Path(results).write_text(text, encoding="utf-8")
        print(f"Wrote {results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
