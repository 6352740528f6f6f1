"""Template of the Kế hoạch cải cách hành chính (annual or multi-year) with its PHỤ LỤC.

Structure as the seed plan of xã Bình Lư: căn cứ, the three-level body (I. MỤC TIÊU, YÊU CẦU;
II. CHỈ TIÊU, NHIỆM VỤ TRỌNG TÂM; III. TỔ CHỨC THỰC HIỆN; IV. KINH PHÍ THỰC HIỆN), the closing
paragraph, Nơi nhận and signer, then the landscape appendix: one group row per area with its
counts, mục tiêu and nhiệm vụ merged down over their activities. Context keys are documented
in generator/kinds/kh_cchc.py.
"""

from __future__ import annotations

from typing import Any

from generator.templating.bang_nhom import add_grouped_table, add_muc_tree
from generator.templating.registry import template
from generator.templating.skeleton import (
    add_body,
    add_can_cu,
    add_title,
    new_document,
)
from generator.templating.tables import (
    Column,
    add_closing_table,
    add_header_table,
    add_phu_luc_section,
)

PHU_LUC_COLUMNS = (
    Column("TT", 1.1, "{{ r.tt }}", "center"),
    Column("1. Mục tiêu", 4.0, "{{ r.muc_tieu }}"),
    Column("2. Nhiệm vụ", 4.0, "{{ r.nhiem_vu }}"),
    Column("3. Hoạt động", 5.0, "{{ r.hoat_dong }}"),
    Column("4. Kết quả/Sản phẩm", 3.5, "{{ r.ket_qua }}"),
    Column("5. Chủ trì", 2.7, "{{ r.chu_tri }}"),
    Column("6. Phối hợp", 2.7, "{{ r.phoi_hop }}"),
    Column("7. Thời gian hoàn thành", 2.2, "{{ r.thoi_gian }}", "center"),
)


@template("kehoach/ke-hoach-cchc.docx")
def ke_hoach_cchc() -> Any:
    """Return the Kế hoạch CCHC template (KH) with its task appendix."""
    doc = new_document()
    add_header_table(doc)
    add_title(doc, "KẾ HOẠCH")
    add_can_cu(doc)
    add_body(doc, ["{{ mo_dau }}"])
    add_muc_tree(doc)
    add_body(doc, ["{{ ket_thuc }}"])
    add_closing_table(doc)

    add_phu_luc_section(doc, title="{{ tieu_de_phu_luc }}", kem_theo="{{ kem_theo }}")
    add_grouped_table(
        doc,
        PHU_LUC_COLUMNS,
        "phu_luc",
        group_cells=("{{ r.tt }}", "{{ r.tieu_de }}"),
        merge={1: "{{ r.vm_muc_tieu }}", 2: "{{ r.vm_nhiem_vu }}"},
    )
    return doc
