"""compose.yaml cannot run here (no container engine): it must at least run the tested proxy configuration."""

from __future__ import annotations

import re

import yaml

from kiosk.settings import PROJECT_ROOT
from tests.proxy import NGINX_CONF, PLACEHOLDER, render

COMPOSE = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_runs_the_tested_nginx_configuration_with_every_placeholder_filled() -> None:
    proxy = COMPOSE["services"]["proxy"]
    assert "./deploy/nginx.conf:/etc/nginx/kiosk.conf.template:ro" in proxy["volumes"]
    command = " ".join(proxy["command"])
    substituted = set(re.findall(r"\$\$\{([A-Z_0-9]+)\}", command))
    assert substituted == set(PLACEHOLDER.findall(NGINX_CONF.read_text(encoding="utf-8"))) == set(proxy["environment"])
    render(proxy["environment"])  # every placeholder has a value


def test_compose_proxies_to_its_two_app_replicas_on_the_image_port() -> None:
    services = COMPOSE["services"]
    upstreams = {services["proxy"]["environment"][name] for name in ("APP_1", "APP_2")}
    assert upstreams == {"app1:8501", "app2:8501"}
    assert "EXPOSE 8501" in (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")
    for name in ("app1", "app2"):
        assert services[name]["environment"]["KIOSK_DATABASE_URL"].startswith("postgresql+psycopg://")
        assert services[name]["volumes"] == ["data:/data"]  # one shared data volume: guides, key, audio
