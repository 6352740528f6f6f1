"""The one description of the Excel workbook: which sheet and column holds which model field.

The loader (`xlsx.py`) and the writer (`xlsx_writer.py`) both read this spec, so a field added to
the model is one `col(...)` line here (the layouts are explained in `workbook_layout.py`). The
declarations below are a table: one column per line reads best, so the formatter leaves them as
written.
"""

from __future__ import annotations

from generator.sources.workbook_layout import Col, FieldPath, Link, Sheet, col

# The section lists of the plan filled from the MucKeHoach sheet: (label, field).
_PHAN_KE_HOACH = (
    ("Nhiệm vụ, giải pháp", "nhiem_vu_giai_phap"),
    ("Tổ chức thực hiện", "to_chuc_thuc_hien"),
)

# Drop-down lists with fixed values: (label shown in Excel, value in the model).
CHOICES: dict[str, tuple[tuple[str, str | bool], ...]] = {
    "loai_don_vi": (
        ("Cơ quan chuyên môn", "co_quan_chuyen_mon"),
        ("Trung tâm Phục vụ hành chính công", "trung_tam_pvhcc"),
        ("Đơn vị sự nghiệp", "don_vi_su_nghiep"),
        ("Trường học", "truong_hoc"),
        ("Trạm y tế", "tram_y_te"),
        ("Công an xã", "cong_an_xa"),
        ("Thôn, bản", "thon_ban"),
        ("MTTQ, đoàn thể", "mttq_doan_the"),
        ("Cơ quan cấp trên", "cap_tren"),
        ("Khác", "khac"),
    ),
    "quan_he": (("Trực thuộc (giao việc)", "truc_thuoc"), ("Độc lập (đề nghị)", "doc_lap")),
    "danh_xung": (("Ông", "Ông"), ("Bà", "Bà")),
    "tham_quyen": (("KT.", "KT"), ("Q.", "Q"), ("TL.", "TL"), ("TUQ.", "TUQ")),
    "so_sanh": (("Tối thiểu", "toi_thieu"), ("Tối đa", "toi_da")),
    "trang_thai": (
        ("Chưa thực hiện", "chua"),
        ("Đang thực hiện", "dang"),
        ("Đã hoàn thành", "xong"),
        ("Quá hạn", "qua_han"),
    ),
    "buoi": (("sáng", "sáng"), ("chiều", "chiều"), ("cả ngày", "cả ngày")),
    "vai_tro": (
        ("Trưởng đoàn", "Trưởng đoàn"),
        ("Phó Trưởng đoàn", "Phó Trưởng đoàn"),
        ("Thành viên", "Thành viên"),
        ("Thư ký", "Thư ký"),
    ),
    "tham_quyen_ban_hanh": (("Chủ tịch UBND", "chu_tich"), ("UBND (tập thể)", "ubnd")),
    "bo_cuc_dieu": (
        ("Điều 2 nhiệm vụ, Điều 3 hiệu lực", "2_nhiem_vu_3_hieu_luc"),
        ("Điều 2 hiệu lực, Điều 3 thi hành", "2_hieu_luc_3_thi_hanh"),
    ),
    "co_khong": (("có", True), ("không", False)),
    "loai_ky": (
        ("Quý I", "quy_I"),
        ("6 tháng", "6_thang"),
        ("Quý III", "quy_III"),
        ("9 tháng", "9_thang"),
        ("Năm", "nam"),
    ),
    "phan_ke_hoach": _PHAN_KE_HOACH,
    "chi_so": (
        ("Tỷ lệ nhiệm vụ hoàn thành", "ty_le_hoan_thanh"),
        ("Tỷ lệ tồn tại đã khắc phục", "ty_le_khac_phuc"),
        ("Tỷ lệ hồ sơ trực tuyến", "ty_le_truc_tuyen"),
        ("Tỷ lệ hồ sơ đúng hạn", "ty_le_dung_han"),
        ("Tỷ lệ thanh toán trực tuyến", "ty_le_thanh_toan_truc_tuyen"),
        ("Tỷ lệ hồ sơ số hóa", "ty_le_so_hoa"),
        ("Tỷ lệ phản ánh, kiến nghị đã xử lý", "ty_le_pakn_da_xu_ly"),
    ),
    "tong_hop": (
        ("Số của đơn vị chủ trì", "chu_tri"),
        ("Cộng các đơn vị", "tong"),
        ("Trung bình các đơn vị", "trung_binh"),
    ),
}

