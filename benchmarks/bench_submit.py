"""Citizen submissions through gunicorn against their floor (`make bench-submit`).

For each database, two servers run side by side under the project's gunicorn
settings (2 workers, loopback), only one of them under load at a time, driven
by wrk (one connection per thread):

- the project in the production configuration (rate limits turned off for the
  measurement): complete submissions, each connection GETting a counter's
  form and POSTing its answers with the form's CSRF token and submission key
  (benchmarks/submit.lua); the bare /livez; and, once at the end, a
  raw-insert endpoint (/bench/raw-insert: one plain INSERT of a response row,
  benchmarks/bench_app.py): the app's own floor, every middleware included;
- the true limit: a minimal Flask app (benchmarks/minimal_app.py: no
  extensions, no middleware) on the same database, with a driver-level INSERT
  of one response row and a bare GET.

A pair limit is what a bare GET and an INSERT allow together,
1 / (1/bare + 1/insert); the ratio is submissions per second over the true
one (target 0.30x), and /livez is compared with the minimal bare GET (1.15x).
Every load is warmed up for 3 seconds first (not measured); then the four
loads take turns, three rounds: submissions, INSERT, then the bare GET and
/livez twice in mirrored order (bare, /livez, /livez, bare). Each round's
ratios compare loads measured within a minute, so what one load leaves behind
(the database's background work) and the machine's drift fall on both alike;
the median round is printed, with every round's ratio beside it. Afterwards
the stored responses are counted: every acknowledged submission must be there.
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
ROUNDS = 3  # turns each load takes, the project's and the minimal app's in turn


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
    script = str(ROOT / "benchmarks" / "submit.lua")
    post = str(ROOT / "benchmarks" / "post.lua")
    form = ids["SKM_FORM_PATH"]
    loads = {  # name: (port, path, wrk script)
        "submissions": (port, form, script),
        "insert": (true_port, "/submit", post),
        "livez": (port, "/livez", None),
        "hello": (true_port, "/hello", None),
    }
    runs: dict[str, list[tuple[float, float, int, str]]] = {n: [] for n in loads}
    try:
        wait_for_port(port)
        wait_for_port(true_port)
        # Each load is warmed up first (templates compiled, connections open),
        # not measured; the warm-up's submissions are stored too, so they are
        # counted as acknowledged.
        warmed = 0
        for name, (on, path, lua) in loads.items():
            out = wrk(on, warm, path, lua, env)[3]
            if name == "submissions":
                warmed = _acknowledged(out)
        # Then the loads take turns, ROUNDS times, the project's and the
        # minimal app's, the two bare GETs twice in mirrored order (bare,
        # /livez, /livez, bare): what one load leaves behind (the database's
        # background work) and the machine's drift fall on both alike.
        order = ("submissions", "insert", "hello", "livez", "livez", "hello")
        for _ in range(ROUNDS):
            turn: dict[str, list[tuple[float, float, int, str]]] = {}
            for name in order:
                on, path, lua = loads[name]
                turn.setdefault(name, []).append(wrk(on, args, path, lua, env))
            for name, measured in turn.items():
                runs[name].append(_together(measured))
        raw, raw_p99, raw_errors, _ = wrk(port, args, "/bench/raw-insert", None, env)
    finally:
        for process in (server, minimal):
            process.send_signal(signal.SIGTERM)
        for process in (server, minimal):
            process.wait(20)
    stored = stored_responses(url) - warmed  # poster rows (raw inserts: kiosk)
    outs = [run[3] for run in runs["submissions"]]
    acknowledged = sum(_acknowledged(out) for out in outs)
    refused = sum(int(re.search(r"REFUSED (\d+)", out)[1]) for out in outs)
    # A round's submissions over the true pair limit of the same round; the
    # figures printed are those of the median round (by that ratio).
    ratios = [
        _pairs(sub, args.seconds) * (1 / hello[0] + 1 / insert[0])
        for sub, hello, insert in zip(
            runs["submissions"], runs["hello"], runs["insert"], strict=True
        )
    ]
    middle = sorted(range(ROUNDS), key=ratios.__getitem__)[ROUNDS // 2]
    rate, p99, _, _ = runs["submissions"][middle]
    pairs = _pairs(runs["submissions"][middle], args.seconds)
    hello, hello_p99, _, _ = runs["hello"][middle]
    insert, insert_p99, _, _ = runs["insert"][middle]
    errors = {name: sum(run[2] for run in each) for name, each in runs.items()}
    # /livez against the bare GET measured next to it, round by round; the
    # median of the rounds is the figure.
    slower = [h[0] / b[0] for b, h in zip(runs["livez"], runs["hello"], strict=True)]
    livez_round = sorted(range(ROUNDS), key=slower.__getitem__)[ROUNDS // 2]
    bare, bare_p99, _, _ = runs["livez"][livez_round]
    true_limit = 1 / (1 / hello + 1 / insert)
    limit = 1 / (1 / bare + 1 / raw)
    each = ", ".join(f"{r:.3f}x" for r in ratios)
    each_livez = ", ".join(f"{r:.2f}x" for r in slower)
    return [
        f"| {backend} | minimal app: bare GET /hello | {hello:.0f} req/s "
        f"| {hello_p99:.0f} ms | {errors['hello']} | |",
        f"| {backend} | minimal app: driver-level INSERT | {insert:.0f} req/s "
        f"| {insert_p99:.0f} ms | {errors['insert']} | |",
        f"| {backend} | **true pair limit** 1/(1/bare + 1/insert) | "
        f"{true_limit:.0f} pairs/s | | | |",
        f"| {backend} | **submissions / true pair limit** | "
        f"**{pairs / true_limit:.3f}x** (target ≥ {TARGET_RATIO}x; rounds: {each}) "
        "| | | |",
        f"| {backend} | /livez against the minimal bare GET | "
        f"{slower[livez_round]:.2f}x slower (target ≤ {TARGET_LIVEZ}x; rounds: "
        f"{each_livez}) | | | |",
        f"| {backend} | complete submissions (GET form + POST) | {pairs:.0f} pairs/s "
        f"({rate:.0f} req/s) | {p99:.0f} ms | {errors['submissions'] + refused} "
        f"| {acknowledged} acknowledged, {stored} stored, "
        f"{max(0, acknowledged - stored)} lost |",
        f"| {backend} | bare endpoint /livez | {bare:.0f} req/s | {bare_p99:.0f} ms "
        f"| {errors['livez']} | |",
        f"| {backend} | raw-insert endpoint | {raw:.0f} req/s | {raw_p99:.0f} ms "
        f"| {raw_errors} | |",
        f"| {backend} | the app's own floor 1/(1/bare + 1/raw) | {limit:.0f} "
        "pairs/s | | | |",
        f"| {backend} | submissions / the app's own floor | {pairs / limit:.3f}x "
        f"(p99 {p99:.0f} ms, target < {TARGET_P99_MS} ms) | | | |",
    ]


def _together(
    runs: list[tuple[float, float, int, str]],
) -> tuple[float, float, int, str]:
    """Runs of one load as one: the mean rate, the worst p99, all errors."""
    if len(runs) == 1:
        return runs[0]
    rate = sum(run[0] for run in runs) / len(runs)
    return rate, max(run[1] for run in runs), sum(run[2] for run in runs), ""


def _acknowledged(output: str) -> int:
    """The submissions a run of benchmarks/submit.lua saw acknowledged."""
    return int(re.search(r"ACKNOWLEDGED (\d+)", output)[1])


def _pairs(run: tuple[float, float, int, str], seconds: int) -> float:
    """Complete submissions per second of a submissions run."""
    return _acknowledged(run[3]) / seconds


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
