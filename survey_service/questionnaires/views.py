"""The questionnaire editor: a unit's (heads and admins) or the city's default
(admins) questionnaire, its draft, a preview as a citizen sees it, and
publishing it as the next version."""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug import Response

from survey_service.core import scope
from survey_service.core.clock import now_utc
from survey_service.core.db import get_session
from survey_service.core.errors import DomainError
from survey_service.core.models import Role, Unit
from survey_service.questionnaires import editing
from survey_service.questionnaires import service as questionnaires
from survey_service.questionnaires.forms import (
    KIND_LABELS,
    LANGUAGES,
    SLOTS,
    DraftActionForm,
    EditorForm,
    PublishForm,
    editor_data,
    element_wordings,
    question_drafts,
)
from survey_service.web.auth import role_required, signed_in_user
from survey_service.web.i18n import (
    LANGUAGE_NAMES,
    current_language,
    error_text,
    in_catalog,
)
from survey_service.web.requests import unit_in_scope
from survey_service.web.security import frameable_by_this_site

bp = Blueprint("questionnaires", __name__)


def _route(rule: str, **options: Any) -> Any:
    """A rule for a unit's questionnaire and the same for the city's default."""

    def register(view: Any) -> Any:
        bp.add_url_rule(f"/units/<code>/kuesioner{rule}", view_func=view, **options)
        bp.add_url_rule(
            f"/kuesioner/kota{rule}",
            endpoint=f"city_{view.__name__}",
            view_func=view,
            defaults={"code": None},
            **options,
        )
        return view

    return register


def _owner(code: str | None) -> Unit | None:
    """The unit whose questionnaire this is (None: the city's, admins only)."""
    if code is None:
        if signed_in_user().role is not Role.ADMIN:
            abort(403)
        return None
    return unit_in_scope(code, scope.Action.MANAGE)


def _here(code: str | None, view: str = "editor", **args: Any) -> str:
    """The address of ``view`` for this owner (a unit's, or the city's)."""
    if code is None:
        return url_for(f"questionnaires.city_{view}", **args)
    return url_for(f"questionnaires.{view}", code=code, **args)


def _citizen_page() -> editing.CitizenPage:
    page: editing.CitizenPage = current_app.extensions["survey_citizen_page"]
    return page


def _sample_unit(unit: Unit | None) -> Unit:
    """The unit a preview shows the form for (the city's: a made-up one)."""
    return unit or Unit(code="CONTOH", name=_("Unit layanan contoh"), service_types=[])


@_route("", methods=["GET"])
@role_required(Role.HEAD)
def editor(code: str | None) -> Any:
    unit = _owner(code)
    return _editor_page(unit, code)


def _editor_page(
    unit: Unit | None,
    code: str | None,
    form: EditorForm | None = None,
    problems: dict[str, str] | None = None,
    status: int = 200,
) -> Any:
    db = get_session()
    owner_id = unit.id if unit else None
    draft = editing.draft_of(db, owner_id)
    draft_version = questionnaires.snapshot(draft) if draft else None
    if form is None and draft_version is not None:
        form = EditorForm(data=editor_data(draft_version))
    return (
        render_template(
            "questionnaires/editor.html",
            unit=unit,
            code=code,
            answered_now=questionnaires.current_version(db, unit_id=owner_id),
            published=editing.versions_of(db, owner_id),
            draft=draft_version,
            form=form,
            problems=problems or {},
            missing=editing.missing_translations(draft_version, in_catalog)
            if draft_version
            else (),
            action=DraftActionForm(),
            slots=_slots(draft_version),
            kind_labels=KIND_LABELS,
            here=lambda view, **args: _here(code, view, **args),
            languages=LANGUAGES,
            language_names=LANGUAGE_NAMES,
        ),
        status,
    )


def _slots(draft: questionnaires.Version | None) -> range:
    """The question slots to show: the draft's questions and one to add."""
    count = len(draft.questions) if draft else 0
    return range(1, min(count + 1, SLOTS) + 1)


@_route("/draf", methods=["POST"])
@role_required(Role.HEAD)
def start(code: str | None) -> Response:
    unit = _owner(code)
    if DraftActionForm().validate_on_submit():
        editing.start_draft(get_session(), unit.id if unit else None)
        get_session().commit()
        flash(_("Draf dibuat dari kuesioner yang berlaku sekarang."), "info")
    return redirect(_here(code))


