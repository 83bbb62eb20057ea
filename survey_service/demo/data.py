"""Data of the Kota Sawahlunto demo: real unit names, synthetic people and ratings."""

from __future__ import annotations

# code, name, address, [(counter suffix, name, location)], [(service code, name)]
UNITS: tuple[
    tuple[str, str, str, list[tuple[str, str, str]], list[tuple[str, str]]], ...
]
UNITS = (
    (
        "DUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Jl. Soekarno-Hatta, Lembah Segar",
        [
            ("L1", "Loket 1 Perekaman KTP-el", "Lantai 1, ruang depan"),
            ("L2", "Loket 2 Kartu Keluarga dan KIA", "Lantai 1"),
            ("L3", "Loket 3 Akta Kelahiran dan Kematian", "Lantai 1"),
            ("L4", "Loket 4 Informasi dan Pengaduan", "Lobi"),
        ],
        [
            ("KTPEL", "KTP elektronik"),
            ("KK", "Kartu Keluarga"),
            ("KIA", "Kartu Identitas Anak"),
            ("AKTA-LAHIR", "Akta Kelahiran"),
            ("AKTA-MATI", "Akta Kematian"),
            ("PINDAH", "Surat Keterangan Pindah"),
        ],
    ),
    (
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "Jl. Ahmad Yani, Kubang Sirakuak",
        [
            ("L1", "Loket 1 Perizinan Berusaha (OSS)", "Mal Pelayanan Publik"),
            ("L2", "Loket 2 Perizinan Non-Berusaha", "Mal Pelayanan Publik"),
            ("L3", "Loket 3 Informasi dan Pengaduan", "Mal Pelayanan Publik"),
        ],
        [
            ("NIB", "Nomor Induk Berusaha"),
            ("PBG", "Persetujuan Bangunan Gedung"),
            ("SIP", "Surat Izin Praktik Tenaga Kesehatan"),
            ("REKLAME", "Izin Reklame"),
        ],
    ),
    (
        "RSUD",
        "RSUD Sawahlunto",
        "Jl. Prof. M. Yamin, Lubang Panjang",
        [
            ("L1", "Loket Pendaftaran Rawat Jalan", "Gedung poliklinik"),
            ("L2", "Loket Farmasi", "Gedung poliklinik"),
            ("L3", "Kasir", "Lobi utama"),
        ],
        [
            ("RJ", "Rawat Jalan"),
            ("FARMASI", "Pelayanan Farmasi"),
            ("LAB", "Laboratorium"),
            ("BPJS", "Administrasi BPJS Kesehatan"),
        ],
    ),
    (
        "PKM-TLW",
        "Puskesmas Talawi",
        "Talawi Mudik, Kecamatan Talawi",
        [("L1", "Loket Pendaftaran", "Ruang depan"), ("L2", "Apotek", "Ruang tengah")],
        [
            ("UMUM", "Poli Umum"),
            ("KIA-KB", "Kesehatan Ibu Anak dan KB"),
            ("GIGI", "Poli Gigi"),
            ("IMUNISASI", "Imunisasi"),
        ],
    ),
    (
        "PKM-SLK",
        "Puskesmas Silungkang",
        "Silungkang Oso, Kecamatan Silungkang",
        [
            ("L1", "Loket Pendaftaran", "Ruang depan"),
            ("L2", "Apotek", "Ruang tengah"),
            ("L3", "Laboratorium", "Sayap timur"),
        ],
        [
            ("UMUM", "Poli Umum"),
            ("KIA-KB", "Kesehatan Ibu Anak dan KB"),
            ("LAB", "Pemeriksaan Laboratorium"),
        ],
    ),
    (
        "DINSOS",
        "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
        "Jl. Khatib Sulaiman, Saringan",
        [
            ("L1", "Loket Bantuan Sosial dan DTKS", "Lantai 1"),
            ("L2", "Loket Pengaduan", "Lantai 1"),
        ],
        [
            ("DTKS", "Pendaftaran DTKS"),
            ("SKTM", "Surat Keterangan Tidak Mampu"),
            ("PKH", "Layanan PKH"),
        ],
    ),
    (
        "KEC-LS",
        "Kantor Camat Lembah Segar",
        "Jl. Muhammad Hatta, Pasar",
        [
            ("L1", "Loket PATEN", "Ruang pelayanan"),
            ("L2", "Loket Legalisasi", "Ruang pelayanan"),
        ],
        [
            ("PATEN", "Pelayanan Administrasi Terpadu Kecamatan"),
            ("LEGAL", "Legalisasi Dokumen"),
            ("IUMK", "Izin Usaha Mikro Kecil"),
        ],
    ),
)

GIVEN_MALE = (
    "Andi",
    "Budi",
    "Rizal",
    "Fauzan",
    "Hendra",
    "Yusrizal",
    "Afrizal",
    "Zulkifli",
    "Irwan",
    "Doni",
    "Rahmat",
    "Syafrizal",
    "Arif",
    "Fikri",
)
GIVEN_FEMALE = (
    "Siti",
    "Rina",
    "Yulia",
    "Fitri",
    "Mega",
    "Desi",
    "Nurhayati",
    "Rahmi",
    "Elvira",
    "Sri",
    "Yenni",
    "Putri",
    "Wulan",
    "Indah",
)
FAMILY = (
    "Putra",
    "Saputra",
    "Syahrial",
    "Hasibuan",
    "Chaniago",
    "Piliang",
    "Koto",
    "Tanjung",
    "Sikumbang",
    "Caniago",
    "Jambak",
    "Melayu",
    "Rangkuti",
    "Nasution",
    "Lubis",
    "Hidayat",
)
POSITIONS = (
    "Pengadministrasi Perkantoran",
    "Penata Layanan Operasional",
    "Pranata Komputer Ahli Pertama",
    "Pengelola Layanan Operasional",
    "Analis Kebijakan Ahli Muda",
    "Arsiparis Terampil",
)

GOOD_COMMENTS = (
    "Pelayanan cepat dan petugasnya ramah, terima kasih.",
    "Sudah bagus, pertahankan.",
    "Petugas sangat membantu menjelaskan persyaratan.",
    "Prosesnya mudah, tidak perlu bolak-balik.",
)
BAD_COMMENTS = (
    "Antrian terlalu lama, menunggu lebih dari dua jam.",
    "Petugas kurang ramah dan tidak menjelaskan persyaratan dengan jelas.",
    "Ruang tunggu panas dan kursi kurang.",
    "Sudah tiga kali datang tapi berkas belum selesai. Hubungi saya 0812-6612-3345.",
    "Pengaduan saya minggu lalu tidak ditindaklanjuti. NIK saya 1373012304880002.",
    "Sistem sering offline, disuruh datang lagi besok.",
)

# Element effects on the answer scale: U3 (completion time) is the weakest.
ELEMENT_EFFECT = {
    "U1": 0.10,
    "U2": 0.0,
    "U3": -0.55,
    "U4": 0.45,
    "U5": 0.05,
    "U6": 0.10,
    "U7": 0.05,
    "U8": -0.15,
    "U9": -0.25,
}
WEAK_COUNTERS = {"RSUD-L2": -0.45, "DUKCAPIL-L1": -0.25, "DINSOS-L2": -0.35}
