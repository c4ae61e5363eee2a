"""Run every benchmark: python -m benchmarks"""

import sys

from benchmarks import (
    audio_size,
    busy_floor,
    capacity,
    content_load,
    help_latency,
    idle_floor,
    search,
    stats_queries,
    step_speed,
)

modules = (content_load, search, audio_size, help_latency, step_speed, busy_floor, idle_floor, capacity, stats_queries)
sys.exit(max(module.main() for module in modules))
