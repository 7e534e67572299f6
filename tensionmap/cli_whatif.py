"""Subcommands for what-if scenarios, snapshots and the diff of two maps.

``whatif`` and ``scenario run`` push drivers and report who gains and who
loses; ``snapshot`` keeps a named copy of the map inside the workspace (or
puts one back); ``diff`` lists what changed between two maps, where each may
be a file, ``FILE@SNAPSHOT`` or anything ``info`` accepts.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from .cli_common import CliError, reading, writing
from .model import ModelError, Scenario, Snapshot, Workspace, new_id
from .store import WorkspaceFile


def _parse_set(items: list[str]) -> dict[str, float]:
    levels: dict[str, float] = {}
    for item in items:
        name, sep, value = item.rpartition("=")
        if not sep or not name.strip():
            raise CliError(f'--set {item!r}: write DRIVER=LEVEL, e.g. --set "Scalability=1"')
        try:
            levels[name.strip()] = float(value)
        except ValueError:
            raise CliError(f"--set {item!r}: the level {value!r} is not a number from -1 to 1") from None
    return levels


def _result_json(ws: Workspace, result: object, mc: object | None) -> dict[str, Any]:
    from .analysis.scenario import MonteCarloResult, ScenarioResult

    assert isinstance(result, ScenarioResult)
    doc: dict[str, Any] = {
        "drivers": [
            {"id": d, "label": ws.nodes[d].label, "level": round(v, 12)} for d, v in result.levels.items()
        ],
        "stakeholders": [
            {"id": s, "label": ws.nodes[s].label, "gain": round(g, 12)} for s, g in result.gains.items()
        ],
        "converged": result.converged,
        "steps": result.steps,
        "lambda": result.lam,
    }
    if result.cycle is not None:
        doc["cycle"] = result.cycle
    if isinstance(mc, MonteCarloResult):
        doc["runs"] = mc.runs
        doc["converged_runs"] = mc.converged_runs
        for entry in doc["stakeholders"]:
            band = mc.gains[entry["id"]]
            entry.update({"median": band.median, "low": band.low, "high": band.high})
        for entry in doc["drivers"]:
            band = mc.levels[entry["id"]]
            entry.update({"median": band.median, "low": band.low, "high": band.high})
    return doc


def _print_result(ws: Workspace, doc: dict[str, Any]) -> None:
    status = "converged" if doc["converged"] else "did NOT converge"
    cycle = f", oscillating with period {doc['cycle']}" if "cycle" in doc else ""
    print(f"lambda {doc['lambda']}: {status} after {doc['steps']} steps{cycle}")
    print("drivers:")
    for d in sorted(doc["drivers"], key=lambda e: -abs(e["level"])):
        if abs(d["level"]) >= 0.005:
            print(f"  {d['level']:+.2f}  {d['label']}")
    print("stakeholders (gain > 0, loss < 0):")
    for s in sorted(doc["stakeholders"], key=lambda e: -e["gain"]):
        band = f"  [90%: {s['low']:+.2f} .. {s['high']:+.2f}]" if "low" in s else ""
        print(f"  {s['gain']:+.2f}  {s['label']}{band}")


def _run(ws: Workspace, levels: dict[str, float], lam: float, runs: int, seed: int, as_json: bool) -> None:
    from .analysis.scenario import ScenarioError, monte_carlo, run_scenario

    try:
        result = run_scenario(ws, levels, lam)
        mc = monte_carlo(ws, levels, lam, runs=runs, seed=seed) if runs else None
    except ScenarioError as exc:
        raise CliError(str(exc)) from None
    doc = _result_json(ws, result, mc)
    if as_json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        _print_result(ws, doc)


def _add_run_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lambda", dest="lam", type=float, default=None, help="steepness of tanh (default 1)")
    p.add_argument(
        "--runs", type=int, default=0, help="Monte-Carlo runs with each strength moved by -1, 0 or +1"
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the Monte-Carlo runs")
    p.add_argument("--json", action="store_true", help="machine-readable output")


# ------------------------------------------------------------------ whatif
def add_whatif(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE", help="a .tmap file or any importable file")
    p.add_argument(
        "--set", action="append", default=[], metavar="DRIVER=LEVEL", help="fix a driver (-1 to 1)"
    )
    p.add_argument("--save", metavar="NAME", help="also save the scenario under NAME in the workspace")
    _add_run_options(p)


def cmd_whatif(args: argparse.Namespace) -> int:
    from .analysis.scenario import DEFAULT_LAMBDA, ScenarioError, resolve_levels

    if not args.set:
        raise CliError('give at least one --set DRIVER=LEVEL, e.g. --set "Scalability=1"')
    levels = _parse_set(args.set)
    lam = DEFAULT_LAMBDA if args.lam is None else args.lam
    if args.save:
        from .commands import AddEntity

        with _open_writable(args.workspace) as wf:
            try:
                fixed = resolve_levels(wf.workspace, levels)
            except ScenarioError as exc:
                raise CliError(str(exc)) from None
            order = len(wf.workspace.scenarios)
            scenario = Scenario(new_id(), args.save, tuple(fixed.items()), lam, order)
            wf.execute(AddEntity("scenarios", scenario, text=f"Save scenario {args.save}"))
            _run(wf.workspace, levels, lam, args.runs, args.seed, args.json)
        return 0
    with reading(args.workspace) as opened:
        _run(opened.workspace, levels, lam, args.runs, args.seed, args.json)
    return 0


# ---------------------------------------------------------------- scenario
def add_scenario(p: argparse.ArgumentParser) -> None:
    p.add_argument("action", choices=("list", "run"), help="list the saved scenarios, or run one")
    p.add_argument("args", nargs="+", metavar="ARG", help="list WORKSPACE | run NAME WORKSPACE")
    _add_run_options(p)


def _find(items: Sequence[Any], key: str, what: str, attr: str = "name") -> Any:
    for match in (lambda v: v.id == key, lambda v: getattr(v, attr) == key):
        found = [v for v in items if match(v)]
        if len(found) == 1:
            return found[0]
    found = [v for v in items if getattr(v, attr).casefold() == key.casefold()]
    if len(found) == 1:
        return found[0]
    if found:
        raise CliError(f"{len(found)} {what}s are called {key!r}; use the id")
    known = ", ".join(repr(getattr(v, attr)) for v in items) or "none"
    raise CliError(f"no {what} called {key!r} (saved: {known})")


def cmd_scenario(args: argparse.Namespace) -> int:
    expected = 1 if args.action == "list" else 2
    if len(args.args) != expected:
        usage = "scenario list WORKSPACE" if args.action == "list" else "scenario run NAME WORKSPACE"
        raise CliError(f"usage: tensionmap {usage}")
    with reading(args.args[-1]) as opened:
        ws = opened.workspace
        scenarios = ws.ordered_scenarios()
        if args.action == "list":
            if args.json:
                doc = [
                    {
                        "id": s.id,
                        "name": s.name,
                        "lambda": s.lam,
                        "levels": [{"id": d, "label": ws.nodes[d].label, "level": v} for d, v in s.levels],
                    }
                    for s in scenarios
                ]
                print(json.dumps(doc, indent=2, ensure_ascii=False))
            else:
                for s in scenarios:
                    fixed = ", ".join(f"{ws.nodes[d].label}={v:g}" for d, v in s.levels) or "nothing fixed"
                    print(f"{s.name}: {fixed} (lambda {s.lam:g})")
            return 0
        scenario = _find(list(scenarios), args.args[0], "scenario")
        assert isinstance(scenario, Scenario)
        lam = scenario.lam if args.lam is None else args.lam
        _run(ws, dict(scenario.levels), lam, args.runs, args.seed, args.json)
    return 0


def find_snapshot(ws: Workspace, key: str) -> Snapshot:
    """A snapshot by id or name (exact, then case-insensitive), or a CliError naming the saved ones."""
    snap = _find(ws.ordered_snapshots(), key, "snapshot")
    assert isinstance(snap, Snapshot)
    return snap


# ---------------------------------------------------------------- snapshot
def add_snapshot(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE", help="a .tmap file")
    p.add_argument("name", nargs="?", metavar="NAME", help="the snapshot's name")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list the snapshots kept in the workspace")
    what.add_argument("--restore", action="store_true", help="put the map back as snapshot NAME was")


def _open_writable(path: str) -> AbstractContextManager[WorkspaceFile]:
    p = Path(path)
    if p.suffix.lower() != ".tmap":
        raise CliError(f"{p.name}: snapshots and saved scenarios live in a .tmap workspace")
    return writing(p)


def cmd_snapshot(args: argparse.Namespace) -> int:
    from .commands.snapshots import RestoreSnapshot, take_snapshot

    if args.list:
        with reading(args.workspace) as opened:
            for snap in opened.workspace.ordered_snapshots():
                print(f"{snap.taken}  {snap.name}")
        return 0
    if not args.name or not args.name.strip():
        raise CliError("give the snapshot a NAME (or --list)")
    with _open_writable(args.workspace) as wf:
        ws = wf.workspace
        if args.restore:
            snap = find_snapshot(ws, args.name)
            wf.execute(RestoreSnapshot(snap.id, snap.name))
            print(f"restored {args.workspace} to snapshot {snap.name!r}")
        else:
            if any(s.name == args.name for s in ws.snapshots.values()):
                raise CliError(f"a snapshot called {args.name!r} already exists")
            wf.execute(take_snapshot(ws, args.name))
            print(f"took snapshot {args.name!r} of {args.workspace}")
    return 0


# -------------------------------------------------------------------- diff
def add_diff(p: argparse.ArgumentParser) -> None:
    p.add_argument("a", metavar="A", help="a file, FILE@SNAPSHOT, or anything `info` reads")
    p.add_argument("b", metavar="B", help="the map to compare A with")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--positions", action="store_true", help="also list moved nodes")


def read_map(spec: str) -> Workspace:
    """A map from a file, ``FILE@SNAPSHOT``, or anything ``reading`` accepts."""
    from .model.snapshot import decode_map

    path, sep, name = spec.rpartition("@")
    if sep and path and Path(path).is_file():
        with reading(path) as opened:
            snap = find_snapshot(opened.workspace, name)
            try:
                return decode_map(snap.data)
            except ModelError as exc:
                raise CliError(f"{spec}: {exc}") from None
    with reading(spec) as opened:
        return opened.workspace


def cmd_diff(args: argparse.Namespace) -> int:
    from .analysis.diff import diff_lines, diff_maps

    a, b = read_map(args.a), read_map(args.b)
    d = diff_maps(a, b, positions=args.positions)
    if args.json:
        print(json.dumps(d.to_json(positions=args.positions), indent=2, ensure_ascii=False))
    else:
        lines = diff_lines(d, positions=args.positions)
        print("\n".join(lines) if lines else "no differences")
        if d.matched_by_label:
            print(f"({d.matched_by_label} nodes matched by label)")
    return 0


WHATIF_TOOLS = {
    "whatif": ("run a what-if scenario: fix drivers, see who gains and who loses", add_whatif, cmd_whatif),
    "scenario": ("list or run the scenarios saved in a workspace", add_scenario, cmd_scenario),
    "snapshot": ("take, list or restore named snapshots of the map", add_snapshot, cmd_snapshot),
    "diff": ("list what changed between two maps", add_diff, cmd_diff),
}
