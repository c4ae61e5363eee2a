from __future__ import annotations

from kiosk.visit.qr import printable_guide_url, qr_svg


def test_qr_code_is_an_svg_document() -> None:
    svg = qr_svg("https://www.bankid.no/privat/")
    assert svg.startswith("<svg") and "<path" in svg


def test_printable_guide_url_keeps_only_the_server() -> None:
    assert printable_guide_url("http://server:8501/?kiosk=demo", "library-wifi", "ar") == (
        "http://server:8501/?print=library-wifi&lang=ar"
    )
    assert printable_guide_url("https://kiosk.example.no/", "x", "nb") == "https://kiosk.example.no/?print=x&lang=nb"
