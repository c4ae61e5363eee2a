"""Guides and translations, for editors."""

from kiosk.ui.editor.view import render_editor
from kiosk.ui.navigation import keep_kiosks_out
from kiosk.ui.shared.runtime import get_runtime

keep_kiosks_out()

render_editor(get_runtime())
