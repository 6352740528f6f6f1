"""Make a synthetic province: N communes derived from the Bình Lư sample, for batch benchmarks.

    python bench/make_province.py 100 out/province [--broken 1] [--seed 7]

Each commune is a YAML data folder like data/binh-lu with its own name, place name, people
(family and given names drawn from a seeded pool), a different subset of inspected units with
shifted inspection days, and no document numbers yet (the register assigns them on --issue).
`--broken K` makes the last K communes invalid (a signer that does not exist) to exercise the
batch's "keep going and report" path. The output is deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.vi.text import slugify  # noqa: E402  (needs ROOT on sys.path when run as a script)

SOURCE = ROOT / "data" / "binh-lu"
SOURCE_NAME = "Bình Lư"
SOURCE_SLUG = "binh-lu"

FIRST = "Tân Phúc Mường Nậm Bản Phong Hòa Thanh Trung Đông Tây Sơn Quảng Yên Lâm Minh An Vĩnh"
SECOND = "Hà Lợi Kim Thàng Bo Thổ Bình Tiến Phú Hưng Lộc Khê Thịnh Mỹ Xuân Giang Thành Lương"
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Lò Lường Quàng Tòng Vàng Giàng Sùng Hà"
GIVEN_MALE = "An Bình Cường Dũng Đức Hải Hùng Khánh Long Mạnh Nam Phong Quang Sơn Thắng Tiến"
GIVEN_FEMALE = "Anh Bích Dung Hà Hạnh Hoa Hương Lan Linh Mai Nga Nhung Phương Thảo Thu Xuân"


def commune_name(index: int) -> str:
    """Return the index-th synthetic commune name ("Tân Hà", "Tân Lợi", …), unique up to 324."""
    first, second = FIRST.split(), SECOND.split()
    name = f"{first[index // len(second) % len(first)]} {second[index % len(second)]}"
    cycle = index // (len(first) * len(second))
    return f"{name} {cycle + 1}" if cycle else name


def _people(text: str, rng: random.Random) -> dict[str, str]:
    """Return old full name → new full name for every can_bo of the source organisation."""
    data = yaml.safe_load(text)
    mapping: dict[str, str] = {}
    for person in data["can_bo"]:
        old = person["ho_ten"]
        middle = "Thị" if person["danh_xung"] == "Bà" else "Văn"
        given = (GIVEN_FEMALE if middle == "Thị" else GIVEN_MALE).split()
        new = f"{rng.choice(FAMILY.split())} {middle} {rng.choice(given)}"
        while new in mapping.values():
            new = f"{rng.choice(FAMILY.split())} {middle} {rng.choice(given)}"
        mapping[old] = new
    return mapping


def _replace_all(text: str, name: str, slug: str, people: dict[str, str]) -> str:
    for old, new in sorted(people.items(), key=lambda kv: -len(kv[0])):
        text = text.replace(old, new)
    text = text.replace(SOURCE_NAME, name).replace(SOURCE_NAME.upper(), name.upper())
    return re.sub(rf"\b{SOURCE_SLUG}\b", slug, text)


def _strip_numbers(node: Any) -> None:
    """Remove `so` from every van_ban envelope: the communes have issued nothing yet."""
    if isinstance(node, dict):
        envelope = node.get("van_ban")
        if isinstance(envelope, dict):
            envelope.pop("so", None)
        for value in node.values():
            _strip_numbers(value)
    elif isinstance(node, list):
        for value in node:
            _strip_numbers(value)


def _shift(value: str, days: int) -> str:
    day = date(int(value[6:]), int(value[3:5]), int(value[:2])) + timedelta(days=days)
    return f"{day:%d/%m/%Y}"


def _vary_inspection(data: dict[str, Any], rng: random.Random) -> None:
    """Keep a random subset (at least two) of the inspected units and shift their days."""
    plan = data["ke_hoach"]
    units = [item["don_vi"] for item in plan["lich"]]
    keep = set(rng.sample(units, rng.randint(2, len(units))))
    # Earlier only: a later inspection would fall after its notice or a same-day fix.
    days = rng.randint(-5, 0)
    plan["lich"] = [item for item in plan["lich"] if item["don_vi"] in keep]
    for item in plan["lich"]:
        item["ngay"] = _shift(item["ngay"], days)
    data["ket_luan"] = [tb for tb in data["ket_luan"] if tb["don_vi"] in keep]
    for tb in data["ket_luan"]:
        tb["ngay_kiem_tra"] = _shift(tb["ngay_kiem_tra"], days)


def make_commune(index: int, out: Path, *, seed: int = 7, broken: bool = False) -> Path:
    """Write commune `index` as a YAML data folder under `out`; return the folder."""
    rng = random.Random(seed * 100_003 + index)
    name = commune_name(index)
    slug = slugify(name)
    folder = out / slug
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    org_text = (SOURCE / "to-chuc.yaml").read_text(encoding="utf-8")
    people = _people(org_text, rng)
    for source in sorted(SOURCE.glob("*.yaml")):
        text = _replace_all(source.read_text(encoding="utf-8"), name, slug, people)
        data = yaml.safe_load(text)
        _strip_numbers(data)
        if source.name == "kiem-tra.yaml":
            _vary_inspection(data, rng)
        if broken and source.name == "to-chuc.yaml":
            data["nguoi_ky"][0]["can_bo"] = "khong-co-nguoi-nay"
        header = f"# Dữ liệu tổng hợp cho thử nghiệm: xã {name} (sinh từ mẫu xã {SOURCE_NAME}).\n"
        body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        (folder / source.name).write_text(header + body, encoding="utf-8")
    return folder


def make_province(count: int, out: Path, *, seed: int = 7, broken: int = 0) -> list[Path]:
    """Write `count` communes under `out`, the last `broken` of them invalid; return folders."""
    out.mkdir(parents=True, exist_ok=True)
    return [make_commune(i, out, seed=seed, broken=i >= count - broken) for i in range(count)]


def main() -> None:
    """Parse the command line and write the province."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of communes")
    parser.add_argument("out", type=Path, help="output folder (one data folder per commune)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--broken", type=int, default=0, help="how many communes to break")
    args = parser.parse_args()
    folders = make_province(args.count, args.out, seed=args.seed, broken=args.broken)
    print(f"Đã tạo {len(folders)} xã trong {args.out}")


if __name__ == "__main__":
    main()
