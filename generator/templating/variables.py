"""What every template variable means, in Vietnamese: for `vanban template export` and `check`.

Keys are variable paths as a template reads them: `trich_yeu`, and inside a loop over a list
`noi_dung[].linh_vuc` (`{% for nd in noi_dung %}{{ nd.linh_vuc }}`). A test keeps this table
in step with the contexts the kinds build: a new variable without a description fails it.
REQUIRED are the thể thức parts every template must print (ND30 Điều 8): a template leaving one
out would make a document that cannot be issued, so `template check` reports it.
"""

from __future__ import annotations

__all__ = ["DESCRIPTIONS", "REQUIRED"]

REQUIRED: tuple[str, ...] = (
    "co_quan",
    "so_ky_hieu",
    "dia_danh_ngay",
    "trich_yeu",
    "noi_nhan",
    "tham_quyen",
    "nguoi_ky",
)

_ENVELOPE = {
    "co_quan_chu_quan": "Tên cơ quan chủ quản (ô 2), mỗi dòng một phần tử; thường rỗng với UBND xã",
    "co_quan": "Tên cơ quan ban hành (ô 2), mỗi dòng một phần tử, chữ in hoa: ỦY BAN NHÂN DÂN / "
    "XÃ BÌNH LƯ",
    "so_ky_hieu": "Số và ký hiệu văn bản (ô 3), như 45/KH-UBND; dự thảo để trống số: "
    "'      /KH-UBND'",
    "dia_danh_ngay": "Địa danh và ngày tháng năm ban hành (ô 4): Bình Lư, ngày 05 tháng 3 năm 2026",
    "trich_yeu": "Trích yếu nội dung văn bản (ô 5b)",
    "can_cu": "Các căn cứ ban hành, mỗi căn cứ một phần tử (đã có dấu câu cuối)",
    "noi_nhan": "Danh sách nơi nhận (ô 9b), mỗi dòng một phần tử, dòng cuối là 'Lưu: VT, …'",
    "tham_quyen": "Quyền hạn, chức vụ người ký (ô 7a, 7b), mỗi dòng một phần tử: TM. ỦY BAN NHÂN "
    "DÂN / CHỦ TỊCH",
    "nguoi_ky": "Họ và tên người ký (ô 7c)",
    "ten_to_chuc": "Tên đầy đủ của cơ quan: Ủy ban nhân dân xã Bình Lư",
    "ngay_ban_hanh": "Ngày ban hành dạng trích dẫn trong câu: ngày 05/3/2026",
    "nam": "Năm của văn bản (số)",
}

_KE_HOACH_KIEM_TRA = {
    "mo_dau": "Đoạn mở đầu trước phần I",
    "muc_dich": "Các ý của mục Mục đích, mỗi ý một phần tử",
    "yeu_cau": "Các ý của mục Yêu cầu, mỗi ý một phần tử",
    "noi_dung": "Nội dung kiểm tra theo lĩnh vực",
    "noi_dung[].linh_vuc": "Tên lĩnh vực kiểm tra",
    "noi_dung[].muc": "Các nội dung kiểm tra của lĩnh vực, mỗi nội dung một phần tử",
    "lich": "Lịch kiểm tra, mỗi đơn vị một dòng của bảng",
    "lich[].don_vi": "Cơ quan, đơn vị được kiểm tra",
    "lich[].thoi_gian": "Thời gian kiểm tra đơn vị đó",
    "hinh_thuc": "Các hình thức kiểm tra, mỗi hình thức một phần tử",
    "thoi_gian": "Thời gian kiểm tra (cả đợt)",
    "thanh_phan_doan": "Đoạn về thành phần Đoàn kiểm tra",
    "to_chuc_thuc_hien": "Phân công tổ chức thực hiện, mỗi đơn vị một phần tử",
    "to_chuc_thuc_hien[].don_vi": "Đơn vị được giao nhiệm vụ",
    "to_chuc_thuc_hien[].doc_lap": "Đúng khi là tổ chức độc lập (Mặt trận…): dùng lời 'Đề nghị' "
    "thay cho 'Giao'",
    "to_chuc_thuc_hien[].noi_dung": "Các nhiệm vụ của đơn vị, mỗi nhiệm vụ một phần tử",
    "han_bao_cao_tu_kiem_tra": "Hạn gửi báo cáo tự kiểm tra (dd/mm/yyyy)",
    "don_vi_tham_muu": "Đơn vị tham mưu, đầu mối tổng hợp",
    "kinh_phi": "Đoạn về kinh phí thực hiện",
    "ket_thuc": "Đoạn kết thúc của văn bản",
}

