"""Statistics for the service lead."""

from kiosk.ui.navigation import keep_kiosks_out
from kiosk.ui.runtime import get_runtime
from kiosk.ui.stats_view import render_stats

keep_kiosks_out()

render_stats(get_runtime())
