"""Minangkabau (Baso Minang) for what a citizen reads: the survey form, the
thank-you page, the kiosk and the problems a citizen may meet, and the
regulation's questionnaire wording. Written in plain, everyday words of the
Padang/Sawahlunto register ("Sanak" for the reader, as public notices in West
Sumatra do); docs/languages.md says how a native speaker reviews them.

scripts/translations.py writes translations/min from this table: a message not
here is shown in Bahasa Indonesia, and a key that is no longer a message of the
app (or of the questionnaire) stops the script, so no text is lost quietly.
"""

MINANGKABAU = {
    # The page around the form
    "Survei Kepuasan Masyarakat": "Survei Kapuasan Masyarakaik",
    "Survei Kepuasan": "Survei Kapuasan",
    "Huruf besar": "Huruf gadang",
    "Huruf biasa": "Huruf biaso",
    "Dengarkan": "Danga",
    "Bagaimana pelayanan yang Anda terima hari ini? Pilih satu jawaban untuk "
    "setiap pertanyaan. Survei ini tanpa nama.": "Baa palayanan nan Sanak "
    "tarimo hari ko? Piliah ciek jawaban untuak satiok patanyoan. Survei ko "
    "indak mamakai namo.",
    "Ada jawaban yang belum diisi. Periksa pertanyaan yang ditandai.": "Ado "
    "jawaban nan alun diisi. Caliak baliak patanyoan nan batando.",
    "Komentar terlalu panjang. Persingkat komentar Anda lalu kirim lagi; "
    "jawaban lain tetap tersimpan di halaman ini.": "Komentar talalu panjang. "
    "Pandekan komentar Sanak, sudah tu kirim baliak; jawaban nan lain indak "
    "ilang dari halaman ko.",
    "Formulir sudah lama terbuka. Jawaban Anda masih tersimpan di halaman ini; "
    "silakan tekan Kirim sekali lagi.": "Formulir alah lamo tabukak. Jawaban "
    "Sanak masih ado di halaman ko; tekan Kirim sakali lai.",
    "Layanan sedang sibuk, coba lagi sebentar lagi. Jawaban Anda masih ada di "
    "bawah: tekan Kirim lagi dalam satu atau dua menit.": "Layanan sadang "
    "sibuak, cubo baliak sabanta lai. Jawaban Sanak masih ado di bawah: tekan "
    "Kirim baliak sasudah ciek atau duo menit.",
    "Jenis layanan yang Anda terima": "Jinih palayanan nan Sanak tarimo",
    "— pilih —": "— piliah —",
    "Pilih jenis layanan": "Piliah jinih palayanan",
    "Pilih salah satu jawaban": "Piliah ciek jawaban",
    "Saran atau komentar (boleh dikosongkan)": "Saran atau komentar (buliah "
    "indak diisi)",
    "Paling banyak %(n)d karakter.": "Paliang banyak %(n)d huruf.",
    "Komentar terlalu panjang: paling banyak %(max)d karakter.": "Komentar "
    "talalu panjang: paliang banyak %(max)d huruf.",
    "Tentang Anda (tidak wajib)": "Tantang Sanak (indak wajib)",
    "Usia (tahun)": "Umua (taun)",
    "Usia antara %(min)s dan %(max)s tahun, atau kosongkan.": "Umua antaro "
    "%(min)s jo %(max)s taun, atau indak usah diisi.",
    "Jenis kelamin": "Jinih kalamin",
    "Pendidikan terakhir": "Sakolah tarakhia",
    "Pekerjaan": "Karajo",
    "— tidak diisi —": "— indak diisi —",
    "Laki-laki": "Laki-laki",
    "Perempuan": "Padusi",
    "Tidak sekolah": "Indak basakolah",
    "SD": "SD",
    "SMP": "SMP",
    "SMA/SMK": "SMA/SMK",
    "Diploma": "Diploma",
    "S1": "S1",
    "S2": "S2",
    "S3": "S3",
    "PNS/ASN": "PNS/ASN",
    "TNI/Polri": "TNI/Polri",
    "Pegawai swasta": "Karyawan swasta",
    "Wirausaha": "Bausaho surang",
    "Pelajar/Mahasiswa": "Palaja/Mahasiswa",
    "Lainnya": "Nan lain",
    "Kirim penilaian": "Kirim panilaian",
    # Thank-you page
    "Terima kasih": "Tarimo kasih",
    "Terima kasih!": "Tarimo kasih!",
    "Penilaian Anda untuk %(unit)s sudah kami terima. Hasil survei dipakai "
    "untuk memperbaiki pelayanan.": "Panilaian Sanak untuak %(unit)s alah kami "
    "tarimo. Hasil survei dipakai untuak mamparelok palayanan.",
    "Ingin menyampaikan pengaduan?": "Nio manyampaikan pangaduan?",
    "Penilaian ini tidak menggantikan pengaduan resmi. Pengaduan atas "
    "pelayanan publik dapat Anda sampaikan ke SP4N-LAPOR!, layanan pengaduan "
    "nasional: pengaduan Anda diteruskan ke instansi yang berwenang dan dapat "
    "Anda pantau dengan nomor pelacakan.": "Panilaian ko indak samo jo "
    "pangaduan resmi. Pangaduan tantang palayanan publik dapek Sanak "
    "sampaikan ka SP4N-LAPOR!, layanan pangaduan nasional: pangaduan Sanak "
    "diantaan ka kantua nan bawenang, dan dapek Sanak pantau jo nomor "
    "palacakan.",
    "Buka SP4N-LAPOR!": "Bukak SP4N-LAPOR!",
    "atau SMS ke 1708": "atau SMS ka 1708",
    "Ingin dihubungi kepala unit?": "Nio dihubungi kapalo unit?",
    "Tidak wajib. Kontak Anda hanya dilihat kepala unit ini dan dihapus "
    "setelah ditindaklanjuti, paling lambat 90 hari. Penilaian Anda tetap "
    "tanpa nama.": "Indak wajib. Kontak Sanak hanyo diliek kapalo unit ko, dan "
    "dihapuih sasudah ditindaklanjuti, paliang lambek 90 hari. Panilaian "
    "Sanak tatap indak mamakai namo.",
    "Nama (boleh dikosongkan)": "Namo (buliah indak diisi)",
    "Nomor telepon/WhatsApp atau email": "Nomor telepon/WhatsApp atau email",
    "Tulis nomor atau email": "Tulih nomor atau email",
    "Apa yang ingin Anda sampaikan? (boleh dikosongkan)": "Apo nan nio Sanak "
    "sampaikan? (buliah indak diisi)",
    "Saya setuju dihubungi oleh kepala unit tentang penilaian ini": "Ambo "
    "satuju dihubungi dek kapalo unit tantang panilaian ko",
    "Centang persetujuan untuk dihubungi": "Centang tando satuju untuak dihubungi",
    "Minta dihubungi": "Mintak dihubungi",
    "Lihat hasil survei unit ini": "Caliak hasil survei unit ko",
    "Formulir baru akan muncul dalam %(n)d detik.": "Formulir baru ka tampak "
    "dalam %(n)d detik.",
    # Kiosk
    "Jawaban Anda tersimpan di perangkat ini dan akan dikirim otomatis begitu "
    "jaringan kembali.": "Jawaban Sanak tasimpan di parangkaik ko, dan ka "
    "dikirim surang sakali jaringan alah baliak.",
    "%(n)s menunggu dikirim": "%(n)s manunggu dikirim",
    "Mode kiosk belum diaktifkan": "Mode kios alun diaktifan",
    "Perangkat ini belum diaktifkan sebagai kiosk loket ini. Petugas dapat "
    "mengaktifkannya dari halaman unit.": "Parangkaik ko alun diaktifan "
    "sabagai kios loket ko. Patugas dapek maaktifannyo dari halaman unit.",
    "Mohon tunggu sebentar sebelum mengisi survei berikutnya.": "Tunggu "
    "sabanta sabalun maisi survei barikuiknyo.",
    # Problems a citizen may meet
    "Loket ini sudah tidak melayani survei. Silakan pindai kode QR di loket "
    "tempat Anda dilayani hari ini.": "Loket ko indak malayani survei lai. "
    "Pindai kode QR di loket tampek Sanak dilayani hari ko.",
    "Tiket sudah dipakai": "Tiket alah dipakai",
    "Tiket ini sudah dipakai untuk mengisi survei. Terima kasih!": "Tiket ko "
    "alah dipakai untuak maisi survei. Tarimo kasih!",
    "Tiket ini sudah dipakai untuk mengisi survei. Setiap tiket hanya dapat "
    "dipakai sekali. Terima kasih atas penilaian Anda!": "Tiket ko alah "
    "dipakai untuak maisi survei. Satiok tiket hanyo dapek dipakai sakali. "
    "Tarimo kasih ateh panilaian Sanak!",
    "Tiket sudah kedaluwarsa": "Tiket alah habih maso lakunyo",
    "Masa berlaku tiket ini sudah habis. Anda tetap dapat menilai layanan "
    "dengan memindai QR pada poster di loket.": "Maso laku tiket ko alah "
    "habih. Sanak tatap dapek manilai layanan jo mamindai QR di poster "
    "loket.",
    "Tiket tidak dikenal": "Tiket indak dikenal",
    "Kode pada tiket ini tidak dapat dibaca atau tidak terdaftar. Periksa "
    "kembali alamat yang Anda ketik, atau pindai QR pada poster di loket.": "Kode "
    "di tiket ko indak dapek dibaco atau indak tadaftar. Caliak baliak alamaik "
    "nan Sanak katik, atau pindai QR di poster loket.",
    "Terlalu banyak percobaan": "Talalu banyak cubo",
    "Terlalu banyak kode yang salah. Coba lagi dalam satu jam.": "Talalu "
    "banyak kode nan salah. Cubo baliak sajam lai.",
    # The regulation's questionnaire (Permenpan RB 14/2017), element by element
    "Persyaratan": "Pasyaratan",
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan "
    "dengan jenis pelayanannya?": "Baa pandapek Sanak tantang kasasuaian "
    "pasyaratan palayanan jo jinih palayanannyo?",
    "Tidak sesuai": "Indak sasuai",
    "Kurang sesuai": "Kurang sasuai",
    "Sesuai": "Sasuai",
    "Sangat sesuai": "Sangaik sasuai",
    "Sistem, Mekanisme, dan Prosedur": "Sistem, Mekanisme, jo Prosedur",
    "Bagaimana pendapat Saudara tentang kemudahan prosedur pelayanan di unit "
    "ini?": "Baa pandapek Sanak tantang mudahnyo prosedur palayanan di unit ko?",
    "Tidak mudah": "Indak mudah",
    "Kurang mudah": "Kurang mudah",
    "Mudah": "Mudah",
    "Sangat mudah": "Sangaik mudah",
    "Waktu Penyelesaian": "Wakatu Panyalasaian",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan "
    "pelayanan?": "Baa pandapek Sanak tantang capeknyo wakatu dalam "
    "mambarikan palayanan?",
    "Tidak cepat": "Indak capek",
    "Kurang cepat": "Kurang capek",
    "Cepat": "Capek",
    "Sangat cepat": "Sangaik capek",
    "Biaya/Tarif": "Biaya/Tarif",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam "
    "pelayanan?": "Baa pandapek Sanak tantang pantehnyo biaya/tarif dalam palayanan?",
    "Sangat mahal": "Sangaik maha",
    "Cukup mahal": "Cukuik maha",
    "Murah": "Murah",
    "Gratis": "Gratis",
    "Produk Spesifikasi Jenis Pelayanan": "Produk Spesifikasi Jinih Palayanan",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara "
    "yang tercantum dalam standar pelayanan dengan hasil yang diberikan?": "Baa "
    "pandapek Sanak tantang kasasuaian hasil palayanan nan dibarikan jo nan "
    "tatulih di standar palayanan?",
    "Kompetensi Pelaksana": "Kamampuan Patugas",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam "
    "pelayanan?": "Baa pandapek Sanak tantang kamampuan patugas dalam palayanan?",
    "Tidak kompeten": "Indak mampu",
    "Kurang kompeten": "Kurang mampu",
    "Kompeten": "Mampu",
    "Sangat kompeten": "Sangaik mampu",
    "Perilaku Pelaksana": "Parangai Patugas",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan "
    "terkait kesopanan dan keramahan?": "Baa pandapek Sanak tantang parangai "
    "patugas dalam palayanan, sopan jo ramahnyo?",
    "Tidak sopan dan ramah": "Indak sopan jo indak ramah",
    "Kurang sopan dan ramah": "Kurang sopan jo ramah",
    "Sopan dan ramah": "Sopan jo ramah",
    "Sangat sopan dan ramah": "Sangaik sopan jo ramah",
    "Sarana dan Prasarana": "Sarana jo Prasarana",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?": "Baa "
    "pandapek Sanak tantang elok buruaknyo sarana jo prasarana?",
    "Buruk": "Buruak",
    "Cukup": "Cukuik",
    "Baik": "Baiak",
    "Sangat Baik": "Sangaik Baiak",
    "Penanganan Pengaduan, Saran dan Masukan": "Caro Manangani Pangaduan, Saran "
    "jo Masuakan",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna "
    "layanan?": "Baa pandapek Sanak tantang caro pangaduan urang nan dilayani "
    "ditangani?",
    "Tidak ada": "Indak ado",
    "Ada tetapi tidak berfungsi": "Ado tapi indak bajalan",
    "Berfungsi kurang maksimal": "Bajalan tapi alun elok bana",
    "Dikelola dengan baik": "Diurus jo elok",
}
