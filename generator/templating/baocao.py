"""Template of the Báo cáo kết quả thực hiện công tác CCHC (quý, 6 tháng, 9 tháng, năm).

Outline after reference/cchc-documents.md §6.2, filled from the context of
generator/kinds/bc_ket_qua.py: the body is a section tree, then Phụ lục I (the indicator table
and the optional chart) and Phụ lục II (task progress, then, after a Tổng hợp of the units'
reports, the table of which unit reported what), both landscape with repeated headers.
"""

from __future__ import annotations

from typing import Any

from generator.templating.bang_nhom import add_grouped_table, add_muc_tree
from generator.templating.registry import template
from generator.templating.skeleton import (
    FIRST_LINE,
    LINE,
    SPACE_AFTER,
    add_body,
    add_tag,
    add_title,
    new_document,
    paragraph,
)
from generator.templating.tables import (
    Column,
    add_closing_table,
    add_data_table,
    add_header_table,
    add_phu_luc_section,
)

KINH_GUI_LEFT = 1701  # 3 cm

CHI_SO_COLUMNS = (
    Column("Mã", 1.3, "{{ r.ma }}", "center"),
    Column("Chỉ tiêu", 8.4, "{{ r.ten }}"),
    Column("Đơn vị tính", 2.4, "{{ r.don_vi_tinh }}", "center"),
    Column("Chỉ tiêu kế hoạch", 2.6, "{{ r.ke_hoach }}", "center"),
    Column("Kỳ trước", 2.2, "{{ r.ky_truoc }}", "center"),
    Column("Kỳ này", 2.2, "{{ r.ky_nay }}", "center"),
    Column("So sánh", 3.1, "{{ r.so_sanh }}", "center"),
    Column("Đánh giá", 2.6, "{{ r.danh_gia }}", "center"),
)

TIEN_DO_COLUMNS = (
    Column("TT", 1.2, "{{ r.tt }}", "center"),
    Column("Nhiệm vụ, hoạt động", 9.6, "{{ r.hoat_dong }}"),
    Column("Chủ trì", 3.6, "{{ r.chu_tri }}"),
    Column("Thời gian hoàn thành", 3.4, "{{ r.thoi_gian }}", "center"),
    Column("Tiến độ", 3.6, "{{ r.tien_do }}", "center"),
    Column("Ghi chú", 3.4, "{{ r.ghi_chu }}"),
)


DON_VI_COLUMNS = (
    Column("TT", 1.2, "{{ r.tt }}", "center"),
    Column("Cơ quan, đơn vị", 6.4, "{{ r.ten }}"),
    Column("Tình trạng", 2.8, "{{ r.tinh_trang }}", "center"),
    Column("Ngày gửi", 2.8, "{{ r.ngay_gui }}", "center"),
    Column("Số liệu đã báo cáo", 11.6, "{{ r.so_lieu }}"),
)


@template("baocao/ket-qua.docx")
def bao_cao_ket_qua() -> Any:
    """Return the periodic CCHC report template (BC) with its two phụ lục."""
    doc = new_document()
    add_header_table(doc)
    add_title(doc, "BÁO CÁO")
    add_tag(doc, "{%p if kinh_gui %}")
    # ô 9a, set in towards the middle as in the model forms; a body paragraph for the lint.
    paragraph(
        doc,
        ["Kính gửi: {{ kinh_gui }}"],
        align="both",
        first_line=FIRST_LINE,
        left=KINH_GUI_LEFT,
        after=SPACE_AFTER,
        line=LINE,
    )
    add_tag(doc, "{%p endif %}")
    add_body(doc, ["{{ mo_dau }}"])
    add_body(doc, ["{{ chot_so_lieu }}"], italic=True)
    add_muc_tree(doc)
    add_body(doc, ["{{ ket_thuc }}"])
    add_closing_table(doc)

    add_phu_luc_section(doc, title="{{ tieu_de_phu_luc_1 }}", kem_theo="{{ kem_theo }}", so="I")
    add_grouped_table(doc, CHI_SO_COLUMNS, "chi_so")
    add_tag(doc, "{%p if bieu_do %}")
    paragraph(doc, [], after=120)
    paragraph(doc, ["{{ bieu_do }}"], align="center")
    paragraph(
        doc,
        ["Biểu đồ: Kết quả {{ ky }} so với chỉ tiêu của Kế hoạch"],
        align="center",
        italic=True,
        size=13,
    )
    add_tag(doc, "{%p endif %}")

    add_phu_luc_section(doc, title="{{ tieu_de_phu_luc_2 }}", kem_theo="{{ kem_theo }}", so="II")
    add_tag(doc, "{%p if tien_do %}")
    add_grouped_table(doc, TIEN_DO_COLUMNS, "tien_do")
    add_tag(doc, "{%p else %}")
    add_body(doc, ["Kỳ báo cáo chưa có Kế hoạch cải cách hành chính được áp dụng."])
    add_tag(doc, "{%p endif %}")
    # After a Tổng hợp from the units' reports: which unit reported what (same section).
    add_tag(doc, "{%p if don_vi_bao_cao %}")
    paragraph(doc, [], after=120)
    paragraph(doc, ["TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ"], align="center", bold=True)
    paragraph(doc, [], after=60)
    add_data_table(doc, DON_VI_COLUMNS, "don_vi_bao_cao")
    add_tag(doc, "{%p endif %}")
    paragraph(doc, [], size=2, line=40, line_rule="exact")
    return doc
