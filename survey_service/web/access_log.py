"""gunicorn's access log without anything that identifies a citizen or opens a door.

Each line keeps what operators need (time, method, path, status, size,
duration) and leaves out the rest: the client address becomes a keyed hash that
changes every day (the same ``daily_hash`` the survey uses, so no raw address
is kept anywhere), no user agent, no Referer, no query string, and a path that
carries a ticket token, a kiosk key or a submission key is masked, since an
unused ticket in a log could be redeemed by whoever reads the log.
"""

from __future__ import annotations

import os
import re
from typing import Any

from gunicorn.glogging import Logger

from survey_service.core import clock
from survey_service.core.hashing import daily_hash

FORMAT = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
_SAFE_ATOMS = ("t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p")
_SECRET_PATHS = re.compile(r"^/(t|k|s|terima-kasih)/[^/]+")


def mask_path(path: str) -> str:
    """``/t/TOKEN`` becomes ``/t/…``; every other path is kept as it is."""
    return _SECRET_PATHS.sub(lambda m: f"/{m.group(1)}/…", path)


class AccessLogger(Logger):
    """gunicorn's logger with the private atoms replaced (see the module text)."""

    def atoms(
        self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any
    ) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        address = environ.get("REMOTE_ADDR") or "-"
        secret = os.environ.get("SECRET_KEY", "")
        today = clock.now_utc().date()
        path = mask_path(environ.get("PATH_INFO") or "")
        # Only the harmless atoms survive: request and response headers
        # ({name}i, {name}o) and environ variables ({name}e) may carry
        # cookies, tokens and addresses.
        return {
            **{key: atoms[key] for key in _SAFE_ATOMS if key in atoms},
            "h": daily_hash(secret, "log", address, today)[:16],
            "r": f"{environ.get('REQUEST_METHOD')} {path}",
            "U": path,
            "q": "-",
            "f": "-",
            "a": "-",
            "u": "-",
            "l": "-",
        }
