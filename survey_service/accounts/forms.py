"""Forms of the sign-in pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from survey_service.web.forms import FlaskForm


class LoginForm(FlaskForm):
    username = StringField(
        _l("Nama pengguna"),
        validators=[DataRequired(_l("Isi nama pengguna")), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        _l("Kata sandi"),
        validators=[DataRequired(_l("Isi kata sandi")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )


class LogoutForm(FlaskForm):
    """Logging out is a POST with a CSRF token, so another site cannot do it."""


class TokenForm(FlaskForm):
    name = StringField(
        _l("Nama token (untuk apa)"),
        validators=[DataRequired(_l("Isi nama token")), Length(max=100)],
    )


class RevokeForm(FlaskForm):
    """Revoking a token: a POST with a CSRF token."""


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Kata sandi saat ini"),
        validators=[DataRequired(_l("Isi kata sandi saat ini")), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("Kata sandi baru (minimal 10 karakter)"),
        validators=[DataRequired(_l("Isi kata sandi baru")), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )


class UserForm(FlaskForm):
    username = StringField(
        _l("Nama pengguna"), validators=[DataRequired(), Length(max=64)]
    )
    role = SelectField(_l("Peran"), choices=[])
    units = SelectMultipleField(_l("Unit"), choices=[], validators=[Optional()])
    employee = StringField(
        _l("NIP pegawai (untuk petugas)"), validators=[Optional(), Length(max=18)]
    )
    password = PasswordField(
        _l("Kata sandi awal (min. 10 karakter)"),
        validators=[DataRequired(), Length(min=10, max=256)],
    )


class ResetPasswordForm(FlaskForm):
    """A temporary password the admin gives the user, who must change it."""

    temporary = PasswordField(
        _l("Kata sandi sementara (min. 10 karakter)"),
        validators=[DataRequired(), Length(min=10, max=256)],
        render_kw={"autocomplete": "new-password"},
    )


class AccessForm(FlaskForm):
    """An existing account's role and units (the employee link stays)."""

    role = SelectField(_l("Peran"), choices=[])
    units = SelectMultipleField(_l("Unit"), choices=[], validators=[Optional()])
