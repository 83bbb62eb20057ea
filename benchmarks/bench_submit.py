"""Citizen submissions through gunicorn against their floor (`make bench-submit`).

For each database, two servers run side by side under the project's gunicorn
settings (2 workers, loopback), only one of them under load at a time, driven
by wrk (one connection per thread):

- the project in the production configuration (rate limits turned off for the
  measurement): complete submissions, each connection GETting a counter's
  form and POSTing its answers with the form's CSRF token and submission key
  (benchmarks/submit.lua); a raw-insert endpoint (/bench/raw-insert: one
  plain INSERT of a response row, benchmarks/bench_app.py) and the bare
  /livez: the app's own floor, with every middleware it carries;
- the true limit: a minimal Flask app (benchmarks/minimal_app.py: no
  extensions, no middleware) on the same database, with a driver-level INSERT
  of one response row and a bare GET.

A pair limit is what a bare GET and an INSERT allow together,
1 / (1/bare + 1/insert); the ratio is submissions per second over the true
one (target 0.30x), and /livez is compared with the minimal bare GET (1.15x).
The two bare GETs are measured last, alternately, three times each, and their
medians compared, so what the writes leave behind and the machine's drift
fall on both alike. Every load is warmed up for 3 seconds first (not
measured). Afterwards the stored responses are counted: every acknowledged
submission must be there.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import database_options
from benchmarks.load import free_port, wait_for_port
from benchmarks.synthetic import fresh_database

ANSWERS = "&".join(f"u{i}={1 + (i * 7) % 4}" for i in range(1, 10))
TARGET_RATIO, TARGET_P99_MS, TARGET_LIVEZ = 0.30, 100, 1.15
BARE_RUNS = 3  # alternated runs of /livez and the minimal app's bare GET


def prepare(url: str) -> dict[str, str]:
    """The questionnaire, one unit with a counter and a service type; the ids
    and paths the load needs."""
    os.environ["DATABASE_URL"] = url
    from survey_service import create_app
    from survey_service.core.db import get_database, get_session
    from survey_service.core.models import Counter, ServiceType, Unit
    from survey_service.questionnaires import service as questionnaires

    app = create_app(
        {"SURVEY_ENV": "development", "SECRET_KEY": "bench-secret", "DATABASE_URL": url}
    )
    with app.app_context():
        session = get_session()
        version = questionnaires.ensure_baseline(session)
        unit = Unit(code="BENCH", name="Unit Uji Beban")
        counter = Counter(unit=unit, code="BENCH-L1", name="Loket 1")
        service = ServiceType(unit=unit, code="UMUM", name="Umum")
        session.add_all([unit, counter, service])
        session.commit()
        ids = {
            "BENCH_UNIT_ID": str(unit.id),
            "BENCH_COUNTER_ID": str(counter.id),
            "BENCH_QUESTIONNAIRE_ID": str(version.id),
            "SKM_FORM_PATH": f"/s/{counter.public_key}",
            "SKM_ANSWERS": f"{ANSWERS}&service_type={service.id}",
        }
    get_database(app).engine.dispose()
    return ids


def wrk(port: int, args: argparse.Namespace, path: str, script: str | None, env):
    """Run wrk; (requests/s, p99 ms, errors, its output)."""
    command = [
        "wrk",
        f"-t{args.connections}",
        f"-c{args.connections}",
        f"-d{args.seconds}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    if script:
        command += ["-s", script]
    out = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99[2]]
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out)
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx[1]) if non_2xx else 0
    return rate, float(p99[1]) * scale, errors, out


def stored_responses(url: str) -> int:
    from sqlalchemy import func, select

    from survey_service.core.db import make_engine
    from survey_service.core.models import Response

    engine = make_engine(url)
    with engine.connect() as conn:
        count = conn.execute(
            select(func.count())
            .select_from(Response)
            .where(Response.channel == "poster")
        ).scalar_one()
    engine.dispose()
    return int(count)


def run_backend(backend: str, args: argparse.Namespace) -> list[str]:
    url = fresh_database(backend, args.pg_url, args.sqlite_path)
    ids = prepare(url)
    port, true_port = free_port(), free_port()
    env = {
        **os.environ,
        **ids,
        "DATABASE_URL": url,
        "SECRET_KEY": "bench-secret-" + "x" * 40,
        "SURVEY_ENV": "production",
        "SURVEY_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        # Rate limits off for the measurement: every connection is 127.0.0.1.
        "SURVEY_SUBMIT_INTERVAL_SECONDS": "0",
        "SURVEY_BURST_LIMIT": "1000000000",
        "SURVEY_ADDRESS_HOURLY_LIMIT": "1000000000",
        "SURVEY_PATTERN_REPEAT_LIMIT": "1000000000",
    }
    env.pop("REDIS_URL", None)
    # The project and the true limit (a minimal Flask app, same database, same
    # gunicorn settings) run side by side; only one is under load at a time.
    server = serve("benchmarks.bench_app:app", {**env, "BIND": f"127.0.0.1:{port}"})
    minimal = serve(
        "benchmarks.minimal_app:app", {**env, "BIND": f"127.0.0.1:{true_port}"}
    )
    warm = argparse.Namespace(**{**vars(args), "seconds": 3})
    try:
        wait_for_port(port)
        wait_for_port(true_port)
        script = str(ROOT / "benchmarks" / "submit.lua")
        form = ids["SKM_FORM_PATH"]
        # Warm up (templates compiled, connections open), not measured; its
        # submissions are stored too, so they are counted as acknowledged.
        _, _, _, warm_out = wrk(port, warm, form, script, env)
        warmed = int(re.search(r"ACKNOWLEDGED (\d+)", warm_out)[1])
        rate, p99, errors, out = wrk(port, args, form, script, env)
        acknowledged = int(re.search(r"ACKNOWLEDGED (\d+)", out)[1])
        refused = int(re.search(r"REFUSED (\d+)", out)[1])
        pairs = acknowledged / args.seconds
        raw, raw_p99, raw_errors, _ = wrk(port, args, "/bench/raw-insert", None, env)
        post = str(ROOT / "benchmarks" / "post.lua")
        wrk(true_port, warm, "/submit", post, env)
        insert, insert_p99, insert_errors, _ = wrk(
            true_port, args, "/submit", post, env
        )
        # The two bare GETs alternate, each warmed first, and each figure is
        # the median of its runs: what the writes before leave behind (the
        # database's background work) and the machine's drift fall on both.
        wrk(port, warm, "/livez", None, env)
        wrk(true_port, warm, "/hello", None, env)
        bare_runs, hello_runs = [], []
        for _ in range(BARE_RUNS):
            bare_runs.append(wrk(port, args, "/livez", None, env))
            hello_runs.append(wrk(true_port, args, "/hello", None, env))
    finally:
        for process in (server, minimal):
            process.send_signal(signal.SIGTERM)
        for process in (server, minimal):
            process.wait(20)
    bare, bare_p99, bare_errors = _median(bare_runs)
    hello, hello_p99, hello_errors = _median(hello_runs)
    each_livez = ", ".join(
        f"{h[0] / b[0]:.2f}x" for b, h in zip(bare_runs, hello_runs, strict=True)
    )
    stored = stored_responses(url) - warmed  # poster rows (raw inserts: kiosk)
    true_limit = 1 / (1 / hello + 1 / insert)
    limit = 1 / (1 / bare + 1 / raw)
    return [
        f"| {backend} | minimal app: bare GET /hello | {hello:.0f} req/s "
        f"| {hello_p99:.0f} ms | {hello_errors} | |",
        f"| {backend} | minimal app: driver-level INSERT | {insert:.0f} req/s "
        f"| {insert_p99:.0f} ms | {insert_errors} | |",
        f"| {backend} | **true pair limit** 1/(1/bare + 1/insert) | "
        f"{true_limit:.0f} pairs/s | | | |",
        f"| {backend} | **submissions / true pair limit** | "
        f"**{pairs / true_limit:.3f}x** (target ≥ {TARGET_RATIO}x) | | | |",
        f"| {backend} | /livez against the minimal bare GET | "
        f"{hello / bare:.2f}x slower (target ≤ {TARGET_LIVEZ}x; runs: "
        f"{each_livez}) | | | |",
        f"| {backend} | complete submissions (GET form + POST) | {pairs:.0f} pairs/s "
        f"({rate:.0f} req/s) | {p99:.0f} ms | {errors + refused} "
        f"| {acknowledged} acknowledged, {stored} stored, "
        f"{max(0, acknowledged - stored)} lost |",
        f"| {backend} | bare endpoint /livez | {bare:.0f} req/s | {bare_p99:.0f} ms "
        f"| {bare_errors} | |",
        f"| {backend} | raw-insert endpoint | {raw:.0f} req/s | {raw_p99:.0f} ms "
        f"| {raw_errors} | |",
        f"| {backend} | the app's own floor 1/(1/bare + 1/raw) | {limit:.0f} "
        "pairs/s | | | |",
        f"| {backend} | submissions / the app's own floor | {pairs / limit:.3f}x "
        f"(p99 {p99:.0f} ms, target < {TARGET_P99_MS} ms) | | | |",
    ]


def _median(runs: list[tuple[float, float, int, str]]) -> tuple[float, float, int]:
    """The median rate of ``runs`` with that run's p99, and all their errors."""
    middle = sorted(runs)[len(runs) // 2]
    return middle[0], middle[1], sum(run[2] for run in runs)


def serve(app: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``app`` under the project's gunicorn settings (BIND and WEB_CONCURRENCY
    from ``env``)."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "python:survey_service.gunicorn_conf",
            app,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=15)
    database_options(parser, "benchmarks/data/submit.sqlite3")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `make bench-submit` installs it")
    Path(args.sqlite_path).parent.mkdir(parents=True, exist_ok=True)
    print(
        "## Citizen submissions (make bench-submit): gunicorn 2 workers, production "
        f"configuration, wrk {args.connections} connections (one per thread), "
        f"{args.seconds} s each\n"
    )
    print("| database | load | throughput | p99 | errors | stored |")
    print("|---|---|---|---|---|---|")
    for backend in args.backends.split(","):
        for row in run_backend(backend, args):
            print(row, flush=True)


if __name__ == "__main__":
    main()
