"""The ``ratings`` and ``ballot`` subcommands: the room's voice from the command line.

``tensionmap ratings import WS FILE --round N`` reads a survey export (CSV or
XLSX, wide or long form), ``tensionmap ratings summary WS`` prints a round's
aggregates (``--json`` for the documented shape), ``tensionmap ballot export``
writes a participant's ballot and ``tensionmap ballot import`` records filled
ballots. Imports are one undoable step; on any error nothing is changed and
one line names the file, the place and the problem.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from .cli_common import CliError, open_for_writing, reading, shown_name
from .model import Workspace
from .store import WorkspaceFile
from .store.server_connect import is_server


def _workspace_file(path: str) -> WorkspaceFile:
    """The workspace to record in: a .tmap file, or a shared one given as ``URL#NAME``."""
    if not is_server(path) and Path(path).suffix.lower() != ".tmap":
        raise CliError(f"{Path(path).name}: ratings are kept in a .tmap workspace (or a shared URL#NAME)")
    wf = open_for_writing(path)
    if wf.read_only:
        wf.close()
        raise CliError(f"{shown_name(wf)}: {wf.notice or 'read-only'}")
    return wf


def _record(path: str, read_files: object, text: str) -> str:
    """Resolve with ``read_files(ws)`` and record in one transaction; the summary line."""
    from .interchange import InterchangeError

    wf = _workspace_file(path)
    try:
        try:
            read = read_files(wf.workspace)  # type: ignore[operator]  # read_files is one of two readers chosen above
        except InterchangeError as exc:
            raise CliError(str(exc)) from None
        if read.ratings or read.participants or read.rounds:
            wf.execute(read.command(wf.workspace, text))
        return read.describe()
    finally:
        wf.close()


# ----------------------------------------------------------------- ratings
def add_ratings(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = sub.add_parser("import", help="record a survey export (CSV or XLSX) as one round's ratings")
    imp.add_argument("workspace", metavar="WS", help="the .tmap workspace")
    imp.add_argument("file", metavar="FILE", help="CSV or XLSX, wide or long form")
    imp.add_argument("--round", type=int, required=True, metavar="N", help="the round (created if new)")
    summ = sub.add_parser("summary", help="a round's aggregates: agreement, spread, consensus, contest")
    summ.add_argument("workspace", metavar="WS", help="a .tmap workspace (or any importable file)")
    summ.add_argument("--round", type=int, metavar="N", help="the round (default: the latest with ratings)")
    summ.add_argument("--json", action="store_true", help="machine-readable output")
    rnd = sub.add_parser("round", help="open or close a rating round (closed rounds take no new ratings)")
    rnd.add_argument("workspace", metavar="WS", help="the .tmap workspace")
    rnd.add_argument("--round", type=int, required=True, metavar="N")
    state = rnd.add_mutually_exclusive_group(required=True)
    state.add_argument("--open", action="store_true", help="open it (created when new)")
    state.add_argument("--close", action="store_true", help="close it")
    rnd.add_argument(
        "--blind",
        action="store_true",
        help="with --open: participants rate without seeing the map or the room",
    )


def cmd_ratings(args: argparse.Namespace) -> int:
    if args.action == "import":
        from .interchange.survey import read_survey

        line = _record(
            args.workspace,
            lambda ws: read_survey(ws, args.file, args.round),
            f"Import ratings from {Path(args.file).name}",
        )
        print(f"round {args.round}: recorded {line}")
        return 0
    if args.action == "round":
        return _open_or_close(args)
    return _summary(args)


def _open_or_close(args: argparse.Namespace) -> int:
    from .commands import add_round, update_round
    from .model import Round, new_id

    if args.blind and not args.open:
        raise CliError("--blind goes with --open (a closed round takes no ratings, blind or not)")
    wf = _workspace_file(args.workspace)
    try:
        found = wf.workspace.round_numbered(args.round)
        if found is None:
            if args.close:
                raise CliError(f"{shown_name(wf)}: no round {args.round}")
            wf.execute(add_round(Round(new_id(), args.round, f"Round {args.round}", blind=args.blind)))
        else:
            changes = {"open": bool(args.open)} if found.open != bool(args.open) else {}
            if args.blind and not found.blind:
                changes["blind"] = True
            if changes:
                wf.execute(update_round(found.id, **changes))
    finally:
        wf.close()
    blind = " (blind)" if args.blind else ""
    print(f"round {args.round} is {'open' if args.open else 'closed'}{blind}")
    return 0


def _summary(args: argparse.Namespace) -> int:
    from .analysis.ratings import latest_rated_round, latest_round, summary

    with reading(args.workspace) as opened:
        ws = opened.workspace
        if args.round is None:
            round_id = latest_rated_round(ws) or latest_round(ws)
            if round_id is None:
                raise CliError(f"{Path(args.workspace).name}: no rating rounds yet")
        else:
            found = ws.round_numbered(args.round)
            if found is None:
                raise CliError(f"{Path(args.workspace).name}: no round {args.round}")
            round_id = found.id
        doc = summary(ws, round_id)
    if args.json:
        print(json.dumps(doc, indent=2, ensure_ascii=False))
    else:
        print(format_summary(doc))
    return 0


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:+.2f}"


