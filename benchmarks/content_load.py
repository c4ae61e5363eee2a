"""Loading the content folder: what a kiosk waits for after an editor publishes. Target: < 500 ms (p95)
for the shipped library; a 500-guide library is measured for scale.

Run: make bench  (or: python -m benchmarks.content_load)
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.stats import p95, summary_ms
from kiosk.content import load_content

SHIPPED = Path(__file__).resolve().parent.parent / "content"
TARGET_MS = 500.0
ROUNDS = 10


def _timings(content_dir: Path, rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        load_content(content_dir)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _scaled_copy(target: Path, guides: int) -> None:
    """The shipped content with its guides copied under new slugs until there are `guides` of them."""
    shutil.copytree(SHIPPED, target)
    originals = sorted((target / "guides").glob("*.yaml"))
    for n in range(guides - len(originals)):
        source = originals[n % len(originals)]
        slug = f"{source.stem}-{n}"
        text = source.read_text(encoding="utf-8").replace(f"slug: {source.stem}\n", f"slug: {slug}\n", 1)
        (target / "guides" / f"{slug}.yaml").write_text(text, encoding="utf-8")


def main() -> int:
    shipped = _timings(SHIPPED, ROUNDS)
    count = len(list((SHIPPED / "guides").glob("*.yaml")))
    print(f"content load: shipped library ({count} guides), {ROUNDS} loads")
    print(f"  {summary_ms(shipped)}")
    with tempfile.TemporaryDirectory() as tmp:
        _scaled_copy(Path(tmp) / "content", 500)
        large = _timings(Path(tmp) / "content", 3)
    print(f"  500 guides: p50 {statistics.median(large):.0f} ms")
    ok = p95(shipped) < TARGET_MS
    print(f"  target p95 < {TARGET_MS:.0f} ms: {'met' if ok else 'NOT MET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
