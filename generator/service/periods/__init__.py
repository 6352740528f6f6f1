"""Periodic reports collected from units, aggregated by the Văn phòng, tracked by the province.

`catalogue` says which units report what, `store` keeps periods and every submission (SQLite),
`forms` writes and reads the per-unit .xlsx, `figures` validates what a unit sends, `status`
derives statuses and conflicts, `aggregate` builds the commune's report set from the
submissions, `rollup` writes the province's workbook.
"""
