"""Questionnaires, responses and one-time tickets."""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from survey_service.core.clock import now_utc
from survey_service.core.db import Base
from survey_service.core.models._types import pk, str_enum
from survey_service.core.skm import (
    AGE_BANDS,
    AGE_MAX,
    AGE_MIN,
    COMMENT_MAX_LENGTH,
    EDUCATIONS,
    ELEMENT_CODES,
    OCCUPATIONS,
    OWN_TEXT_MAX_LENGTH,
    SEXES,
    TIME_SLOTS,
)

if TYPE_CHECKING:
    from survey_service.core.models.staff import Employee
    from survey_service.core.models.unit import Counter, ServiceType, Unit


def _in(column: str, values: object) -> str:
    listed = ", ".join(f"'{v}'" for v in values)  # type: ignore[attr-defined]
    return f"{column} IS NULL OR {column} IN ({listed})"


class Questionnaire(Base):
    """A version of a questionnaire: the city's default (``unit_id`` None) or a
    unit's own. A draft (``published_at`` None) is edited; a published version
    is never edited (a change is the next version), so a response keeps the
    wording it was given under."""

    __tablename__ = "questionnaires"
    __table_args__ = (
        # Versions are numbered per owner: the city's 1, 2, … and each unit's
        # (the city's own, unit_id NULL, are numbered by its one editor, the
        # admin, under the write lock; NULLs are distinct to a UNIQUE).
        UniqueConstraint("unit_id", "version"),
    )

    id: Mapped[pk]
    unit_id: Mapped[int | None] = mapped_column(
        ForeignKey("units.id", ondelete="RESTRICT")
    )
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    published_at: Mapped[dt.datetime | None]
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )

    elements: Mapped[list[QuestionnaireElement]] = relationship(
        back_populates="questionnaire",
        order_by="QuestionnaireElement.position",
        cascade="all, delete-orphan",
    )
    questions: Mapped[list[QuestionnaireQuestion]] = relationship(
        back_populates="questionnaire",
        order_by="QuestionnaireQuestion.position",
        cascade="all, delete-orphan",
    )


class QuestionnaireElement(Base):
    """One SKM element (U1..U9) of a questionnaire version, in both languages."""

    __tablename__ = "questionnaire_elements"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "code"),
        UniqueConstraint("questionnaire_id", "position"),
        CheckConstraint(_in("code", ELEMENT_CODES), name="code"),
    )

    id: Mapped[pk]
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE")
    )
    code: Mapped[str] = mapped_column(String(2))
    position: Mapped[int] = mapped_column(SmallInteger)
    name_id: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    question_id: Mapped[str] = mapped_column(Text)
    question_en: Mapped[str] = mapped_column(Text)
    label1_id: Mapped[str] = mapped_column(String(100))
    label2_id: Mapped[str] = mapped_column(String(100))
    label3_id: Mapped[str] = mapped_column(String(100))
    label4_id: Mapped[str] = mapped_column(String(100))
    label1_en: Mapped[str] = mapped_column(String(100))
    label2_en: Mapped[str] = mapped_column(String(100))
    label3_en: Mapped[str] = mapped_column(String(100))
    label4_en: Mapped[str] = mapped_column(String(100))
    # Minangkabau wording of a unit's own; "" (as for English): not translated,
    # the citizen reads the catalog's translation or the Indonesian.
    question_min: Mapped[str] = mapped_column(Text, default="", server_default="")
    label1_min: Mapped[str] = mapped_column(String(100), default="", server_default="")
    label2_min: Mapped[str] = mapped_column(String(100), default="", server_default="")
    label3_min: Mapped[str] = mapped_column(String(100), default="", server_default="")
    label4_min: Mapped[str] = mapped_column(String(100), default="", server_default="")

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="elements")

    def labels(self, language: str = "id") -> tuple[str, str, str, str]:
        suffix = language if language in ("en", "min") else "id"
        return tuple(getattr(self, f"label{k}_{suffix}") for k in range(1, 5))


class QuestionKind(enum.StrEnum):
    RATING = "rating"  # 1-4 with four labels, like an element (never in the IKM)
    SINGLE = "single"  # one of the options
    MULTIPLE = "multiple"  # any of the options
    TEXT = "text"  # a short text


