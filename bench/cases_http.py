"""HTTP side of the case-engine benchmark: a gunicorn server and logged-in clients on 127.0.0.1.

Clients are Python threads, one persistent `http.client` connection each (it
reconnects by itself when a sync worker closes the connection), keeping only
the session and CSRF cookies. The `messages` cookie that a task action sets is
dropped, as if the browser had shown it on the page the redirect leads to;
otherwise every POST would carry a growing cookie the real user never sends.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ServerConfig:
    workers: int
    worker_class: str = "sync"
    threads: int = 1
    conn_max_age: int = 600
    app_root: Path = ROOT

    def describe(self) -> str:
        threads = f" x {self.threads} threads" if self.worker_class == "gthread" else ""
        where = "" if self.app_root == ROOT else f", code from {self.app_root}"
        return (
            f"gunicorn {self.workers} {self.worker_class} workers{threads}, 127.0.0.1, "
            f"SIGAP_DB_CONN_MAX_AGE={self.conn_max_age}{where}"
        )


class CpuMeter:
    """CPU seconds spent by the gunicorn processes, the PostgreSQL backends of the bench database
    and this client process during a phase.

    Wall-clock numbers move with whatever else runs on the machine; CPU per
    request barely does, so it is the steadier basis for comparing two runs.
    """

    _HZ = os.sysconf("SC_CLK_TCK")

    def __init__(self, *, server_pid: int, conninfo: str):
        self.server_pid = server_pid
        self.conninfo = conninfo

    @classmethod
    def _cpu(cls, pid: int) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return 0.0
        return (int(fields[11]) + int(fields[12])) / cls._HZ  # utime + stime

    def _server_pids(self) -> list[int]:
        pids, todo = [], [self.server_pid]
        while todo:
            pid = todo.pop()
            pids.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*"):
                try:
                    todo.extend(int(p) for p in (task / "children").read_text().split())
                except (FileNotFoundError, ProcessLookupError):
                    pass
        return pids

    def _db_pids(self) -> list[int]:
        import psycopg

        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            return [
                row[0]
                for row in conn.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]

    def snapshot(self) -> dict:
        return {
            "app": {pid: self._cpu(pid) for pid in self._server_pids()},
            "db": {pid: self._cpu(pid) for pid in self._db_pids()},
            "client": time.process_time(),
        }

    def since(self, before: dict, requests: int) -> dict:
        after = self.snapshot()
        app = sum(cpu - before["app"].get(pid, 0.0) for pid, cpu in after["app"].items())
        db = sum(cpu - before["db"].get(pid, 0.0) for pid, cpu in after["db"].items())
        client = after["client"] - before["client"]
        per = 1000 / max(requests, 1)
        return {
            "app_cpu_s": round(app, 2),
            "db_cpu_s": round(db, 2),
            "client_cpu_s": round(client, 2),
            "app_cpu_ms_per_request": round(app * per, 2),
            "db_cpu_ms_per_request": round(db * per, 2),
            "server_cpu_ms_per_request": round((app + db) * per, 2),
        }


@contextmanager
def gunicorn(config: ServerConfig, *, database_url: str, log_path: Path):
    """Start gunicorn with bench.settings_bench; always stop it (and only it) on the way out.

    Yields (port, master pid)."""
    port = free_port()
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="bench.settings_bench",
        DATABASE_URL=database_url,
        SIGAP_DB_CONN_MAX_AGE=str(config.conn_max_age),
        SIGAP_DEBUG="0",
        SIGAP_LOG_LEVEL="WARNING",
        PYTHONPATH=os.pathsep.join(dict.fromkeys([str(config.app_root), str(ROOT)])),
    )
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "sigap.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(config.workers),
        "--worker-class",
        config.worker_class,
        "--threads",
        str(config.threads),
        "--chdir",
        str(config.app_root),
        "--timeout",
        "120",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
        "--backlog",
        "256",
    ]
    log = open(log_path, "ab")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        _wait_ready(port, process)
        yield port, process.pid
    finally:
        _stop(process)
        log.close()


def _wait_ready(port: int, process: subprocess.Popen, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see its log")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/bench/floor-read/")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within a minute")


def _stop(process: subprocess.Popen):
    """TERM the master we started (it stops its workers), then KILL its process group if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
    try:  # workers orphaned by a crashed master are still in the group we created
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Session:
    """One logged-in staff member on one connection."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict, bytes]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # a keep-alive connection the server closed between requests: once more on a new one
            self.conn.close()
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                if name in ("sessionid", "csrftoken"):
                    self.cookies[name] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), content

    def login(self, username: str, password: str):
        status, _h, page = self.request("GET", "/masuk/")
        token = _TOKEN.search(page.decode())
        if status != 200 or not token:
            raise RuntimeError(f"login page: HTTP {status}")
        status, _headers, _b = self.request(
            "POST",
            "/masuk/",
            {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/"},
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username} failed: HTTP {status}")

    def fetch_token(self, path: str):
        """The CSRF token of a form on a page, once; it stays valid for the session."""
        status, _h, page = self.request("GET", path)
        token = _TOKEN.search(page.decode())
        if status != 200 or not token:
            raise RuntimeError(f"no CSRF token on {path} (HTTP {status})")
        self.token = token.group(1)

    def close(self):
        self.conn.close()


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)  # seconds
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    wall: float = 0.0

    def add(self, seconds: float, status: int):
        self.latencies.append(seconds)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def merge(self, other: Sample):
        self.latencies.extend(other.latencies)
        for key, value in other.statuses.items():
            self.statuses[key] = self.statuses.get(key, 0) + value
        self.errors.extend(other.errors)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        n = len(lat)
        if not n:
            return {"requests": 0, "errors": self.errors[:5]}

        def pct(p):
            return lat[min(n - 1, max(0, round(p / 100 * n + 0.5) - 1))] * 1000

        return {
            "requests": n,
            "wall_s": round(self.wall, 3),
            "rps": round(n / self.wall, 1) if self.wall else None,
            "p50_ms": round(pct(50), 2),
            "p95_ms": round(pct(95), 2),
            "p99_ms": round(pct(99), 2),
            "max_ms": round(lat[-1] * 1000, 2),
            "mean_ms": round(statistics.fmean(lat) * 1000, 2),
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "errors": self.errors[:5],
        }


def run_sequential(session: Session, path: str, count: int) -> Sample:
    sample = Sample()
    started = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        status, _h, _body = session.request("GET", path)
        sample.add(time.perf_counter() - t0, status)
    sample.wall = time.perf_counter() - started
    return sample


def _send(session: Session, sample: Sample, method: str, path: str, body: dict | None, *, since: float):
    """One request, its latency counted from `since`; a failure is counted and the connection reopened."""
    try:
        status, _h, _body = session.request(method, path, body)
    except Exception as exc:
        sample.errors.append(f"{type(exc).__name__}: {exc}")
        session.conn.close()
        return
    sample.add(time.perf_counter() - since, status)


def _in_threads(count: int, work, *, release, time_limit: float) -> Sample:
    """work(index, sample) in `count` threads, all let go at once after `release()` (which returns when the
    wall clock starts); the samples merged, `wall` running to the last thread's end."""
    barrier = threading.Barrier(count + 1)
    samples = [Sample() for _ in range(count)]

    def worker(index: int):
        barrier.wait()
        work(index, samples[index])

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    started = release()
    barrier.wait()
    for thread in threads:
        thread.join(time_limit + 120)
    total = Sample()
    for sample in samples:
        total.merge(sample)
    total.wall = time.perf_counter() - started
    return total


