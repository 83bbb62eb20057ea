"""Forms of the administration pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional


class UnitForm(FlaskForm):
    code = StringField("Kode unit", validators=[DataRequired(), Length(max=32)])
    name = StringField("Nama unit", validators=[DataRequired(), Length(max=200)])
    address = StringField("Alamat", validators=[Optional(), Length(max=300)])
    target_index = DecimalField(
        "Target indeks (25–100)",
        default=76.61,
        places=2,
        validators=[DataRequired(), NumberRange(25, 100)],
    )
    active = BooleanField("Aktif", default=True)
    head_name = StringField(
        "Nama kepala unit (penanda tangan laporan SKM)",
        validators=[Optional(), Length(max=200)],
    )
    head_nip = StringField("NIP kepala unit", validators=[Optional(), Length(max=18)])
    alert_due_working_days = IntegerField(
        "Tenggat peringatan (hari kerja; kosong: 3)",
        validators=[Optional(), NumberRange(1, 30)],
    )


class CounterForm(FlaskForm):
    code = StringField(
        "Kode loket (unik se-kota)", validators=[DataRequired(), Length(max=32)]
    )
    name = StringField("Nama loket", validators=[DataRequired(), Length(max=200)])
    location = StringField("Lokasi", validators=[Optional(), Length(max=200)])


class ServiceTypeForm(FlaskForm):
    code = StringField("Kode layanan", validators=[DataRequired(), Length(max=32)])
    name = StringField("Nama layanan", validators=[DataRequired(), Length(max=200)])


class ImportForm(FlaskForm):
    file = FileField("Berkas CSV (UTF-8)", validators=[FileRequired("Pilih berkas")])


class UserForm(FlaskForm):
    username = StringField("Nama pengguna", validators=[DataRequired(), Length(max=64)])
    role = SelectField("Peran", choices=[])
    units = SelectMultipleField("Unit", choices=[], validators=[Optional()])
    employee = StringField(
        "NIP pegawai (untuk petugas)", validators=[Optional(), Length(max=18)]
    )
    password = PasswordField(
        "Kata sandi awal (min. 10 karakter)",
        validators=[DataRequired(), Length(min=10, max=256)],
    )


class AccessForm(FlaskForm):
    """An existing account's role and units (the employee link stays)."""

    role = SelectField("Peran", choices=[])
    units = SelectMultipleField("Unit", choices=[], validators=[Optional()])


class ShiftForm(FlaskForm):
    """One duty shift; validated by the same rules as a roster import."""

    nip = StringField("NIP pegawai", validators=[DataRequired(), Length(max=18)])
    counter_code = SelectField("Loket", choices=[])
    starts_at = StringField(
        "Mulai (YYYY-MM-DD HH:MM)", validators=[DataRequired(), Length(max=16)]
    )
    ends_at = StringField(
        "Selesai (boleh kosong)", validators=[Optional(), Length(max=16)]
    )


class ToggleForm(FlaskForm):
    """A POST with a CSRF token for an on/off action."""
