"""What the load benchmarks share: a gunicorn server, wrk runs, logins, DB sampling.

Everything stays on 127.0.0.1 and every loop is bounded in count and time.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
HOST = "127.0.0.1"


def bench_env(database: str, redis_db: int) -> dict[str, str]:
    """Production-like settings (DEBUG off, plain http) on the bench database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{database}",
        "REDIS_URL": f"redis://{HOST}:6379/{redis_db}",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        # The per-user throttles would turn a load test into a test of 429s.
        "API_THROTTLE_USER": "10000000/min",
        "API_THROTTLE_BULK": "100000/hour",
        "API_THROTTLE_UPLOADS": "100000/min",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }


def manage(env: dict[str, str], *args: str) -> str:
    """Run manage.py with the bench environment; its stdout."""
    done = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return done.stdout


def user_ensure(env: dict[str, str], username: str, password: str, role: str) -> None:
    """A user in one of the product's roles (viewer, reviewer, editor)."""
    code = (
        "from django.contrib.auth import get_user_model\n"
        "from claims.roles import roles_sync\n"
        "from django.contrib.auth.models import Group\n"
        "roles_sync()\n"
        f"u, _ = get_user_model().objects.get_or_create(username={username!r})\n"
        f"u.set_password({password!r}); u.save()\n"
        f"u.groups.set([Group.objects.get(name={role!r})])\n"
    )
    manage(env, "shell", "-c", code)


def api_token(env: dict[str, str], username: str) -> str:
    return manage(env, "create_api_token", username).strip().splitlines()[-1]


class Server:
    """gunicorn on config's WSGI app with the bench settings, stopped by its own pid."""

    def __init__(
        self, env: dict[str, str], port: int, workers: int = 2, threads: int = 1
    ) -> None:
        """`threads` above 1 runs gthread workers (gunicorn's own rule); 1 is sync."""
        self.env, self.port, self.workers, self.threads = env, port, workers, threads
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "config.wsgi",
                "-w",
                str(self.workers),
                "--threads",
                str(self.threads),
                "-b",
                f"{HOST}:{self.port}",
                "--timeout",
                "300",  # a bulk request of 1,000 articles is one long request
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if request(self.port, "GET", "/bench/trivial/")[0] == 200:
                    return self
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 30 s")

    def __exit__(self, *exc: object) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def settle(port: int, limit_ms: float = 100, seconds: float = 120) -> None:
    """Wait until the server answers the trivial view quickly again: sync workers
    still serve the requests a finished wrk run left queued in the backlog."""
    deadline = time.monotonic() + seconds
    fast = 0
    while time.monotonic() < deadline and fast < 3:
        started = time.perf_counter()
        request(port, "GET", "/bench/trivial/", timeout=seconds)
        fast = fast + 1 if (time.perf_counter() - started) * 1000 < limit_ms else 0
        time.sleep(0.2)


def request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 300,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    found = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def session_cookie(port: int, username: str, password: str) -> str:
    """Log in through /login/ with its CSRF token; the Cookie header to send."""
    status, headers, body = request(port, "GET", "/login/")
    cookies = _cookies(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match or "csrftoken" not in cookies:
        raise RuntimeError(f"login page: {status}")
    form = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": match.group(1).decode(),
            "username": username,
            "password": password,
        }
    ).encode()
    status, headers, _ = request(
        port,
        "POST",
        "/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
        },
    )
    cookies |= _cookies(headers)
    if status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login failed: {status}")
    return f"sessionid={cookies['sessionid']}"


# wrk reports its own latency histogram; done() prints it as one JSON line.
WRK_SCRIPT = """
local paths = {%(paths)s}
local headers = {%(headers)s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n %% #paths) + 1], headers)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "seconds": %%f, "p50": %%f, "p95": %%f, "p99": %%f, '
    .. '"errors": %%d, "non2xx": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end
"""


def wrk(
    port: int,
    paths: list[str],
    *,
    connections: int,
    seconds: int,
    headers: dict[str, str] | None = None,
) -> dict:
    """One bounded wrk run: requests/s and p50/p95/p99 in milliseconds."""
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install -y wrk")
    lua = WRK_SCRIPT % {
        "paths": ", ".join(json.dumps(p) for p in paths),
        "headers": ", ".join(
            f"[{json.dumps(k)}] = {json.dumps(v)}" for k, v in (headers or {}).items()
        ),
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        done = subprocess.run(
            [
                "wrk",
                "-t",
                str(min(2, connections)),
                "-c",
                str(connections),
                "-d",
                f"{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                f"http://{HOST}:{port}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(script.name)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stdout} {done.stderr}")
    result = json.loads(line.removeprefix("WRKJSON "))
    result["rps"] = result["requests"] / result["seconds"]
    return result


@contextlib.contextmanager
def pg_connections(database: str, every: float = 0.25) -> Iterator[list[int]]:
    """Sample connections to `database` while the block runs; the samples list."""
    samples: list[int] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set() and len(samples) < 100_000:
            out = subprocess.run(
                [
                    "psql",
                    "-h",
                    HOST,
                    "-U",
                    "postgres",
                    "-d",
                    "postgres",
                    "-Atc",
                    "SELECT count(*) FROM pg_stat_activity "
                    f"WHERE datname = '{database}'",
                ],
                capture_output=True,
                text=True,
                timeout=10,
            )
            if out.returncode == 0:
                samples.append(int(out.stdout.strip()))
            stop.wait(every)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield samples
    finally:
        stop.set()
        thread.join(timeout=15)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
