"""Reading YAML: libyaml's C parser when PyYAML was built with it (about ten times faster), else pure Python."""

from __future__ import annotations

from typing import Any

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """Like yaml.safe_load: plain data only, never Python objects."""
    return yaml.load(text, Loader=_Loader)