def format_summary(doc: dict) -> str:
    rows = doc["relations"]
    lines = [f"Round {doc['round']}: {len(rows)} relation(s) rated"]
    for row in rows:
        flag = "consensus" if row["consensus"] else "CONTESTED" if row["contested"] else ""
        proposed = " (proposed)" if row["relation"] is None else ""
        lines.append(
            f"  {row['source']} -> {row['target']}{proposed}: {row['raters']} rater(s), "
            f"mean {_num(row['mean'])}, median {_num(row['median'])}, sd {_num(row['sd'])}, "
            f"iqr {row['iqr']:.2f}, +{row['positive']:.0%} / -{row['negative']:.0%}, "
            f"group mean {_num(row['group_mean'])} {flag}".rstrip()
        )
    if "stability" in doc:
        kept, kappa = doc["stability"]["kept_sign"], doc["stability"]["kappa"]
        kept_text = "-" if kept is None else f"{kept:.0%}"
        kappa_text = "-" if kappa is None else f"{kappa:.2f}"
        lines.append(f"  since the previous round: {kept_text} kept their sign, kappa {kappa_text}")
    return "\n".join(lines)


# ------------------------------------------------------------- info's part
def room_info(ws: Workspace) -> dict[str, object]:
    """The room's voice in ``info --json``: participants, rounds and how many ratings each holds.

    An anonymous participant is listed as "anonymous N" (N counts the
    anonymous ones in the workspace's order), never by the name they were
    entered with: ``info`` output is pasted into e-mails and tickets.
    """
    per_person = Counter(r.participant for r in ws.ratings.values())
    people: list[dict[str, object]] = []
    hidden = 0
    for p in ws.participants.values():
        if p.anonymous:
            hidden += 1
        people.append(
            {
                "id": p.id,
                "name": f"anonymous {hidden}" if p.anonymous else p.name,
                "group": p.group,
                "anonymous": p.anonymous,
                "ratings": per_person[p.id],
            }
        )
    rounds: list[dict[str, object]] = []
    for rnd in ws.ordered_rounds():
        mine = ws.ratings_where(round=rnd.id)
        rounds.append(
            {
                "id": rnd.id,
                "number": rnd.number,
                "title": rnd.title,
                "open": rnd.open,
                "blind": rnd.blind,
                "ratings": len(mine),
                "raters": len({r.participant for r in mine}),
                "relations": len({r.relation for r in mine if r.relation is not None}),
                "proposed": len({r.item() for r in mine if r.relation is None}),
            }
        )
    return {"participants": people, "rounds": rounds, "rating_count": len(ws.ratings)}


def room_line(ws: Workspace) -> str | None:
    """Plain ``info``'s line about the room, or None when nobody has rated or been entered."""
    if not (ws.participants or ws.rounds):
        return None
    hidden = sum(1 for p in ws.participants.values() if p.anonymous)
    opened = sum(1 for r in ws.rounds.values() if r.open)
    return (
        f"  {len(ws.participants)} participants ({hidden} anonymous), "
        f"{len(ws.rounds)} rating rounds ({opened} open), {len(ws.ratings)} ratings"
    )


# ----------------------------------------------------------------- ballots
def add_ballot(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    exp = sub.add_parser("export", help="write a ballot for one participant to fill in")
    exp.add_argument("workspace", metavar="WS")
    exp.add_argument("--participant", required=True, metavar="NAME", help="who fills it in")
    exp.add_argument("--round", type=int, metavar="N", help="default: the latest open round")
    exp.add_argument("--group", default="", help="the group of a participant new to the workspace")
    exp.add_argument("--anonymous", action="store_true", help="a new participant never named in reports")
    exp.add_argument("out", metavar="OUT", help="the ballot file to write (JSON)")
    imp = sub.add_parser("import", help="record filled ballots (all or nothing, one undoable step)")
    imp.add_argument("workspace", metavar="WS")
    imp.add_argument("ballots", nargs="+", metavar="BALLOT")


def cmd_ballot(args: argparse.Namespace) -> int:
    from .interchange import InterchangeError
    from .interchange.ballot import ballot_dict, ballot_round, read_ballots, write_ballot

    if args.action == "import":
        line = _record(
            args.workspace, lambda ws: read_ballots(ws, args.ballots), f"Import {len(args.ballots)} ballot(s)"
        )
        print(f"recorded {line}")
        return 0
    with reading(args.workspace) as opened:
        ws = opened.workspace
        try:
            number = ballot_round(ws, args.round)
            doc = ballot_dict(ws, args.participant, number, group=args.group, anonymous=args.anonymous)
            write_ballot(doc, args.out)
        except InterchangeError as exc:
            raise CliError(str(exc)) from None
    print(
        f"wrote a round {number} ballot of {len(doc['items'])} relation(s) for {doc['participant']['name']}"
    )
    return 0


RATING_TOOLS = {
    "ratings": ("import survey ratings or summarise where the room agrees", add_ratings, cmd_ratings),
    "ballot": ("export a participant's ballot or import filled ballots", add_ballot, cmd_ballot),
}
