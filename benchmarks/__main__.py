"""Run every benchmark: python -m benchmarks"""

import sys

from benchmarks import help_latency, search

sys.exit(max(module.main() for module in (search, help_latency)))
