"""Floor overview for staff."""

from kiosk.ui.navigation import keep_kiosks_out
from kiosk.ui.runtime import get_runtime
from kiosk.ui.staff_view import render_staff

keep_kiosks_out()

render_staff(get_runtime())
