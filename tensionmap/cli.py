"""The ``tensionmap`` command: the desktop application and its file tools.

``tensionmap [WORKSPACE] [--screenshot OUT.png]`` starts the window; the
subcommands work on files without a window. Exit codes: 0 success, 1 a bad
file or bad input (one line on stderr naming the file and the problem, never
a traceback), 2 a usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Hashable, Mapping, Sequence
from pathlib import Path

from .cli_common import CliError, reading
from .cli_ratings import RATING_TOOLS, room_info, room_line
from .cli_server import SERVER_COMMANDS
from .cli_tools import TOOLS, node_sizes
from .cli_whatif import WHATIF_TOOLS
from .model import ModelError, Workspace
from .store import EXAMPLES, WorkspaceFile, WorkspaceFileError, check_file, new_from_example

PROG = "tensionmap"


def workspace_json(
    ws: Workspace,
    *,
    schema_version: int,
    read_only: bool,
    sizes: Mapping[Hashable, tuple[float, float]] | None = None,
) -> dict[str, object]:
    """The ``info --json`` document: every field of the whole workspace.

    The shape was fixed by issue 2; later keys are additions only (every node
    and relation field, lens filters, polarities), so no existing key changes.
    With ``sizes`` every node also has ``width`` and ``height`` (its drawn box at 100%).
    """
    info = ws.info
    return {
        "title": ws.title,
        "description": ws.description,
        "created": info.created,
        "modified": info.modified,
        "schema_version": schema_version,
        "read_only": read_only,
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "label": n.label,
                "group": n.group,
                "x": n.x,
                "y": n.y,
                "description": n.description,
                "tags": list(n.tags),
                "power": n.power,
                "interest": n.interest,
                "pinned": n.pinned,
                "colour": n.colour,
                **(
                    {"width": round(sizes[n.id][0], 2), "height": round(sizes[n.id][1], 2)}
                    if sizes is not None and n.id in sizes
                    else {}
                ),
            }
            for n in ws.nodes.values()
        ],
        "relations": [
            {
                "id": r.id,
                "source": r.source,
                "target": r.target,
                "type": r.type,
                "sign": r.sign,
                "strength": r.strength,
                "horizon": r.horizon,
                "note": r.note,
                "evidence": list(r.evidence),
                "symmetric": r.symmetric,
            }
            for r in ws.relations.values()
        ],
        "evidence": [
            {
                "id": e.id,
                "title": e.title,
                "citation": e.citation,
                "note": e.note,
                "data": [[c, v] for c, v in e.data],
            }
            for e in ws.evidence.values()
        ],
        "questions": [q.text for q in ws.ordered_questions()],
        "question_ids": [q.id for q in ws.ordered_questions()],
        "lenses": [
            {
                "id": lens.id,
                "name": lens.name,
                "kinds": list(lens.kinds),
                "groups": list(lens.groups),
                "tags": list(lens.tags),
                "horizons": list(lens.horizons),
                "max_horizon": lens.max_horizon,
                "focus": lens.focus,
                "order": lens.order,
            }
            for lens in ws.ordered_lenses()
        ],
        "polarities": [
            {
                "id": p.id,
                "left": p.left,
                "right": p.right,
                "left_upsides": list(p.left_upsides),
                "left_downsides": list(p.left_downsides),
                "right_upsides": list(p.right_upsides),
                "right_downsides": list(p.right_downsides),
            }
            for p in ws.polarities.values()
        ],
        "scenarios": [
            {
                "id": sc.id,
                "name": sc.name,
                "levels": [[driver, level] for driver, level in sc.levels],
                "lam": sc.lam,
                "order": sc.order,
            }
            for sc in ws.ordered_scenarios()
        ],
        # a snapshot's map itself is left out (it would repeat the map); `snapshot --list` and `diff` show it
        "snapshots": [{"id": sn.id, "name": sn.name, "taken": sn.taken} for sn in ws.snapshots.values()],
        # participants (anonymous ones unnamed), rounds and rating counts; never the ratings themselves
        **room_info(ws),
    }


def _summary(ws: Workspace) -> str:
    stakeholders = sum(1 for n in ws.nodes.values() if n.kind == "stakeholder")
    drivers = len(ws.nodes) - stakeholders
    opposing = sum(1 for r in ws.relations.values() if r.sign < 0)
    lines = [
        ws.title,
        f"  {stakeholders} stakeholders, {drivers} drivers",
        f"  {len(ws.relations)} relations ({opposing} opposing)",
        f"  {len(ws.evidence)} evidence, {len(ws.questions)} questions, {len(ws.lenses)} lenses",
    ]
    room = room_line(ws)
    if room is not None:
        lines.append(room)
    return "\n".join(lines)


# ------------------------------------------------------------- subcommands
def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.workspace)
    if target.suffix.lower() != ".tmap":
        raise CliError(f"{target.name}: a workspace file name must end in .tmap")
    if args.example:
        wf = new_from_example(target, name=args.example, title=args.title)
    else:
        wf = WorkspaceFile.create(target, Workspace(title=args.title or target.stem))
    wf.close()
    print(f"created {target}")
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    with reading(args.workspace) as opened:
        ws, wf = opened.workspace, opened.file
        if args.json:
            doc = workspace_json(
                ws, schema_version=opened.schema_version, read_only=opened.read_only, sizes=node_sizes(ws)
            )
            print(json.dumps(doc, indent=2, ensure_ascii=False))
        else:
            print(_summary(ws))
            if wf is not None and wf.notice and wf.notice != "opened read-only":
                print(f"  note: {wf.notice}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    wf = check_file(args.workspace)
    try:
        ws = wf.workspace
        print(f"{Path(args.workspace).name}: ok ({len(ws.nodes)} nodes, {len(ws.relations)} relations)")
    finally:
        wf.close()
    return 0


SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[..., int]]] = {}


def _add_new(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE", help="the .tmap file to create")
    p.add_argument("--example", choices=sorted(EXAMPLES), help="start from a shipped example")
    p.add_argument("--title", help="the workspace title")


def _add_info(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE")
    p.add_argument("--json", action="store_true", help="print the whole workspace as JSON")


def _add_check(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WORKSPACE")


SUBCOMMANDS.update(
    {
        "new": ("create a workspace file", _add_new, cmd_new),
        "info": ("describe a workspace", _add_info, cmd_info),
        "check": ("check that a file is a sound workspace (exit 0) or not (exit 1)", _add_check, cmd_check),
        **TOOLS,
        **RATING_TOOLS,
        **WHATIF_TOOLS,
        **SERVER_COMMANDS,  # issue 13: shared workspaces
    }
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Map stakeholders, the drivers they pull towards, and the tensions between them.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add, _run) in SUBCOMMANDS.items():
        add(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def build_app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Start the tensionmap window. Subcommands: " + ", ".join(SUBCOMMANDS),
        epilog=f"Run '{PROG} COMMAND --help' for a subcommand.",
    )
    parser.add_argument("workspace", nargs="?", metavar="WORKSPACE", help="a .tmap file to open")
    parser.add_argument("--screenshot", metavar="OUT.png", help="render the window to a PNG and exit")
    parser.add_argument("--size", default="1600x1000", metavar="WxH", help="window size for --screenshot")
    parser.add_argument(
        "--map-only",
        action="store_true",
        help="with --screenshot: save only the map viewport, as the window shows it at --size",
    )
    parser.add_argument(
        "--present",
        action="store_true",
        help="with --screenshot: show presentation mode (F5) on a screen of --size first",
    )
    return parser


def run_app(args: argparse.Namespace) -> int:
    from .display_check import window_problem

    # Before Qt: it aborts the process when its platform cannot start. --screenshot renders offscreen.
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"} if args.screenshot else os.environ
    problem = window_problem(env)
    if problem:
        raise CliError(problem)
    try:
        from .ui.app import run
    except ImportError as exc:
        raise CliError(f"the desktop window is not available ({exc})") from None
    return run(args)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in SUBCOMMANDS:
            args = build_parser().parse_args(argv)
            return SUBCOMMANDS[args.command][2](args)
        if argv and argv[0] in ("-h", "--help"):
            build_app_parser().print_help()
            print("\ncommands:")
            for name, (help_text, _a, _r) in SUBCOMMANDS.items():
                print(f"  {name:<10} {help_text}")
            return 0
        args = build_app_parser().parse_args(argv)
        return run_app(args)
    except (WorkspaceFileError, CliError, ModelError) as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `tensionmap info x --json | head`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