# Drop-down lists read from another sheet's column: name -> (sheet, field).
REFERENCES: dict[str, tuple[str, str]] = {
    "don_vi": ("DonVi", "ma"),
    "ten_don_vi": ("DonVi", "ten"),
    # Unit codes where a cell may hold more than one ("vp-hdnd-ubnd, cong-an"): not strict.
    "ma_don_vi": ("DonVi", "ma"),
    "can_bo": ("CanBo", "ma"),
    "nguoi_ky": ("NguoiKy", "ma"),
    "chi_tieu": ("ChiTieu", "ma"),
    "linh_vuc": ("LinhVuc", "ma"),
    "ky": ("BaoCao", "ky"),
}

# Reference lists whose values must come from the list; the others accept other spellings.
STRICT_REFERENCES = frozenset({"don_vi", "can_bo", "nguoi_ky", "chi_tieu", "ky"})

_CHECKED = "Chỉ ghi nếu muốn đối chiếu: vanban tự tính từ kế hoạch và kiểm tra."
_LINES = "Mỗi mục một dòng trong ô (Alt+Enter để xuống dòng)."
_PARAS = "Mỗi đoạn một dòng trong ô (Alt+Enter để xuống dòng)."


def van_ban(what: str) -> tuple[Col, ...]:
    """Return the columns of a document envelope (`van_ban`) for the document `what`."""
    return (
        col(
            "Số văn bản",
            "van_ban.so",
            f"Số của {what}, chỉ ghi số (như 5). Để trống khi còn là dự thảo.",
            "number",
            width=10,
        ),
        col(
            "Ngày ban hành",
            "van_ban.ngay_ban_hanh",
            f"Ngày ký {what}, dạng 05/03/2026. Để trống khi còn là dự thảo.",
            "date",
            width=14,
        ),
        col(
            "Trích yếu",
            "van_ban.trich_yeu",
            f"Trích yếu của {what}; để trống để dùng câu trích yếu mặc định.",
            width=40,
        ),
        col("Căn cứ", "van_ban.can_cu", f"Các căn cứ ban hành {what}. {_LINES}", "lines", width=60),
        col("Nơi nhận", "van_ban.noi_nhan", f"Các nơi nhận {what}. {_LINES}", "lines", width=40),
        col("Lưu", "van_ban.luu", "Nơi lưu bản chính, thường là VT.", width=10),
        col(
            "Người ký",
            "van_ban.nguoi_ky",
            "Mã người ký, chọn trong danh sách (trang NguoiKy).",
            choices="nguoi_ky",
            width=16,
        ),
    )


def paras(header: str, dotted: str, what: str) -> Col:
    """Return a column holding a list of paragraphs, one per line of the cell."""
    return col(header, dotted, f"{what}. {_PARAS}", "lines", width=60)


# Figures of the province's one-stop system: (field, label); one line per SoLieuTthc field
# (the periodic collection of generator/service/periods reads it too).
TTHC = (
    ("ky_truoc_chuyen_sang", "kỳ trước chuyển sang"),
    ("tiep_nhan_truc_tuyen", "tiếp nhận trực tuyến"),
    ("tiep_nhan_truc_tiep", "tiếp nhận trực tiếp (cả qua bưu chính)"),
    ("da_giai_quyet", "đã giải quyết"),
    ("dung_han", "giải quyết đúng hạn"),
    ("qua_han", "giải quyết quá hạn"),
    ("dang_giai_quyet", "đang giải quyết"),
    ("xin_loi", "thư xin lỗi"),
    ("thanh_toan_truc_tuyen", "thanh toán trực tuyến"),
    ("co_phi_le_phi", "có phí, lệ phí (nghĩa vụ tài chính)"),
    ("so_hoa", "được số hóa"),
    ("pakn_tiep_nhan", "phản ánh, kiến nghị tiếp nhận"),
    ("pakn_da_xu_ly", "phản ánh, kiến nghị đã xử lý"),
    ("ty_le_dung_han", "tỷ lệ giải quyết đúng hạn (%)"),
    ("ty_le_truc_tuyen", "tỷ lệ tiếp nhận trực tuyến (%)"),
)


def _tthc(key: str, when: str) -> tuple[Col, ...]:
    def note(name: str, label: str) -> str:
        if name.startswith("ty_le_"):
            return f"Chỉ ghi nếu muốn đối chiếu: {label} ({when}), như 95 hoặc 95%."
        return f"Số hồ sơ {label} ({when}); số nguyên như 1.234."

    return tuple(
        col(f"TTHC {when}: {label}", f"{key}.{name}", note(name, label), "number")
        for name, label in TTHC
    )


