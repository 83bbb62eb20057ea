"""Instructions per request, which a busy machine does not move: each workload
runs in one process through the WSGI interface (no server, no sockets) under
``valgrind --tool=callgrind``, counting only the loop (instrumentation is
switched on after start-up), as the difference between N and 3N requests
divided by 2N, so warm-up and caches fall out.

    python benchmarks/instructions.py            # every workload, a table
    python benchmarks/instructions.py --layers   # /livez with each hook removed

Workloads: the minimal app's bare GET and driver-level INSERT (the true
limit), the project's /livez, and a complete submission (GET form + POST), on
SQLite with the production configuration (rate limits off, as bench-submit).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKLOADS = ("bare", "insert", "livez", "pair")


def _environment(path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{path}",
        "SECRET_KEY": "bench-secret-" + "x" * 40,
        "SURVEY_ENV": "production",
        "SURVEY_PUBLIC_URL": "http://127.0.0.1:5000",
        "SURVEY_SUBMIT_INTERVAL_SECONDS": "0",
        "SURVEY_BURST_LIMIT": "1000000000",
        "SURVEY_ADDRESS_HOURLY_LIMIT": "1000000000",
        "SURVEY_PATTERN_REPEAT_LIMIT": "1000000000",
        "PYTHONHASHSEED": "0",
    }


def prepare(path: Path) -> dict[str, str]:
    """A migrated SQLite database with the bench unit; the ids it needs."""
    env = _environment(path)
    out = subprocess.run(
        [sys.executable, "-c", _PREPARE],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(line.split("=", 1) for line in out.split())


_PREPARE = """
import os
from benchmarks.bench_submit import prepare
from survey_service.core import migrate
migrate.upgrade(os.environ["DATABASE_URL"])
for key, value in prepare(os.environ["DATABASE_URL"]).items():
    print(f"{key}={value.replace(' ', '')}")
"""


def run(workload: str, n: int) -> None:
    """Inside the measured process: start-up, then ``n`` requests counted."""
    if workload in ("bare", "insert"):
        from benchmarks.minimal_app import app
    else:
        from survey_service import create_app

        app = create_app()
    call = _requests(app, workload)
    for _ in range(20):  # warm: templates, statements, connections
        call()
    _instrument("on")
    for _ in range(n):
        call()
    _instrument("off")


def _instrument(state: str) -> None:
    subprocess.run(
        ["callgrind_control", "-i", state, str(os.getpid())],
        check=True,
        capture_output=True,
    )


def _requests(app, workload: str):  # type: ignore[no-untyped-def]
    from werkzeug.test import Client

    client = Client(app)
    if workload == "bare":
        return lambda: client.get("/hello")
    if workload == "insert":
        return lambda: client.post("/submit")
    if workload == "livez":
        return lambda: client.get("/livez")
    form = os.environ["SKM_FORM_PATH"]
    answers = os.environ["SKM_ANSWERS"]
    token = re.compile(
        r'name="(csrf_token|submission_key|v)" type="hidden" value="([^"]*)"'
    )

    def pair() -> None:
        page = client.get(form).get_data(as_text=True)
        fields = "&".join(f"{k}={v}" for k, v in token.findall(page))
        done = client.post(
            form,
            data=f"{fields}&{answers}",
            content_type="application/x-www-form-urlencoded",
        )
        assert done.status_code == 302, done.status_code  # noqa: S101

    return pair


def count(workload: str, n: int, env: dict[str, str], skip: str = "") -> int:
    """Instructions callgrind counted for ``n`` requests of ``workload``."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--instr-atstart=no",
                f"--callgrind-out-file={out}/cg.out",
                sys.executable,
                __file__,
                "--inside",
                workload,
                str(n),
                *(["--skip", skip] if skip else []),
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        summary = Path(out, "cg.out").read_text()
    return int(re.search(r"^totals: (\d+)", summary, re.M)[1])


def per_request(workload: str, n: int, env: dict[str, str], skip: str = "") -> float:
    return (count(workload, 3 * n, env, skip) - count(workload, n, env, skip)) / (2 * n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--inside", nargs=2, metavar=("WORKLOAD", "N"))
    parser.add_argument("--skip", default="", help="a hook to remove (by name)")
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--layers", action="store_true")
    args = parser.parse_args()
    if args.inside:
        if args.skip:
            _skip_hook(args.skip)
        run(args.inside[0], int(args.inside[1]))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "instructions.db"
        env = {**_environment(path), **prepare(path)}
        env["PYTHONPATH"] = str(ROOT)
        if args.layers:
            whole = per_request("livez", args.n, env)
            print(f"/livez: {whole / 1e3:,.0f} k instructions per request")
            print("| hook removed | k instructions per /livez | its share |")
            print("|---|---|---|")
            for hook in _hooks(env):
                without = per_request("livez", args.n, env, hook)
                share = (whole - without) / 1e3
                print(f"| {hook} | {without / 1e3:,.0f} | {share:,.0f} |")
            return
        print("| workload | k instructions per request |")
        print("|---|---|")
        for workload in WORKLOADS:
            each = per_request(workload, args.n, env)
            print(f"| {workload} | {each / 1e3:,.0f} |", flush=True)


_HOOKS = """
from survey_service import create_app
app = create_app()
tables = (
    ("before", app.before_request_funcs),
    ("after", app.after_request_funcs),
    ("teardown_request", app.teardown_request_funcs),
    ("teardown_appcontext", {None: app.teardown_appcontext_funcs}),
)
for kind, table in tables:
    for f in table.get(None, []):
        print(f"{kind}:{f.__module__}.{f.__qualname__}")
"""


def _hooks(env: dict[str, str]) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-c", _HOOKS], env=env, cwd=ROOT, check=True,
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return out.split()


def _skip_hook(name: str) -> None:
    """Make create_app leave out one request hook (by kind:module.qualname)."""
    kind, qualified = name.split(":", 1)
    import survey_service

    create = survey_service.create_app

    def create_app(*args, **kwargs):  # type: ignore[no-untyped-def]
        app = create(*args, **kwargs)
        tables = {
            "before": app.before_request_funcs,
            "after": app.after_request_funcs,
            "teardown_request": app.teardown_request_funcs,
        }
        if kind == "teardown_appcontext":
            funcs = app.teardown_appcontext_funcs
        else:
            funcs = tables[kind].get(None, [])
        funcs[:] = [f for f in funcs if f"{f.__module__}.{f.__qualname__}" != qualified]
        return app

    survey_service.create_app = create_app


if __name__ == "__main__":
    main()
