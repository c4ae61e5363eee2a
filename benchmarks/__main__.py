"""Run every benchmark: python -m benchmarks"""

import sys

from benchmarks import busy_floor, capacity, content_load, help_latency, search, step_speed

sys.exit(max(module.main() for module in (content_load, search, help_latency, step_speed, busy_floor, capacity)))
