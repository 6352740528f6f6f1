"""The ND30 format rules as data: ids, references, severities, Vietnamese messages and numbers.

Every number here comes from Nghị định 30/2020/NĐ-CP, Phụ lục I (see
`reference/nd30-format.md`). This module imports nothing of the project, so any other module may
read the rules without pulling in the checkers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """One checkable rule: `message` is a str.format template filled by the checker."""

    id: str
    ref: str
    severity: Severity
    message: str

    def format(self, **values: object) -> str:
        """Return the message with the measured values filled in."""
        return self.message.format(**values)


_PL1 = "Phụ lục I, Phần I"

RULES: tuple[Rule, ...] = (
    # Page setup, Mục I.
    Rule(
        "ND30-I.1", f"{_PL1}, Mục I.1", "error", "khổ giấy phải là A4 (210 × 297 mm), thấy {found}"
    ),
    Rule(
        "ND30-I.2",
        f"{_PL1}, Mục I.2",
        "error",
        "trang nằm ngang chỉ dùng cho phần có bảng, biểu; "
        "phần {section} nằm ngang mà không có bảng",
    ),
    Rule(
        "ND30-I.3",
        f"{_PL1}, Mục I.3",
        "error",
        "lề {side} cần từ {lo} đến {hi} mm, thấy {found} mm",
    ),
    Rule(
        "ND30-I.4", f"{_PL1}, Mục I.4", "error", "phông chữ phải là Times New Roman, thấy {found}"
    ),
    Rule("ND30-I.4.mau", f"{_PL1}, Mục I.4", "error", "chữ phải màu đen, thấy màu {found}"),
    Rule(
        "ND30-I.5",
        f"{_PL1}, Mục V (chú thích cỡ chữ)",
        "warning",
        "cỡ chữ phải tăng, giảm thống nhất trong văn bản: {found}",
    ),
    Rule("ND30-I.7", f"{_PL1}, Mục I.7", "error", "số trang {problem}"),
    Rule(
        "ND30-I.7.trang1",
        f"{_PL1}, Mục I.7",
        "error",
        "không hiển thị số trang ở trang thứ nhất, {found}",
    ),
    Rule(
        "ND30-I.7.thieu",
        f"{_PL1}, Mục I.7",
        "warning",
        "không thấy số trang ở lề trên (văn bản nhiều trang phải đánh số từ trang 2)",
    ),
    # Main components, Mục II.
    Rule("ND30-1.a", f"{_PL1}, Mục II.1.a", "error", "Quốc hiệu {problem}"),
    Rule("ND30-1.b", f"{_PL1}, Mục II.1.b", "error", "Tiêu ngữ {problem}"),
    Rule("ND30-1.b.ke", f"{_PL1}, Mục II.1.b", "error", "đường kẻ dưới Tiêu ngữ {problem}"),
    Rule("ND30-2.b", f"{_PL1}, Mục II.2.b", "error", "tên cơ quan ban hành {problem}"),
    Rule(
        "ND30-2.b.chu-quan",
        f"{_PL1}, Mục II.2.b",
        "error",
        "tên cơ quan chủ quản {problem}",
    ),
    Rule("ND30-2.b.ke", f"{_PL1}, Mục II.2.b", "error", "đường kẻ dưới tên cơ quan {problem}"),
    Rule("ND30-3.b", f"{_PL1}, Mục II.3.b; Phụ lục III, Mục I", "error", "ký hiệu {problem}"),
    Rule("ND30-3.c", f"{_PL1}, Mục II.3.c", "error", "dòng số, ký hiệu {problem}"),
    Rule("ND30-3.c.so", f"{_PL1}, Mục II.3.c", "error", "số, ký hiệu {problem}"),
    Rule("ND30-4.b", f"{_PL1}, Mục II.4.b", "error", "{problem}"),
    Rule("ND30-4.c", f"{_PL1}, Mục II.4.c", "error", "địa danh, ngày tháng {problem}"),
    Rule("ND30-5.b", f"{_PL1}, Mục II.5.b", "error", "{part} {problem}"),
    Rule("ND30-5.b.ke", f"{_PL1}, Mục II.5.b", "error", "đường kẻ dưới trích yếu {problem}"),
    Rule("ND30-6.a", f"{_PL1}, Mục II.6.a", "error", "căn cứ ban hành {problem}"),
    Rule(
        "ND30-6.e",
        f"{_PL1}, Mục II.6.e",
        "error",
        "cỡ chữ phần nội dung phải từ 13 đến 14, thấy {found}",
    ),
    Rule(
        "ND30-6.e.can-deu",
        f"{_PL1}, Mục II.6.e",
        "error",
        "nội dung phải canh đều hai lề, thấy {found}",
    ),
    Rule(
        "ND30-6.e.lui-dau",
        f"{_PL1}, Mục II.6.e",
        "error",
        "đầu dòng phải lùi vào 1 cm hoặc 1,27 cm, thấy {found}",
    ),
    Rule(
        "ND30-6.e.doan",
        f"{_PL1}, Mục II.6.e",
        "error",
        "khoảng cách giữa các đoạn văn tối thiểu 6 pt, thấy {found}",
    ),
    Rule(
        "ND30-6.e.dong",
        f"{_PL1}, Mục II.6.e",
        "error",
        "khoảng cách dòng phải từ dòng đơn đến 1,5 dòng, thấy {found}",
    ),
    Rule(
        "ND30-6.e.tieu-de",
        f"{_PL1}, Mục II.6.e (trình bày đề mục theo thông lệ, chưa kiểm chứng)",
        "warning",
        "đề mục {problem}",
    ),
    Rule("ND30-6.đ", f"{_PL1}, Mục II.6.đ", "error", "{problem}"),
    Rule(
        "ND30-7.a",
        f"{_PL1}, Mục II.7.a (ô 7a, 7b)",
        "error",
        "khối chữ ký thiếu {problem}",
    ),
    Rule("ND30-7.b", f"{_PL1}, Mục II.7.b", "error", "quyền hạn người ký {problem}"),
    Rule("ND30-7.c", f"{_PL1}, Mục II.7.c", "error", "họ tên người ký {problem}"),
    Rule(
        "ND30-7.c.hoc-vi",
        f"{_PL1}, Mục II.7.c",
        "warning",
        "không ghi học hàm, học vị trước họ tên người ký (trừ ngành được phép), thấy {found}",
    ),
    Rule("ND30-7.đ", f"{_PL1}, Mục II.7.đ", "error", "{part} {problem}"),
    Rule("ND30-9.d", f"{_PL1}, Mục II.9.d", "error", "chữ \u201cNơi nhận:\u201d {problem}"),
    Rule("ND30-9.d.ds", f"{_PL1}, Mục II.9.d", "error", "danh sách nơi nhận {problem}"),
    Rule(
        "ND30-9.d.luu",
        f"{_PL1}, Mục II.9.d",
        "error",
        "dòng cuối nơi nhận phải là \u201c- Lưu: VT, …\u201d kết thúc bằng dấu chấm, thấy {found}",
    ),
    Rule(
        "ND30-PLIII.ket-thuc",
        "Phụ lục III, các Mẫu 1.x",
        "error",
        "nội dung phải kết thúc bằng \u201c/.\u201d, thấy {found}",
    ),
    Rule("ND30-Đ8", "Điều 8 (thành phần thể thức chính)", "error", "không nhận ra {what}"),
    # PDF only.
    Rule("PDF-phong", "Phụ lục I, Phần I, Mục I.4 (bản PDF)", "error", "phông {problem}"),
    Rule("PDF-A", "PDF/A (yêu cầu của dự án, không phải ND30)", "warning", "{problem}"),
    Rule("PDF-chu", "Phụ lục I, Phần II, Mục I.2", "warning", "{problem}"),
    Rule("PDF-ky-so", f"{_PL1}, Mục II.7.d, II.8.a", "warning", "{problem}"),
    # Input that cannot be linted at all.
    Rule("VB-tep", "—", "error", "không đọc được tệp: {reason}"),
)

RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


def rule(rule_id: str) -> Rule:
    """Return the rule with this id (KeyError for an unknown id is a programming error)."""
    return RULES_BY_ID[rule_id]


# Page setup, in millimetres (Mục I.1 and I.3).
A4_MM = (210.0, 297.0)
PAGE_SIZE_TOLERANCE_MM = 1.0
MARGINS_MM: dict[str, tuple[float, float]] = {
    "trên": (20.0, 25.0),
    "dưới": (20.0, 25.0),
    "trái": (30.0, 35.0),
    "phải": (15.0, 20.0),
}
MARGIN_TOLERANCE_MM = 0.3

FONT_NAMES = ("Times New Roman",)
# A PDF made from a Times New Roman document on a machine without it embeds the metric twin.
PDF_FONT_NAMES = ("TimesNewRoman", "Times New Roman", "LiberationSerif", "Liberation Serif")

# Sizes in points (Phụ lục I, Mục II and V).
SIZE_QUOC_HIEU = (12.0, 13.0)
SIZE_TIEU_NGU = (13.0, 14.0)
SIZE_CO_QUAN = (12.0, 13.0)
SIZE_SO = (13.0, 13.0)
SIZE_NGAY = (13.0, 14.0)
SIZE_TEN_LOAI = (13.0, 14.0)
SIZE_VV = (12.0, 13.0)
SIZE_BODY = (13.0, 14.0)
SIZE_NOI_NHAN_LABEL = (12.0, 12.0)
SIZE_NOI_NHAN_LIST = (11.0, 11.0)
SIZE_NGUOI_KY = (13.0, 14.0)
SIZE_SO_TRANG = (13.0, 14.0)
# The two coherent (Quốc hiệu, Tiêu ngữ, date) sets of the Mục V footnote.
SIZE_SETS = ((13.0, 14.0, 14.0), (12.0, 13.0, 13.0))

# Body paragraph metrics in twentieths of a point (twips).
FIRST_LINE_TWIPS = (567, 720)
FIRST_LINE_TOLERANCE_TWIPS = 15
MIN_PARAGRAPH_SPACING_TWIPS = 120
LINE_AUTO_RANGE = (240, 360)
# Exact line heights: single spacing of Times New Roman is about 1.15 × the font size.
LINE_EXACT_FACTOR = (1.1, 1.75)

# Lines under headings, as a fraction of the text line they sit under.
RULE_LINE_TIEU_NGU = (0.85, 1.2)
RULE_LINE_PARTIAL = (1 / 3 - 0.05, 1 / 2 + 0.05)

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
SIGNER_PREFIXES = ("TM.", "Q.", "KT.", "TL.", "TUQ.")
HOC_VI = ("GS.", "PGS.", "TS.", "ThS.", "TSKH.", "KS.", "BS.", "CN.")

# Phụ lục III, Mục I: tên loại (upper case) -> chữ viết tắt.
LOAI_VAN_BAN: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}
# Codes of copies (Phụ lục III): bản sao y, trích sao, sao lục.
MA_BAN_SAO = ("SY", "TrS", "SL")
MA_LOAI: frozenset[str] = frozenset(LOAI_VAN_BAN.values()) | frozenset(MA_BAN_SAO)
# Codes seen in public lists that ND30 does not have (pre-2020 or invented).
MA_KHONG_HOP_LE = frozenset({"GN", "TTh", "NP", "CV", "TCG"})
