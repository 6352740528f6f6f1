"""Template sets from admins: only known template names are extracted, unsafe archives refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.kinds import KINDS
from generator.web.store import Store
from generator.web.templatesets import TemplatesRefused, store_set, templates_for
from generator.web.users import ensure_org

KH = KINDS["kh_kiem_tra"].template_path


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    ensure_org(store, "binh-lu", name="Ủy ban nhân dân xã Bình Lư", province="Lai Châu",
               district="Phong Thổ")  # fmt: skip
    ensure_org(store, "xa-xa", name="Ủy ban nhân dân xã Xa", province="Hà Giang", district="")
    return store


def archive(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as out:
        for name, data in entries.items():
            out.writestr(name, data)
    return path


def test_only_known_templates_are_kept_under_a_name_of_our_own(
    store: Store, tmp_path: Path
) -> None:
    body = archive(tmp_path / "mau.zip", {
        "mau-tinh/kehoach/kiem-tra.docx": KH.read_bytes(),
        "mau-tinh/run.sh": b"rm -rf /",
        "mau-tinh/context.md": b"# ghi chu",
    })  # fmt: skip
    stored = store_set(store, user="quan-tri", scope="province", target="Lai Châu", body=body)
    assert stored.files == ["kehoach/kiem-tra.docx"] and stored.target == "lai-chau"
    folder = store.data_dir / "templates" / stored.id
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) == [
        "kehoach/kiem-tra.docx"
    ]
    assert templates_for(store, "binh-lu") == folder
    assert templates_for(store, "xa-xa") is None


@pytest.mark.parametrize(
    ("entries", "reason"),
    [
        ({"../../kehoach/kiem-tra.docx": b"x"}, "trỏ ra ngoài thư mục"),
        ({"/etc/kehoach/kiem-tra.docx": b"x"}, "đường dẫn tuyệt đối"),
        ({"kehoach/kiem-tra.docx": b"not a docx"}, "không phải tệp .docx dùng được"),
        ({"readme.txt": b"x"}, "trong tệp .zip không có mẫu nào"),
    ],
)
def test_unsafe_or_empty_archives_are_refused(
    store: Store, tmp_path: Path, entries: dict[str, bytes], reason: str
) -> None:
    body = archive(tmp_path / "mau.zip", entries)
    with pytest.raises(TemplatesRefused) as refused:
        store_set(store, user="quan-tri", scope="org", target="binh-lu", body=body)
    assert reason in refused.value.problems[0]
    assert list((store.data_dir / "templates").iterdir()) == []
    assert templates_for(store, "binh-lu") is None
