"""The kiosk's own screen: a Debian machine whose Chromium shows one kiosk and nothing else.

config (what `screen install` was told), policy (Chromium's managed policy for it), offline_page (the
"cannot reach the server" page in every kiosk language), profile (the dedicated browser profile and the
kiosk's key cookie in it), awake (the screen's sleep by the hours), devtools_pipe and launcher (starting
Chromium and keeping it on the kiosk), install (writing it all, and `screen check`).
"""
