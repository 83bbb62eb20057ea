"""Forms of this domain (Flask-WTF, CSRF on)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    StringField,
)
from wtforms.validators import Length, Optional

from survey_service.web.forms import FlaskForm


class ForumForm(FlaskForm):
    """The period's public consultation forum, if one was held."""

    forum_date = DateField(
        _l("Tanggal forum konsultasi publik"), validators=[Optional()]
    )
    forum_note = StringField(
        _l("Catatan forum"), validators=[Optional(), Length(max=300)]
    )
