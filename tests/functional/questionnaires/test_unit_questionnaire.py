"""A head words the unit's questionnaire through the editor, publishes it, and
answers given under the old and the new version are counted in the
dashboard, the report, the tabulation and the API: the IKM from the nine
elements only, the unit's own questions beside it."""

from __future__ import annotations

import csv
import io
import re
from http import HTTPStatus

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from survey_service.core import periods
from survey_service.core.models import (
    AuditEntry,
    Questionnaire,
    Response,
    ResponseAnswer,
    Role,
)
from tests.support.answers import hidden_fields, poster_path
from tests.support.clock import city_today
from tests.support.pdf import text_lines
from tests.support.questionnaires import U3_LABELS, U3_QUESTION
from tests.support.review_data import login_head
from tests.support.web import bearer, form_values, visible_text

RATING_EN = "How clean is the waiting room?"
SINGLE_ID = "Dari mana Anda tahu layanan ini?"


def open_draft(client, code):
    """Start a draft in the editor of unit ``code``: (editor path, save path)."""
    editor = f"/units/{code}/kuesioner"
    draft = f"{editor}/draf"
    assert (
        client.post(draft, data=form_values(client.get(editor), draft)).status_code
        == 302
    )
    return editor, f"{editor}/simpan"


def _edit(client, code):
    """Draft, word U3 for the office, add one question of each kind, publish."""
    editor, save = open_draft(client, code)
    data = form_values(client.get(editor), save)
    data["U3_q_id"], data["U3_q_en"], data["U3_q_min"] = U3_QUESTION, "", ""
    for k, label in enumerate(U3_LABELS, start=1):
        data[f"U3_l{k}_id"], data[f"U3_l{k}_en"], data[f"U3_l{k}_min"] = label, "", ""
    # The page offers one slot for a new question; each save opens the next.
    questions = [
        {
            "kind": "rating",
            "required": "y",
            "text_id": "Bagaimana kebersihan ruang tunggu?",
            "text_en": RATING_EN,
            "options_id": "Kotor\nKurang bersih\nBersih\nSangat bersih",
            "options_en": "Dirty\nNot very clean\nClean\nVery clean",
        },
        {
            "kind": "single",
            "text_id": SINGLE_ID,  # no English: the citizen reads the Indonesian
            "options_id": "Teman\nMedia sosial",
        },
        {
            "kind": "multiple",
            "text_id": "Dokumen apa yang Anda urus?",
            "options_id": "KTP-el\nKartu Keluarga\nAkta lahir",
        },
        {"kind": "text", "text_id": "Apa yang perlu kami ubah?"},
    ]
    for n, question in enumerate(questions, start=1):
        data.update({f"x{n}_{name}": value for name, value in question.items()})
        response = client.post(save, data=data)
        assert response.status_code == 302, visible_text(
            response.get_data(as_text=True)
        )[:800]
        data = form_values(client.get(editor), save)
    publish = f"{editor}/terbitkan"
    confirm = client.get(publish)
    said = visible_text(confirm.get_data(as_text=True))
    assert "Kata-kata unsur diubah: U3." in said
    assert f"Pertanyaan baru: {SINGLE_ID}" in said
    refused = client.post(publish, data=form_values(confirm, ""))
    assert refused.status_code == HTTPStatus.BAD_REQUEST  # not confirmed
    done = client.post(publish, data={**form_values(confirm, ""), "understood": "y"})
    assert done.status_code == 302


def _answer(client, path, page, scores, **own):
    data = {**hidden_fields(page), **scores, **own}
    data["service_type"] = re.findall(
        r'<option value="(\d+)"', page.get_data(as_text=True)
    )[0]
    response = client.post(path, data=data)
    assert response.status_code == 302, visible_text(response.get_data(as_text=True))[
        :600
    ]


def _scores(**changed):
    return {f"u{k}": str(changed.get(f"u{k}", 3)) for k in range(1, 10)}


