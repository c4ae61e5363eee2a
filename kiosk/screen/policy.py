"""Chromium's managed policy for a kiosk screen: the kiosk server and the offline page, nothing else.

Names and values are Chromium's enterprise policies (chromeenterprise.google/policies). Chromium reads
every *.json in /etc/chromium/policies/managed at start and again when the files change.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.screen.config import ScreenConfig

# Everything Chromium offers besides the page, switched off: what a stranger at a public screen could use
# to leave the kiosk, keep something of a visitor's, or reach the machine.
LOCKED_DOWN: dict[str, Any] = {
    "DownloadRestrictions": 3,  # block all downloads
    "AllowFileSelectionDialogs": False,  # no file picker onto the machine's disk
    "DeveloperToolsAvailability": 2,  # no developer tools, no view-source, no page over remote debugging
    "PasswordManagerEnabled": False,
    "AutofillAddressEnabled": False,
    "AutofillCreditCardEnabled": False,
    "PaymentMethodQueryEnabled": False,
    "BrowserSignin": 0,  # no signing in to the browser
    "SyncDisabled": True,
    "BrowserGuestModeEnabled": False,
    "BrowserAddPersonEnabled": False,
    "IncognitoModeAvailability": 1,  # no incognito windows
    "TranslateEnabled": False,  # no translate bar over the kiosk's own languages
    "SpellcheckEnabled": False,
    "SearchSuggestEnabled": False,
    "DefaultPopupsSetting": 2,  # no pop-ups; a new tab from a link is closed by the launcher
    "DefaultNotificationsSetting": 2,
    "DefaultGeolocationSetting": 2,
    "AudioCaptureAllowed": False,
    "VideoCaptureAllowed": False,
    "AutoplayAllowed": True,  # read-aloud starts when its clip is ready, without a second press
    "BookmarkBarEnabled": False,
    "EditBookmarksEnabled": False,
    "SavingBrowserHistoryDisabled": True,
    "AllowDinosaurEasterEgg": False,  # the offline page is ours, not a game
    "TaskManagerEndProcessEnabled": False,
    "BackgroundModeEnabled": False,
    "MetricsReportingEnabled": False,
    "CommandLineFlagSecurityWarningsEnabled": False,  # no infobar over the kiosk
    "PromptForDownloadLocation": False,
    "FullscreenAllowed": True,
    # The kiosk's own cookie (its key, a waiting visit) is kept; anything else lives for one browser run.
    "DefaultCookiesSetting": 4,
    # Cleared at every exit. Not cookies: that would drop the kiosk's key.
    "ClearBrowsingDataOnExitList": [
        "browsing_history",
        "download_history",
        "cached_images_and_files",
        "password_signin",
        "autofill",
        "site_settings",
        "hosted_app_data",
    ],
}


def url_pattern(server_url: str) -> str:
    """The URLAllowlist entry for the kiosk server: its scheme, host and port (and path prefix), no other."""
    parts = urlsplit(server_url)
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address is written in brackets
        host = f"[{host}]"
    port = f":{parts.port}" if parts.port else ""
    path = parts.path.rstrip("/")
    return f"{parts.scheme}://{host}{port}{path}"


def origin_pattern(server_url: str) -> str:
    """The content-settings pattern (cookies): origins only, a path is not part of it."""
    parts = urlsplit(url_pattern(server_url))
    return f"{parts.scheme}://{parts.netloc}"


def offline_page_url(offline_page: Path) -> str:
    return offline_page.resolve().as_uri()


def build_policy(config: ScreenConfig, offline_page: Path) -> dict[str, Any]:
    policy: dict[str, Any] = dict(LOCKED_DOWN)
    policy["URLBlocklist"] = ["*"]
    policy["URLAllowlist"] = [url_pattern(config.server_url), offline_page_url(offline_page)]
    policy["CookiesAllowedForUrls"] = [origin_pattern(config.server_url)]
    if config.printer:
        # Slips go to the library's printer only: no "Save as PDF" (a download) and no other printer.
        policy["PrintingEnabled"] = True
        policy["PrinterTypeDenyList"] = ["pdf", "extension", "cloud", "privet"]
        policy["DefaultPrinterSelection"] = json.dumps({"kind": "local", "namePattern": f"^{re.escape(config.printer)}$"})
        policy["PrintPreviewUseSystemDefaultPrinter"] = False
    else:
        policy["PrintingEnabled"] = False
    return policy


def policy_json(config: ScreenConfig, offline_page: Path) -> str:
    return json.dumps(build_policy(config, offline_page), indent=2, sort_keys=True) + "\n"