class QuestionnaireQuestion(Base):
    """A unit's own question, asked after the nine; never part of the IKM.

    ``key`` names the question across versions (a reworded question keeps it,
    so its results add up); ``options`` is a list of {"id", "en", "min"}
    wordings (the four labels of a rating; none for a text)."""

    __tablename__ = "questionnaire_questions"
    __table_args__ = (
        UniqueConstraint("questionnaire_id", "position"),
        UniqueConstraint("questionnaire_id", "key"),
    )

    id: Mapped[pk]
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="CASCADE")
    )
    key: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(SmallInteger)
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, "kind"))
    required: Mapped[bool] = mapped_column(default=False)
    text_id: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="", server_default="")
    text_min: Mapped[str] = mapped_column(Text, default="", server_default="")
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)

    questionnaire: Mapped[Questionnaire] = relationship(back_populates="questions")


class ResponseAnswer(Base):
    """A citizen's answer to one of the unit's own questions: ``value`` the
    rating or option (1-based), a bit set of options (bit k-1 for option k) for
    a multiple choice, ``text`` for a text question."""

    __tablename__ = "response_answers"
    __table_args__ = (
        UniqueConstraint("response_id", "question_id"),
        CheckConstraint(
            f"text IS NULL OR length(text) <= {OWN_TEXT_MAX_LENGTH}",
            name="text_length",
        ),
        Index("ix_response_answers_question", "question_id", "value"),
    )

    id: Mapped[pk]
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaire_questions.id", ondelete="RESTRICT")
    )
    value: Mapped[int | None]
    text: Mapped[str | None] = mapped_column(Text)


class Channel(enum.StrEnum):
    POSTER = "poster"
    TICKET = "ticket"
    KIOSK = "kiosk"


class ResponseStatus(enum.StrEnum):
    VALID = "valid"
    FLAGGED = "flagged"  # suspected stuffing: does not count until reviewed
    EXCLUDED = "excluded"
    # Arrived after its appraisal period was closed for its unit (an answer a
    # kiosk kept offline): stored and listed for the head, counted nowhere
    # until an admin reopens the period and includes it.
    LATE = "late"


_SCORE_COLUMNS = tuple(code.lower() for code in ELEMENT_CODES)


