"""Random and hostile YAML, zips and images against the loaders: a clear refusal every time, quickly, in a live process.

"Clear refusal" means the project's own answer: a Problem from the loader, a PackReport from the pack
inspection, ImageRejected from the image check; never a raw exception. Each example has a deadline;
the nesting and bomb cases run in a subprocess, so a segfault or a memory blow-up fails the test
instead of killing pytest.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.authoring.images import ImageRejected, clean_image
from kiosk.authoring.packs import PackReport, inspect_pack
from kiosk.content import ContentLibrary, Problem, load_content
from kiosk.content.yaml_io import load_yaml
from kiosk.settings import PROJECT_ROOT

FUZZ = settings(
    max_examples=int(os.environ.get("KIOSK_FUZZ_EXAMPLES", "60")),  # more for a deeper run; 60 keeps the suite quick
    deadline=3000,  # ms per example, on a shared two-core machine; a hang or a bomb takes far longer
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SHIPPED = PROJECT_ROOT / "content"
GUIDE_TEXT = (SHIPPED / "guides" / "library-wifi.yaml").read_text(encoding="utf-8")

# Pieces that have broken YAML readers: nesting, anchors and aliases, tags, odd scalars, control characters.
_YAML_PIECES = [
    "[", "]", "{", "}", ", ", ": ", "- ", "? ", "\n", "\n  ", "\t", "&a ", "*a", "&b [*a, *a, *a]", "<<: *a",
    "!!binary ", "!!python/object/apply:os.system ['true']", "!!str ", "!!int ", "!!timestamp ", "2024-13-45",
    "1e999", "0x", "0o9", ".nan", "~", "'", '"', "|", ">-", "#", "%YAML 1.1\n", "---\n", "...\n", "\x00", "\ufeff",
    "\u202e", "slug: ", "steps: ", "text: ", "nb: ", "[x](javascript:1)", "![](https://e/x.png)", "<script>",
]  # fmt: skip
_hostile_yaml = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(_YAML_PIECES), max_size=60).map("".join),
    st.tuples(st.integers(0, len(GUIDE_TEXT)), st.lists(st.sampled_from(_YAML_PIECES), min_size=1, max_size=8)).map(
        lambda cut: GUIDE_TEXT[: cut[0]] + "".join(cut[1]) + GUIDE_TEXT[cut[0] :]
    ),
)


@pytest.fixture(scope="module")
def small_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped languages and categories, and a guides folder for one fuzzed guide."""
    root = tmp_path_factory.mktemp("fuzz") / "content"
    (root / "guides").mkdir(parents=True)
    for name in ("languages.yaml", "categories.yaml"):
        shutil.copy(SHIPPED / name, root / name)
    shutil.copytree(SHIPPED / "images", root / "images")
    return root


@pytest.fixture(scope="module")
def library(small_content: Path) -> ContentLibrary:
    return load_content(small_content)[0]


@FUZZ
@given(text=_hostile_yaml)
def test_load_yaml_returns_data_or_a_yaml_error(text: str) -> None:
    with contextlib.suppress(yaml.YAMLError):  # YamlRefused is one
        load_yaml(text)


@FUZZ
@given(text=_hostile_yaml)
def test_the_guide_loader_turns_any_file_into_a_guide_or_problems(small_content: Path, text: str) -> None:
    (small_content / "guides" / "fuzz.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    library, problems = load_content(small_content)
    assert all(isinstance(p, Problem) for p in problems)
    if "fuzz" not in library.guides:
        assert any(p.guide == "fuzz" for p in problems), "a guide left out is always explained"


def _pack(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        for name, payload in files.items():
            pack.writestr(name, payload)
    return buffer.getvalue()


def _image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (200, 40, 90)).save(out, format=fmt)
    return out.getvalue()


_VALID_PACK = _pack(
    {
        "guides/library-wifi.yaml": GUIDE_TEXT.encode(),
        "images/photo.png": _image("PNG"),
        "images/photo.jpg": _image("JPEG"),
        "images/x.svg": (SHIPPED / "images" / "wifi-choose-network.svg").read_bytes(),
    }
)


def _mutated(base: bytes) -> st.SearchStrategy[bytes]:
    """`base` with a few bytes overwritten, cut short or with bytes inserted: headers that lie, data that breaks."""
    edit = st.tuples(st.integers(0, len(base) - 1), st.binary(min_size=1, max_size=8), st.sampled_from(["put", "cut", "insert"]))

    def apply(edits: list[tuple[int, bytes, str]]) -> bytes:
        data = base
        for at, chunk, how in edits:
            at = min(at, len(data))
            if how == "put":
                data = data[:at] + chunk + data[at + len(chunk) :]
            elif how == "cut":
                data = data[:at]
            else:
                data = data[:at] + chunk + data[at:]
        return data

    return st.lists(edit, min_size=1, max_size=6).map(apply)


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000), _mutated(_VALID_PACK)))
def test_pack_inspection_reports_on_any_bytes(small_content: Path, library: ContentLibrary, data: bytes) -> None:
    report = inspect_pack(data, library, small_content)
    assert isinstance(report, PackReport)
    assert report.errors or all(item.path.startswith(("guides/", "images/")) for item in report.items)


