"""Tests that the workbook spec covers the model exactly, so a new field cannot be forgotten."""

from __future__ import annotations

from typing import Literal, get_args, get_origin

from generator.sources.workbook_layout import _unwrap, field_info, leaf_paths
from generator.sources.workbook_spec import (
    CHOICES,
    REFERENCES,
    SHEETS,
    covered_paths,
    record_path,
    sheet,
)


def test_every_model_field_has_a_sheet_and_column() -> None:
    model = set(leaf_paths())
    spec = covered_paths()
    assert sorted(model - spec) == [], "model fields with no column in workbook_spec.py"
    assert sorted(spec - model) == [], "columns in workbook_spec.py for fields the model lacks"


def test_sheet_names_and_headers_are_unique() -> None:
    names = [s.name for s in SHEETS]
    assert len(names) == len(set(names))
    # Plain ASCII words: formulas of the drop-down lists name them without quotes.
    assert all(name.isascii() and name.isalnum() for name in names)
    for spec in SHEETS:
        headers = [c.header.casefold() for c in spec.cols]
        if spec.link:
            headers.append(spec.link.header.casefold())
        assert len(headers) == len(set(headers)), spec.name


def test_list_columns_hold_list_fields_and_only_those() -> None:
    for spec in SHEETS:
        if spec.layout in ("tree", "mapping"):
            continue
        for column in spec.cols:
            chain = field_info((*record_path(spec), *column.path))
            assert chain, (spec.name, column.header)
            is_list = get_origin(_unwrap(chain[-1].annotation)) is list
            assert is_list == (column.kind in ("lines", "codes")), (spec.name, column.header)


def test_fixed_drop_downs_offer_exactly_the_model_values() -> None:
    for spec in SHEETS:
        for column in spec.cols:
            if column.choices not in CHOICES or column.kind == "bool":
                continue
            chain = field_info((*record_path(spec), *column.path))
            if not chain:  # the tree's own columns (Phần) are not model fields
                continue
            literal = _unwrap(chain[-1].annotation)
            assert get_origin(literal) is Literal, (spec.name, column.header)
            offered = {value for _, value in CHOICES[column.choices or ""]}
            assert offered == set(get_args(literal)), (spec.name, column.header)


def test_references_point_at_existing_columns() -> None:
    for target, key in REFERENCES.values():
        assert any(c.path == (key,) for c in sheet(target).cols), (target, key)