class Response(Base):
    """One citizen's answers to the nine elements.

    The nine scores are columns (u1..u9) rather than rows, and the total is
    stored and checked, so that aggregating millions of responses by unit,
    counter, employee and week is one GROUP BY over one table. ``local_date``
    and ``week_start`` (Monday of the ISO week) are in the service's time zone,
    fixed when the response is written.
    """

    __tablename__ = "responses"
    __table_args__ = (
        *(
            CheckConstraint(f"{c} BETWEEN 1 AND 4", name=f"{c}_range")
            for c in _SCORE_COLUMNS
        ),
        CheckConstraint("total = " + " + ".join(_SCORE_COLUMNS), name="total"),
        CheckConstraint(
            f"comment IS NULL OR length(comment) <= {COMMENT_MAX_LENGTH}",
            name="comment_length",
        ),
        CheckConstraint(_in("age_band", AGE_BANDS), name="age_band"),
        CheckConstraint(
            f"age_years IS NULL OR age_years BETWEEN {AGE_MIN} AND {AGE_MAX}",
            name="age_years",
        ),
        CheckConstraint(_in("time_slot", TIME_SLOTS), name="time_slot"),
        CheckConstraint(_in("sex", SEXES), name="sex"),
        CheckConstraint(_in("education", EDUCATIONS), name="education"),
        CheckConstraint(_in("occupation", OCCUPATIONS), name="occupation"),
        # City-wide periods (every unit's week) read a range of this index.
        Index("ix_responses_local_date", "local_date"),
        Index("ix_responses_unit_date", "unit_id", "local_date"),
        Index("ix_responses_counter_date", "counter_id", "local_date"),
        Index("ix_responses_employee_date", "employee_id", "local_date"),
        Index("ix_responses_status_submitted", "status", "submitted_at"),
        # A unit's held-back (flagged, excluded) responses of a period, alone.
        Index("ix_responses_unit_status_date", "unit_id", "status", "local_date"),
    )

    id: Mapped[pk]
    submitted_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    # When the server stored it: later than submitted_at for an answer a kiosk
    # kept offline (None: stored before migration 0022).
    received_at: Mapped[dt.datetime | None]
    local_date: Mapped[dt.date] = mapped_column(Date)
    week_start: Mapped[dt.date] = mapped_column(Date)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id", ondelete="RESTRICT"))
    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counters.id", ondelete="RESTRICT")
    )
    service_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_types.id", ondelete="RESTRICT")
    )
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    questionnaire_id: Mapped[int] = mapped_column(
        ForeignKey("questionnaires.id", ondelete="RESTRICT")
    )
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "channel"))
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    total: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    age_band: Mapped[str | None] = mapped_column(String(8))
    age_years: Mapped[int | None] = mapped_column(SmallInteger)
    time_slot: Mapped[str | None] = mapped_column(String(5))  # None: before 0020
    sex: Mapped[str | None] = mapped_column(String(1))
    education: Mapped[str | None] = mapped_column(String(10))
    occupation: Mapped[str | None] = mapped_column(String(12))
    status: Mapped[ResponseStatus] = mapped_column(
        str_enum(ResponseStatus, "status"), default=ResponseStatus.VALID
    )
    status_reason: Mapped[str | None] = mapped_column(String(300))
    status_decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    status_decided_at: Mapped[dt.datetime | None]
    # One-time key of the rendered form: a retried POST stores one response.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Unique: a ticket is redeemed once, enforced by the database.
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="RESTRICT"), unique=True
    )
    # Keyed, daily-rotating hashes; never the raw address.
    client_hash: Mapped[str | None] = mapped_column(String(64))
    device_hash: Mapped[str | None] = mapped_column(String(64))

    unit: Mapped[Unit] = relationship()
    counter: Mapped[Counter] = relationship()
    service_type: Mapped[ServiceType | None] = relationship()
    employee: Mapped[Employee | None] = relationship()

    @property
    def scores(self) -> dict[str, int]:
        return {code: getattr(self, code.lower()) for code in ELEMENT_CODES}

    @property
    def arrived_late(self) -> bool:
        """Stored more than a minute after it was given (kept offline)."""
        if self.received_at is None:
            return False
        return self.received_at - self.submitted_at > dt.timedelta(minutes=1)

    def set_scores(self, scores: dict[str, int]) -> None:
        """Set u1..u9 from {code: score} and the stored total with them."""
        values = {code: int(scores[code]) for code in ELEMENT_CODES}
        for code, value in values.items():
            setattr(self, code.lower(), value)
        self.total = sum(values.values())


class Ticket(Base):
    """A one-time survey ticket printed at the end of a transaction."""

    __tablename__ = "tickets"
    __table_args__ = (CheckConstraint("expires_at > issued_at", name="expiry"),)

    id: Mapped[pk]
    # Random identifier carried in the signed token.
    token_id: Mapped[str] = mapped_column(String(40), unique=True)
    counter_id: Mapped[int] = mapped_column(
        ForeignKey("counters.id", ondelete="RESTRICT"), index=True
    )
    employee_id: Mapped[int | None] = mapped_column(
        ForeignKey("employees.id", ondelete="RESTRICT")
    )
    service_type_id: Mapped[int | None] = mapped_column(
        ForeignKey("service_types.id", ondelete="RESTRICT")
    )
    issued_at: Mapped[dt.datetime] = mapped_column(default=now_utc)
    expires_at: Mapped[dt.datetime]
    issued_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # Daily keyed hash of the issuing request's address (as Response.client_hash):
    # a ticket redeemed from the same address is flagged.
    issued_from: Mapped[str | None] = mapped_column(String(32))
    # A short code a citizen can type (/a/<code>), e.g. "7KQM4PXR".
    short_code: Mapped[str | None] = mapped_column(String(12), unique=True)

    counter: Mapped[Counter] = relationship()
    employee: Mapped[Employee | None] = relationship()
    service_type: Mapped[ServiceType | None] = relationship()
