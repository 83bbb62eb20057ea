"""A user's own settings for what the service sends them."""

from __future__ import annotations

from flask import (
    Blueprint,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug import Response

from survey_service.core import audit
from survey_service.core.db import get_session
from survey_service.outreach.forms import (
    DigestSettingsForm,
)
from survey_service.web.auth import signed_in_user

bp = Blueprint("outreach", __name__)


@bp.route("/account/notifications", methods=["GET", "POST"])
@login_required
def settings() -> Response | str:
    user = signed_in_user()
    form = DigestSettingsForm(obj=user)
    if form.validate_on_submit():
        db = get_session()
        user.email = (form.email.data or "").strip().lower() or None
        user.language = form.language.data or "id"
        user.digest_enabled = bool(form.digest_enabled.data)
        audit.record(
            db,
            user,
            "user.notifications",
            f"user:{user.username}",
            digest=user.digest_enabled,
            language=user.language,
        )
        db.commit()
        flash(_("Pengaturan ringkasan disimpan."), "info")
        return redirect(url_for("outreach.settings"))
    return render_template("outreach/settings.html", form=form)