@pytest.fixture
def answered(app, client, auth, db_session, counter):
    """Citizen A opened the form before the change and sends it after; B
    answers the new form in Indonesian, C in English."""
    unit = counter.unit
    db_session.commit()
    path = poster_path(counter)
    a, b, c = app.test_client(), app.test_client(), app.test_client()
    before = a.get(path)
    login_head(auth, unit)
    _edit(client, unit.code)
    db_session.expire_all()
    new = db_session.scalar(
        select(Questionnaire).where(Questionnaire.unit_id == unit.id)
    )
    keys = {x.kind.value: x.key for x in new.questions}
    _answer(a, path, before, _scores(u1=2))
    page_b = b.get(path)
    _answer(
        b,
        path,
        page_b,
        {**_scores(u1=4, u2=4, u3=4, u4=4, u5=4, u6=4, u7=4, u8=4)},
        **{
            f"x_{keys['rating']}": "4",
            f"x_{keys['single']}": "2",
            f"x_{keys['multiple']}": ["1", "3"],
            f"x_{keys['text']}": "Ruang tunggu panas; hubungi 081234567890",
        },
    )
    page_c = c.get(path + "?lang=en")
    _answer(
        c,
        path,
        page_c,
        _scores(u2=4),
        **{f"x_{keys['rating']}": "3", f"x_{keys['multiple']}": "2"},
    )
    return unit, new, page_b, page_c


def test_the_new_form_asks_the_reworded_element_and_the_units_questions(answered):
    _unit, _new, page_b, page_c = answered
    indonesian = visible_text(page_b.get_data(as_text=True))
    english = visible_text(page_c.get_data(as_text=True))

    assert U3_QUESTION in indonesian
    assert "Hari ini juga" in indonesian
    assert indonesian.index("Waktu Penyelesaian") < indonesian.index(SINGLE_ID)
    assert RATING_EN in english
    assert SINGLE_ID in english  # no translation: Indonesian, never blank
    assert U3_QUESTION in english


def test_each_answer_keeps_the_version_it_was_given_under(answered, db_session):
    unit, new, _b, _c = answered
    db_session.expire_all()
    rows = db_session.scalars(
        select(Response).where(Response.unit_id == unit.id).order_by(Response.id)
    ).all()
    answers = db_session.scalars(select(ResponseAnswer)).all()

    assert [r.questionnaire_id == new.id for r in rows] == [False, True, True]
    assert len(answers) == 4 + 2  # B every question, C the rating and one choice
    multiple = next(x for x in new.questions if x.kind.value == "multiple")
    assert {a.value for a in answers if a.question_id == multiple.id} == {0b101, 0b010}
    entry = db_session.scalar(
        select(AuditEntry).where(AuditEntry.action == "questionnaire.publish")
    )
    assert entry.target == f"unit:{unit.id}"


def test_the_dashboard_counts_both_versions_and_the_own_questions_apart(
    answered, client
):
    unit = answered[0]
    week = periods.period_containing("week", city_today())

    page = visible_text(
        client.get(f"/units/{unit.code}/dashboard?period={week.key}").get_data(
            as_text=True
        )
    )

    assert "Periode ini mencakup 2 versi kuesioner" in page
    assert "Pertanyaan tambahan unit" in page
    assert "Rata-rata 3,50 (skala 1–4)" in page  # the rating: 4 and 3
    assert "Media sosial 1 100,0" in page
    assert "KTP-el 1 50,0" in page
    comments = visible_text(
        client.get(f"/units/{unit.code}/comments?period={week.key}").get_data(
            as_text=True
        )
    )
    assert "Ruang tunggu panas" in comments
    assert "081234567890" not in comments  # masked like the comments


