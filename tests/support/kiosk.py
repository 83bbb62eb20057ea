"""A test client as a counter's kiosk, and the answers it kept offline."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import re

from sqlalchemy import select

from survey_service.core.clock import now_utc
from survey_service.core.models import KioskDevice
from tests.support.answers import ANSWERS, enable_kiosk

KEY_ATTRIBUTE = re.compile(r'data-key="([0-9a-f]{64})"')


def kiosk_key(client, auth, counter, db_session, age=dt.timedelta(days=8)) -> str:
    """Make ``client`` the counter's kiosk, made ``age`` ago; the answer key
    its page carries (the page's request is the tablet's first contact)."""
    enable_kiosk(client, auth, counter)
    device = db_session.scalar(select(KioskDevice))
    device.created_at = now_utc() - age
    db_session.commit()
    page = client.get(f"/k/{counter.public_key}").get_data(as_text=True)
    match = KEY_ATTRIBUTE.search(page)
    assert match, "the kiosk page carries no answer key"
    return match.group(1)


def kept_answer(
    counter,
    answered_at: dt.datetime,
    key: str,
    version: int | None = None,
    **fields: str,
) -> bytes:
    """The JSON a kiosk's queue sends for an answer it kept (``version``: the
    questionnaire version its form showed; None as an older kiosk sends)."""
    pairs = {
        **ANSWERS,
        "service_type": str(counter.unit.service_types[0].id),
        "submission_key": key,
        **fields,
    }
    return json.dumps(
        {
            "fields": [[k, v] for k, v in pairs.items()],
            "answered_at": answered_at.isoformat(),
            **({"version": version} if version is not None else {}),
        }
    ).encode()


def send(client, counter, body: bytes, answer_key: str, signature: str | None = None):
    if signature is None:
        signature = hmac.new(
            bytes.fromhex(answer_key), body, hashlib.sha256
        ).hexdigest()
    return client.post(
        f"/k/{counter.public_key}/antrean",
        data=body,
        headers={"Content-Type": "application/json", "X-Kiosk-Signature": signature},
    )
