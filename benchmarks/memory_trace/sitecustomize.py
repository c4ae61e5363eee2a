"""Loaded by the soak's server when it runs with --trace-memory: a tracemalloc snapshot every few minutes.

Only the benchmark puts this folder on the server's PYTHONPATH; the product never loads it.
"""

import os
import threading
import tracemalloc

_folder = os.environ.get("KIOSK_BENCH_MEMORY_TRACE")
if _folder:
    _every = float(os.environ.get("KIOSK_BENCH_MEMORY_TRACE_SECONDS", "300"))
    tracemalloc.start(12)

    def _snapshots(folder: str = _folder) -> None:
        number = 0
        while True:
            threading.Event().wait(_every)
            number += 1
            tracemalloc.take_snapshot().dump(os.path.join(folder, f"snapshot-{number:03d}.trace"))

    threading.Thread(target=_snapshots, name="memory-trace", daemon=True).start()