# fmt: off
_TO_CHUC = Sheet("ToChuc", ("to_chuc",), "form", "Thông tin chung của Ủy ban nhân dân xã", (
    col("Mã tổ chức", "ma", "Mã viết thường không dấu, không khoảng trắng (như binh-lu)."),
    col("Tên đầy đủ", "ten_day_du", "Tên đầy đủ, như Ủy ban nhân dân xã Bình Lư."),
    col("Cơ quan chủ quản", "co_quan_chu_quan", "Dòng cơ quan chủ quản trên tên cơ quan (nếu "
        "có); thường để trống với UBND xã."),
    col("Tên cơ quan ban hành", "ten_co_quan", "Tên cơ quan in ở góc trái văn bản, mỗi dòng in "
        "một dòng trong ô (như ỦY BAN NHÂN DÂN rồi XÃ BÌNH LƯ).", "lines"),
    col("Ký hiệu cơ quan", "ky_hieu", "Phần ký hiệu cơ quan trong số ký hiệu (như UBND)."),
    col("Địa danh", "dia_danh", "Địa danh ở dòng ngày tháng (như Bình Lư)."),
    col("Tỉnh", "tinh", "Tên tỉnh (như Lai Châu)."),
    col("Cơ quan cấp trên", "co_quan_cap_tren", "Cơ quan nhận báo cáo (như Sở Nội vụ tỉnh Lai "
        "Châu)."),
    col("Đơn vị tham mưu CCHC", "don_vi_tham_muu", "Mã đơn vị tham mưu công tác cải cách hành "
        "chính, chọn trong trang DonVi.", choices="don_vi"),
))

_DON_VI = Sheet("DonVi", ("to_chuc", "don_vi"), "table", "Các đơn vị: đơn vị được kiểm tra, "
    "đơn vị chủ trì, nơi nhận", (
    col("Mã đơn vị", "ma", "Mã viết thường không dấu, không khoảng trắng (như vhxh); dùng để "
        "chọn đơn vị ở các trang khác.", width=16),
    col("Tên đơn vị", "ten", "Tên đầy đủ như in trong văn bản.", width=40),
    col("Tên viết tắt", "ten_viet_tat", "Tên viết tắt (như VHXH), nếu có.", width=12),
    col("Tên gọi khác", "ten_goi_khac", f"Những cách viết khác của tên đơn vị. {_LINES}",
        "lines", width=40),
    col("Loại đơn vị", "loai", "Chọn trong danh sách.", choices="loai_don_vi", width=24),
    col("Quan hệ", "quan_he", "Trực thuộc: văn bản giao việc; Độc lập: văn bản đề nghị phối "
        "hợp.", choices="quan_he", width=22),
    col("Thủ trưởng", "thu_truong", "Mã cán bộ đứng đầu đơn vị (trang CanBo).",
        choices="can_bo", width=18),
))

_CAN_BO = Sheet("CanBo", ("to_chuc", "can_bo"), "table", "Cán bộ: người ký, thành viên Đoàn, "
    "thủ trưởng đơn vị", (
    col("Mã cán bộ", "ma", "Mã viết thường không dấu (như nguyen-thi-nhan).", width=20),
    col("Họ và tên", "ho_ten", "Họ và tên đầy đủ, có dấu.", width=24),
    col("Danh xưng", "danh_xung", "Ông hoặc Bà.", choices="danh_xung", width=10),
    col("Chức vụ", "chuc_vu", "Chức vụ như in trong văn bản.", width=36),
    col("Đơn vị", "don_vi", "Mã đơn vị công tác (trang DonVi), nếu có.", choices="don_vi"),
))

_NGUOI_KY = Sheet("NguoiKy", ("to_chuc", "nguoi_ky"), "table", "Người ký: khối chữ ký và thẩm "
    "quyền ký", (
    col("Mã người ký", "ma", "Mã viết thường không dấu, dùng ở cột Người ký của các văn bản."),
    col("Cán bộ", "can_bo", "Mã cán bộ ký (trang CanBo).", choices="can_bo", width=20),
    col("Thay mặt", "thay_mat", "Tập thể được thay mặt, in sau TM. (như ỦY BAN NHÂN DÂN); để "
        "trống nếu không ký thay mặt.", width=22),
    col("Thẩm quyền", "tham_quyen", "KT. (ký thay), Q. (quyền), TL. (thừa lệnh), TUQ. (thừa ủy "
        "quyền); để trống khi người đứng đầu tự ký.", choices="tham_quyen", width=12),
    col("Chức danh", "chuc_danh", "Chức danh người đứng đầu in sau thẩm quyền (như CHỦ TỊCH).",
        width=20),
    col("Chức vụ người ký", "chuc_vu", "Chức vụ của chính người ký (như PHÓ CHỦ TỊCH); cần khi "
        "ký KT., TL., TUQ.", width=20),
))

