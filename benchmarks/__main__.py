"""Run every benchmark: python -m benchmarks"""

import sys

from benchmarks import busy_floor, content_load, help_latency, search, stats_queries

sys.exit(max(module.main() for module in (content_load, search, help_latency, busy_floor, stats_queries)))
