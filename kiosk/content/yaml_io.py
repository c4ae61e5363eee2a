"""Reading YAML: libyaml's C parser when PyYAML was built with it (about ten times faster), else pure Python.

Content comes from editors and from other municipalities' packs, so reading it is bounded. libyaml's
composer recurses once per nesting level with no limit: a few hundred KB of `[` overflow the C stack
and kill the process (a segfault, nothing to catch). So the event stream is scanned first, which
libyaml produces without recursion, and the document is built only when it is small and shallow.
"""

from __future__ import annotations

from typing import Any

import yaml

from kiosk.errors import Refused

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_YAML_BYTES = 512 * 1024  # the largest shipped guide is about 36 KB
MAX_DEPTH = 20  # a guide nests 5 deep
MAX_NODES = 50_000  # counted with aliases expanded, as the code reading the data sees them; a guide has about 800


class YamlRefused(Refused, yaml.YAMLError):
    """YAML that is refused before it is built: too large, too deep, too many nodes, or an unreadable value.

    A YAMLError, so every caller that reports broken YAML reports this too.
    """


def load_yaml(text: str | bytes) -> Any:
    """Like yaml.safe_load: plain data only, never Python objects, and within the limits above."""
    size = len(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
    if size > MAX_YAML_BYTES:
        raise YamlRefused(f"the file is {size // 1024} KB; at most {MAX_YAML_BYTES // 1024} KB is allowed")
    _check_shape(text)
    try:
        return yaml.load(text, Loader=_Loader)
    # PyYAML's constructors raise plain errors on odd values: a date like 2024-13-45 (ValueError), an empty
    # `!!int` (IndexError), a huge `!!float` exponent (OverflowError).
    except (ValueError, TypeError, ArithmeticError, LookupError, AttributeError) as exc:
        raise YamlRefused(f"a value cannot be read: {exc}") from exc


class _KeysOnce:
    """Refuses a key written twice in one mapping. PyYAML keeps the last of two equal keys without a word:
    a merge that left a block twice would lose the first one's data."""

    def __init__(self) -> None:
        # Per open collection: for a mapping, its keys so far and whether a key comes next; None for a list.
        self._open: list[tuple[set[str], list[bool]] | None] = []

    def see(self, event: yaml.Event) -> None:
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)) and self._open:
            self._node(self._open[-1], event.value if isinstance(event, yaml.ScalarEvent) else None)
        if isinstance(event, yaml.MappingStartEvent):
            self._open.append((set(), [True]))
        elif isinstance(event, yaml.SequenceStartEvent):
            self._open.append(None)
        elif isinstance(event, yaml.CollectionEndEvent):
            self._open.pop()

    @staticmethod
    def _node(mapping: tuple[set[str], list[bool]] | None, scalar: str | None) -> None:
        if mapping is None:
            return
        keys, key_next = mapping
        if key_next[0] and scalar is not None:
            if scalar in keys:
                raise YamlRefused(f"the key {scalar!r} is written twice in one place; the second would hide the first")
            keys.add(scalar)
        key_next[0] = not key_next[0]


def _check_shape(text: str | bytes) -> None:
    """Depth and node count from the event stream, without building anything."""
    depth = 0
    nodes = 0
    # Per open collection: (its anchor, the node count when it opened); closed anchors -> their size.
    open_collections: list[tuple[str | None, int]] = []
    anchored: dict[str, int] = {}
    keys = _KeysOnce()
    for event in yaml.parse(text, Loader=_Loader):
        keys.see(event)
        tag = getattr(event, "tag", None)
        if tag is not None:  # content never needs one, and the constructors behind them crash on odd values
            raise YamlRefused(f"explicit tags like {tag!r} are not used in content; write the plain value")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            nodes += 1
            if depth > MAX_DEPTH:
                raise YamlRefused(f"the data is nested more than {MAX_DEPTH} levels deep")
            open_collections.append((event.anchor, nodes))
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, started = open_collections.pop()
            if anchor is not None:
                anchored[anchor] = nodes - started + 1
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if event.anchor is not None:
                anchored[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchored:
                # Unknown, or an anchor still open: the data would contain itself.
                raise YamlRefused(f"the alias *{event.anchor} refers to nothing before it or to itself")
            nodes += anchored[event.anchor]
        if nodes > MAX_NODES:
            raise YamlRefused(f"the data has more than {MAX_NODES} items")