_CHOT_SO_LIEU = Sheet("ChotSoLieu", ("to_chuc", "chot_so_lieu"), "mapping", "Thời gian chốt "
    "số liệu báo cáo do tỉnh quy định (để trống để dùng mốc của Bộ Nội vụ)", (
    col("Loại kỳ", "loai", "Loại kỳ báo cáo, chọn trong danh sách.", choices="loai_ky"),
    col("Từ ngày", "tu", "Ngày/tháng bắt đầu, dạng 15/12.", "day_month", width=12),
    col("Đến ngày", "den", "Ngày/tháng kết thúc, dạng 14/3.", "day_month", width=12),
))

_KE_HOACH = Sheet("KeHoach", ("ke_hoach",), "form", "Kế hoạch cải cách hành chính (phần lời "
    "văn; chỉ tiêu, nhiệm vụ và các mục ở các trang sau)", (
    col("Mã kế hoạch", "ma_ke_hoach", "Mã viết thường không dấu của kế hoạch."),
    *van_ban("Kế hoạch"),
    col("Giai đoạn", "giai_doan", "Năm hoặc giai đoạn của kế hoạch (như 2026-2030)."),
    col("Mở đầu", "mo_dau", "Đoạn mở đầu (các căn cứ viết thành câu).", width=60),
    paras("Mục tiêu", "muc_tieu", "Các mục tiêu"),
    paras("Yêu cầu", "yeu_cau", "Các yêu cầu"),
    paras("Kinh phí", "kinh_phi", "Các đoạn về kinh phí thực hiện"),
    col("Kết thúc", "ket_thuc", "Câu kết thúc kế hoạch.", width=60),
    col("Tiêu đề phụ lục", "tieu_de_phu_luc", "Tiêu đề phụ lục nhiệm vụ.", width=60),
))

_CHI_TIEU = Sheet("ChiTieu", ("ke_hoach", "chi_tieu"), "table", "Chỉ tiêu của kế hoạch", (
    col("Mã chỉ tiêu", "ma", "Mã viết thường không dấu (như tthc-truc-tuyen); báo cáo dùng mã "
        "này."),
    col("Nội dung chỉ tiêu", "noi_dung", "Chỉ tiêu như ghi trong kế hoạch.", width=60),
    col("Giai đoạn", "giai_doan", "Năm hoặc giai đoạn phải đạt (như 2026-2030).", width=12),
    col("Đơn vị tính", "don_vi_tinh", "Như %, hồ sơ, cuộc; để trống với chỉ tiêu định tính.",
        width=12),
    col("Mục tiêu", "muc_tieu", "Giá trị phải đạt: 95 hoặc 95% cho 95%.", "number", width=10),
    col("So sánh", "so_sanh", "Tối thiểu: đạt khi từ mục tiêu trở lên; Tối đa: đạt khi không "
        "quá mục tiêu.", choices="so_sanh", width=12),
    col("Đơn vị chủ trì", "chu_tri", "Mã đơn vị báo cáo giá trị của chỉ tiêu mỗi kỳ (trang "
        "DonVi); hai đơn vị cùng chủ trì thì cách nhau bởi dấu phẩy, đơn vị chính ghi trước; để "
        "trống nếu Văn phòng tự ghi.", choices="ma_don_vi", width=28),
    col("Đơn vị phối hợp", "phoi_hop", "Mã các đơn vị cùng báo cáo chỉ tiêu (trang DonVi), cách "
        "nhau bởi dấu phẩy (như vp-hdnd-ubnd, cong-an).", choices="ma_don_vi", width=28),
    col("Cách tổng hợp", "tong_hop", "Lấy số của đơn vị chủ trì (hai đơn vị báo khác nhau là "
        "xung đột), cộng số các đơn vị, hoặc lấy trung bình.", choices="tong_hop", width=16),
))

_LINH_VUC = Sheet("LinhVuc", ("ke_hoach", "linh_vuc"), "table", "Lĩnh vực (nhóm dòng) của "
    "phụ lục nhiệm vụ", (
    col("Mã lĩnh vực", "ma", "Mã ngắn của lĩnh vực (như I, II hoặc chi-dao)."),
    col("Tên lĩnh vực", "ten", "Tên in ở dòng nhóm (như CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH).", width=50),
))

