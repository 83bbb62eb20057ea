"""The demo's civil-registry office words its questionnaire for its service:
U3 asked as people there say it, and four questions of its own (one of each
kind), published three weeks ago; the answers since were given under it."""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from survey_service.core import skm
from survey_service.core.models import (
    QuestionKind,
    Questionnaire,
    Response,
    ResponseAnswer,
    Unit,
    User,
)
from survey_service.questionnaires import editing
from survey_service.questionnaires.service import Wording

PUBLISHED_DAYS_AGO = 21
U3 = editing.ElementWording(
    "U3",
    Wording(
        "Berapa lama Anda menunggu sampai dokumen kependudukan Anda selesai?",
        "How long did you wait until your civil-registry document was ready?",
    ),
    (
        Wording("Lebih dari sehari", "More than a day"),
        Wording("Beberapa jam", "A few hours"),
        Wording("Sekitar satu jam", "About an hour"),
        Wording("Selesai hari ini juga, cepat", "Ready the same day, quickly"),
    ),
)
QUESTIONS = (
    editing.QuestionDraft(
        "",
        QuestionKind.RATING,
        True,
        Wording("Bagaimana kebersihan ruang tunggu?", "How clean is the waiting room?"),
        (
            Wording("Kotor", "Dirty"),
            Wording("Kurang bersih", "Not very clean"),
            Wording("Bersih", "Clean"),
            Wording("Sangat bersih", "Very clean"),
        ),
    ),
    editing.QuestionDraft(
        "",
        QuestionKind.SINGLE,
        False,
        Wording(
            "Dari mana Anda tahu cara mengurus dokumen ini?", "How did you learn how?"
        ),
        (
            Wording("Teman atau keluarga", "Friends or family"),
            Wording("Media sosial Disdukcapil", "Disdukcapil's social media"),
            Wording("Petugas di loket", "Counter staff"),
        ),
    ),
    editing.QuestionDraft(
        "",
        QuestionKind.MULTIPLE,
        False,
        # Indonesian only: English readers see it in Indonesian (the editor
        # lists it as a missing translation).
        Wording("Dokumen apa yang Anda urus hari ini?"),
        (Wording("KTP-el"), Wording("Kartu Keluarga"), Wording("Akta kelahiran")),
    ),
    editing.QuestionDraft(
        "",
        QuestionKind.TEXT,
        False,
        Wording("Satu hal yang perlu kami ubah?", "One thing we should change?"),
    ),
)
TEXTS = (
    "Kursi ruang tunggu kurang",
    "Papan antrean sering mati",
    "Petugas ramah, terima kasih",
)


def own_questionnaire(
    session: Session, unit: Unit, tz: ZoneInfo, today: dt.date, rng: random.Random
) -> None:
    """Publish the unit's version as of PUBLISHED_DAYS_AGO and answer its own
    questions on the responses given since (before the sums are rolled)."""
    head = session.scalar(
        select(User).where(User.username == "kepala.dukcapil")
    ) or session.scalar(select(User).where(User.username == "admin"))
    if head is None:
        return
    draft = editing.start_draft(session, unit.id, "SKM Disdukcapil")
    elements = [U3 if e.code == "U3" else _as_it_is(e) for e in skm.ELEMENTS]
    editing.save_draft(session, draft, elements, list(QUESTIONS))
    since = today - dt.timedelta(days=PUBLISHED_DAYS_AGO)
    published_at = dt.datetime.combine(since, dt.time(7), tz)
    editing.publish(session, draft, head, published_at, lambda _v: 0)
    version = session.get(Questionnaire, draft.id)
    assert version is not None  # noqa: S101 - just published
    session.execute(
        update(Response)
        .where(Response.unit_id == unit.id, Response.local_date >= since)
        .values(questionnaire_id=version.id)
    )
    ids = session.scalars(
        select(Response.id).where(
            Response.unit_id == unit.id, Response.local_date >= since
        )
    ).all()
    rows: list[dict[str, object]] = []
    rating, single, multiple, text = version.questions
    for response_id in ids:
        rows.append(
            {"response_id": response_id, "question_id": rating.id,
             "value": rng.choices((1, 2, 3, 4), weights=(1, 3, 8, 5))[0], "text": None}
        )  # fmt: skip
        if rng.random() < 0.8:
            rows.append(
                {"response_id": response_id, "question_id": single.id,
                 "value": rng.choices((1, 2, 3), weights=(5, 2, 3))[0], "text": None}
            )  # fmt: skip
        if rng.random() < 0.7:
            rows.append(
                {"response_id": response_id, "question_id": multiple.id,
                 "value": rng.choice((1, 1, 2, 3, 4, 5)), "text": None}
            )  # fmt: skip
        if rng.random() < 0.05:
            rows.append(
                {"response_id": response_id, "question_id": text.id,
                 "value": None, "text": rng.choice(TEXTS)}
            )  # fmt: skip
    if rows:
        session.execute(insert(ResponseAnswer), rows)


def _as_it_is(e: skm.ElementText) -> editing.ElementWording:
    return editing.ElementWording(
        e.code,
        Wording(e.question_id, e.question_en),
        (
            Wording(e.labels_id[0], e.labels_en[0]),
            Wording(e.labels_id[1], e.labels_en[1]),
            Wording(e.labels_id[2], e.labels_en[2]),
            Wording(e.labels_id[3], e.labels_en[3]),
        ),
    )