_QUYET_DINH = {
    "tham_quyen_ban_hanh": "Thẩm quyền ban hành in dưới tên loại: CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ "
    "BÌNH LƯ",
    "thanh_vien": "Thành viên Đoàn kiểm tra, mỗi người một phần tử",
    "thanh_vien[].ho_ten": "Họ tên (kèm Ông/Bà)",
    "thanh_vien[].chuc_vu_don_vi": "Chức vụ, đơn vị công tác",
    "thanh_vien[].vai_tro": "Vai trò trong Đoàn: Trưởng đoàn, Phó Trưởng đoàn, Thành viên, Thư ký",
    "nhiem_vu": "Nhiệm vụ của Đoàn kiểm tra, mỗi nhiệm vụ một phần tử",
    "dieu_2_nhiem_vu": "Đúng khi Điều 2 liệt kê nhiệm vụ thành danh sách",
    "thi_hanh": "Đoạn Điều thi hành: các cá nhân, đơn vị chịu trách nhiệm thi hành",
}

_THONG_BAO = {
    "ke_hoach_trich_dan": "Trích dẫn Kế hoạch kiểm tra: Kế hoạch số … ngày … của …",
    "quyet_dinh_trich_dan": "Trích dẫn Quyết định thành lập Đoàn: Quyết định số … ngày … của …",
    "ngay_kiem_tra": "Ngày kiểm tra tại đơn vị: ngày 15/9/2026",
    "don_vi": "Tên đơn vị được kiểm tra",
    "dai_dien_don_vi": "Người đại diện đơn vị làm việc với Đoàn",
    "ket_qua": "Kết quả kiểm tra theo lĩnh vực",
    "ket_qua[].linh_vuc": "Tên lĩnh vực",
    "ket_qua[].doan": "Các đoạn nhận xét của lĩnh vực, mỗi đoạn một phần tử",
    "uu_diem": "Các ưu điểm, mỗi ý một phần tử",
    "ton_tai": "Các tồn tại, hạn chế, mỗi ý một phần tử",
    "nguyen_nhan_khach_quan": "Các nguyên nhân khách quan của tồn tại",
    "nguyen_nhan_chu_quan": "Các nguyên nhân chủ quan của tồn tại",
    "kien_nghi": "Các kiến nghị, yêu cầu khắc phục",
    "kien_nghi[].noi_dung": "Nội dung kiến nghị",
    "kien_nghi[].don_vi_thuc_hien": "Đơn vị thực hiện kiến nghị",
    "kien_nghi[].han": "Hạn hoàn thành (dd/mm/yyyy)",
    "kien_nghi[].dau": "Dấu câu đặt cuối ý (';' hoặc '.')",
    "han_bao_cao_khac_phuc": "Hạn báo cáo kết quả khắc phục (dd/mm/yyyy)",
    "phu_luc": "Các dòng của phụ lục (Thông báo: bảng theo dõi khắc phục; Kế hoạch CCHC: bảng "
    "nhiệm vụ)",
    "phu_luc[].noi_dung": "Nội dung cần khắc phục",
    "phu_luc[].don_vi_thuc_hien": "Đơn vị thực hiện",
    "phu_luc[].han": "Hạn hoàn thành",
    "phu_luc[].dau": "Dấu câu đặt cuối ý",
    "phu_luc[].ton_tai": "Tồn tại cần khắc phục",
}

