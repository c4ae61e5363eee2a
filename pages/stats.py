"""Statistics for the service lead."""

from kiosk.ui.navigation import keep_kiosks_out
from kiosk.ui.shared.runtime import get_runtime
from kiosk.ui.stats.view import render_stats

keep_kiosks_out()

render_stats(get_runtime())
