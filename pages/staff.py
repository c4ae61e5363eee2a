"""Floor overview for staff."""

from kiosk.ui.navigation import keep_kiosks_out
from kiosk.ui.shared.runtime import get_runtime
from kiosk.ui.staff.view import render_staff

keep_kiosks_out()

render_staff(get_runtime())