_NHIEM_VU = Sheet("NhiemVu", ("ke_hoach", "nhiem_vu"), "table", "Phụ lục nhiệm vụ của kế "
    "hoạch: mỗi dòng một hoạt động", (
    col("STT", "stt", "Số thứ tự của dòng.", "number", width=6),
    col("Lĩnh vực", "linh_vuc", "Mã lĩnh vực (trang LinhVuc).", choices="linh_vuc", width=10),
    col("Mục tiêu", "muc_tieu", "Để trống nếu giống dòng trên (ô gộp).", width=30),
    col("Nhiệm vụ", "nhiem_vu", "Để trống nếu giống dòng trên (ô gộp).", width=30),
    col("Hoạt động", "hoat_dong", "Hoạt động cụ thể.", width=40),
    col("Kết quả", "ket_qua", "Sản phẩm, kết quả.", width=24),
    col("Chủ trì", "chu_tri", "Mã đơn vị chủ trì (trang DonVi); hai đơn vị cùng chủ trì thì "
        "cách nhau bởi dấu phẩy, đơn vị chính ghi trước (như vp-hdnd-ubnd, cong-an).",
        choices="ma_don_vi",
        width=24),
    col("Phối hợp", "phoi_hop", "Các đơn vị phối hợp.", width=24),
    col("Thời gian", "thoi_gian", "Thời gian thực hiện (như Quý I/2026, Hằng năm).", width=14),
    col("Trạng thái", "trang_thai", "Chọn trong danh sách.", choices="trang_thai", width=16),
    col("Ngày hoàn thành", "ngay_hoan_thanh", "Dạng 05/03/2026; cần khi đã hoàn thành.", "date",
        width=14),
    col("Ghi chú", "ghi_chu", "Ghi chú.", width=20),
))

_MUC_KE_HOACH = Sheet("MucKeHoach", ("ke_hoach",), "tree", "Các mục lời văn của kế hoạch: mỗi "
    "dòng một tiêu đề mục hoặc một đoạn văn", (
    col("Phần", "phan", "Phần của kế hoạch chứa mục này; để trống nếu giống dòng trên.",
        choices="phan_ke_hoach", width=22),
    col("Cấp", "cap", "Cấp của tiêu đề mục: 1 cho mục lớn, 2 cho mục con của nó, 3 …; để trống "
        "ở dòng đoạn văn.", "number", width=6),
    col("Tiêu đề mục", "tieu_de", "Tiêu đề mục (không ghi số thứ tự); để trống ở dòng đoạn văn.",
        width=40),
    col("Đoạn văn", "doan", "Một đoạn văn của mục ở dòng trên gần nhất; đoạn bắt đầu bằng "
        "'- ' hoặc '+ ' là gạch đầu dòng.", width=80),
), parts=_PHAN_KE_HOACH)

_KIEM_TRA = Sheet("KiemTra", ("kiem_tra",), "form", "Kế hoạch kiểm tra công tác cải cách hành "
    "chính năm", (
    col("Năm kiểm tra", "nam", "Năm của đợt kiểm tra (như 2026).", "number"),
    *(Col(c.header, ("ke_hoach", *c.path), c.note, c.kind, c.choices, c.width)
      for c in van_ban("Kế hoạch kiểm tra")),
    col("Mở đầu", "ke_hoach.mo_dau", "Đoạn mở đầu, nếu có.", width=60),
    paras("Mục đích", "ke_hoach.muc_dich", "Các mục đích"),
    paras("Yêu cầu", "ke_hoach.yeu_cau", "Các yêu cầu"),
    paras("Hình thức", "ke_hoach.hinh_thuc", "Các hình thức kiểm tra"),
    col("Thời gian", "ke_hoach.thoi_gian", "Thời gian kiểm tra (như Tháng 10 năm 2026).",
        width=40),
    col("Thành phần Đoàn", "ke_hoach.thanh_phan_doan", "Câu về thành phần Đoàn, nếu có.",
        width=60),
    col("Hạn báo cáo tự kiểm tra", "ke_hoach.han_bao_cao_tu_kiem_tra", "Ngày đơn vị gửi báo "
        "cáo tự kiểm tra, dạng 05/03/2026.", "date"),
    col("Kinh phí", "ke_hoach.kinh_phi", "Câu về kinh phí, nếu có.", width=60),
    col("Kết thúc", "ke_hoach.ket_thuc", "Câu kết thúc, nếu có.", width=60),
))

_NOI_DUNG_KIEM_TRA = Sheet("NoiDungKiemTra", ("kiem_tra", "ke_hoach", "noi_dung"), "table",
    "Nội dung kiểm tra: mỗi dòng một lĩnh vực", (
    col("Lĩnh vực", "linh_vuc", "Tên lĩnh vực kiểm tra.", width=40),
    col("Nội dung", "muc", f"Các nội dung kiểm tra của lĩnh vực. {_LINES}", "lines", width=80),
))

_LICH_KIEM_TRA = Sheet("LichKiemTra", ("kiem_tra", "ke_hoach", "lich"), "table", "Lịch kiểm "
    "tra: mỗi dòng một đơn vị được kiểm tra", (
    col("Đơn vị", "don_vi", "Mã đơn vị được kiểm tra (trang DonVi).", choices="don_vi"),
    col("Ngày kiểm tra", "ngay", "Dạng 05/03/2026.", "date", width=14),
    col("Buổi", "buoi", "sáng, chiều hoặc cả ngày.", choices="buoi", width=10),
    col("Ghi chú", "ghi_chu", "Ghi chú.", width=30),
))

