"""Loaded by the soak's server when it runs with --trace-memory: tracemalloc snapshots while the floor runs.

Only the benchmark puts this folder on the server's PYTHONPATH; the product never loads it. Tracing starts
once the server is up (tracing its start would make a loaded machine's start take minutes), then a
snapshot is written every KIOSK_BENCH_MEMORY_TRACE_SECONDS.
"""

import os
import threading
import tracemalloc

_folder = os.environ.get("KIOSK_BENCH_MEMORY_TRACE")
if _folder:
    _every = float(os.environ.get("KIOSK_BENCH_MEMORY_TRACE_SECONDS", "300"))
    _start = float(os.environ.get("KIOSK_BENCH_MEMORY_TRACE_START", "90"))

    def _snapshots(folder: str = _folder) -> None:
        threading.Event().wait(_start)
        tracemalloc.start(4)
        number = 0
        while True:
            threading.Event().wait(_every)
            number += 1
            tracemalloc.take_snapshot().dump(os.path.join(folder, f"snapshot-{number:03d}.trace"))

    threading.Thread(target=_snapshots, name="memory-trace", daemon=True).start()
