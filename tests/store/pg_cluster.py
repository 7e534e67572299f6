"""A throwaway PostgreSQL cluster on loopback for the shared-workspace tests.

Why not pytest-postgresql: it runs ``initdb``/``pg_ctl`` as the current user
in directories it owns, and these machines run the tests as root, which
``initdb`` refuses. Running the cluster as the ``postgres`` system user
(``runuser``) needs the data directory owned by that user as well, so the
few lines below do the whole job: initdb, start on 127.0.0.1 with a free
port, create roles, stop (and delete) at the end of the session.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def find_bin() -> Path | None:
    """The directory holding initdb and pg_ctl (PG_BIN, then PATH, then Debian's layout)."""
    candidates = [os.environ.get("PG_BIN", "")]
    which = shutil.which("pg_ctl")
    if which:
        candidates.append(str(Path(which).parent))
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """initdb + pg_ctl as an unprivileged user; ``url(user)`` to reach it."""

    def __init__(self, bin_dir: Path, *, durable: bool = False) -> None:
        self.bin = bin_dir
        #: Tests run with fsync off (speed); the benchmark runs durable, as a real server does.
        self.fsync = "on" if durable else "off"
        self.root = Path(tempfile.mkdtemp(prefix="tm-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the cluster as the postgres user
            self.as_user = ["runuser", "-u", "postgres", "--"]
            os.chmod(self.root, 0o755)
            shutil.chown(self.root, "postgres")

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run([*self.as_user, *args], capture_output=True, text=True, cwd=self.root)
        if check and done.returncode:
            raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync={self.fsync} "
            "-c max_connections=200",
            "start",
        )

    def pg_stop(self) -> None:
        """Stop the server (fast: every connection is dropped); the cluster stays."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def pg_start(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.root / "log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync={self.fsync} "
            "-c max_connections=200",
            "start",
        )

    def restart(self, *, downtime: float = 0.0) -> None:
        """Stop the server (dropping every connection) and start it again."""
        self.pg_stop()
        time.sleep(downtime)
        self.pg_start()

    def require_password(self, user: str, password: str) -> None:
        """Create ``user`` with a password that the server then asks for (scram-sha-256)."""
        self.psql(f"CREATE ROLE {user} LOGIN PASSWORD '{password}'")
        hba = self.data / "pg_hba.conf"
        line = f"host all {user} 127.0.0.1/32 scram-sha-256\n"
        self._run("sh", "-c", f"printf '%s' '{line}' | cat - {hba} > {hba}.new && mv {hba}.new {hba}")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "reload")
        time.sleep(0.3)

    def stop(self) -> None:
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False
        )
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, user: str = "postgres", db: str = "postgres") -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{db}"

    def psql(self, sql: str, db: str = "postgres") -> None:
        """Run SQL as the superuser (to create databases and roles)."""
        import psycopg

        with psycopg.connect(self.url(db=db), autocommit=True) as conn:
            conn.execute(sql)