_PHAN_CONG = Sheet("PhanCong", ("kiem_tra", "ke_hoach", "to_chuc_thuc_hien"), "table", "Tổ "
    "chức thực hiện kế hoạch kiểm tra: mỗi dòng nhiệm vụ của một đơn vị", (
    col("Đơn vị", "don_vi", "Mã đơn vị (trang DonVi).", choices="don_vi"),
    col("Nhiệm vụ", "noi_dung", f"Các nhiệm vụ được giao. {_LINES}", "lines", width=80),
))

_QUYET_DINH = Sheet("QuyetDinhDoan", ("kiem_tra", "quyet_dinh"), "form", "Quyết định thành "
    "lập Đoàn kiểm tra", (
    *van_ban("Quyết định"),
    col("Thẩm quyền ban hành", "tham_quyen_ban_hanh", "Chủ tịch UBND hoặc UBND (tập thể).",
        choices="tham_quyen_ban_hanh"),
    col("Theo đề nghị của", "de_nghi_cua", "Cơ quan đề nghị (như Trưởng phòng Văn hóa - Xã "
        "hội).", width=60),
    paras("Nhiệm vụ của Đoàn", "nhiem_vu", "Các nhiệm vụ của Đoàn"),
    col("Hạn báo cáo", "han_bao_cao", "Ngày Đoàn báo cáo kết quả, dạng 05/03/2026.", "date"),
    col("Bố cục các điều", "bo_cuc_dieu", "Chọn trong danh sách.", choices="bo_cuc_dieu"),
    paras("Tổ chức thi hành", "thi_hanh", "Các cơ quan, cá nhân thi hành"),
))

_DOAN = Sheet("DoanKiemTra", ("kiem_tra", "quyet_dinh", "thanh_vien"), "table", "Thành viên "
    "Đoàn kiểm tra: mỗi dòng một người", (
    col("Cán bộ", "can_bo", "Mã cán bộ (trang CanBo).", choices="can_bo", width=20),
    col("Vai trò", "vai_tro", "Đúng một Trưởng đoàn; ít nhất một Thành viên.",
        choices="vai_tro", width=16),
    col("Chức vụ, đơn vị", "chuc_vu_don_vi", "Chức vụ in trong quyết định, nếu khác chức vụ ở "
        "trang CanBo.", width=40),
))

_KET_LUAN = Sheet("KetLuan", ("kiem_tra", "ket_luan"), "table", "Thông báo kết luận kiểm tra: "
    "mỗi dòng một đơn vị được kiểm tra", (
    col("Mã đơn vị", "don_vi", "Mã đơn vị được kiểm tra (trang DonVi); các trang KetQuaKiemTra, "
        "TonTai, KienNghi dùng mã này.", choices="don_vi"),
    *van_ban("Thông báo"),
    col("Ngày kiểm tra", "ngay_kiem_tra", "Dạng 05/03/2026.", "date", width=14),
    col("Đại diện đơn vị", "dai_dien_don_vi", "Người đại diện đơn vị làm việc với Đoàn.",
        width=30),
    paras("Ưu điểm", "uu_diem", "Các ưu điểm"),
    paras("Nguyên nhân khách quan", "nguyen_nhan_khach_quan", "Nguyên nhân khách quan của tồn "
        "tại"),
    paras("Nguyên nhân chủ quan", "nguyen_nhan_chu_quan", "Nguyên nhân chủ quan của tồn tại"),
    col("Hạn báo cáo khắc phục", "han_bao_cao_khac_phuc", "Dạng 05/03/2026.", "date", width=14),
    col("Có phụ lục", "phu_luc", "có: kèm phụ lục tồn tại và kiến nghị; không: không kèm.",
        "bool", choices="co_khong", width=10),
))

_TO_KET_LUAN = Link("KetLuan", "don_vi", "Mã đơn vị", "Mã đơn vị của thông báo kết luận (trang "
    "KetLuan) mà dòng này thuộc về.")

_KET_QUA = Sheet("KetQuaKiemTra", ("ket_qua",), "child", "Kết quả kiểm tra theo lĩnh vực của "
    "từng đơn vị", (
    col("Lĩnh vực", "linh_vuc", "Tên lĩnh vực.", width=30),
    col("Kết quả", "noi_dung", "Kết quả kiểm tra của lĩnh vực này.", width=80),
), link=_TO_KET_LUAN)

