"""Harness for the stock-Prefect-client compatibility suite.

Everything a test needs besides the fixtures in conftest.py:

* ``PraetorServer``  starts ``node dist/src/main.js`` on a free 127.0.0.1 port with a temporary data
  directory and a fixed bootstrap key, parses the ``PREFECT_*=`` lines it prints and stops it
  (SIGTERM, then SIGKILL after a timeout).
* ``ClientEnv``      one way of pointing the stock client at that server (Cloud mode or OSS mode):
  the environment for client subprocesses, ``run_flow()`` / ``run_python()`` and REST reads.
* ``RunResult``      what a client subprocess did: exit code, output, every HTTP request it made, and
  the client's own warnings that events or logs were lost (``client_trouble()``).
* ``RestApi``        REST reads with httpx (which prefect-client depends on).
* ``EventLog``       reads Praetor's event log, ``$PRAETOR_DATA_DIR/events.sqlite``, read-only.

The pytest process itself never imports prefect: the client only runs in subprocesses, exactly as
a user would run it.
"""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, TypeVar

import httpx

COMPAT_DIR = Path(__file__).resolve().parent
REPO_ROOT = COMPAT_DIR.parent.parent
#: The server under test: dist/src/main.js, or another build named by PRAETOR_COMPAT_MAIN_JS.
MAIN_JS = Path(os.environ["PRAETOR_COMPAT_MAIN_JS"]).resolve() if os.environ.get("PRAETOR_COMPAT_MAIN_JS") else REPO_ROOT / "dist" / "src" / "main.js"
FLOWS_DIR = COMPAT_DIR / "flows"
RUNNER = COMPAT_DIR / "_run_flow.py"
#: The full `prefect` package (CLI, workers), installed by scripts/compat.mjs from requirements-cli.txt.
CLI_VENV = COMPAT_DIR / ".venv-cli"
CLI_PYTHON = CLI_VENV / "bin" / "python"
PREFECT_CLI = CLI_VENV / "bin" / "prefect"

#: Short server loops, so scheduled runs, late runs and worker/queue status show up within seconds.
SERVER_FAST_LOOPS = {"PRAETOR_SCHEDULER_LOOP_SECONDS": "1", "PRAETOR_MONITOR_LOOP_SECONDS": "1"}
#: Short client loops for runners (flow.serve) and workers.
CLIENT_FAST_POLLS = {
    "PREFECT_RUNNER_POLL_FREQUENCY": "1",
    "PREFECT_WORKER_QUERY_SECONDS": "1",
    "PREFECT_WORKER_PREFETCH_SECONDS": "5",
    "PREFECT_WORKER_HEARTBEAT_SECONDS": "5",
    "PREFECT_WORKER_CANCELLATION_POLL_SECONDS": "2",
}
#: The server's own actor (src/shared/application/principal.ts SYSTEM_ACTOR): scheduler, monitors.
SYSTEM_ACTOR_TYPE = "system"

#: The first owner's key (``pnu_`` + 36 letters/digits), handed to Praetor as PRAETOR_BOOTSTRAP_API_KEY.
BOOTSTRAP_API_KEY = "pnu_praetorCompatSuite0123456789abcdefgh"
assert re.fullmatch(r"pnu_[A-Za-z0-9]{36}", BOOTSTRAP_API_KEY)

STATE_TYPES = frozenset(
    {"SCHEDULED", "PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED", "CRASHED", "PAUSED", "CANCELLING"}
)
FLOW_RUN_MARKER = re.compile(r"^PRAETOR_COMPAT_FLOW_RUN id=(\S+) flow=(\S+) run_count=(\S+)$", re.M)

T = TypeVar("T")


# --------------------------------------------------------------------------------------------------
# Client output check: the stock client's own words for "events or logs did not reach the server".
# Read from prefect-client 3.9.0:
#   prefect/events/clients.py          PrefectEventsClient._log_connection_error, _auth_handshake
#   prefect/events/utilities.py        emit_event
#   prefect/logging/handlers.py        APILogWorker._handle_batch
#   prefect/_internal/concurrency/services.py   QueueService._run/_main_loop/send, BatchedQueueService
#   prefect/_internal/control_listener.py       (runner only)
# --------------------------------------------------------------------------------------------------
CLIENT_TROUBLE_STRINGS: tuple[tuple[str, str], ...] = (
    # events socket: all reconnection attempts failed / handshake refused (404, 401, ...)
    ("Unable to connect to", "events client could not connect to /events/in"),
    ("may be lost", "events client says event data (including task run data) may be lost"),
    ("Unable to authenticate to the event stream", "events socket auth handshake failed"),
    # log worker: POST /logs/ failed (followed by the HTTP error text)
    ("--- Error logging to API ---", "log worker could not send a batch to POST /logs/"),
    # queue services (EventsWorker, APILogWorker): item/batch lost, service died, queue full
    ("failed to process item", "a client queue service (EventsWorker) lost an item"),
    ("failed to process batch", "a client queue service (APILogWorker) lost a batch"),
    ("pending items", "a client queue service died with pending items"),
    ("dropping item", "a client queue service dropped an item (queue full)"),
    ("dropped", "the client says something was dropped"),
    ("Error emitting event", "emit_event failed"),
    ("Failed to send", "the client failed to send something"),
)
#: Lines naming the background workers are trouble, except the harmless shutdown progress note.
WORKER_NAMES = ("EventsWorker", "APILogWorker")
WORKER_BENIGN = ("Still processing items",)
#: A traceback whose frames pass through these files comes from the events or log machinery.
WORKER_TRACEBACK_PATHS = (
    "prefect/events/",
    "prefect/logging/handlers.py",
    "prefect/_internal/concurrency/services.py",
)


