"""Reaching a shared workspace server: URLs, engines, and ``URL#NAME`` targets.

Passwords are never written by tensionmap: libpq finds them in
``~/.pgpass``, a service file or ``PGPASSWORD``; a password typed at a
prompt is passed to the engine and kept in memory only. Every libpq setting
in the URL (``sslmode``, ``sslrootcert``, ``service``, ...) reaches libpq
unchanged, so TLS works as the administrator configured it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from .errors import WorkspaceFileError

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


class ServerError(WorkspaceFileError):
    """A shared server or workspace that cannot be used; ``str()`` is the one-line reason."""


def is_server(text: str) -> bool:
    """Does ``text`` name a server (a URL, or ``service=NAME`` for libpq's service file)?"""
    return text.startswith(SCHEMES) or text.startswith("service=")


def split_target(text: str) -> tuple[str, str]:
    """``URL#NAME`` -> (URL, NAME); the name is everything after the last '#'."""
    url, sep, name = text.rpartition("#")
    if not sep or not url or not name:
        raise ServerError(f"{redact(text)}: a shared workspace is written URL#NAME")
    return url, name


def sqlalchemy_url(url: str) -> str:
    if url.startswith("service="):
        return f"postgresql+psycopg:///?{url}"
    for scheme in ("postgresql://", "postgres://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme) :]
    return url


def redact(url: str) -> str:
    """The URL without any password, for titles and messages."""
    try:
        return make_url(sqlalchemy_url(url)).render_as_string(hide_password=True).replace("+psycopg", "")
    except ArgumentError:
        return url.split("@")[-1]


def label(url: str) -> str:
    """host/database (or the service name): what the window title shows."""
    if url.startswith("service="):
        return url.split("=", 1)[1]
    parts = urlsplit(url.replace("postgresql+psycopg://", "postgresql://"))
    host = parts.hostname or "localhost"
    return f"{host}{parts.path or '/'}"


def make_engine(url: str, password: str | None = None) -> Engine:
    """An engine on the server at ``url`` (psycopg 3, pre-ping for reconnects)."""
    connect_args: dict[str, Any] = {"connect_timeout": 5, "application_name": "tensionmap"}
    if password is not None:
        connect_args["password"] = password  # from a prompt: kept in memory only
    try:
        return create_engine(
            sqlalchemy_url(url),
            pool_pre_ping=True,
            pool_size=2,
            max_overflow=2,
            connect_args=connect_args,
        )
    except (ArgumentError, ValueError) as exc:
        raise ServerError(f"{redact(url)}: not a PostgreSQL URL ({exc})") from None


def connect_kwargs(engine: Engine) -> dict[str, Any]:
    """The psycopg connection arguments of ``engine`` (for the listening connection)."""
    _args, kwargs = engine.dialect.create_connect_args(engine.url)
    kwargs.pop("context", None)
    return dict(kwargs)


def db_error(url: str, exc: BaseException) -> ServerError:
    """One line for a database error: the server and libpq's first line."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return ServerError(f"{redact(url)}: {detail[0] if detail else type(exc).__name__}")