@_route("/buang", methods=["POST"])
@role_required(Role.HEAD)
def discard(code: str | None) -> Response:
    unit = _owner(code)
    draft = editing.draft_of(get_session(), unit.id if unit else None)
    if draft is None:
        abort(404)
    if DraftActionForm().validate_on_submit():
        editing.discard_draft(get_session(), draft)
        get_session().commit()
        flash(_("Draf dibuang; kuesioner yang berlaku tidak berubah."), "info")
    return redirect(_here(code))


@_route("/simpan", methods=["POST"])
@role_required(Role.HEAD)
def save(code: str | None) -> Any:
    unit = _owner(code)
    db = get_session()
    draft = editing.draft_of(db, unit.id if unit else None)
    if draft is None:
        abort(404)
    form = EditorForm()
    if not form.validate():
        flash(_("Ada isian yang belum benar; periksa yang ditandai."), "error")
        return _editor_page(unit, code, form, status=400)
    slotted = question_drafts(form)
    try:
        editing.save_draft(db, draft, element_wordings(form), [q for _, q in slotted])
    except editing.DraftError as exc:
        db.rollback()
        slot_of = {f"x{k}": f"x{n}" for k, (n, _) in enumerate(slotted, start=1)}
        problems = {
            slot_of.get(where, where): _(message) for where, message in exc.problems
        }
        flash(error_text(exc), "error")
        return _editor_page(unit, code, form, problems, 400)
    except DomainError as exc:
        db.rollback()
        flash(error_text(exc), "error")
        return _editor_page(unit, code, form, status=400)
    db.commit()
    flash(
        _(
            "Draf disimpan. Warga masih melihat versi yang berlaku sampai "
            "draf diterbitkan."
        ),
        "info",
    )
    if request.form.get("next") == "publish":
        return redirect(_here(code, "confirm"))
    return redirect(_here(code))


@_route("/pratinjau", methods=["GET"])
@role_required(Role.HEAD)
def preview(code: str | None) -> Response:
    """The draft (else the version in force) as a citizen's phone shows it,
    in ?bahasa=id|en|min (else the reader's); framed by the editor at 360 px."""
    unit = _owner(code)
    db = get_session()
    owner_id = unit.id if unit else None
    draft = editing.draft_of(db, owner_id)
    version = (
        questionnaires.snapshot(draft)
        if draft
        else questionnaires.current_version(db, unit_id=owner_id)
    )
    language = request.args.get("bahasa") or current_language()
    if version is None or language not in current_app.config["LANGUAGES"]:
        abort(404)
    page = _citizen_page().render(version, _sample_unit(unit), language, preview=True)
    return frameable_by_this_site(make_response(page))


@_route("/terbitkan", methods=["GET", "POST"])
@role_required(Role.HEAD)
def confirm(code: str | None) -> Any:
    """What publishing changes for citizens and reports; then publish."""
    unit = _owner(code)
    db = get_session()
    owner_id = unit.id if unit else None
    draft = editing.draft_of(db, owner_id)
    if draft is None:
        flash(_("Tidak ada draf untuk diterbitkan."), "error")
        return redirect(_here(code))
    version = questionnaires.snapshot(draft)
    form = PublishForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                published = editing.publish(
                    db,
                    draft,
                    signed_in_user(),
                    now_utc(),
                    lambda v: _citizen_page().weigh(v, _sample_unit(unit)),
                )
            except DomainError as exc:
                db.rollback()
                flash(error_text(exc), "error")
                return redirect(_here(code, "confirm"))
            db.commit()
            flash(
                _(
                    "Versi %(v)d terbit: warga menjawabnya mulai sekarang.",
                    v=published.version,
                ),
                "info",
            )
            return redirect(_here(code))
        status = 400
    return (
        render_template(
            "questionnaires/confirm.html",
            unit=unit,
            code=code,
            draft=version,
            changes=editing.changes(db, version, owner_id, in_catalog),
            form=form,
            here=lambda view, **args: _here(code, view, **args),
            languages=current_app.config["LANGUAGES"],
            language_names=LANGUAGE_NAMES,
        ),
        status,
    )