def client_trouble(output: str) -> list[str]:
    """Every sign in the client's output that events or logs were dropped or could not be sent."""
    found: list[str] = []
    seen_lines: set[str] = set()
    flat = re.sub(r"\s+", " ", output)  # rich wraps long console lines
    for needle, meaning in CLIENT_TROUBLE_STRINGS:
        if needle in output or needle in flat:
            line = next((ln for ln in output.splitlines() if needle in ln), None) or _around(flat, needle)
            if line not in seen_lines:
                seen_lines.add(line)
                found.append(f"{meaning}: {line.strip()[:400]}")
    for ln in output.splitlines():
        if any(w in ln for w in WORKER_NAMES) and not any(b in ln for b in WORKER_BENIGN) and ln not in seen_lines:
            seen_lines.add(ln)
            found.append(f"client background worker reported: {ln.strip()[:400]}")
    for block in re.split(r"(?=Traceback \(most recent call last\):)", output):
        if block.startswith("Traceback") and any(p in block for p in WORKER_TRACEBACK_PATHS):
            last = [ln for ln in block.splitlines() if ln.strip()][-1]
            found.append(f"traceback from the client's events/log machinery: {last.strip()[:400]}")
    return found


def _around(text: str, needle: str, width: int = 200) -> str:
    i = text.find(needle)
    return text[max(0, i - width // 2) : i + len(needle) + width]


# --------------------------------------------------------------------------------------------------
# Small utilities
# --------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def eventually(check: Callable[[], T], timeout: float = 20.0, interval: float = 0.25) -> T:
    """Retry ``check`` until it stops raising AssertionError (server-side work can lag a finished run)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return check()
        except AssertionError:
            if time.monotonic() >= deadline:
                raise
        time.sleep(interval)


def tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.splitlines()[-lines:])


def find_state(data: Any) -> Optional[dict]:
    """The (new) state carried by a stored event's data, whatever the exact JSON shape.

    Looks for a dict with ``type`` in the Prefect state types, preferring ``validated_state`` /
    ``state``-like keys and never taking the previous (``initial``/``from``) state.
    Flat shapes (``stateType``/``state_type`` next to ``stateName``...) are accepted too.
    """
    prefer = ("validated_state", "validatedState", "state", "newState", "new_state", "to")
    skip = ("initial_state", "initialState", "previous_state", "previousState", "from", "intended")

    def is_state(d: Any) -> bool:
        return isinstance(d, dict) and d.get("type") in STATE_TYPES

    def flat(d: dict) -> Optional[dict]:
        for tk, nk, tsk in (("stateType", "stateName", "stateTimestamp"), ("state_type", "state_name", "state_timestamp")):
            if d.get(tk) in STATE_TYPES:
                return {"type": d[tk], "name": d.get(nk), "timestamp": d.get(tsk) or d.get("timestamp") or d.get("occurred")}
        return None

    def walk(d: Any, depth: int) -> Optional[dict]:
        if depth > 6 or not isinstance(d, dict):
            return None
        for k in prefer:
            if is_state(d.get(k)):
                return d[k]
        if is_state(d):
            return d
        f = flat(d)
        if f:
            return f
        for k, v in d.items():
            if k in skip:
                continue
            if isinstance(v, dict):
                got = walk(v, depth + 1)
                if got:
                    return got
        return None

    return walk(data, 0)


def parse_ts(value: Any) -> float:
    """ISO 8601 (Z or offset, any fraction length) → POSIX seconds."""
    from datetime import datetime

    s = str(value).strip().replace(" ", "T")
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    m = re.match(r"^(.*T\d\d:\d\d:\d\d)(\.\d+)?(.*)$", s)
    if m:  # fromisoformat on 3.10 wants 3 or 6 fraction digits
        frac = (m.group(2) or ".0")[1:]
        s = f"{m.group(1)}.{(frac + '000000')[:6]}{m.group(3)}"
    return datetime.fromisoformat(s).timestamp()


# --------------------------------------------------------------------------------------------------
# Praetor process
# --------------------------------------------------------------------------------------------------
class PraetorServer:
    """A real Praetor (``node dist/src/main.js``) on 127.0.0.1 with its own data directory."""

    START_TIMEOUT = 60.0
    STOP_TIMEOUT = 15.0

    def __init__(self, workdir: Path, api_key: str = BOOTSTRAP_API_KEY, log_level: str = "info", extra_env: Optional[dict[str, str]] = None) -> None:
        self.workdir = workdir
        self.extra_env = dict(SERVER_FAST_LOOPS if extra_env is None else extra_env)
        self.data_dir = workdir / "data"
        self.log_path = workdir / "praetor.log"
        self.api_key = api_key
        self.log_level = log_level
        self.port = 0
        self.proc: Optional[subprocess.Popen[str]] = None
        self.printed: dict[str, str] = {}
        self._lines: list[str] = []
        self._reader: Optional[threading.Thread] = None
        self.exit_code: Optional[int] = None

    # -- derived URLs -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def cloud_api_url(self) -> str:
        return self.printed["PREFECT_CLOUD_API_URL"]

    @property
    def workspace_api_url(self) -> str:
        return self.printed["PREFECT_API_URL"]

    @property
    def oss_api_url(self) -> str:
        return f"{self.base_url}/api"

    @property
    def events_db(self) -> Path:
        return self.data_dir / "events.sqlite"

    def log_tail(self, lines: int = 40) -> str:
        return tail("\n".join(self._lines), lines)

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self) -> "PraetorServer":
        if not MAIN_JS.exists():
            raise RuntimeError(f"{MAIN_JS} is missing: run `npm run build` first")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        last_error = ""
        for _attempt in range(3):  # a free port can be taken between probing and listening
            self.port = free_port()
            try:
                self._spawn()
                return self
            except RuntimeError as e:
                last_error = str(e)
                self.stop()
                if "EADDRINUSE" not in last_error:
                    break
        raise RuntimeError(last_error)

    def _spawn(self) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PRAETOR_", "EVENTSTORE_", "MONGODB_", "PREFECT_"))}
        env.update(
            PRAETOR_HOST="127.0.0.1",
            PRAETOR_PORT=str(self.port),
            PRAETOR_DATA_DIR=str(self.data_dir),
            PRAETOR_LOG_LEVEL=self.log_level,
            PRAETOR_BOOTSTRAP_API_KEY=self.api_key,
        )
        env.update(self.extra_env)
        self.printed = {}
        self._lines = []
        log = self.log_path.open("a", encoding="utf-8")
        log.write(f"--- node {MAIN_JS} on port {self.port}\n")
        self.proc = subprocess.Popen(
            ["node", "--enable-source-maps", str(MAIN_JS)],
            cwd=str(REPO_ROOT),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            bufsize=1,
        )
        printed_line = re.compile(r"^(PREFECT_CLOUD_API_URL|PREFECT_API_URL|PREFECT_API_KEY)=(\S+)\s*$")

        def read(stream: Any) -> None:
            with log:
                for line in stream:
                    log.write(line)
                    log.flush()
                    self._lines.append(line.rstrip("\n"))
                    m = printed_line.match(line)
                    if m:
                        self.printed[m.group(1)] = m.group(2)

        self._reader = threading.Thread(target=read, args=(self.proc.stdout,), daemon=True)
        self._reader.start()

        deadline = time.monotonic() + self.START_TIMEOUT
        wanted = {"PREFECT_CLOUD_API_URL", "PREFECT_API_URL", "PREFECT_API_KEY"}
        while not wanted <= self.printed.keys():
            if self.proc.poll() is not None:
                self._reader.join(timeout=5)
                raise RuntimeError(f"Praetor exited with {self.proc.returncode} before printing its PREFECT_* lines:\n{self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Praetor printed no PREFECT_* lines within {self.START_TIMEOUT:.0f} s:\n{self.log_tail()}")
            time.sleep(0.05)
        if self.printed["PREFECT_API_KEY"] != self.api_key:
            raise RuntimeError(f"Praetor printed PREFECT_API_KEY={self.printed['PREFECT_API_KEY']}, not the bootstrap key")
        with httpx.Client(trust_env=False, timeout=5) as http:
            while True:
                try:
                    if http.get(f"{self.base_url}/api/health").status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Praetor never answered GET /api/health:\n{self.log_tail()}")
                time.sleep(0.1)

    def assert_alive(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            code = None if self.proc is None else self.proc.returncode
            raise AssertionError(f"Praetor is not running (exit code {code}); last lines of {self.log_path}:\n{self.log_tail()}")

    def stop(self) -> Optional[int]:
        """SIGTERM, then SIGKILL after STOP_TIMEOUT seconds. Returns the exit code."""
        proc = self.proc
        if proc is None:
            return None
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout=self.STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        if self._reader is not None:
            self._reader.join(timeout=5)
        self.exit_code = proc.returncode
        self.proc = None
        return self.exit_code


# --------------------------------------------------------------------------------------------------
# REST reads
# --------------------------------------------------------------------------------------------------
class ApiError(Exception):
    """A REST call answered with an unexpected status. Not an AssertionError: ``eventually`` does
    not retry it, so a missing endpoint fails the test at once with its status and path."""


class RestApi:
    def __init__(self, base_url: str, headers: dict[str, str]) -> None:
        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(base_url=self.base_url + "/", headers=headers, timeout=30, trust_env=False)

    def close(self) -> None:
        self.http.close()

    def request(self, method: str, path: str, json_body: Any = None, params: Optional[dict] = None) -> httpx.Response:
        return self.http.request(method, path, json=json_body, params=params)

    def call(self, method: str, path: str, json_body: Any = None, params: Optional[dict] = None, ok: Iterable[int] = (200, 201, 204)) -> Any:
        r = self.request(method, path, json_body, params)
        if r.status_code not in tuple(ok):
            raise ApiError(f"REST {r.status_code} {method} {path}: {r.text[:500]}")
        if r.status_code == 204 or not r.content:
            return None
        return r.json()

    def get(self, path: str, **params: Any) -> Any:
        return self.call("GET", path, params=params or None)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, body if body is not None else {})

    # -- Prefect shapes (prefect-api.md §6/§7) ------------------------------------------------
    def flow_run(self, flow_run_id: str) -> dict:
        return self.get(f"/flow_runs/{flow_run_id}")

    def flow_runs(self, flow_name: Optional[str] = None, **flow_run_filter: Any) -> list[dict]:
        body: dict[str, Any] = {"sort": "EXPECTED_START_TIME_ASC", "limit": 200, "offset": 0}
        if flow_name:
            body["flows"] = {"name": {"any_": [flow_name]}}
        if flow_run_filter:
            body["flow_runs"] = flow_run_filter
        return self.post("/flow_runs/filter", body)

    def flow_run_states(self, flow_run_id: str) -> list[dict]:
        states = self.get("/flow_run_states/", flow_run_id=flow_run_id)
        return sorted(states, key=lambda s: parse_ts(s["timestamp"]))

    def task_runs(self, flow_run_id: str) -> list[dict]:
        """Every task run of a flow run, paging with limit 200."""
        out: list[dict] = []
        while True:
            page = self.post(
                "/task_runs/filter",
                {"task_runs": {"flow_run_id": {"any_": [flow_run_id]}}, "sort": "EXPECTED_START_TIME_ASC", "limit": 200, "offset": len(out)},
            )
            _extend_page(out, page, "/task_runs/filter")
            if len(page) < 200:
                return out

    def task_run(self, task_run_id: str) -> dict:
        return self.get(f"/task_runs/{task_run_id}")

    def task_run_states(self, task_run_id: str) -> list[dict]:
        states = self.get("/task_run_states/", task_run_id=task_run_id)
        return sorted(states, key=lambda s: parse_ts(s["timestamp"]))

    def logs(self, flow_run_id: str, page_size: int = 200) -> list[dict]:
        """Every log of a flow run through POST /logs/filter, paging with ``page_size``."""
        out: list[dict] = []
        while True:
            page = self.post(
                "/logs/filter",
                {"logs": {"flow_run_id": {"any_": [flow_run_id]}}, "sort": "TIMESTAMP_ASC", "limit": page_size, "offset": len(out)},
            )
            if len(page) > page_size:
                raise AssertionError(f"POST /logs/filter returned {len(page)} logs for limit {page_size}")
            _extend_page(out, page, "/logs/filter")
            if len(page) < page_size:
                return out


def _extend_page(out: list[dict], page: list[dict], path: str) -> None:
    seen = {item.get("id") for item in out}
    repeated = [item.get("id") for item in page if item.get("id") in seen]
    if repeated:
        raise ApiError(f"POST {path} paging: offset {len(out)} returned items already seen ({len(repeated)} of {len(page)})")
    out.extend(page)


# --------------------------------------------------------------------------------------------------
# Event log
# --------------------------------------------------------------------------------------------------
@dataclass
class StoredEvent:
    position: int
    id: str
    stream: str
    revision: int
    type: str
    data: Any
    metadata: Any
    recorded_at: str

    @property
    def actor(self) -> dict:
        return (self.metadata or {}).get("actor") or {}

    @property
    def state(self) -> Optional[dict]:
        return find_state(self.data)


class EventLog:
    """Reads ``events.sqlite`` with Python's sqlite3 through a read-only URI."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self, stream: Optional[str] = None, stream_prefix: Optional[str] = None, types: Optional[Iterable[str]] = None) -> list[StoredEvent]:
        if not self.path.exists():
            raise AssertionError(f"event log {self.path} does not exist")
        where, args = [], []
        if stream is not None:
            where.append("stream = ?")
            args.append(stream)
        if stream_prefix is not None:
            where.append("substr(stream, 1, ?) = ?")
            args += [len(stream_prefix), stream_prefix]
        if types is not None:
            types = list(types)
            where.append(f"type IN ({','.join('?' * len(types))})")
            args += types
        sql = "SELECT position, id, stream, revision, type, data, metadata, recorded_at FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY position"
        con = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            rows = con.execute(sql, args).fetchall()
        finally:
            con.close()
        return [StoredEvent(r[0], r[1], r[2], r[3], r[4], _json(r[5]), _json(r[6]), r[7]) for r in rows]

    def for_id(self, entity_id: str) -> list[StoredEvent]:
        """Every event on a stream ``<category>-<entity_id>``, whatever the category."""
        return [e for e in self._query("instr(stream, ?) > 0", [f"-{entity_id}"]) if e.stream.endswith(f"-{entity_id}")]

    def mentioning(self, text: str) -> list[StoredEvent]:
        """Every event whose data (JSON text) contains ``text``."""
        return self._query("instr(data, ?) > 0", [text])

    def _query(self, where: str, args: list[Any]) -> list[StoredEvent]:
        if not self.path.exists():
            raise AssertionError(f"event log {self.path} does not exist")
        sql = f"SELECT position, id, stream, revision, type, data, metadata, recorded_at FROM events WHERE {where} ORDER BY position"
        con = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            rows = con.execute(sql, args).fetchall()
        finally:
            con.close()
        return [StoredEvent(r[0], r[1], r[2], r[3], r[4], _json(r[5]), _json(r[6]), r[7]) for r in rows]


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, (str, bytes)) else text
    except ValueError:
        return text


# --------------------------------------------------------------------------------------------------
# Client subprocesses
# --------------------------------------------------------------------------------------------------
#: Non-2xx answers the client expects and handles (not worth reporting as "first failing request").
TOLERATED = (
    (re.compile(r"/csrf-token(\?|$)"), {404, 422}),
)


@dataclass(repr=False)
class RunResult:
    label: str
    returncode: Optional[int]
    stdout: str
    stderr: str
    requests: list[dict]
    duration: float
    api_url: str
    timed_out: bool = False
    run_dir: Optional[Path] = None

    @property
    def output(self) -> str:
        return self.stdout + "\n" + self.stderr

    @property
    def announced(self) -> list[dict]:
        return [{"id": m.group(1), "flow": m.group(2), "run_count": m.group(3)} for m in FLOW_RUN_MARKER.finditer(self.stdout)]

    @property
    def flow_run_id(self) -> str:
        """The id of the first flow run that the script announced (see flows/_compat.py)."""
        __tracebackhide__ = True
        runs = self.announced
        if not runs:
            raise AssertionError(f"{self.label}: no flow run started. {self.summary()}")
        return runs[0]["id"]

    def short_path(self, url: str) -> str:
        if url.startswith(self.api_url):
            return url[len(self.api_url) :] or "/"
        return url

    def failed_requests(self) -> list[str]:
        out = []
        for r in self.requests:
            status = r.get("status")
            path = self.short_path(r["url"])
            if status is not None and 200 <= status < 300:
                continue
            if status is not None and any(p.search(path) and status in codes for p, codes in TOLERATED):
                continue
            out.append(f"{status if status is not None else r.get('error', 'no response')} {r['method']} {path}")
        return out

    def first_failed_request(self) -> Optional[str]:
        failed = self.failed_requests()
        return failed[0] if failed else None

    def client_trouble(self) -> list[str]:
        return client_trouble(self.output)

    def summary(self) -> str:
        parts = []
        first = self.first_failed_request()
        parts.append(f"first failing request: {first}" if first else "no failing HTTP request")
        rc = "timed out" if self.timed_out else f"exit code {self.returncode}"
        parts.append(f"{rc} after {self.duration:.1f} s, {len(self.requests)} HTTP requests")
        failed = list(dict.fromkeys(self.failed_requests()))
        if len(failed) > 1:
            parts.append("other failing requests: " + "; ".join(failed[1:8]))
        trouble = self.client_trouble()
        if trouble:
            parts.append("client trouble: " + " | ".join(trouble[:5]))
        if self.run_dir is not None:
            parts.append(f"client output and HTTP log: {self.run_dir}")
        parts.append("client output (tail):\n" + tail(self.output, 25))
        return "\n".join(parts)

    def __repr__(self) -> str:
        return f"<RunResult {self.label} rc={self.returncode} run_dir={self.run_dir}>"

    def assert_ok(self, expect_success: bool = True) -> None:
        """The run finished as expected and the client reported no lost events or logs."""
        __tracebackhide__ = True
        if self.timed_out:
            raise AssertionError(f"{self.label} timed out. {self.summary()}")
        if expect_success and self.returncode != 0:
            raise AssertionError(f"{self.label} failed. {self.summary()}")
        if not expect_success and self.returncode == 0:
            raise AssertionError(f"{self.label} was expected to fail but exited 0. {self.summary()}")
        trouble = self.client_trouble()
        if trouble:
            raise AssertionError(f"{self.label}: the client reports events or logs dropped / not sent: " + " | ".join(trouble) + f"\n{self.summary()}")


    def assert_cli_ok(self) -> None:
        """A CLI command answered without error: exit code 0 and no traceback."""
        __tracebackhide__ = True
        if self.timed_out:
            raise AssertionError(f"{self.label} timed out. {self.summary()}")
        if self.returncode != 0:
            raise AssertionError(f"{self.label} exited {self.returncode}. {self.summary()}")
        if "Traceback (most recent call last)" in self.output:
            raise AssertionError(f"{self.label} printed a traceback. {self.summary()}")


class ProcessDied(Exception):
    """A background client process ended while a test waited on it (not retried by ``eventually``)."""


class Background:
    """A long-running client process (``flow.serve()``, ``prefect worker start``) in its own session,
    output to files, stopped as a user would (SIGINT to its process group, like Ctrl-C)."""

    def __init__(self, label: str, proc: subprocess.Popen, run_dir: Path, http_log: Path, api_url: str) -> None:
        self.label = label
        self.proc = proc
        self.run_dir = run_dir
        self.http_log = http_log
        self.api_url = api_url
        self.started = time.monotonic()
        self.returncode: Optional[int] = None

    @property
    def output(self) -> str:
        out = (self.run_dir / "stdout.txt").read_text(encoding="utf-8", errors="replace") if (self.run_dir / "stdout.txt").exists() else ""
        err = (self.run_dir / "stderr.txt").read_text(encoding="utf-8", errors="replace") if (self.run_dir / "stderr.txt").exists() else ""
        return out + "\n" + err

    def alive(self) -> bool:
        return self.proc.poll() is None

    def result(self) -> RunResult:
        requests = []
        if self.http_log.exists():
            for line in self.http_log.read_text(encoding="utf-8").splitlines():
                try:
                    requests.append(json.loads(line))
                except ValueError:
                    pass
        out = (self.run_dir / "stdout.txt").read_text(encoding="utf-8", errors="replace")
        err = (self.run_dir / "stderr.txt").read_text(encoding="utf-8", errors="replace")
        return RunResult(self.label, self.proc.poll(), out, err, requests, time.monotonic() - self.started, self.api_url, False, self.run_dir)

    def summary(self) -> str:
        return self.result().summary()

    def assert_alive(self) -> None:
        __tracebackhide__ = True
        if not self.alive():
            raise AssertionError(f"{self.label} exited early with {self.proc.returncode}. {self.summary()}")

    def assert_no_trouble(self) -> None:
        """The process has not said that events or logs were dropped or not sent."""
        __tracebackhide__ = True
        trouble = client_trouble(self.output)
        if trouble:
            raise AssertionError(f"{self.label}: the client reports events or logs dropped / not sent: " + " | ".join(trouble) + f"\n{self.summary()}")

    def stop(self, sig: int = signal.SIGINT, timeout: float = 30.0) -> Optional[int]:
        """``sig`` to the whole process group (as a terminal's Ctrl-C does), then SIGTERM, then SIGKILL."""
        for s, wait in ((sig, timeout), (signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
            if self.proc.poll() is not None:
                break
            try:
                os.killpg(self.proc.pid, s)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        try:  # children the client left behind (flow-run processes)
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.returncode = self.proc.poll()
        return self.returncode


class ClientEnv:
    """One way of pointing the stock client at a Praetor: ``mode`` is "cloud" or "oss"."""

    def __init__(self, mode: str, server: PraetorServer, home: Path, user: dict) -> None:
        self.mode = mode
        self.server = server
        self.home = home
        self.user = user
        self.events = EventLog(server.events_db)
        self._runs = 0
        key = server.api_key
        self.env = self._base_env(home)
        if mode == "cloud":
            self.api_url = server.workspace_api_url
            self.env.update(
                PREFECT_CLOUD_API_URL=server.cloud_api_url,
                PREFECT_API_URL=server.workspace_api_url,
                PREFECT_API_KEY=key,
            )
            self.api = RestApi(self.api_url, {"Authorization": f"Bearer {key}"})
        elif mode == "oss":
            self.api_url = server.oss_api_url
            self.env.update(PREFECT_API_URL=self.api_url, PREFECT_API_AUTH_STRING=f"api:{key}")
            basic = base64.b64encode(f"api:{key}".encode()).decode()
            self.api = RestApi(self.api_url, {"Authorization": f"Basic {basic}"})
        else:
            raise ValueError(mode)

    @property
    def user_id(self) -> str:
        return self.user["id"]

    @staticmethod
    def _base_env(home: Path) -> dict[str, str]:
        # Nothing from the caller's Prefect set-up leaks in: no PREFECT_* variable, a fresh
        # PREFECT_HOME with no profiles file, and a fresh working directory (no prefect.toml / .env).
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "PRAETOR_"))}
        home.mkdir(parents=True, exist_ok=True)
        env.update(
            PREFECT_HOME=str(home),
            PREFECT_PROFILES_PATH=str(home / "profiles.toml"),
            PREFECT_LOGGING_LEVEL="INFO",
            PREFECT_INTERNAL_LOGGING_LEVEL="WARNING",
            PREFECT_LOGGING_COLORS="false",
            PREFECT_LOGGING_MARKUP="false",
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            COLUMNS="400",  # rich wraps console lines at 80 columns otherwise
            PYTHONUNBUFFERED="1",
            PYTHONDONTWRITEBYTECODE="1",
            NO_PROXY="127.0.0.1,localhost",
            no_proxy="127.0.0.1,localhost",
        )
        return env

    # -- running the client -------------------------------------------------------------------
    def run_flow(self, script: str, *args: str, timeout: float = 120.0, extra_env: Optional[dict[str, str]] = None) -> RunResult:
        """Run ``flows/<script>`` with the venv's python and this mode's environment."""
        path = FLOWS_DIR / script
        if not path.exists():
            raise FileNotFoundError(path)
        return self._run([str(path), *args], label=f"{script} ({self.mode} mode)", timeout=timeout, extra_env=extra_env)

    def run_python(self, code: str, timeout: float = 60.0, extra_env: Optional[dict[str, str]] = None) -> RunResult:
        """Run a snippet of Python the same way (written to a file under PREFECT_HOME first)."""
        self._runs += 1
        script = self.home / f"inline-{self._runs}.py"
        script.write_text(code, encoding="utf-8")
        return self._run([str(script)], label=f"inline script ({self.mode} mode)", timeout=timeout, extra_env=extra_env)

    def cli(self, *args: str, timeout: float = 120.0, extra_env: Optional[dict[str, str]] = None, cwd: Optional[Path] = None) -> RunResult:
        """``prefect <args>`` from the full Prefect install (.venv-cli), in this mode's environment."""
        if not PREFECT_CLI.exists():
            raise FileNotFoundError(f"{PREFECT_CLI} is missing: run `node scripts/compat.mjs` (it installs requirements-cli.txt)")
        label = "prefect " + " ".join(args) + f" ({self.mode} mode)"
        return self._run([str(PREFECT_CLI), *args], label=label, timeout=timeout, extra_env=extra_env, python=str(CLI_PYTHON), cwd=cwd, stem="prefect-" + (args[0] if args else ""))

    def start_background(self, argv: list[str], label: str, python: Optional[str] = None, extra_env: Optional[dict[str, str]] = None, cwd: Optional[Path] = None) -> Background:
        """Start a long-running client process (its HTTP requests recorded like any run)."""
        self.server.assert_alive()
        self._runs += 1
        run_dir = self.home / "runs" / f"{self._runs:03d}-{Path(argv[0]).stem}-bg"
        run_dir.mkdir(parents=True, exist_ok=True)
        http_log = run_dir / "http.jsonl"
        env = dict(self.env, PRAETOR_COMPAT_HTTP_LOG=str(http_log), **CLIENT_FAST_POLLS, **(extra_env or {}))
        with (run_dir / "stdout.txt").open("w") as out, (run_dir / "stderr.txt").open("w") as err:
            proc = subprocess.Popen(
                [python or sys.executable, str(RUNNER), *argv],
                cwd=str(cwd or run_dir),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        return Background(f"{label} ({self.mode} mode)", proc, run_dir, http_log, self.api_url)

    def start_worker(self, pool: str, *args: str, extra_env: Optional[dict[str, str]] = None) -> Background:
        """``prefect worker start --pool <pool> --type process`` from .venv-cli."""
        return self.start_background(
            [str(PREFECT_CLI), "worker", "start", "--pool", pool, "--type", "process", *args],
            label=f"prefect worker start --pool {pool}",
            python=str(CLI_PYTHON),
            extra_env=extra_env,
        )

    def _run(
        self,
        argv: list[str],
        label: str,
        timeout: float,
        extra_env: Optional[dict[str, str]] = None,
        python: Optional[str] = None,
        cwd: Optional[Path] = None,
        stem: Optional[str] = None,
    ) -> RunResult:
        self.server.assert_alive()
        self._runs += 1
        run_dir = self.home / "runs" / f"{self._runs:03d}-{stem or Path(argv[0]).stem}"
        run_dir.mkdir(parents=True, exist_ok=True)
        http_log = run_dir / "http.jsonl"
        env = dict(self.env, PRAETOR_COMPAT_HTTP_LOG=str(http_log), **(extra_env or {}))
        started = time.monotonic()
        proc = subprocess.Popen(
            [python or sys.executable, str(RUNNER), *argv],
            cwd=str(cwd or run_dir),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        )
        timed_out = False
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            out, err = proc.communicate()
        duration = time.monotonic() - started
        (run_dir / "stdout.txt").write_text(out)
        (run_dir / "stderr.txt").write_text(err)
        requests = []
        if http_log.exists():
            for line in http_log.read_text(encoding="utf-8").splitlines():
                try:
                    requests.append(json.loads(line))
                except ValueError:
                    pass
        return RunResult(label, None if timed_out else proc.returncode, out, err, requests, duration, self.api_url, timed_out, run_dir)

    # -- assertions shared by the cases -------------------------------------------------------
    def assert_flow_run_state_events(self, flow_run_id: str, expect_types: Optional[list[str]] = None) -> list[StoredEvent]:
        """Every flow-run state change of the run (GET /flow_run_states/) is a FlowRunStateChanged event
        on stream ``flowRun-<id>`` (a creation event carrying the first state also counts), in the
        same order, each with the bootstrap user as actor."""

        def check() -> list[StoredEvent]:
            states = self.api.flow_run_states(flow_run_id)
            if expect_types is not None:
                got = [s["type"] for s in states]
                assert got == expect_types, f"flow run {flow_run_id}: REST states {got}, expected {expect_types}"
            return self._compare_state_events(f"flowRun-{flow_run_id}", "FlowRunStateChanged", states, "flow run")

        return eventually(check, timeout=10)

    def assert_task_run_state_events(self, task_run_id: str) -> list[StoredEvent]:
        """Every client-reported task-run state is a TaskRunStateRecorded event on ``taskRun-<id>``,
        each with the bootstrap user (the key's owner) as actor."""

        def check() -> list[StoredEvent]:
            states = self.api.task_run_states(task_run_id)
            return self._compare_state_events(f"taskRun-{task_run_id}", "TaskRunStateRecorded", states, "task run")

        return eventually(check, timeout=10)

    def _compare_state_events(self, stream: str, state_type: str, states: list[dict], what: str) -> list[StoredEvent]:
        assert states, f"{what} {stream}: REST returned no states"
        stored = self.events.read(stream=stream)
        events = [e for e in stored if e.type == state_type]
        created = [e for e in stored if e.type.endswith("Created") and e.state]
        if created and len(events) == len(states) - 1:
            events = created[:1] + events  # the first state may ride on the creation event
        assert events, f"{what}: no {state_type} events on stream {stream} in {self.events.path} (stream has {[e.type for e in stored]})"
        for e in events:
            assert e.state is not None, f"{what}: event {e.type} #{e.position} on {stream} carries no state: {json.dumps(e.data)[:300]}"
            assert e.actor.get("id") == self.user_id, (
                f"{what}: event {e.type} #{e.position} on {stream} has actor {e.actor}, expected the bootstrap user {self.user_id}"
            )
        if all(e.state and e.state.get("timestamp") for e in events):
            events_sorted = sorted(events, key=lambda e: parse_ts(e.state["timestamp"]))
        else:
            events_sorted = events
        from_events = [(e.state["type"], e.state.get("name")) for e in events_sorted]
        from_rest = [(s["type"], s.get("name")) for s in states]
        assert from_events == from_rest, f"{what} {stream}: states in the event log {from_events} != states over REST {from_rest}"
        return events_sorted

    def state_history(self, flow_run_id: str) -> list[dict]:
        """The run's states from the event log (its creation event's state first, then every
        FlowRunStateChanged), checked equal to GET /flow_run_states/ in order: one dict per state with
        ``type``, ``name`` and the event's ``actor``."""

        def check() -> list[dict]:
            states = self.api.flow_run_states(flow_run_id)
            stream = f"flowRun-{flow_run_id}"
            stored = self.events.read(stream=stream)
            events = [e for e in stored if (e.type == "FlowRunStateChanged" or e.type.endswith("Created")) and e.state]
            assert events, f"flow run {flow_run_id}: no state events on {stream} (stream has {[e.type for e in stored]})"
            if all(e.state.get("timestamp") for e in events):
                events = sorted(events, key=lambda e: (parse_ts(e.state["timestamp"]), e.position))
            from_events = [(e.state["type"], e.state.get("name")) for e in events]
            from_rest = [(st["type"], st.get("name")) for st in states]
            assert from_events == from_rest, f"flow run {flow_run_id}: states in the event log {from_events} != states over REST {from_rest}"
            return [{"type": e.state["type"], "name": e.state.get("name"), "actor": e.actor, "event": e.type} for e in events]

        return eventually(check, timeout=10)

    def wait_flow_run(self, flow_run_id: str, state_types: Iterable[str], timeout: float = 90.0, watch: Optional["Background"] = None) -> dict:
        """The flow run once its state type is one of ``state_types`` (polled over REST)."""
        wanted = set(state_types)

        def check() -> dict:
            if watch is not None and not watch.alive():
                raise ProcessDied(f"{watch.label} exited with {watch.proc.returncode} while waiting for flow run {flow_run_id}. {watch.summary()}")
            fr = self.api.flow_run(flow_run_id)
            assert fr.get("state_type") in wanted, f"flow run {flow_run_id} is {fr.get('state_type')}/{fr.get('state_name')}, waiting for {sorted(wanted)}"
            return fr

        return eventually(check, timeout=timeout, interval=0.5)

    def is_user(self, actor: dict) -> bool:
        return actor.get("id") == self.user_id

    def wait_task_runs(self, flow_run_id: str, count: int, state_type: Optional[str] = "COMPLETED", timeout: float = 20.0) -> list[dict]:
        """The flow run's task runs once ``count`` of them exist (and all are in ``state_type``)."""

        def check() -> list[dict]:
            trs = self.api.task_runs(flow_run_id)
            assert len(trs) == count, f"flow run {flow_run_id}: {len(trs)} task runs over REST, expected {count}"
            if state_type:
                bad = [(t["name"], t.get("state_type")) for t in trs if t.get("state_type") != state_type]
                assert not bad, f"flow run {flow_run_id}: task runs not {state_type}: {bad[:10]}"
            return trs

        return eventually(check, timeout=timeout)


def overlap_max(intervals: list[tuple[float, float]]) -> int:
    """Largest number of half-open [start, end) intervals that overlap at one instant."""
    points = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals], key=lambda p: (p[0], p[1]))
    cur = best = 0
    for _, d in points:
        cur += d
        best = max(best, cur)
    return best


