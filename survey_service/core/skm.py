"""Domain reference of the SKM survey (Permenpan RB 14/2017): elements and choices.

The nine elements are keyed by a stable code (U1..U9), never by position.
This module is data only; the questionnaire table is seeded from it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for translation without translating it here (Babel's N_)."""
    return message


class Term(str):
    """A word marked with ``N_`` that fills a placeholder of another message
    ("Kode %(what)s ..." with what=Term(N_("loket"))): pages translate it along
    with the message, ``str()`` stays Indonesian."""

    __slots__ = ()


ELEMENT_CODES = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")


def worded(language: str, id_text: str, en: str = "", min_text: str = "") -> str:
    """A wording in ``language``; the Indonesian where its translation is
    missing (a citizen never reads a blank). Minangkabau missing here may still
    come from the catalog: the form passes the Indonesian through it."""
    return {"en": en, "min": min_text}.get(language) or id_text


@dataclass(frozen=True)
class ElementText:
    """One element as a version words it: the name is the regulation's; the
    question and the four labels a unit may word for its service."""

    code: str
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    labels_id: tuple[str, str, str, str]
    labels_en: tuple[str, str, str, str]
    question_min: str = ""
    labels_min: tuple[str, str, str, str] = ("", "", "", "")

    def name(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_id

    def question(self, language: str) -> str:
        return worded(language, self.question_id, self.question_en, self.question_min)

    def labels(self, language: str) -> tuple[str, str, str, str]:
        return (
            worded(language, self.labels_id[0], self.labels_en[0], self.labels_min[0]),
            worded(language, self.labels_id[1], self.labels_en[1], self.labels_min[1]),
            worded(language, self.labels_id[2], self.labels_en[2], self.labels_min[2]),
            worded(language, self.labels_id[3], self.labels_en[3], self.labels_min[3]),
        )


_Q = "Bagaimana pendapat Saudara tentang "

ELEMENTS: tuple[ElementText, ...] = (
    ElementText(
        "U1",
        "Persyaratan",
        "Requirements",
        _Q + "kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
        "How well do the service requirements match the type of service?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    ElementText(
        "U2",
        "Sistem, Mekanisme, dan Prosedur",
        "Systems, mechanisms and procedures",
        _Q + "kemudahan prosedur pelayanan di unit ini?",
        "How easy is the service procedure at this unit?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Not very easy", "Easy", "Very easy"),
    ),
    ElementText(
        "U3",
        "Waktu Penyelesaian",
        "Completion time",
        _Q + "kecepatan waktu dalam memberikan pelayanan?",
        "How fast was the service delivered?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not fast", "Not very fast", "Fast", "Very fast"),
    ),
    ElementText(
        "U4",
        "Biaya/Tarif",
        "Cost/fee",
        _Q + "kewajaran biaya/tarif dalam pelayanan?",
        "How reasonable is the cost or fee of the service?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Fairly expensive", "Cheap", "Free"),
    ),
    ElementText(
        "U5",
        "Produk Spesifikasi Jenis Pelayanan",
        "Service product specification",
        _Q + "kesesuaian produk pelayanan antara yang tercantum dalam standar "
        "pelayanan dengan hasil yang diberikan?",
        "How well does the service product match what the service standard states?",
        ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
        ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ),
    ElementText(
        "U6",
        "Kompetensi Pelaksana",
        "Staff competence",
        _Q + "kompetensi/kemampuan petugas dalam pelayanan?",
        "How competent were the staff who served you?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Less competent", "Competent", "Very competent"),
    ),
    ElementText(
        "U7",
        "Perilaku Pelaksana",
        "Staff conduct",
        _Q + "perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?",
        "How polite and friendly were the staff who served you?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
        (
            "Not polite or friendly",
            "Less polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ),
    ),
    ElementText(
        "U8",
        "Sarana dan Prasarana",
        "Facilities and infrastructure",
        _Q + "kualitas sarana dan prasarana?",
        "What is the quality of the facilities and infrastructure?",
        ("Buruk", "Cukup", "Baik", "Sangat Baik"),
        ("Poor", "Fair", "Good", "Very good"),
    ),
    ElementText(
        "U9",
        "Penanganan Pengaduan, Saran dan Masukan",
        "Handling of complaints, suggestions and feedback",
        _Q + "penanganan pengaduan pengguna layanan?",
        "How are complaints from service users handled?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
        ("None", "Exists but does not work", "Works, but not fully", "Well managed"),
    ),
)

