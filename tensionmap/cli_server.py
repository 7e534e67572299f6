"""Command-line subcommands for shared workspaces on a PostgreSQL server.

``server init URL`` creates or migrates the schema, ``server list URL``
shows the workspaces, ``publish WS.tmap URL --name NAME`` copies a file up,
``fetch URL NAME OUT.tmap`` copies one down. Other subcommands accept a
shared workspace as ``URL#NAME`` (see ``cli_common``). Passwords come from
libpq (``~/.pgpass``, a service file, ``PGPASSWORD``) or, at a terminal, a
prompt whose answer is kept in memory only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .cli_common import CliError
from .store.server_connect import ServerError, is_server, redact, split_target

T = TypeVar("T")
PASSWORD_HINTS = ("no password supplied", "password authentication failed", "fe_sendauth")


def with_password(url: str, action: Callable[[str | None], T]) -> T:
    """Run ``action``; if the server wants a password libpq could not find, ask once at a terminal."""
    try:
        return action(None)
    except ServerError as exc:
        if not any(h in str(exc) for h in PASSWORD_HINTS) or not sys.stdin.isatty():
            raise
    password = getpass.getpass(f"Password for {redact(url)}: ")
    return action(password)


def _server_url(text: str) -> str:
    if not is_server(text):
        raise CliError(f"{text}: not a server URL (postgresql://user@host/db or service=NAME)")
    return text


def open_shared(target: str, *, read_only: bool = False):
    """Open ``URL#NAME`` (for info, analyze, layout, export, report, import --into)."""
    from .store.shared import SharedWorkspace

    url, name = split_target(target)
    return with_password(url, lambda pw: SharedWorkspace.open(url, name, read_only=read_only, password=pw))


# ------------------------------------------------------------------ server
def add_server(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = sub.add_parser("init", help="create the tensionmap schema, or migrate an older one")
    init.add_argument("url", metavar="URL")
    listing = sub.add_parser("list", help="list the shared workspaces")
    listing.add_argument("url", metavar="URL")


def cmd_server(args: argparse.Namespace) -> int:
    from .store.shared_admin import init_server, list_workspaces

    url = _server_url(args.url)
    if args.action == "init":
        print(with_password(url, lambda pw: init_server(url, pw)))
        return 0
    found = with_password(url, lambda pw: list_workspaces(url, pw))
    if not found:
        print(f"{redact(url)}: no workspaces yet")
    for w in found:
        when = w.changed.strftime("%Y-%m-%d %H:%M") if w.changed else "never changed"
        by = f" by {w.changed_by}" if w.changed_by else ""
        print(f"{w.name}\trevision {w.revision}\t{when}{by}")
    return 0


# ----------------------------------------------------------------- publish
def add_publish(p: argparse.ArgumentParser) -> None:
    p.add_argument("workspace", metavar="WS.tmap")
    p.add_argument("url", metavar="URL")
    p.add_argument("--name", required=True, help="the workspace's name on the server")


def cmd_publish(args: argparse.Namespace) -> int:
    from .store.shared_admin import publish_file

    url = _server_url(args.url)
    sw = with_password(url, lambda pw: publish_file(args.workspace, url, args.name, pw))
    sw.close()
    print(f"published {Path(args.workspace).name} to {redact(url)} as {args.name!r}")
    return 0


# ------------------------------------------------------------------- fetch
def add_fetch(p: argparse.ArgumentParser) -> None:
    p.add_argument("url", metavar="URL")
    p.add_argument("name", metavar="NAME")
    p.add_argument("output", metavar="OUT.tmap")


def cmd_fetch(args: argparse.Namespace) -> int:
    from .store.shared_admin import fetch_to_file

    url = _server_url(args.url)
    out = Path(args.output)
    if out.suffix.lower() != ".tmap":
        raise CliError(f"{out.name}: a workspace file name must end in .tmap")
    with_password(url, lambda pw: fetch_to_file(url, args.name, out, pw))
    print(f"fetched {args.name!r} from {redact(url)} into {out}")
    return 0


SERVER_COMMANDS = {
    "server": ("set up a shared workspace server or list its workspaces", add_server, cmd_server),
    "publish": ("copy a workspace file to a shared server under a name", add_publish, cmd_publish),
    "fetch": ("copy a shared workspace into a new .tmap file", add_fetch, cmd_fetch),
}