_TON_TAI = Sheet("TonTai", ("ton_tai",), "child", "Tồn tại, hạn chế của từng đơn vị", (
    col("Mã tồn tại", "ma", "Mã ngắn, duy nhất trong một thông báo (như tt1); trang KienNghi "
        "dùng mã này.", width=12),
    col("Nội dung", "noi_dung", "Tồn tại, hạn chế.", width=80),
    col("Đã khắc phục", "da_khac_phuc", "có hoặc không.", "bool", choices="co_khong", width=12),
    col("Ngày khắc phục", "ngay_khac_phuc", "Dạng 05/03/2026.", "date", width=14),
), link=_TO_KET_LUAN)

_KIEN_NGHI = Sheet("KienNghi", ("kien_nghi",), "child", "Kiến nghị, yêu cầu khắc phục của từng "
    "đơn vị", (
    col("Nội dung", "noi_dung", "Kiến nghị, yêu cầu.", width=80),
    col("Tồn tại liên quan", "ton_tai", "Các mã tồn tại (trang TonTai) mà kiến nghị này khắc "
        "phục, cách nhau bởi dấu phẩy hoặc xuống dòng.", "codes", width=16),
    col("Đơn vị thực hiện", "don_vi_thuc_hien", "Đơn vị, người thực hiện, nếu cần ghi rõ.",
        width=24),
    col("Hạn", "han", "Hạn hoàn thành, dạng 05/03/2026.", "date", width=14),
), link=_TO_KET_LUAN)

_BAO_CAO = Sheet("BaoCao", ("bao_cao",), "columns", "Báo cáo kết quả CCHC định kỳ: mỗi cột "
    "một kỳ báo cáo (kỳ chỉ dùng để so sánh thì chỉ cần số liệu)", (
    col("Kỳ báo cáo", "ky", "Mã kỳ: 2026-Q1 (quý I), 2026-H1 (6 tháng), 2026-Q3 (quý III), "
        "2026-9M (9 tháng), 2026 (năm)."),
    *van_ban("Báo cáo"),
    col("Căn cứ yêu cầu", "can_cu_yeu_cau", "Văn bản yêu cầu báo cáo, nếu có."),
    col("Kính gửi", "kinh_gui", "Nơi nhận báo cáo ở dòng Kính gửi; để trống để dùng cơ quan cấp "
        "trên (trang ToChuc)."),
    paras("Chỉ đạo, điều hành", "chi_dao_dieu_hanh", "Công tác chỉ đạo, điều hành"),
    paras("Kiểm tra CCHC", "kiem_tra", "Công tác kiểm tra cải cách hành chính"),
    paras("Tuyên truyền", "tuyen_truyen", "Công tác thông tin, tuyên truyền"),
    paras("Khảo sát sự hài lòng", "khao_sat_hai_long", "Khảo sát sự hài lòng của người dân"),
    paras("Sáng kiến", "sang_kien", "Sáng kiến, mô hình mới"),
    paras("Kỷ luật, kỷ cương", "ky_luat_ky_cuong", "Kỷ luật, kỷ cương hành chính"),
    paras("Cải cách thể chế", "the_che", "Kết quả cải cách thể chế"),
    paras("Cải cách thủ tục hành chính", "thu_tuc_hanh_chinh", "Kết quả cải cách TTHC"),
    paras("Cải cách tổ chức bộ máy", "to_chuc_bo_may", "Kết quả cải cách tổ chức bộ máy"),
    paras("Cải cách chế độ công vụ", "cong_vu", "Kết quả cải cách chế độ công vụ"),
    paras("Cải cách tài chính công", "tai_chinh_cong", "Kết quả cải cách tài chính công"),
    paras("Xây dựng chính quyền số", "chinh_quyen_so", "Kết quả xây dựng chính quyền số"),
    paras("Ưu điểm", "uu_diem", "Ưu điểm"),
    paras("Tồn tại, hạn chế", "ton_tai", "Tồn tại, hạn chế"),
    paras("Nguyên nhân", "nguyen_nhan", "Nguyên nhân của tồn tại, hạn chế"),
    paras("Phương hướng, nhiệm vụ", "phuong_huong", "Phương hướng, nhiệm vụ kỳ tới"),
    paras("Kiến nghị, đề xuất", "kien_nghi", "Kiến nghị, đề xuất"),
    col("Số văn bản chỉ đạo", "so_van_ban_chi_dao", "Số văn bản chỉ đạo CCHC ban hành trong kỳ.",
        "number"),
    col("Số tin bài tuyên truyền", "so_tin_bai_tuyen_truyen", "Số tin, bài tuyên truyền CCHC "
        "trong kỳ.", "number"),
    *_tthc("tthc", "kỳ này"),
    *_tthc("tthc_cung_ky", "cùng kỳ năm trước"),
    col("Số nhiệm vụ", "so_nhiem_vu", f"Số nhiệm vụ của kế hoạch trong kỳ. {_CHECKED}", "number"),
    col("Số nhiệm vụ hoàn thành", "so_nhiem_vu_hoan_thanh", f"Số nhiệm vụ đã hoàn thành. "
        f"{_CHECKED}", "number"),
    col("Số đơn vị được kiểm tra", "so_don_vi_kiem_tra", f"Số đơn vị được kiểm tra. {_CHECKED}",
        "number"),
    col("Số tồn tại phát hiện", "so_ton_tai_phat_hien", f"Số tồn tại qua kiểm tra. {_CHECKED}",
        "number"),
    col("Số tồn tại đã khắc phục", "so_ton_tai_da_khac_phuc", f"Số tồn tại đã khắc phục. "
        f"{_CHECKED}", "number"),
))

