"""A Python load of complete ticket submissions, for the fault test
(benchmarks/fault_test.py): threads GET a one-time ticket's form and POST its
answers, recording each acknowledged submission key so that the database can
be checked for every one of them ("lost" must be 0). Speed is measured with
wrk instead (benchmarks/bench_submit.py): this client saturates first.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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
    from survey_service.collection import tickets as ticket_service
    from survey_service.core.db import get_session
    from survey_service.core.models import Counter, ServiceType, Unit
    from survey_service.questionnaires import service as questionnaires

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


def count_stored(url: str, keys: list[str]) -> int:
    from sqlalchemy import func, select

    from survey_service.core.db import make_engine
    from survey_service.core.models import Response

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
