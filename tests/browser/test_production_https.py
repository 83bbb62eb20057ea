"""Production over HTTPS, end to end, as the README deploys it.

The environment file and the nginx configuration are read out of README.md's
deployment section (only addresses, ports and certificate paths are replaced),
two gunicorn servers run with ``survey_service/gunicorn_conf.py`` and
``SURVEY_ENV=production`` behind nginx terminating TLS with a self-signed
certificate, and Chromium (trusting that one certificate by its public key, no
other) signs in as every role, submits one form of each kind the role has,
rates as a citizen through a poster and a ticket, and signs out.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import http.client
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from benchmarks.bench_submit import free_port, wait_for_port
from survey_service.collection.responses import new_response
from survey_service.collection.tickets import new_short_code
from survey_service.core import clock, periods
from survey_service.core.models import Counter, Response, ResponseStatus, Unit
from survey_service.demo.service import DEMO_PASSWORD
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, screenshot
from tests.support.clock import city_today
from tests.support.databases import BACKENDS, drop_database, empty_database

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "docs" / "operations.md"  # the production set-up people follow
BIN = Path(sys.executable).parent
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
ERROR_PAGES = ("Permintaan tidak dapat diproses", "Terjadi kesalahan", "Akses ditolak")


def readme_block(language: str, after: str) -> str:
    """The first ```language block of README.md after the text ``after``."""
    readme = README.read_text()
    start = readme.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(readme, start)
    assert match, f"README: no {language} block after {after!r}"
    return match.group(1)


def readme_environment() -> dict[str, str]:
    block = readme_block("sh", "Every app server runs the same release")
    pairs = (line.split("=", 1) for line in block.splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def nginx_config(
    tmp: Path, https_port: int, http_port: int, app_ports: list[int]
) -> Path:
    """README's nginx server blocks, on loopback ports, in a minimal nginx.conf."""
    site = readme_block("nginx", "nginx in front of both")
    upstream = " ".join(f"server 127.0.0.1:{port};" for port in app_ports)
    site, n = re.subn(r"(server 10\.0\.0\.\d+:8000; ?)+", upstream + " ", site)
    assert n == 1, "README: the upstream block changed shape"
    replacements = {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "https://$host$request_uri": f"https://$host:{https_port}$request_uri",
        "/etc/ssl/certs/skm.sawahluntokota.go.id.pem": str(tmp / "cert.pem"),
        "/etc/ssl/private/skm.sawahluntokota.go.id.key": str(tmp / "key.pem"),
    }
    for old, new in replacements.items():
        assert old in site, f"README: {old!r} is no longer in the nginx block"
        site = site.replace(old, new)
    user = "user root;\n" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"{user}worker_processes 1;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/nginx-error.log;\ndaemon off;\nevents {{}}\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp}/body;\n"
        f"proxy_temp_path {tmp}/proxy;\nfastcgi_temp_path {tmp}/fastcgi;\n"
        f"uwsgi_temp_path {tmp}/uwsgi;\nscgi_temp_path {tmp}/scgi;\n{site}\n}}\n"
    )
    return conf


def self_signed_certificate(tmp: Path) -> str:
    """A certificate for 127.0.0.1; its SPKI hash, which Chromium is told to trust."""
    subprocess.run(
        [
            OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(tmp / "key.pem"), "-out", str(tmp / "cert.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    public_key = subprocess.run(
        [OPENSSL, "x509", "-in", str(tmp / "cert.pem"), "-pubkey", "-noout"],
        check=True,
        capture_output=True,
    ).stdout
    der = subprocess.run(
        [OPENSSL, "pkey", "-pubin", "-outform", "der"],
        input=public_key,
        check=True,
        capture_output=True,
    ).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


@dataclass
class Site:
    base: str
    http_base: str
    database_url: str
    spki: str
    servers_log: Path
    app_ports: list[int]


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _add_flagged_response(database_url: str) -> None:
    """One response held for review, so the head has a flagged decision to make."""
    engine = create_engine(database_url)
    with Session(engine) as session:
        counter = session.scalars(
            select(Counter).join(Unit).where(Unit.code == "DUKCAPIL")
        ).first()
        assert counter is not None
        session.add(
            new_response(
                scores={f"U{i}": 4 for i in range(1, 10)},
                submitted_at=clock.now_utc() - dt.timedelta(hours=1),
                tz=dt.timezone(dt.timedelta(hours=7)),
                unit_id=counter.unit_id,
                counter_id=counter.id,
                questionnaire_id=1,
                channel="poster",
                status=ResponseStatus.FLAGGED,
                status_reason="burst",
            )
        )
        session.commit()
    engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def site_database(
    request: pytest.FixtureRequest, worker: str, tmp_path_factory: Any
) -> Iterator[str]:
    """An empty database for the site; dropped afterwards, however the run ends."""
    url = empty_database(request.param, worker, tmp_path_factory, "https")
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def site(site_database: str, tmp_path_factory: Any) -> Iterator[Site]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx not installed (Debian package nginx-light)")
    if not Path(CHROMIUM).exists():
        pytest.skip("headless Chromium not installed (Debian package chromium)")
    tmp = tmp_path_factory.mktemp("production")
    database_url = site_database
    spki = self_signed_certificate(tmp)
    https_port, http_port = free_port(), free_port()
    app_ports = [free_port(), free_port()]
    base = f"https://127.0.0.1:{https_port}"

    env = {
        **os.environ,
        **readme_environment(),
        "SECRET_KEY": "smoke-test-secret-" + "x" * 40,
        "DATABASE_URL": database_url,
        "REDIS_URL": os.environ.get("TEST_REDIS_URL", ""),
        "SURVEY_REDIS_PREFIX": f"test:{uuid.uuid4().hex}:",
        "SURVEY_PUBLIC_URL": base,
        "WEB_CONCURRENCY": "1",
        "SURVEY_PROXY_ADDRESSES": "127.0.0.1",  # nginx runs on this machine here
    }
    assert env["SURVEY_ENV"] == "production"
    assert env["SURVEY_PROXY_COUNT"] == "1"
    flask = [str(BIN / "flask"), "--app", "wsgi"]
    _run([*flask, "db", "upgrade"], env)
    _run([*flask, "seed-demo"], {**env, "SURVEY_ENV": "development"})
    _add_flagged_response(database_url)

    log = tmp / "servers.log"
    processes = []
    with log.open("w") as out:
        for port in app_ports:
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "gunicorn"),
                        "-c",
                        "python:survey_service.gunicorn_conf",
                        "wsgi:app",
                    ],
                    cwd=ROOT,
                    env={**env, "BIND": f"127.0.0.1:{port}"},
                    stdout=out,
                    stderr=out,
                    start_new_session=True,
                )
            )
        conf = nginx_config(tmp, https_port, http_port, app_ports)
        processes.append(
            subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(tmp)],
                stdout=out,
                stderr=out,
                start_new_session=True,
            )
        )
        try:
            for port in (*app_ports, https_port, http_port):
                wait_for_port(port)
            yield Site(
                base,
                f"http://127.0.0.1:{http_port}",
                database_url,
                spki,
                log,
                app_ports,
            )
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()


@pytest.fixture
def https_browser(site: Site, browser: Any) -> Iterator[Any]:
    """Chromium that trusts the test certificate's key, and no other bad one.

    Launched through the session's Playwright (one per process is allowed).
    """
    https = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={site.spki}"],
    )
    try:
        yield https
    finally:
        https.close()


def submit(page: Any, button: Any) -> None:
    """Click a form's submit button; the POST and the page it leads to succeed."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        button.click()
    status = answer.value.status
    page.wait_for_load_state()
    body = page.locator("body").inner_text()
    assert status < 400, f"POST {answer.value.url} answered {status}: {body[:300]}"
    assert not any(marker in body for marker in ERROR_PAGES), body[:300]
    assert page.url.startswith("https://"), page.url


def sign_in(page: Any, site: Site, username: str) -> None:
    page.goto(f"{site.base}/login")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    submit(page, page.get_by_role("button", name="Masuk"))
    assert page.url == f"{site.base}/", page.url


def sign_out(page: Any, site: Site) -> None:
    submit(page, page.get_by_role("button", name="Keluar"))
    assert page.url.startswith(f"{site.base}/login")
    page.goto(f"{site.base}/account/tokens")  # the old session is gone
    assert page.url.startswith(f"{site.base}/login")


def create_token(page: Any, site: Site, name: str) -> None:
    page.goto(f"{site.base}/account/tokens")
    page.get_by_label("Nama token (untuk apa)").fill(name)
    submit(page, page.get_by_role("button", name="Buat token"))
    assert page.get_by_text(name).count() >= 1


def rate(page: Any, url: str) -> None:
    page.goto(url)
    service = page.locator("select[name=service_type]")
    if service.count():
        service.select_option(index=1)
    for element in range(1, 10):
        page.locator(f"#u{element}-{2}").check()
    # The unit's own questions (the demo office asks a required rating).
    own = page.locator("input[type=radio][name^='x_']")
    for name in sorted({own.nth(k).get_attribute("name") for k in range(own.count())}):
        page.locator(f"input[name='{name}']").nth(2).check()
    submit(page, page.get_by_role("button", name="Kirim penilaian"))
    page.get_by_role("heading", name="Terima kasih!").wait_for()


def previous_month(today: dt.date) -> str:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return f"{first:%Y-%m}"


def test_every_role_works_over_https_behind_the_readme_proxy(
    site: Site, https_browser: Any
) -> None:
    engine = create_engine(site.database_url, poolclass=NullPool)  # nothing left open
    with engine.connect() as conn:
        counter_code, public_key = conn.execute(
            select(Counter.code, Counter.public_key)
            .join(Unit)
            .where(Unit.code == "DUKCAPIL")
            .order_by(Counter.code)
        ).first()  # type: ignore[misc]
        responses_before = conn.scalar(select(func.count()).select_from(Response))
    month = previous_month(city_today())
    context = https_browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()

    # Plain HTTP is sent to HTTPS by the proxy.
    page.goto(f"{site.http_base}/login")
    assert page.url.startswith("https://")

    # Staff: a ticket for the citizen, an API token, sign out.
    sign_in(page, site, "petugas")
    page.goto(f"{site.base}/counters/{counter_code}/tickets")
    submit(page, page.get_by_role("button", name="Buat tiket"))
    ticket_url = page.locator(".r-url").inner_text().strip()
    assert ticket_url.startswith(f"{site.base}/t/")
    create_token(page, site, "kasir-loket")
    sign_out(page, site)

    # A citizen on a phone: the ticket, then the counter's poster.
    phone = https_browser.new_context(viewport={"width": 360, "height": 740})
    citizen = phone.new_page()
    rate(citizen, ticket_url)
    rate(citizen, f"{site.base}/s/{public_key}")
    screenshot(citizen, "production-https-thanks")

    # Head: a follow-up action, a flagged-response decision, publishing a month.
    sign_in(page, site, "kepala.dukcapil")
    page.goto(f"{site.base}/units/DUKCAPIL/actions")
    page.get_by_label("Periode").fill(month)
    page.get_by_label("Tindakan").fill("Menambah kursi di ruang tunggu")
    page.get_by_label("Penanggung jawab").fill("Kepala Seksi Pelayanan")
    submit(page, page.get_by_role("button", name="Simpan tindak lanjut"))
    assert page.get_by_text("Menambah kursi di ruang tunggu").count() >= 1
    page.goto(f"{site.base}/units/DUKCAPIL/flagged")
    decision = page.locator("form.decision").first
    decision.locator("input[name=decision]").first.check()
    decision.locator("input[name=reason]").fill("diperiksa: penilaian sah")
    submit(page, decision.get_by_role("button", name="Simpan"))
    page.goto(f"{site.base}/units/DUKCAPIL/dashboard?period={month}")
    said = periods.label(periods.parse_period(month))  # in words, not the code
    page.get_by_role("link", name=f"Pratinjau dan terbitkan hasil {said}…").click()
    assert page.get_by_text("pratinjau, belum terbit").count() == 1
    page.get_by_label("Saya sudah memeriksa pratinjau ini").check()
    submit(page, page.get_by_role("button", name="Terbitkan", exact=True))
    assert page.get_by_text(f"Hasil {said} diterbitkan.").count() == 1
    page.get_by_role("link", name="Lihat halaman publik").click()
    assert page.get_by_text("Menambah kursi di ruang tunggu").count() >= 1
    page.goto(f"{site.base}/")
    sign_out(page, site)

    # Evaluator: closing the month's appraisal period, after its confirmation.
    sign_in(page, site, "penilai")
    page.goto(f"{site.base}/appraisal/?period={month}")
    page.get_by_role("link", name="Tutup periode dan bekukan indikator…").click()
    page.get_by_label("Saya sudah memeriksa daftar ini").check()
    submit(
        page,
        page.get_by_role("button", name="Tutup periode dan bekukan indikator"),
    )
    assert page.get_by_text(f"Periode {said} ditutup untuk").count() == 1
    sign_out(page, site)

    # Admin: an edit, an import, a token.
    sign_in(page, site, "admin")
    page.goto(f"{site.base}/admin/units/DUKCAPIL")
    page.get_by_label("Alamat").fill("Jl. Soekarno-Hatta, Sawahlunto")
    submit(page, page.get_by_role("button", name="Simpan unit"))
    csv = site.servers_log.parent / "employees.csv"
    csv.write_text(
        "nip,name,position,unit_code\n"
        "199001012015031001,Rina Marlina,Pengadministrasi,DUKCAPIL\n"
    )
    page.goto(f"{site.base}/admin/import/employees")
    page.locator("input[type=file]").set_input_files(str(csv))
    submit(page, page.get_by_role("button", name="Impor"))
    create_token(page, site, "ekspor-admin")
    screenshot(page, "production-https-admin")
    sign_out(page, site)

    cookies = context.cookies() + phone.cookies()
    assert cookies, "no cookies were set"
    assert all(c["secure"] for c in cookies), [
        c["name"] for c in cookies if not c["secure"]
    ]
    with engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(Response))
    assert stored == responses_before + 2  # the ticket's and the poster's
    engine.dispose()
    phone.close()
    context.close()
    log = site.servers_log.read_text()
    assert "Traceback" not in log, log[-2000:]
    assert "/t/" not in log.replace("/t/…", ""), "a ticket token reached the log"


def test_a_client_reaching_an_app_server_directly_cannot_choose_its_address(
    site: Site,
) -> None:
    """The security review's case: with one trusted proxy, a client that
    reaches gunicorn itself sends X-Forwarded-For with a new address on every
    request to dodge the per-address limit on unknown ticket codes. Only the
    proxy's addresses are believed, so the 21st miss is refused all the same.
    (Here the client connects from 127.0.0.3, which is not the proxy.)"""
    statuses = []
    for k in range(23):
        connection = http.client.HTTPConnection(
            "127.0.0.1", site.app_ports[0], timeout=10, source_address=("127.0.0.3", 0)
        )
        try:
            connection.request(
                "GET",
                f"/t/{new_short_code()}",
                headers={"X-Forwarded-For": f"203.0.113.{k + 1}"},
            )
            statuses.append(connection.getresponse().status)
        finally:
            connection.close()

    assert HTTPStatus.TOO_MANY_REQUESTS not in statuses[:20], statuses
    assert statuses[20:] == [HTTPStatus.TOO_MANY_REQUESTS] * 3, statuses
