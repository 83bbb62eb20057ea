"""A live server and headless Chromium (Debian's, driven by Playwright).

Skipped, with the reason, where /usr/bin/chromium or zbarimg is missing; the
Makefile installs both (Debian packages chromium and zbar-tools) when it can.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip("headless Chromium not installed (Debian package chromium)")
    return CHROMIUM


@pytest.fixture(scope="session")
def zbarimg() -> str:
    path = shutil.which("zbarimg")
    if path is None:
        pytest.skip("zbarimg not installed (Debian package zbar-tools)")
    return path


@pytest.fixture
def live_server(live_app: Flask, live_session) -> Iterator[str]:
    """The live app served on a free loopback port; its base URL."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    live_app.config["SURVEY_PUBLIC_URL"] = base
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(5)
        live_app.config["SURVEY_PUBLIC_URL"] = ""


class Cable:
    """A network cable between the browser and the live server that a test can
    pull out: a TCP relay on its own port. Unplugged, every connection open
    through it is cut and new ones are closed at once, so the browser and its
    service worker alike see the network fail (Playwright's offline switch
    does not reach a service worker's own requests)."""

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.plugged = True
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if not self.plugged:
                client.close()
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open |= {client, server}
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        for end in (source, sink):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()
            with self._lock:
                self._open.discard(end)

    def unplug(self) -> None:
        self.plugged = False
        with self._lock:
            ends, self._open = list(self._open), set()
        for end in ends:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)

    def plug(self) -> None:
        self.plugged = True

    def close(self) -> None:
        self.unplug()
        self._listener.close()


@pytest.fixture
def cable(live_server: str) -> Iterator[tuple[Cable, str]]:
    """The live server behind a pullable cable; (cable, base URL through it)."""
    relay = Cable(int(live_server.rsplit(":", 1)[1]))
    try:
        yield relay, f"http://127.0.0.1:{relay.port}"
    finally:
        relay.close()


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A fresh phone-sized browser context (360x740), JavaScript on."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="id-ID"
    )
    yield context
    context.close()
