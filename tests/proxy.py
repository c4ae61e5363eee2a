"""nginx with the repository's deploy/nginx.conf, as a plain process on a free 127.0.0.1 port."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from kiosk.settings import PROJECT_ROOT

NGINX_CONF = PROJECT_ROOT / "deploy" / "nginx.conf"
PLACEHOLDER = re.compile(r"\$\{([A-Z_0-9]+)\}")


def render(values: dict[str, str]) -> str:
    """deploy/nginx.conf with its ${NAME} placeholders filled, as envsubst does in compose.yaml."""
    template = NGINX_CONF.read_text(encoding="utf-8")
    body = "\n".join(line for line in template.splitlines() if not line.lstrip().startswith("#"))
    missing = set(PLACEHOLDER.findall(body)) - set(values)
    if missing:
        raise KeyError(f"no value for {sorted(missing)}")
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def nginx_in_front_of(*apps: str) -> Iterator[str]:
    """Start nginx proxying to the app servers (host:port); yields the proxy's base URL."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise RuntimeError("no nginx: apt-get install nginx (bash .ci/run does)")
    runtime = Path(tempfile.mkdtemp(prefix="kiosk-nginx-"))
    # As root nginx's workers run as nobody: they need to write their temporary files here.
    runtime.chmod(0o777)
    port = _free_port()
    conf = runtime / "nginx.conf"
    values = {"PROXY_LISTEN": f"127.0.0.1:{port}", "APP_1": apps[0], "APP_2": apps[1], "PROXY_RUNTIME": str(runtime)}
    conf.write_text(render(values))
    log = open(runtime / "nginx.log", "wb")  # noqa: SIM115 - closed with the process
    check = subprocess.run([binary, "-t", "-p", str(runtime), "-c", str(conf)], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t refused the configuration:\n{check.stderr}")
    process = subprocess.Popen(
        [binary, "-p", str(runtime), "-c", str(conf), "-g", "daemon off;"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"nginx exited: {(runtime / 'nginx.log').read_text()}")
            try:
                if requests.get(f"{base}/_stcore/health", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("nginx did not answer in 20 s")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)
