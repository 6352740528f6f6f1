"""Templates of the inspection set: Kế hoạch kiểm tra, Quyết định thành lập Đoàn, Thông báo.

Structure and stock phrases follow reference/cchc-documents.md §3–§5; the stock phrases live here,
in the template, where a clerk can reword them, and the data fills the variables. Context keys
are documented in generator/kinds/kh_kiem_tra.py, qd_doan.py and tb_ket_luan.py.
"""

from __future__ import annotations

from typing import Any

from generator.templating.registry import template
from generator.templating.skeleton import (
    Run,
    add_body,
    add_can_cu,
    add_centered,
    add_heading,
    add_list,
    add_tag,
    add_title,
    new_document,
)
from generator.templating.tables import (
    Column,
    add_closing_table,
    add_data_table,
    add_header_table,
    add_phu_luc_section,
)


@template("kehoach/kiem-tra.docx")
def ke_hoach_kiem_tra() -> Any:
    """Return the Kế hoạch kiểm tra công tác CCHC template (KH)."""
    doc = new_document()
    add_header_table(doc)
    add_title(doc, "KẾ HOẠCH")
    add_can_cu(doc)
    add_body(doc, ["{{ mo_dau }}"])

    add_heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    add_heading(doc, "1. Mục đích")
    add_list(doc, "muc_dich")
    add_heading(doc, "2. Yêu cầu")
    add_list(doc, "yeu_cau")

    add_heading(doc, "II. NỘI DUNG KIỂM TRA")
    add_tag(doc, "{%p for nd in noi_dung %}")
    add_heading(doc, "{{ loop.index }}. {{ nd.linh_vuc }}")
    add_list(doc, "nd.muc")
    add_tag(doc, "{%p endfor %}")

    add_heading(doc, "III. ĐỐI TƯỢNG, HÌNH THỨC, THỜI GIAN KIỂM TRA")
    add_heading(doc, "1. Đối tượng kiểm tra")
    add_body(
        doc,
        ["Kiểm tra tại {{ lich | length }} cơ quan, đơn vị theo lịch dưới đây:"],
        keep_next=True,
    )
    add_data_table(
        doc,
        [
            Column("STT", 1.5, "{{ loop.index }}", "center"),
            Column("Cơ quan, đơn vị", 8.7, "{{ r.don_vi }}"),
            Column("Thời gian", 5.5, "{{ r.thoi_gian }}", "center"),
        ],
        "lich",
    )
    add_body(doc, [], indent=False)
    add_heading(doc, "2. Hình thức kiểm tra")
    add_list(doc, "hinh_thuc")
    add_heading(doc, "3. Thời gian kiểm tra")
    add_body(doc, ["{{ thoi_gian }}"])

    add_heading(doc, "IV. THÀNH PHẦN ĐOÀN KIỂM TRA")
    add_body(doc, ["{{ thanh_phan_doan }}"])

    add_heading(doc, "V. TỔ CHỨC THỰC HIỆN")
    add_tag(doc, "{%p for pc in to_chuc_thuc_hien %}")
    add_body(
        doc,
        [
            Run("{{ loop.index }}. ", bold=True),
            "{% if pc.doc_lap %}Đề nghị{% else %}Giao{% endif %} {{ pc.don_vi }}:",
        ],
        keep_next=True,
    )
    add_list(doc, "pc.noi_dung")
    add_tag(doc, "{%p endfor %}")
    add_tag(doc, "{%p if han_bao_cao_tu_kiem_tra %}")
    add_body(
        doc,
        [
            Run("{{ to_chuc_thuc_hien | length + 1 }}. ", bold=True),
            "Các cơ quan, đơn vị được kiểm tra gửi báo cáo tự kiểm tra về {{ ten_to_chuc }} "
            "(qua {{ don_vi_tham_muu }}) trước ngày {{ han_bao_cao_tu_kiem_tra }}; chuẩn bị đầy "
            "đủ hồ sơ, tài liệu và bố trí lãnh đạo, công chức làm việc với Đoàn kiểm tra.",
        ],
    )
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p if kinh_phi %}")
    add_body(doc, ["{{ kinh_phi }}"])
    add_tag(doc, "{%p endif %}")
    add_body(doc, ["{{ ket_thuc }}./."])
    add_closing_table(doc)
    return doc


