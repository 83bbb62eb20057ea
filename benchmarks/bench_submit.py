"""Benchmark of complete citizen submissions through gunicorn (`make bench-submit`).

For each database: serve the app with gunicorn (2 workers) on loopback, drive
complete submissions (GET the ticket form, POST the answers with its CSRF token
and submission key) from 32 concurrent clients for a bounded time, then the
bare /livez endpoint of the same server the same way. Prints throughput,
p50/p99 latency, non-2xx/3xx count, and "lost": submissions the client saw
acknowledged that are not in the database (must be 0).

One-time tickets are used so that the per-address limit (every client here is
127.0.0.1) does not refuse them; stuffing flags still apply and are counted.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import fresh_database

HIDDEN = re.compile(r'name="(csrf_token|submission_key)" type="hidden" value="([^"]*)"')
ANSWERS = "&".join(f"u{i}={1 + (i * 7) % 4}" for i in range(1, 10))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, seconds: float = 10) -> None:
    """Until a server listens on 127.0.0.1:``port`` (or ``seconds`` pass)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def prepare(url: str, tickets: int) -> list[str]:
    """Questionnaire, one unit with a counter and a service, and ``tickets`` tickets."""
    os.environ["DATABASE_URL"] = url
    from survey_service import create_app
    from survey_service.db import get_session
    from survey_service.models import Counter, ServiceType, Unit
    from survey_service.services import questionnaires
    from survey_service.services import tickets as ticket_service

    app = create_app(
        {"SURVEY_ENV": "development", "SECRET_KEY": "bench-secret", "DATABASE_URL": url}
    )
    with app.app_context():
        session = get_session()
        questionnaires.ensure_baseline(session)
        unit = Unit(code="BENCH", name="Unit Uji Beban")
        session.add_all(
            [
                unit,
                Counter(unit=unit, code="BENCH-L1", name="Loket 1"),
                ServiceType(unit=unit, code="UMUM", name="Umum"),
            ]
        )
        session.commit()
        tokens = []
        for _ in range(tickets):
            _ticket, token = ticket_service.issue_ticket(
                session,
                "bench-secret",
                counter_code="BENCH-L1",
                service_code="UMUM",
                ttl_hours=2,
            )
            tokens.append(token)
        session.commit()
    return tokens


class Load:
    """Closed-loop load from ``concurrency`` threads for ``seconds``."""

    def __init__(self, port: int, concurrency: int, seconds: float) -> None:
        self.port = port
        self.concurrency = concurrency
        self.seconds = seconds
        self.latencies: list[float] = []
        self.errors = 0
        self.acknowledged: list[str] = []
        self.lock = threading.Lock()

    def _request(
        self,
        conn: http.client.HTTPConnection,
        method: str,
        path: str,
        body: str | None = None,
        cookie: str = "",
    ) -> http.client.HTTPResponse:
        headers = {"Cookie": cookie} if cookie else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        return conn.getresponse()

    def run(self, step) -> float:
        deadline = time.perf_counter() + self.seconds
        threads = [
            threading.Thread(target=self._worker, args=(step, deadline))
            for _ in range(self.concurrency)
        ]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - began

    def _worker(self, step, deadline: float) -> None:
        while time.perf_counter() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            began = time.perf_counter()
            try:
                ok, key = step(self, conn)
            except (OSError, http.client.HTTPException):
                ok, key = False, None
            finally:
                conn.close()
            elapsed = time.perf_counter() - began
            with self.lock:
                if ok is None:
                    return  # no more work
                self.latencies.append(elapsed)
                if ok:
                    if key:
                        self.acknowledged.append(key)
                else:
                    self.errors += 1


def submission_step(tokens: list[str], lock: threading.Lock):
    def step(load: Load, conn: http.client.HTTPConnection):
        with lock:
            if not tokens:
                return None, None
            token = tokens.pop()
        page = load._request(conn, "GET", f"/t/{token}")
        html = page.read().decode()
        cookie = "; ".join(
            c.split(";", 1)[0] for c in page.headers.get_all("Set-Cookie") or []
        )
        if page.status != 200:
            return False, None
        fields = dict(HIDDEN.findall(html))
        body = (
            f"csrf_token={fields['csrf_token']}&submission_key="
            f"{fields['submission_key']}&{ANSWERS}"
        )
        conn.close()
        conn.connect()
        answer = load._request(conn, "POST", f"/t/{token}", body, cookie)
        answer.read()
        acknowledged = answer.status == 302 and "/terima-kasih/" in (
            answer.getheader("Location") or ""
        )
        return acknowledged, fields["submission_key"] if acknowledged else None

    return step


def bare_step(load: Load, conn: http.client.HTTPConnection):
    response = load._request(conn, "GET", "/livez")
    response.read()
    return response.status == 200, None


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_backend(backend: str, args: argparse.Namespace) -> list[str]:
    url = fresh_database(backend, args.pg_url, args.sqlite_path)
    tokens = prepare(url, args.tickets)
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret",
        "SURVEY_ENV": "development",
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_for_port(port)
        submissions = Load(port, args.concurrency, args.seconds)
        elapsed = submissions.run(submission_step(tokens, threading.Lock()))
        bare = Load(port, args.concurrency, args.seconds)
        bare_elapsed = bare.run(bare_step)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(10)
    stored = count_stored(url, submissions.acknowledged)
    lost = len(submissions.acknowledged) - stored
    rate = len(submissions.latencies) / elapsed
    bare_rate = len(bare.latencies) / bare_elapsed
    return [
        f"| {backend} | complete submissions (GET+POST) | {rate:.0f}/s "
        f"| {percentile(submissions.latencies, 0.5) * 1000:.0f} ms "
        f"| {percentile(submissions.latencies, 0.99) * 1000:.0f} ms "
        f"| {submissions.errors} | {len(submissions.acknowledged)} | {lost} |",
        f"| {backend} | bare /livez | {bare_rate:.0f}/s "
        f"| {percentile(bare.latencies, 0.5) * 1000:.0f} ms "
        f"| {percentile(bare.latencies, 0.99) * 1000:.0f} ms | {bare.errors} | – | – |",
        f"| {backend} | ratio submissions / bare | {rate / bare_rate:.0%} | | | | | |",
    ]


def count_stored(url: str, keys: list[str]) -> int:
    from sqlalchemy import func, select

    from survey_service.db import make_engine
    from survey_service.models import Response

    engine = make_engine(url)
    stored = 0
    with engine.connect() as conn:
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            stored += conn.execute(
                select(func.count())
                .select_from(Response)
                .where(Response.submission_key.in_(chunk))
            ).scalar_one()
    engine.dispose()
    return stored


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--tickets", type=int, default=6000)
    parser.add_argument(
        "--pg-url",
        default=os.environ.get(
            "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--sqlite-path", default="benchmarks/data/submit.sqlite3")
    args = parser.parse_args()
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    print(
        f"## Citizen submissions (make bench-submit): gunicorn 2 workers, "
        f"{args.concurrency} concurrent clients, {args.seconds:.0f} s each\n"
    )
    print("| database | load | throughput | p50 | p99 | errors | acknowledged | lost |")
    print("|---|---|---|---|---|---|---|---|")
    for backend in args.backends.split(","):
        for row in run_backend(backend, args):
            print(row, flush=True)


if __name__ == "__main__":
    main()