def run_concurrent(
    sessions: list[Session], jobs: list[list[tuple[str, str, dict | None]]], *, time_limit: float = 600.0
) -> Sample:
    """Each session works through its own list of (method, path, body) as fast as it can, all at once.

    Throughput is requests over the wall time from the common start to the last
    client's end; no request starts after `time_limit`.
    """
    deadline = [0.0]

    def work(index: int, sample: Sample):
        for method, path, body in jobs[index]:
            if time.perf_counter() > deadline[0]:
                sample.errors.append("time limit reached")
                break
            _send(sessions[index], sample, method, path, body, since=time.perf_counter())

    def release() -> float:
        deadline[0] = time.perf_counter() + time_limit
        return time.perf_counter()

    return _in_threads(len(sessions), work, release=release, time_limit=time_limit)


def run_paced(
    sessions: list[Session], jobs: list[list[tuple[str, str, dict | None]]], *, rate: float, time_limit: float = 600.0
) -> Sample:
    """Open loop: requests go out on a fixed schedule, `rate` per second over all sessions.

    Latency counts from the scheduled start, so a request that had to wait for
    the previous one on its connection carries that wait (no coordinated omission).
    """
    count = len(sessions)
    interval = count / rate  # seconds between two requests of one session
    start = [0.0]

    def work(index: int, sample: Sample):
        for number, (method, path, body) in enumerate(jobs[index]):
            scheduled = start[0] + (number + index / count) * interval
            if scheduled - start[0] > time_limit:
                sample.errors.append("time limit reached")
                break
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            _send(sessions[index], sample, method, path, body, since=scheduled)

    def release() -> float:
        start[0] = time.perf_counter() + 0.05
        return start[0]

    return _in_threads(count, work, release=release, time_limit=time_limit)
