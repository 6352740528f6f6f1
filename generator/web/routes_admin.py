"""Quản trị: the audit log (who uploaded, built, issued, downloaded, voided, when) and users."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from generator.web.auth import Forbidden, page_user, store_of
from generator.web.pages import render
from generator.web.users import ROLES, list_users

router = APIRouter()
PAGE_SIZE = 200
ACTIONS = {
    "dang_nhap": "đăng nhập",
    "dang_nhap_sai": "đăng nhập sai",
    "dang_nhap_bi_chan": "đăng nhập bị chặn",
    "dang_xuat": "đăng xuất",
    "tai_len": "tải dữ liệu lên",
    "tai_len_bi_tu_choi": "tải lên bị từ chối",
    "lap_du_thao": "lập dự thảo",
    "cap_so_va_lap": "cấp số và lập",
    "tai_ve": "tải về",
    "huy_so": "hủy số",
    "xuat_so_dang_ky": "xuất sổ đăng ký",
    "hoan_thien": "hoàn thiện văn bản",
    "hoan_thien_bi_tu_choi": "hoàn thiện bị từ chối",
    "tai_mau_len": "tải mẫu riêng lên",
}


@router.get("/quan-tri/nhat-ky")
def audit_log(request: Request, trang: int = 1) -> Response:
    """Return the audit log, newest first (admins only)."""
    user = page_user(request)
    if not user.is_admin:
        raise Forbidden("Nhật ký chỉ dành cho quản trị viên.")
    page = max(1, trang)
    lines = store_of(request).audit_lines(PAGE_SIZE + 1, (page - 1) * PAGE_SIZE)
    return render(
        request, "audit.html", lines=lines[:PAGE_SIZE], page=page,
        more=len(lines) > PAGE_SIZE, actions=ACTIONS,
        users=list_users(store_of(request)), roles=ROLES,
    )  # fmt: skip
