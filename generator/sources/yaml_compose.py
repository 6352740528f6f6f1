"""Compose one YAML file into plain values from the parser's events, with hostile input refused.

PyYAML's own composer recurses once per nesting level (a RecursionError at 1,000 levels, a crash
of the C extension at 50,000) and expands every alias (a "billion laughs" file never finishes).
This composer walks the event stream with an explicit stack and stops as soon as a file goes
beyond `generator.limits`: an anchor or alias, nesting deeper than MAX_DEPTH, a list longer
than MAX_ITEMS, a mapping with more than MAX_KEYS keys. Those stop the file (`FileRefused`);
a bad value (an impossible date, an unknown tag, a text over MAX_TEXT_CHARS) or a key given
twice is a `Problem` of its own, and the rest of the file is still read.

Numbers are kept as written where YAML would lose what the clerk meant: a float such as
`1.000` (one thousand in Vietnamese) stays the text "1.000", and so does an integer longer
than MAX_NUMBER_DIGITS; the model's field parsers decide what the text means at its place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from yaml.events import (
    AliasEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from generator.errors import Place, Problem
from generator.limits import (
    MAX_DEPTH,
    MAX_ITEMS,
    MAX_KEYS,
    MAX_NUMBER_DIGITS,
    MAX_TEXT_CHARS,
    grouped,
)
from generator.limits import shown as _shown
from generator.sources.common import KeyPath

_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TYPES = (str, int, float, bool, date, datetime, type(None))
_OMIT = object()


def _line(event: Event) -> int:
    """Return the 1-based line where `event` starts."""
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


class FileRefusedError(Exception):
    """The file goes beyond a hard limit; reading it stops here (`problem` says where)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Composed:
    """A file's value, the line of every key path, and the problems of single values.

    Each problem is (key path, message); its line is the place of that key path.
    """

    value: Any
    places: dict[KeyPath, Place] = field(default_factory=dict)
    problems: list[tuple[KeyPath, str]] = field(default_factory=list)


@dataclass
class _Frame:
    """An open mapping or list: its value so far, key path, and (mappings) the pending key."""

    container: dict[str, Any] | list[Any]
    path: KeyPath
    key: str | None = None
    key_line: int = 0
    lines: dict[str, int] = field(default_factory=dict)


def compose(text: str, label: str, loader_class: Any) -> Composed:
    """Return the file's value, the place of each key path and the problems of its values.

    Raise FileRefusedError for input beyond the hard limits, and yaml.YAMLError for a syntax
    error (the caller words it).
    """
    loader = loader_class(text)
    try:
        return _Composer(loader, label).run()
    finally:
        loader.dispose()