@template("kehoach/quyet-dinh-doan.docx")
def quyet_dinh_doan() -> Any:
    """Return the Quyết định thành lập Đoàn kiểm tra template (QĐ), both Điều layouts."""
    doc = new_document()
    add_header_table(doc)
    add_title(doc, "QUYẾT ĐỊNH")
    add_centered(doc, "{{ tham_quyen_ban_hanh }}")
    add_can_cu(doc)
    add_centered(doc, "QUYẾT ĐỊNH:")

    add_body(
        doc,
        [
            Run("Điều 1. ", bold=True),
            "Thành lập Đoàn kiểm tra công tác cải cách hành chính năm {{ nam }} của "
            "{{ ten_to_chuc }}, gồm các ông (bà) có tên sau:",
        ],
        keep_next=True,
    )
    add_data_table(
        doc,
        [
            Column("STT", 1.5, "{{ loop.index }}", "center"),
            Column("Họ và tên", 4.3, "{{ r.ho_ten }}"),
            Column("Chức vụ, đơn vị", 6.4, "{{ r.chuc_vu_don_vi }}"),
            Column("Nhiệm vụ trong Đoàn", 3.5, "{{ r.vai_tro }}", "center"),
        ],
        "thanh_vien",
    )
    add_body(doc, [], indent=False)
    add_tag(doc, "{%p if dieu_2_nhiem_vu %}")
    add_body(doc, [Run("Điều 2. ", bold=True), "Nhiệm vụ của Đoàn kiểm tra:"], keep_next=True)
    add_list(doc, "nhiem_vu")
    add_body(
        doc,
        [
            Run("Điều 3. ", bold=True),
            "Quyết định này có hiệu lực kể từ ngày ký. {{ thi_hanh }} chịu trách nhiệm thi hành "
            "Quyết định này./.",
        ],
    )
    add_tag(doc, "{%p else %}")
    add_body(doc, ["Đoàn kiểm tra có nhiệm vụ:"], keep_next=True)
    add_list(doc, "nhiem_vu")
    add_body(doc, [Run("Điều 2. ", bold=True), "Quyết định này có hiệu lực kể từ ngày ký."])
    add_body(
        doc,
        [Run("Điều 3. ", bold=True), "{{ thi_hanh }} chịu trách nhiệm thi hành Quyết định này./."],
    )
    add_tag(doc, "{%p endif %}")
    add_closing_table(doc)
    return doc