def test_the_report_and_tabulation_keep_the_ikm_to_the_nine(answered, client):
    unit = answered[0]
    week = periods.period_containing("week", city_today())
    base = f"/units/{unit.code}"

    report = visible_text(
        client.get(f"{base}/report?period={week.key}").get_data(as_text=True)
    )
    reader = PdfReader(
        io.BytesIO(client.get(f"{base}/report.pdf?period={week.key}").data)
    )
    pdf = " ".join(text for page in reader.pages for _y, text in text_lines(page))
    summary = {
        row[0]: row[1]
        for row in csv.reader(
            io.StringIO(
                client.get(
                    f"{base}/tabulasi.csv?period={week.key}&table=ringkasan"
                ).get_data(as_text=True)
            )
        )
    }
    own = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    f"{base}/tabulasi.csv?period={week.key}&table=pertanyaan"
                ).get_data(as_text=True)
            )
        )
    )
    texts = client.get(f"{base}/tabulasi.csv?period={week.key}&table=isian")
    texts = texts.get_data(as_text=True)
    elements = list(
        csv.DictReader(
            io.StringIO(
                client.get(
                    f"{base}/tabulasi.csv?period={week.key}&table=unsur"
                ).get_data(as_text=True)
            )
        )
    )

    assert "Pertanyaan tambahan unit" in report
    assert U3_QUESTION in report  # the appendix: as the last answers were asked
    assert "Periode ini mencakup 2 versi kuesioner" in report
    assert "Pertanyaan tambahan unit (di luar IKM)" in pdf
    assert summary["jumlah_responden"] == "3"
    # The nine elements' values, 26 + 35 + 28: the own questions add nothing.
    assert [int(row["jumlah_responden"]) for row in elements] == [3] * 9
    assert sum(int(row["jumlah_nilai"]) for row in elements) == 26 + 35 + 28
    rating = [r for r in own if r["jenis"] == "rating"]
    assert [r["jumlah"] for r in rating] == ["0", "0", "1", "1"]
    assert rating[0]["rerata"] == "3.5"
    assert {r["jawaban"]: r["persen"] for r in own if r["jenis"] == "multiple"} == {
        "KTP-el": "50.0",
        "Kartu Keluarga": "50.0",
        "Akta lahir": "50.0",
    }
    assert "Ruang tunggu panas" in texts
    assert "081234567890" not in texts


def test_the_api_gives_the_own_questions_beside_the_index(answered, client, db_session):
    unit = answered[0]
    week = periods.period_containing("week", city_today())
    _token, headers = bearer(db_session, Role.EVALUATOR, [unit])

    body = client.get(
        f"/api/v1/units/{unit.code}/weekly?week={week.key}", headers=headers
    ).get_json()

    assert body["responses"] == 3
    assert [v["owner"] for v in body["questionnaire_versions"]] == ["city", "unit"]
    kinds = {q["kind"]: q for q in body["own_questions"]}
    assert kinds["rating"]["mean"] == pytest.approx(3.5)
    assert kinds["single"]["answered"] == 1
    assert kinds["text"]["answered"] == 1
    assert "Ruang tunggu" not in str(body)  # texts are never given out


def test_the_editor_names_the_translations_a_citizen_would_miss(
    client, auth, db_session, counter
):
    unit = counter.unit
    db_session.commit()
    login_head(auth, unit)
    editor, save = open_draft(client, unit.code)
    page = client.get(editor)
    # The regulation's wording: English typed in, Minangkabau in the catalog.
    assert "Terjemahan yang belum ada" not in visible_text(page.get_data(as_text=True))

    data = form_values(page, save)
    data["U3_q_id"] = U3_QUESTION  # the old English is left as it was
    client.post(save, data=data)
    said = visible_text(client.get(editor).get_data(as_text=True))

    assert "U3 (English), U3 (Baso Minang)." in said


def test_a_form_over_the_page_budget_is_not_published(
    client, auth, db_session, counter
):
    unit = counter.unit
    db_session.commit()
    login_head(auth, unit)
    editor, save = open_draft(client, unit.code)
    long_option = "Pilihan jawaban yang cukup panjang untuk ponsel warga nomor"
    for n in range(1, 11):  # ten required questions of eight long options
        data = form_values(client.get(editor), save)
        data.update(
            {
                f"x{n}_kind": "multiple",
                f"x{n}_required": "y",
                f"x{n}_text_id": f"Pertanyaan tambahan yang panjang nomor {n}?",
                f"x{n}_options_id": "\n".join(f"{long_option} {k}" for k in range(8)),
            }
        )
        assert client.post(save, data=data).status_code == 302
    confirm = client.get(f"{editor}/terbitkan")

    refused = client.post(
        f"{editor}/terbitkan",
        data={**form_values(confirm, ""), "understood": "y"},
        follow_redirects=True,
    )

    assert "melebihi batas 30 KB" in visible_text(refused.get_data(as_text=True))
    db_session.expire_all()
    assert (
        db_session.scalar(
            select(Questionnaire).where(
                Questionnaire.unit_id == unit.id,
                Questionnaire.published_at.is_not(None),
            )
        )
        is None
    )
    assert client.get(poster_path(counter)).status_code == 200  # the city's still