@FUZZ
@given(
    name=st.sampled_from(["images/a.png", "images/a.jpg", "images/a.webp", "images/a.svg"]),
    data=st.one_of(
        st.binary(max_size=2000),
        _mutated(_image("PNG")),
        _mutated(_image("JPEG")),
        _mutated(_image("WEBP")),
        _mutated((SHIPPED / "images" / "wifi-choose-network.svg").read_bytes()),
    ),
)
def test_the_image_check_cleans_or_refuses_any_bytes(name: str, data: bytes) -> None:
    with contextlib.suppress(ImageRejected):
        clean_image(name, data)


# -- in a subprocess: what used to kill the process, and how much memory the worst cases take ----------

_NASTY = r"""
import io, json, struct, sys, zipfile, zlib
from pathlib import Path
from kiosk.content import load_content
from kiosk.content.yaml_io import load_yaml, YamlRefused
from kiosk.authoring.packs import inspect_pack
from kiosk.authoring.images import ImageRejected, reencode_upload

content_dir = Path(sys.argv[1])
library = load_content(content_dir)[0]
answers = []
n = 200_000
for text in ["[" * n, "{" * n, "{a: " * (n // 4), "- " * (n // 2), "".join(" " * i + "- \n" for i in range(2000)),
             "? " * (n // 2), "!!seq [" * (n // 8), "&a [" * (n // 4), "[" * n + "]" * n]:
    try:
        load_yaml(text)
        answers.append("loaded")
    except YamlRefused as exc:
        answers.append(str(exc))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        pack.writestr("guides/deep.yaml", text)
    report = inspect_pack(buffer.getvalue(), library, content_dir)
    answers.append(report.items[0].state.value)

def png(width, height, raw_rows):
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw_rows, 9)) + chunk(b"IEND", b"")

bombs = [png(13000, 13000, b"\0" * 13001 * 200), png(6000, 6000, b"\0" * 6001 * 6000), png(1, 39_000_000, b"\0" * 2000)]
for data in bombs:
    try:
        reencode_upload(data)
        answers.append("accepted")
    except ImageRejected as exc:
        answers.append(str(exc))
# This process's own peak (VmHWM): ru_maxrss would also count the parent's size at the fork, and the
# test run's own process is large by the time this runs.
peak_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"answers": answers, "max_rss_kb": peak_kb}))
"""


def test_nesting_and_bombs_are_refused_in_a_live_process_within_memory(small_content: Path) -> None:
    run = subprocess.run([sys.executable, "-c", _NASTY, str(small_content)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, f"the process died (exit {run.returncode}): {run.stderr[-800:]}"
    result = json.loads(run.stdout.strip().splitlines()[-1])
    yaml_answers, pack_answers = result["answers"][0:18:2], result["answers"][1:18:2]
    assert all(answer != "loaded" for answer in yaml_answers[:-2]), yaml_answers
    assert set(pack_answers) == {"invalid"}
    assert result["answers"][18].startswith("the image has") and "too long" in result["answers"][20]
    assert result["max_rss_kb"] < 600 * 1024, f"{result['max_rss_kb'] // 1024} MB"


def test_a_block_written_twice_in_a_guide_is_refused_not_silently_halved(small_content: Path) -> None:
    """A merge once left `meaning_checked:` twice in a guide: YAML keeps the last, and the first block's
    languages lost their record without a word. Now the guide is refused and the problem names the key."""
    guide = (SHIPPED / "guides" / "library-wifi.yaml").read_text(encoding="utf-8")
    twice = guide + "meaning_checked:\n  pl:\n    checked: '2026-12-05'\n    by: x\n    source: y\n" * 2
    (small_content / "guides" / "twice.yaml").write_text(twice, encoding="utf-8")
    try:
        library, problems = load_content(small_content)
    finally:
        (small_content / "guides" / "twice.yaml").unlink()
    assert "library-wifi" not in library.guides
    assert any("'meaning_checked' is written twice" in p.message for p in problems)
    assert load_yaml("a:\n  x: [1, {x: 1}]\n  y: {x: 2}\nb: [x, x]\n") == {
        "a": {"x": [1, {"x": 1}], "y": {"x": 2}},
        "b": ["x", "x"],
    }