@template("kehoach/thong-bao-ket-luan.docx")
def thong_bao_ket_luan() -> Any:
    """Return the Thông báo kết luận kiểm tra template (TB), with its optional phụ lục."""
    doc = new_document()
    add_header_table(doc)
    add_title(doc, "THÔNG BÁO")
    add_body(
        doc,
        [
            "Thực hiện {{ ke_hoach_trich_dan }}; {{ quyet_dinh_trich_dan }}, {{ ngay_kiem_tra }}, "
            "Đoàn kiểm tra đã tiến hành kiểm tra công tác cải cách hành chính tại {{ don_vi }}. "
            "Sau khi nghe {{ dai_dien_don_vi }} báo cáo, kiểm tra hồ sơ, tài liệu và ý kiến của "
            "các thành viên Đoàn kiểm tra, {{ ten_to_chuc }} thông báo kết luận như sau:"
        ],
    )
    add_heading(doc, "I. KẾT QUẢ KIỂM TRA")
    add_tag(doc, "{%p for kq in ket_qua %}")
    add_heading(doc, "{{ loop.index }}. {{ kq.linh_vuc }}")
    add_list(doc, "kq.doan", "{{ d }}", "d")
    add_tag(doc, "{%p endfor %}")

    add_heading(doc, "II. NHẬN XÉT, ĐÁNH GIÁ")
    add_heading(doc, "1. Ưu điểm")
    add_list(doc, "uu_diem")
    add_heading(doc, "2. Tồn tại, hạn chế")
    add_tag(doc, "{%p if ton_tai %}")
    add_list(doc, "ton_tai")
    add_tag(doc, "{%p else %}")
    add_body(doc, ["Qua kiểm tra, chưa phát hiện tồn tại, hạn chế."])
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p if nguyen_nhan_khach_quan or nguyen_nhan_chu_quan %}")
    add_heading(doc, "3. Nguyên nhân")
    add_tag(doc, "{%p if nguyen_nhan_khach_quan %}")
    add_body(doc, ["a) Nguyên nhân khách quan:"], keep_next=True)
    add_list(doc, "nguyen_nhan_khach_quan")
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p if nguyen_nhan_chu_quan %}")
    add_body(
        doc,
        ["{{ 'b' if nguyen_nhan_khach_quan else 'a' }}) Nguyên nhân chủ quan:"],
        keep_next=True,
    )
    add_list(doc, "nguyen_nhan_chu_quan")
    add_tag(doc, "{%p endif %}")
    add_tag(doc, "{%p endif %}")

    add_heading(doc, "III. KIẾN NGHỊ")
    add_body(
        doc,
        [
            Run("1. ", bold=True),
            "Đề nghị {{ don_vi }} tiếp tục phát huy những kết quả đạt được trong công tác cải "
            "cách hành chính.",
        ],
    )
    add_tag(doc, "{%p if kien_nghi %}")
    add_body(
        doc,
        [
            Run("2. ", bold=True),
            "Khẩn trương khắc phục những tồn tại, hạn chế nêu trên, cụ thể:",
        ],
        keep_next=True,
    )
    add_list(
        doc,
        "kien_nghi",
        "- {{ k.noi_dung }} (thực hiện: {{ k.don_vi_thuc_hien }}; hoàn thành trước ngày "
        "{{ k.han }}){{ k.dau }}",
        "k",
    )
    add_tag(doc, "{%p endif %}")
    # Without findings there is nothing to remedy: no plan, no report, no deadline.
    add_tag(doc, "{%p if han_bao_cao_khac_phuc %}")
    add_body(
        doc,
        [
            Run("{{ 3 if kien_nghi else 2 }}. ", bold=True),
            "Xây dựng kế hoạch khắc phục và báo cáo kết quả khắc phục về {{ ten_to_chuc }} "
            "(qua {{ don_vi_tham_muu }}) trước ngày {{ han_bao_cao_khac_phuc }}.",
        ],
    )
    add_tag(doc, "{%p endif %}")
    add_body(
        doc,
        [
            "Trên đây là Thông báo kết luận kiểm tra công tác cải cách hành chính năm {{ nam }} "
            "tại {{ don_vi }}; đề nghị {{ don_vi }} nghiêm túc triển khai thực hiện./."
        ],
    )
    add_closing_table(doc)

    add_phu_luc_section(
        doc,
        title="TỒN TẠI, HẠN CHẾ VÀ YÊU CẦU KHẮC PHỤC",
        kem_theo="(Kèm theo Thông báo số {{ so_ky_hieu }} {{ ngay_ban_hanh }} của "
        "{{ ten_to_chuc }})",
        landscape=False,
        condition="phu_luc",
    )
    add_data_table(
        doc,
        [
            Column("STT", 1.4, "{{ loop.index }}", "center"),
            Column("Tồn tại, hạn chế", 4.3, "{{ r.ton_tai }}"),
            Column("Yêu cầu khắc phục", 4.8, "{{ r.noi_dung }}"),
            Column("Đơn vị thực hiện", 3.1, "{{ r.don_vi_thuc_hien }}", "center"),
            Column("Thời hạn", 2.9, "{{ r.han }}", "center"),
        ],
        "phu_luc",
    )
    add_body(doc, [], indent=False)
    add_tag(doc, "{%p endif %}")
    return doc