class _Composer:
    def __init__(self, loader: Any, label: str) -> None:
        self.loader = loader
        self.label = label
        self.result = Composed(None)
        self.stack: list[_Frame] = []
        self.root: Any = None

    def place(self, event: Event) -> Place:
        return Place(self.label, line=_line(event))

    def refuse(self, event: Event, message: str) -> FileRefusedError:
        return FileRefusedError(Problem(self.place(event), message))

    def run(self) -> Composed:
        loader = self.loader
        loader.get_event()  # StreamStartEvent
        if loader.check_event(StreamEndEvent):
            return self.result
        loader.get_event()  # DocumentStartEvent
        self.result.value = self.node()
        loader.get_event()  # DocumentEndEvent
        if not loader.check_event(StreamEndEvent):
            extra = loader.peek_event()
            raise self.refuse(
                extra,
                "tệp có nhiều hơn một tài liệu YAML (dòng '---' hoặc '...'); mỗi tệp dữ liệu chỉ "
                "có một",
            )
        return self.result

    def node(self) -> Any:
        """Return the value of the node starting at the next event (iteratively)."""
        while True:
            event = self.loader.get_event()
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise self.refuse(
                    event,
                    "tệp dữ liệu không dùng neo và bí danh YAML (dấu & và *); chép thẳng giá trị "
                    "vào từng chỗ cần",
                )
            if isinstance(event, ScalarEvent):
                done = self.attach(event, self.scalar(event))
            elif isinstance(event, SequenceStartEvent | MappingStartEvent):
                done = False
                self.open(event)
            elif isinstance(event, SequenceEndEvent | MappingEndEvent):
                frame = self.stack.pop()
                done = self.attach(event, frame.container, record=False)
            else:  # pragma: no cover - the parser emits no other event inside a document
                raise self.refuse(event, "cấu trúc YAML không hợp lệ")
            if done:
                return self.root

    def _path_for(self, event: Event) -> KeyPath | None:
        """Return the key path of the value starting at `event`; None when it is a key."""
        if not self.stack:
            return ()
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container))
        if top.key is None:
            return None
        return (*top.path, top.key)

    def open(self, event: Event) -> None:
        path = self._path_for(event)
        if path is None:
            raise self.refuse(event, "tên trường phải là một chữ, không phải một nhóm giá trị")
        if len(self.stack) >= MAX_DEPTH:
            raise self.refuse(
                event, f"dữ liệu lồng nhau quá sâu (hơn {MAX_DEPTH} cấp); kiểm tra lại thụt lề"
            )
        self.result.places[path] = self.place(event)
        container: dict[str, Any] | list[Any] = [] if isinstance(event, SequenceStartEvent) else {}
        self.stack.append(_Frame(container, path))

    def attach(self, event: Event, value: Any, *, record: bool = True) -> bool:
        """Put `value` into the open container; return True when it is the whole file."""
        if not self.stack:
            if record:
                self.result.places[()] = self.place(event)
            self.root = None if value is _OMIT else value
            return True
        top = self.stack[-1]
        if isinstance(top.container, list):
            if len(top.container) >= MAX_ITEMS:
                raise self.refuse(event, f"danh sách quá dài (hơn {grouped(MAX_ITEMS)} mục)")
            if record:
                self.result.places[(*top.path, len(top.container))] = self.place(event)
            # A refused value still takes its position, so the places of the next ones hold.
            top.container.append(None if value is _OMIT else value)
            return False
        if top.key is None:
            key = "" if value is _OMIT else str(value)
            line = _line(event)
            if key in top.lines:
                self.result.problems.append(
                    (
                        (*top.path, key),
                        f"tên trường {_shown(key)} có hai lần (dòng {top.lines[key]} và dòng "
                        f"{line}); xóa hoặc đổi tên một trong hai",
                    )
                )
            elif len(top.lines) >= MAX_KEYS:
                raise self.refuse(event, f"nhóm có quá nhiều trường (hơn {MAX_KEYS})")
            top.key, top.key_line = key, line
            return False
        key, top.key = top.key, None
        if key in top.lines:
            return False  # the first of two equal keys holds; the second is reported above
        top.lines[key] = top.key_line
        if record:
            self.result.places[(*top.path, key)] = self.place(event)
        if value is not _OMIT:
            top.container[key] = value
        return False

    def scalar(self, event: ScalarEvent) -> Any:
        """Return the value of one scalar, its text where YAML would misread it, or _OMIT."""
        text = event.value
        if len(text) > MAX_TEXT_CHARS:
            self.problem(
                event,
                f"giá trị quá dài ({grouped(len(text))} ký tự, giới hạn {grouped(MAX_TEXT_CHARS)})",
            )
            return _OMIT
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(ScalarNode, text, event.implicit)
        if tag == _FLOAT or (tag == _INT and sum(c.isdigit() for c in text) > MAX_NUMBER_DIGITS):
            return text
        node = ScalarNode(tag, text, style=event.style)
        try:
            value = self.loader.construct_object(node, deep=True)
        except Exception:  # any constructor failure is a problem of the clerk's value
            if tag == _TIMESTAMP:
                return text  # `2026-02-31`: the date parser says "ngày không có thật"
            self.problem(event, f"kiểu giá trị YAML không dùng được ở đây ({tag}): {_shown(text)}")
            return _OMIT
        finally:
            self.loader.constructed_objects.pop(node, None)
        if not isinstance(value, _PLAIN_TYPES):
            self.problem(event, f"kiểu giá trị YAML không dùng được ở đây ({tag}): {_shown(text)}")
            return _OMIT
        return value

    def problem(self, event: Event, message: str) -> None:
        path = self._path_for(event)
        if path is None:  # a refused key: the problem belongs to its mapping
            path = self.stack[-1].path
        self.result.places.setdefault(path, self.place(event))
        self.result.problems.append((path, message))
