"""The periodic CCHC report's figures in words and tables: pure computations, no I/O.

- `so_lieu`: the figures of a period and of its comparison periods, with the plan targets;
- `cau`: Vietnamese sentence forms (tăng / giảm / không thay đổi; đạt / chưa đạt / vượt) and the
  sentences of the report's numeric paragraphs;
- `bang`: the rows of the phụ lục tables (indicators, task progress);
- `xlsx_phu_luc`, `bieu_do`: the spreadsheet and the chart written next to the report (I/O).
"""
