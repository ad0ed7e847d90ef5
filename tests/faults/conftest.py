"""Real processes for the fault tests: a private redis-server and celery workers.

The workers are separate processes, so they read the pytest-django test database
through their own DATABASE_URL and only see committed rows: the tests use
`transactional_db`. Everything listens on 127.0.0.1 and is stopped at teardown;
the machine's shared PostgreSQL and Redis are never touched beyond the test database.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from claims.models import Article
from config.celery import app as celery_app

REPO = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")
WORKER_APP_NAME = "tally-fault-worker"
ALL_QUEUES = "parse,webhooks,exports,maintenance"


def _need(condition: bool, reason: str) -> None:
    """Skip on a developer machine; in CI (CI set) a missing prerequisite fails."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the fault tests: {reason}")
    pytest.skip(reason)


@pytest.fixture
def prerequisites(transactional_db) -> None:
    _need(connection.vendor == "postgresql", "needs PostgreSQL (set DATABASE_URL)")
    _need(shutil.which("redis-server") is not None, "needs the redis-server binary")
    _need(CELERY.exists(), f"needs {CELERY}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A throwaway redis-server without persistence: a restart loses every queue."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        log = open(self.workdir / f"redis-{self.port}.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_until(self.ping, seconds=10, what="redis-server to answer")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), 0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


@pytest.fixture
def redis_server(prerequisites, tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class Worker:
    """`celery -A config worker` in its own process group, logging to a file."""

    def __init__(self, *, name: str, env: dict[str, str], workdir: Path) -> None:
        self.name = name
        self.env = env
        self.log_path = workdir / f"worker-{name}.log"
        self.workdir = workdir
        self.process: subprocess.Popen | None = None

    def start(
        self, *, queues: str = ALL_QUEUES, concurrency: int = 2, beat: bool = False
    ) -> Worker:
        self.log_path.write_bytes(b"")
        args = [str(CELERY), "-A", "config", "worker", "-n", f"{self.name}@%h"]
        args += ["-Q", queues, "-c", str(concurrency), "-l", "INFO"]
        args += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        args += ["-I", "tests.faults.hooks"]
        if beat:
            args += ["--beat", "-s", str(self.workdir / f"beat-{self.name}")]
        self.process = subprocess.Popen(
            args,
            cwd=REPO,
            env=self.env,
            stdout=open(self.log_path, "ab"),  # noqa: SIM115
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg takes all
        )
        wait_until(
            lambda: " ready." in self.log() or self.process.poll() is not None,
            seconds=60,
            what=f"worker {self.name} to start",
        )
        assert self.process.poll() is None, self.log()
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def pool_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def kill_pool_process(self) -> bool:
        """SIGKILL one pool process (the parent forks a new one); False if none."""
        for pid in self.pool_pids():
            try:
                os.kill(pid, signal.SIGKILL)
                return True
            except ProcessLookupError:
                continue
        return False

    def kill(self) -> None:
        """SIGKILL the whole worker: parent and pool processes, no goodbye."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self._signal_group(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self._signal_group(signal.SIGKILL)
            self.process.wait(10)

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass


def worker_env(redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a worker on the test database and the private Redis."""
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    database_url = (
        f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
        f"{db['NAME']}?application_name={WORKER_APP_NAME}"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PYTHONPATH=str(REPO),
        DEBUG="true",
        LOG_LEVEL="WARNING",
        PARSE_STALE_AFTER_SECONDS="2",
        PARSE_SWEEP_EVERY_SECONDS="1",
        FAULTS_SLOW_PARSE_SECONDS="3",
    )
    env.update(extra)
    return env


@pytest.fixture
def start_worker(
    redis_server: RedisServer, tmp_path: Path
) -> Iterator[Callable[..., Worker]]:
    workers: list[Worker] = []

    def start(name: str = "w1", **options) -> Worker:
        worker = Worker(name=name, env=worker_env(redis_server.url), workdir=tmp_path)
        workers.append(worker)
        return worker.start(**options)

    yield start
    for worker in workers:
        worker.stop()
    terminate_worker_backends()  # the test database is flushed and dropped next


def terminate_worker_backends() -> int:
    """Cut the workers' PostgreSQL connections to the test database; how many."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND application_name = %s",
            [WORKER_APP_NAME],
        )
        return cursor.fetchone()[0]


@contextmanager
def publishing_to(broker_url: str) -> Iterator[None]:
    """Make this process (the web side) queue tasks on the private Redis."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager

    def reconnect() -> None:
        # The app caches its connection pools; drop them so the next send connects
        # to the broker now configured.
        if celery_app._pool is not None:
            celery_app._pool.force_close_all()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.broker_url, conf.task_always_eager = broker_url, False
    reconnect()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager = saved
        reconnect()


def wait_until(
    condition: Callable[[], bool], *, seconds: float, what: str, every: float = 0.2
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {seconds}s waiting for {what}")


def status_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for status in Article.objects.values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts


def wait_all_settled(expected: int, seconds: float) -> None:
    """Wait until `expected` articles exist and none is pending or parsing."""

    def settled() -> bool:
        return (
            Article.objects.count() == expected
            and not Article.objects.awaiting_parse().exists()
        )

    try:
        wait_until(settled, seconds=seconds, what="every article to settle")
    except AssertionError as exc:
        raise AssertionError(f"{exc}: {status_counts()}") from None