_BAO_CAO_CHI_TIEU = Sheet("BaoCaoChiTieu", ("chi_tieu",), "child", "Giá trị đạt được của các "
    "chỉ tiêu kế hoạch trong từng kỳ báo cáo", (
    col("Mã chỉ tiêu", "chi_tieu", "Mã chỉ tiêu (trang ChiTieu).", choices="chi_tieu"),
    col("Giá trị đạt", "gia_tri", "Giá trị đạt được: 95, 95% hoặc 95,5; để trống khi chọn chỉ "
        "số tính được.", "number", width=12),
    col("Chỉ số tính được", "chi_so", "Chỉ số vanban tự tính để đo chỉ tiêu này (nếu có).",
        choices="chi_so", width=30),
    col("Ghi chú", "ghi_chu", "Ghi chú.", width=40),
), link=Link("BaoCao", "ky", "Kỳ báo cáo", "Mã kỳ báo cáo (dòng Kỳ báo cáo của trang BaoCao) "
    "mà giá trị này thuộc về."))

_BAO_CAO_DON_VI = Sheet("BaoCaoDonVi", ("don_vi_bao_cao",), "child", "Tình hình gửi báo cáo "
    "của các đơn vị trong từng kỳ (vanban ghi khi Văn phòng tổng hợp trên web)", (
    col("Mã đơn vị", "don_vi", "Mã đơn vị (trang DonVi).", choices="don_vi"),
    col("Ngày gửi", "ngay_gui", "Ngày đơn vị gửi báo cáo; để trống nếu chưa gửi.", "date",
        width=14),
    col("Gửi chậm", "gui_cham", "có nếu gửi sau hạn.", "bool", choices="co_khong", width=10),
    col("Số liệu đã báo cáo", "so_lieu", "Những gì đơn vị đã báo cáo.", width=50),
), link=Link("BaoCao", "ky", "Kỳ báo cáo", "Mã kỳ báo cáo (dòng Kỳ báo cáo của trang BaoCao) "
    "mà dòng này thuộc về."))

SHEETS: tuple[Sheet, ...] = (
    _TO_CHUC, _DON_VI, _CAN_BO, _NGUOI_KY, _CHOT_SO_LIEU,
    _KE_HOACH, _CHI_TIEU, _LINH_VUC, _NHIEM_VU, _MUC_KE_HOACH,
    _KIEM_TRA, _NOI_DUNG_KIEM_TRA, _LICH_KIEM_TRA, _PHAN_CONG, _QUYET_DINH, _DOAN,
    _KET_LUAN, _KET_QUA, _TON_TAI, _KIEN_NGHI,
    _BAO_CAO, _BAO_CAO_CHI_TIEU, _BAO_CAO_DON_VI,
)
# fmt: on

# Sheets the writer adds for the clerk; the loader ignores them.
GUIDE_SHEET = "HuongDan"
LISTS_SHEET = "DanhMuc"


def sheet(name: str) -> Sheet:
    """Return the sheet spec named `name`."""
    return next(s for s in SHEETS if s.name == name)


def record_path(spec: Sheet) -> FieldPath:
    """Return the dataset path of one record of the sheet, "*" standing for list indices."""
    if spec.layout in ("table", "columns"):
        return (*spec.path, "*")
    if spec.layout == "child" and spec.link is not None:
        return (*record_path(sheet(spec.link.sheet)), *spec.path, "*")
    return spec.path


def covered_paths() -> set[FieldPath]:
    """Return every model field path some sheet holds (to compare with the model's fields)."""
    found: set[FieldPath] = set()
    for spec in SHEETS:
        if spec.layout == "tree":
            found |= {(*spec.path, name) for _, name in spec.parts}
        elif spec.layout == "mapping":
            found.add(spec.path)
        else:
            found |= {(*record_path(spec), *c.path) for c in spec.cols}
    return found
