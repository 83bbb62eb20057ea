"""Forms of the sign-in pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length


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