_BAO_CAO = {
    "ky": "Kỳ báo cáo bằng chữ: quý I năm 2026, 6 tháng đầu năm 2026 …",
    "kinh_gui": "Nơi báo cáo được gửi đến (Kính gửi)",
    "chot_so_lieu": "Dòng thời gian chốt số liệu của kỳ",
    "muc": "Các phần của nội dung (I, II, …), mỗi phần có thể có mục con nhiều cấp",
    "muc[].so": "Số thứ tự của phần: I., II. …",
    "muc[].tieu_de": "Tên phần (đề mục)",
    "muc[].doan": "Các đoạn văn ngay dưới đề mục",
    "muc[].muc_con": "Các mục con (cùng cấu trúc: so, tieu_de, doan, muc_con)",
    "muc[].muc_con[].so": "Số thứ tự của mục con: 1., 2., a) …",
    "muc[].muc_con[].tieu_de": "Tên mục con",
    "muc[].muc_con[].doan": "Các đoạn văn của mục con",
    "muc[].muc_con[].muc_con": "Các mục con cấp dưới",
    "muc[].muc_con[].muc_con[].so": "Số thứ tự của mục con cấp dưới",
    "muc[].muc_con[].muc_con[].tieu_de": "Tên mục con cấp dưới",
    "muc[].muc_con[].muc_con[].doan": "Các đoạn văn của mục con cấp dưới",
    "muc[].muc_con[].muc_con[].muc_con": "Các mục con cấp dưới nữa",
    "kem_theo": "Dòng '(Kèm theo … số … ngày …)' dưới tiêu đề phụ lục",
    "tieu_de_phu_luc_1": "Tiêu đề phụ lục 1 (biểu số liệu)",
    "chi_so": "Các dòng của biểu số liệu (phụ lục 1)",
    "chi_so[].nhom": "Đúng khi dòng là tiêu đề nhóm (in đậm, gộp ô)",
    "chi_so[].tieu_de": "Tiêu đề nhóm (khi nhom đúng)",
    "chi_so[].ma": "Mã chỉ số",
    "chi_so[].ten": "Tên chỉ số",
    "chi_so[].don_vi_tinh": "Đơn vị tính",
    "chi_so[].ke_hoach": "Chỉ tiêu kế hoạch (đã định dạng)",
    "chi_so[].ke_hoach_so": "Chỉ tiêu kế hoạch (số, để tính)",
    "chi_so[].ky_truoc": "Kết quả kỳ trước (đã định dạng)",
    "chi_so[].ky_truoc_so": "Kết quả kỳ trước (số)",
    "chi_so[].ky_nay": "Kết quả kỳ này (đã định dạng)",
    "chi_so[].ky_nay_so": "Kết quả kỳ này (số)",
    "chi_so[].so_sanh": "So sánh kỳ này với kỳ trước",
    "chi_so[].danh_gia": "Đánh giá đạt, chưa đạt so với chỉ tiêu",
    "chi_so[].la_ty_le": "Đúng khi chỉ số là tỷ lệ phần trăm",
    "bieu_do": "Biểu đồ số liệu (ảnh), đặt {{ bieu_do }} một mình trong một đoạn",
    "tieu_de_phu_luc_2": "Tiêu đề phụ lục 2 (tiến độ hoạt động)",
    "tien_do": "Các dòng của bảng tiến độ (phụ lục 2)",
    "tien_do[].nhom": "Đúng khi dòng là tiêu đề nhóm",
    "tien_do[].tieu_de": "Tiêu đề nhóm",
    "tien_do[].tt": "Số thứ tự",
    "tien_do[].hoat_dong": "Tên hoạt động",
    "tien_do[].chu_tri": "Đơn vị chủ trì",
    "tien_do[].thoi_gian": "Thời gian thực hiện",
    "tien_do[].tien_do": "Tiến độ đến kỳ báo cáo",
    "tien_do[].xong": "Đúng khi hoạt động đã hoàn thành",
    "tien_do[].ghi_chu": "Ghi chú",
    "don_vi_bao_cao": "Tình hình gửi báo cáo của các đơn vị (chỉ có sau khi tổng hợp trên web)",
    "don_vi_bao_cao[].tt": "Số thứ tự",
    "don_vi_bao_cao[].ten": "Tên cơ quan, đơn vị",
    "don_vi_bao_cao[].tinh_trang": "Đã gửi, Gửi chậm hoặc Chưa gửi",
    "don_vi_bao_cao[].ngay_gui": "Ngày đơn vị gửi báo cáo",
    "don_vi_bao_cao[].so_lieu": "Những số liệu đơn vị đã báo cáo",
}

_KE_HOACH_CCHC = {
    "tieu_de_phu_luc": "Tiêu đề phụ lục nhiệm vụ",
    "phu_luc[].nhom": "Đúng khi dòng là tiêu đề nhóm (in đậm, gộp ô)",
    "phu_luc[].tt": "Số thứ tự (I, II, … cho nhóm)",
    "phu_luc[].tieu_de": "Tiêu đề nhóm",
    "phu_luc[].muc_tieu": "Mục tiêu",
    "phu_luc[].nhiem_vu": "Nhiệm vụ",
    "phu_luc[].hoat_dong": "Hoạt động",
    "phu_luc[].ket_qua": "Kết quả, sản phẩm",
    "phu_luc[].chu_tri": "Đơn vị chủ trì",
    "phu_luc[].phoi_hop": "Đơn vị phối hợp",
    "phu_luc[].thoi_gian": "Thời gian thực hiện",
    "phu_luc[].vm_muc_tieu": "Gộp ô dọc cột Mục tiêu: 'restart' mở nhóm ô mới, 'continue' nối",
    "phu_luc[].vm_nhiem_vu": "Gộp ô dọc cột Nhiệm vụ: 'restart' hoặc 'continue'",
}

DESCRIPTIONS: dict[str, str] = {
    **_ENVELOPE,
    **_KE_HOACH_KIEM_TRA,
    **_QUYET_DINH,
    **_THONG_BAO,
    **_BAO_CAO,
    **_KE_HOACH_CCHC,
}
