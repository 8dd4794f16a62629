"""libyaml's event stream, read fast: each event as a light ``partial`` instead of one of ruamel's classes.

Only :mod:`pia_toolkit.flows.yaml_source` reads it; see :class:`EventSource` for how and why.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from ruamel.yaml import YAML

_T = TypeVar("_T")


# The parser's events, each as ``partial(kind, *fields)``: ``event.func`` says what it is and ``event.args``
# holds the fields in the order libyaml's binding passes them. See EventSource for why.
def _kind(name: str) -> Callable[[], None]:
    def kind() -> None:  # a marker, never called
        raise AssertionError(name)

    kind.__qualname__ = kind.__name__ = name
    return kind


STREAM_START, STREAM_END = _kind("StreamStartEvent"), _kind("StreamEndEvent")
DOCUMENT_START, DOCUMENT_END = _kind("DocumentStartEvent"), _kind("DocumentEndEvent")
SCALAR, ALIAS = _kind("ScalarEvent"), _kind("AliasEvent")
MAPPING_START, MAPPING_END = _kind("MappingStartEvent"), _kind("MappingEndEvent")
SEQUENCE_START, SEQUENCE_END = _kind("SequenceStartEvent"), _kind("SequenceEndEvent")
_KINDS = (
    STREAM_START, STREAM_END, DOCUMENT_START, DOCUMENT_END, SCALAR, ALIAS,
    MAPPING_START, MAPPING_END, SEQUENCE_START, SEQUENCE_END,
)  # fmt: skip
_FIELDS = {
    "StreamStartEvent": ("start_mark", "end_mark", "encoding"),
    "StreamEndEvent": ("start_mark", "end_mark"),
    "DocumentStartEvent": ("start_mark", "end_mark", "explicit", "version", "tags"),
    "DocumentEndEvent": ("start_mark", "end_mark", "explicit"),
    "ScalarEvent": ("anchor", "tag", "implicit", "value", "start_mark", "end_mark", "style"),
    "AliasEvent": ("anchor", "start_mark", "end_mark"),
    "MappingStartEvent": ("anchor", "tag", "implicit", "start_mark", "end_mark", "flow_style"),
    "MappingEndEvent": ("start_mark", "end_mark"),
    "SequenceStartEvent": ("anchor", "tag", "implicit", "start_mark", "end_mark", "flow_style"),
    "SequenceEndEvent": ("start_mark", "end_mark"),
}


class EventSource:
    """libyaml's events as light ``partial`` objects instead of ruamel's event classes.

    ruamel's C binding builds each event by calling a Python class whose ``__init__`` sets eight attributes;
    for a 50,000-flow model that is most of the parser's time. The binding looks those classes up by name in
    its module each time, so while we read we put ``partial(partial, kind)`` there: the same call, done in C.
    The swap is made under a lock, only for the duration of one read, and undone in ``finally``; a probe
    checks once that the binding still behaves so, and if it does not (a newer binding, or no C parser at all)
    the ordinary events are converted one by one — slower, same result. Nothing else in pia reads ruamel's
    event stream (loading YAML documents with ``YAML().load`` composes nodes and is not affected).
    """

    _lock = threading.Lock()
    _fast: bool | None = None

    def __init__(self, text: str) -> None:
        self.text = text

    @staticmethod
    def _binding() -> Any:
        """The C binding's module, when ruamel.yaml reads through it."""
        parser = YAML(typ="safe").Parser
        module = sys.modules.get(parser.__module__)
        if parser.__name__ != "CParser" or module is None or not all(hasattr(module, n) for n in _FIELDS):
            return None
        return module

    def read(self, consume: Callable[[Callable[[], Any]], _T]) -> _T:
        """Run ``consume(get_event)``, with ``get_event()`` returning the next event as a partial."""
        module = self._binding()
        if module is not None and EventSource._fast is not False:
            with self._lock:
                saved = {name: getattr(module, name) for name in _FIELDS}
                try:
                    for kind in _KINDS:
                        setattr(module, kind.__name__, partial(partial, kind))
                    if EventSource._fast is None:
                        EventSource._fast = self._probe(module)
                    if EventSource._fast:
                        return consume(YAML(typ="safe").Parser(self.text).get_event)
                finally:
                    for name, original in saved.items():
                        setattr(module, name, original)
        return consume(self._converted())

    @staticmethod
    def _probe(module: Any) -> bool:
        try:
            get = YAML(typ="safe").Parser("a: [b]\n").get_event
            kinds = [get() for _ in range(9)]
            return [getattr(e, "func", None) for e in kinds] == [
                STREAM_START, DOCUMENT_START, MAPPING_START, SCALAR, SEQUENCE_START, SCALAR, SEQUENCE_END,
                MAPPING_END, DOCUMENT_END,
            ] and kinds[5].args[3] == "b" and hasattr(kinds[5].args[4], "line")  # fmt: skip
        except Exception:  # any surprise means: use the ordinary events
            return False

    def _converted(self) -> Callable[[], Any]:
        by_name = {kind.__name__: kind for kind in _KINDS}
        module = self._binding()
        if module is not None:
            get = YAML(typ="safe").Parser(self.text).get_event
        else:  # no C parser: ruamel's own Python parser
            get = iter(YAML(typ="safe", pure=True).parse(self.text)).__next__

        def next_event() -> Callable[[], Any]:
            event = get()
            name = type(event).__name__
            fields = [getattr(event, field, None) for field in _FIELDS[name]]
            if "tag" in _FIELDS[name]:
                tag = fields[1]
                fields[1] = None if tag is None else str(getattr(tag, "value", tag))
            return partial(by_name[name], *fields)

        return next_event
