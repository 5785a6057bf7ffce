"""The cyclic garbage collector around a check: paused while it runs, and what it keeps
handed to the oldest generation, not rescanned by the youngest at the next allocation."""

from __future__ import annotations

import gc

from coordgraph.engine import Options, check_text
from tests.test_ci_cli import generator

generate = generator().generate


def test_a_check_leaves_no_young_objects_for_the_collector_to_rescan() -> None:
    text = generate(300, seed=1)
    options = Options.default()
    started: list[int] = []

    def watch(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started.append(info["generation"])

    was_enabled = gc.isenabled()
    gc.enable()  # as a program that checks files in process has it (the CLI turns it off)
    gc.collect()
    gc.callbacks.append(watch)
    try:
        result = check_text(text, "t.org.yaml", options)
        # fewer allocations than start a young collection: only a backlog left by the
        # check would start one
        kept = [object() for _ in range(gc.get_threshold()[0] // 2)]
    finally:
        gc.callbacks.remove(watch)
        enabled_after = gc.isenabled()
        if not was_enabled:
            gc.disable()
    assert result.findings and kept
    # the check may collect the young generations before it starts (generation 1);
    # what it made is never handed to a young collection after it
    assert 0 not in started, started
    assert enabled_after


def test_the_collector_stays_off_when_it_was_off() -> None:
    gc.disable()
    try:
        check_text(generate(20, seed=1), "t.org.yaml", Options.default())
        assert not gc.isenabled()
    finally:
        gc.enable()