def running_intervals(events: list[StoredEvent]) -> tuple[list[tuple[float, float]], list[str]]:
    """RUNNING intervals per task run from TaskRunStateRecorded events: a RUNNING state lasts until
    the next state of the same task run (ordered by state timestamp)."""
    by_run: dict[str, list[tuple[float, str]]] = {}
    problems: list[str] = []
    for e in events:
        st = e.state
        ts = (st or {}).get("timestamp") or (e.data or {}).get("occurred") or (e.data or {}).get("timestamp")
        if not st or not ts:
            problems.append(f"{e.stream} #{e.position}: no state type/timestamp in {json.dumps(e.data)[:200]}")
            continue
        by_run.setdefault(e.stream, []).append((parse_ts(ts), st["type"]))
    intervals = []
    for stream, seq in by_run.items():
        seq.sort()
        for i, (ts, typ) in enumerate(seq):
            if typ == "RUNNING":
                if i + 1 < len(seq):
                    intervals.append((ts, seq[i + 1][0]))
                else:
                    problems.append(f"{stream}: RUNNING is its last state")
    return intervals, problems


def started_praetor(workdir: Path, extra_env: Optional[dict[str, str]] = None) -> PraetorServer:
    """A Praetor of the caller's own (a module that must not share the session server), started; the test fails
    cleanly when it does not come up. The caller stops it."""
    import pytest

    server = PraetorServer(workdir, BOOTSTRAP_API_KEY, extra_env=extra_env)
    try:
        server.start()
    except RuntimeError as e:
        server.stop()
        pytest.fail(f"could not start Praetor: {e}", pytrace=False)
    return server


def bootstrap_user_of(server: PraetorServer) -> dict:
    """`GET /me/` with the server's bootstrap key: the first owner."""
    import pytest

    url = f"{server.cloud_api_url}/me/"
    r = httpx.get(url, headers={"Authorization": f"Bearer {server.api_key}"}, trust_env=False, timeout=30, follow_redirects=True)
    if r.status_code != 200:
        pytest.fail(f"GET {url} answered {r.status_code}: {r.text[:300]}", pytrace=False)
    user = r.json()
    assert user.get("id"), f"GET /me/ returned no id: {user}"
    return user