# Optional respondent profile (docs/method.md): stored value -> Indonesian label.
AGE_BANDS = {
    "lt25": N_("< 25 tahun"),
    "25-39": N_("25–39 tahun"),
    "40-55": N_("40–55 tahun"),
    "gt55": N_("> 55 tahun"),
}
SEXES = {"L": N_("Laki-laki"), "P": N_("Perempuan")}
EDUCATIONS = {
    "none": N_("Tidak sekolah"),
    "sd": N_("SD"),
    "smp": N_("SMP"),
    "sma": N_("SMA/SMK"),
    "diploma": N_("Diploma"),
    "s1": N_("S1"),
    "s2": N_("S2"),
    "s3": N_("S3"),
}
OCCUPATIONS = {
    "asn": N_("PNS/ASN"),
    "tni_polri": N_("TNI/Polri"),
    "swasta": N_("Pegawai swasta"),
    "wirausaha": N_("Wirausaha"),
    "pelajar": N_("Pelajar/Mahasiswa"),
    "lainnya": N_("Lainnya"),
}

# When the survey was answered, as the regulation's questionnaire records it.
TIME_SLOTS = {
    "08-12": N_("08.00–12.00"),
    "12-15": N_("12.00–15.00"),
    "15-17": N_("15.00–17.00"),
    "other": N_("Di luar jam tersebut"),
}
AGE_MIN, AGE_MAX = 15, 100  # years a respondent may give


def time_slot(hour: int) -> str:
    """The survey time slot of a local hour (08–12, 12–15, 15–17, other)."""
    if 8 <= hour < 12:
        return "08-12"
    if 12 <= hour < 15:
        return "12-15"
    if 15 <= hour < 17:
        return "15-17"
    return "other"


def age_band(years: int | None) -> str | None:
    """The report's age band of an age in years (None stays None)."""
    if years is None:
        return None
    if years < 25:
        return "lt25"
    if years <= 39:
        return "25-39"
    if years <= 55:
        return "40-55"
    return "gt55"


COMMENT_MAX_LENGTH = 1000

# A unit's own questions, asked after the nine and never part of the IKM.
OWN_QUESTIONS_MAX = 10
OWN_OPTIONS_MAX = 8  # options of a single or multiple choice
OWN_TEXT_MAX_LENGTH = 300  # a short text answer
# The citizen's form and everything it loads, on a cheap phone's slow link.
PAGE_BUDGET_BYTES = 30 * 1024


def low_elements(scores: Mapping[str, int]) -> list[str]:
    """The elements rated 1, in the questionnaire's order: what makes a rating
    low enough to raise an alert and to offer the citizen SP4N-LAPOR! and a
    callback."""
    return [code for code in ELEMENT_CODES if scores.get(code) == 1]


_NIP = re.compile(r"^\d{18}$")


def nip_problem(nip: str) -> Term | None:
    """Why ``nip`` is not a valid NIP, or None if it is.

    An ASN NIP has 18 digits: birth date YYYYMMDD, appointment (TMT CPNS)
    YYYYMM, sex (1 male, 2 female) and a three-digit sequence number.
    """
    if not _NIP.match(nip):
        return Term(N_("NIP harus terdiri dari 18 angka"))
    try:
        born = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        return Term(N_("8 angka pertama NIP bukan tanggal lahir yang sah"))
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or year < born.year + 15:
        return Term(
            N_("angka ke-9 s.d. 14 NIP bukan tahun dan bulan pengangkatan yang sah")
        )
    if nip[14] not in "12":
        return Term(N_("angka ke-15 NIP (jenis kelamin) harus 1 atau 2"))
    if nip[15:] == "000":
        return Term(N_("nomor urut NIP tidak boleh 000"))
    return None
