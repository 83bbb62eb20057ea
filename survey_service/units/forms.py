"""Forms of the administration pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from survey_service.web.forms import FlaskForm, LocalDecimalField


class UnitForm(FlaskForm):
    code = StringField(_l("Kode unit"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Nama unit"), validators=[DataRequired(), Length(max=200)])
    address = StringField(_l("Alamat"), validators=[Optional(), Length(max=300)])
    target_index = LocalDecimalField(
        _l("Target indeks (25–100)"),
        default=76.61,
        places=2,
        validators=[
            DataRequired(_l("Target indeks harus antara 25 dan 100")),
            NumberRange(25, 100, _l("Target indeks harus antara 25 dan 100")),
        ],
    )
    active = BooleanField(_l("Aktif"), default=True)
    head_name = StringField(
        _l("Nama kepala unit (penanda tangan laporan SKM)"),
        validators=[Optional(), Length(max=200)],
    )
    head_nip = StringField(
        _l("NIP kepala unit"), validators=[Optional(), Length(max=18)]
    )
    alert_due_working_days = IntegerField(
        _l("Tenggat peringatan (hari kerja; kosong: 3)"),
        validators=[Optional(), NumberRange(1, 30)],
    )


class CounterForm(FlaskForm):
    code = StringField(
        _l("Kode loket (unik se-kota)"), validators=[DataRequired(), Length(max=32)]
    )
    name = StringField(_l("Nama loket"), validators=[DataRequired(), Length(max=200)])
    location = StringField(_l("Lokasi"), validators=[Optional(), Length(max=200)])


class CounterEditForm(FlaskForm):
    """A counter's name, place and flag limit; unticking "in use" retires it."""

    name = StringField(_l("Nama loket"), validators=[DataRequired(), Length(max=200)])
    location = StringField(_l("Lokasi"), validators=[Optional(), Length(max=200)])
    address_hourly_limit = IntegerField(
        _l("Batas respons per alamat jaringan per jam (kosong: bawaan kota)"),
        validators=[Optional(), NumberRange(1, 100_000)],
    )
    active = BooleanField(_l("Dipakai (hapus centang untuk memensiunkan loket)"))


class ServiceEditForm(FlaskForm):
    name = StringField(_l("Nama layanan"), validators=[DataRequired(), Length(max=200)])
    active = BooleanField(_l("Ditawarkan di formulir"))


class EndShiftForm(FlaskForm):
    ends_at = StringField(
        _l("Selesai (YYYY-MM-DD HH:MM; kosong: sekarang)"),
        validators=[Optional(), Length(max=16)],
    )


class ServiceTypeForm(FlaskForm):
    code = StringField(_l("Kode layanan"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Nama layanan"), validators=[DataRequired(), Length(max=200)])


class ImportForm(FlaskForm):
    file = FileField(
        _l("Berkas CSV (UTF-8)"), validators=[FileRequired(_l("Pilih berkas"))]
    )


class ShiftForm(FlaskForm):
    """One duty shift; validated by the same rules as a roster import."""

    nip = StringField(_l("NIP pegawai"), validators=[DataRequired(), Length(max=18)])
    counter_code = SelectField(_l("Loket"), choices=[])
    starts_at = StringField(
        _l("Mulai (YYYY-MM-DD HH:MM)"), validators=[DataRequired(), Length(max=16)]
    )
    ends_at = StringField(
        _l("Selesai (boleh kosong)"), validators=[Optional(), Length(max=16)]
    )
