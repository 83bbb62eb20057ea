"""Faults under load, loopback only and bounded in time (`make fault-test`).

Scenarios (each prints acknowledged, stored, lost and client-visible errors):
  kill-worker    two gunicorn instances on PostgreSQL with Redis; a worker is
                 killed with SIGKILL mid-load
  db-restart     PostgreSQL stopped for a few seconds and started again: clients
                 see 503 "coba lagi sebentar lagi", /healthz says unhealthy, and
                 service resumes by itself (needs root: pg_ctlcluster)
  double-ticket  one ticket redeemed at the same moment through both instances
  sqlite-workers SQLite with four workers: no "database is locked" reaches a citizen
`--scenarios` picks some; `make test` runs double-ticket and sqlite-workers.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.load import (
    Load,
    count_stored,
    free_port,
    prepare,
    submission_step,
    wait_for_port,
)
from benchmarks.synthetic import fresh_database

SECRET = "bench-secret"
LOG_PATH = ROOT / "benchmarks" / "data" / "fault-servers.log"
LOG_PATH.parent.mkdir(parents=True, exist_ok=True)
LOG = LOG_PATH.open("a")  # the servers' complaints during faults, kept out of the table


class Cluster:
    """gunicorn instances on one database (and Redis when given)."""

    def __init__(self, url: str, instances: int, workers: int, redis: str = "") -> None:
        self.ports = [free_port() for _ in range(instances)]
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET,
            "SURVEY_ENV": "development",
            "REDIS_URL": redis,
        }
        self.servers = [
            subprocess.Popen(  # the project's own gunicorn, loopback only
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "--workers",
                    str(workers),
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--log-level",
                    "error",
                    "--graceful-timeout",
                    "2",
                    "wsgi:app",
                ],
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stderr=LOG,
            )
            for port in self.ports
        ]
        for port in self.ports:
            wait_for_port(port)

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["pgrep", "-P", str(self.servers[0].pid)],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        for server in self.servers:
            server.send_signal(signal.SIGTERM)
        for server in self.servers:
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()


class TwoPortLoad(Load):
    """Alternates requests between the instances, like a load balancer."""

    def __init__(self, ports: list[int], concurrency: int, seconds: float) -> None:
        super().__init__(ports[0], concurrency, seconds)
        self.ports = ports
        self._turn = 0

    def _worker(self, step, deadline: float) -> None:
        with self.lock:
            self._turn += 1
            self.port = self.ports[self._turn % len(self.ports)]
        super()._worker(step, deadline)


def report(name: str, load: Load, url: str, extra: str = "") -> bool:
    stored = count_stored(url, load.acknowledged)
    lost = len(load.acknowledged) - stored
    print(
        f"| {name} | {len(load.acknowledged)} | {stored} | {lost} | {load.errors} "
        f"| {extra} |",
        flush=True,
    )
    return lost == 0


def kill_worker(args: argparse.Namespace) -> bool:
    url = fresh_database("postgresql", args.pg_url, "")
    tokens = prepare(url, 4000)
    cluster = Cluster(url, 2, 2, args.redis_url)
    try:
        load = TwoPortLoad(cluster.ports, 16, args.seconds)

        def killer() -> None:
            time.sleep(args.seconds / 3)
            pids = cluster.worker_pids()
            if pids:
                os.kill(pids[0], signal.SIGKILL)

        threading.Thread(target=killer, daemon=True).start()
        load.run(submission_step(tokens, threading.Lock()))
    finally:
        cluster.stop()
    return report("kill-worker (SIGKILL a worker)", load, url, "errors are visible")


def db_restart(args: argparse.Namespace) -> bool:
    url = fresh_database("postgresql", args.pg_url, "")
    tokens = prepare(url, 4000)
    cluster = Cluster(url, 2, 2, args.redis_url)
    seen: dict[str, object] = {
        "503": 0,
        "slow": 0,
        "healthz_down": False,
        "says_retry": False,
    }
    version = os.listdir("/etc/postgresql")[0]

    def start_postgres() -> None:
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=False,  # already running is fine: the point is that it runs
            capture_output=True,
        )

    def probe(url: str) -> urllib.error.HTTPError | None:
        """The error page ``url`` answers with within 2 s (None: it answered
        200); a probe that gets no answer in time is counted, never raised."""
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback http
        except urllib.error.HTTPError as exc:
            return exc
        except OSError:  # timed out or refused: the outage thread goes on
            seen["slow"] = int(seen["slow"]) + 1  # type: ignore[call-overload]
        return None

    def outage() -> None:
        time.sleep(args.seconds / 3)
        try:
            subprocess.run(
                [
                    "pg_ctlcluster",
                    "--skip-systemctl-redirect",
                    version,
                    "main",
                    "stop",
                    "-m",
                    "fast",
                ],
                check=True,
            )
            for _ in range(6):
                down = probe(f"http://127.0.0.1:{cluster.ports[0]}/healthz")
                if down is not None:
                    seen["healthz_down"] = down.code == 503
                page = probe(f"http://127.0.0.1:{cluster.ports[1]}/s/xxxxxxxxxx")
                if page is not None and page.code == 503:
                    seen["503"] = int(seen["503"]) + 1  # type: ignore[call-overload]
                    seen["says_retry"] = (
                        "coba lagi sebentar lagi" in page.read().decode()
                    )
                time.sleep(0.5)
        finally:
            start_postgres()  # whatever happened above, PostgreSQL runs again

    outage_thread = threading.Thread(target=outage, daemon=True)
    try:
        load = TwoPortLoad(cluster.ports, 16, args.seconds)
        outage_thread.start()
        load.run(submission_step(tokens, threading.Lock()))
        outage_thread.join(timeout=60)
        time.sleep(2)
        resumed = (
            urllib.request.urlopen(
                f"http://127.0.0.1:{cluster.ports[0]}/healthz", timeout=5
            ).status
            == 200
        )
    finally:
        outage_thread.join(timeout=60)
        start_postgres()  # never leave the machine without its database
        cluster.stop()
    ok = (
        bool(seen["healthz_down"])
        and bool(seen["says_retry"])
        and seen["slow"] == 0  # every probe answered within 2 s
        and resumed
    )
    return (
        report(
            "db-restart (PostgreSQL down ~3 s)",
            load,
            url,
            f"503 pages {seen['503']}, no answer in 2 s {seen['slow']}, "
            f"healthz 503 {seen['healthz_down']}, "
            f"'coba lagi' {seen['says_retry']}, resumed {resumed}",
        )
        and ok
    )


def double_ticket(args: argparse.Namespace, backend: str = "postgresql") -> bool:
    url = fresh_database(backend, args.pg_url, args.sqlite_path)
    tokens = prepare(url, 1)
    cluster = Cluster(url, 2, 2, args.redis_url if backend == "postgresql" else "")
    try:
        load = TwoPortLoad(cluster.ports, 8, 2)
        shared = [tokens[0]] * 8  # eight clients, one ticket
        load.run(submission_step(shared, threading.Lock()))
    finally:
        cluster.stop()
    stored = count_stored(url, load.acknowledged)
    ok = stored == 1 and len(load.acknowledged) >= 1
    print(
        f"| double-ticket ({backend}) | {len(load.acknowledged)} | {stored} | "
        f"{len(load.acknowledged) - stored} | {load.errors} | exactly one stored: "
        f"{stored == 1} |",
        flush=True,
    )
    return ok


def sqlite_workers(args: argparse.Namespace) -> bool:
    url = fresh_database("sqlite", args.pg_url, args.sqlite_path)
    tokens = prepare(url, 3000)
    cluster = Cluster(url, 1, 4)
    try:
        load = Load(cluster.ports[0], 16, args.seconds)
        load.run(submission_step(tokens, threading.Lock()))
    finally:
        cluster.stop()
    return (
        report("sqlite-workers (4 workers, 16 clients)", load, url, "errors must be 0")
        and load.errors == 0
    )


SCENARIOS = {
    "kill-worker": kill_worker,
    "db-restart": db_restart,
    "double-ticket": double_ticket,
    "sqlite-workers": sqlite_workers,
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--seconds", type=float, default=9)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    )
    parser.add_argument("--sqlite-path", default="benchmarks/data/fault.sqlite3")
    args = parser.parse_args()
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    print(
        "| scenario | acknowledged | stored | lost | errors seen by clients | notes |"
    )
    print("|---|---|---|---|---|---|", flush=True)
    results = [SCENARIOS[name.strip()](args) for name in args.scenarios.split(",")]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
