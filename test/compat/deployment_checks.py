"""Helpers shared by the deployment, serve and worker cases (REST reads + event-log checks)."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timezone
from typing import Any, Optional

from praetor_compat import ApiError, ClientEnv, RunResult, StoredEvent, eventually, parse_ts

UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def deployment_by_name(env: ClientEnv, flow_name: str, name: str) -> dict:
    """GET /deployments/name/F/D; AssertionError (retried by ``eventually``) while it answers 404."""
    r = env.api.request("GET", f"/deployments/name/{flow_name}/{name}")
    if r.status_code == 404:
        raise AssertionError(f"deployment {flow_name}/{name} not found (404)")
    if r.status_code != 200:
        raise ApiError(f"REST {r.status_code} GET /deployments/name/{flow_name}/{name}: {r.text[:500]}")
    return r.json()


def deployment_runs(env: ClientEnv, deployment_id: str, **flow_run_filter: Any) -> list[dict]:
    body: dict[str, Any] = {"deployments": {"id": {"any_": [deployment_id]}}, "sort": "EXPECTED_START_TIME_ASC", "limit": 200, "offset": 0}
    if flow_run_filter:
        body["flow_runs"] = flow_run_filter
    return env.api.post("/flow_runs/filter", body)


def future_scheduled_runs(env: ClientEnv, deployment_id: str) -> list[dict]:
    """The deployment's runs in state SCHEDULED whose time is still ahead."""
    now = datetime.now(timezone.utc).isoformat()
    runs = deployment_runs(env, deployment_id, state={"type": {"any_": ["SCHEDULED"]}}, expected_start_time={"after_": now})
    return [r for r in runs if r.get("state_type") == "SCHEDULED" and parse_ts(r["expected_start_time"]) > time.time()]


def flow_run_id_from_cli(run: RunResult) -> str:
    """`prefect deployment run` prints `UUID: <id>`."""
    m = re.search(rf"UUID:\s*({UUID_RE})", run.stdout)
    assert m, f"{run.label}: no flow run UUID in its output. {run.summary()}"
    return m.group(1)


def events_of(env: ClientEnv, entity_id: str) -> list[StoredEvent]:
    """Every event on the entity's stream (``<category>-<id>``), polled until one exists; for an
    entity kept on a stream named otherwise (e.g. keyed artifacts on one stream per key), every
    event whose data names its id."""

    def check() -> list[StoredEvent]:
        found = env.events.for_id(entity_id) or env.events.mentioning(entity_id)
        assert found, f"no event on a stream named *-{entity_id}, nor any naming {entity_id}, in {env.events.path}"
        return found

    return eventually(check, timeout=10)


def assert_user_events(env: ClientEnv, entity_id: str, what: str) -> list[StoredEvent]:
    """The entity has events and the first (its creation) names the bootstrap user as actor."""
    found = events_of(env, entity_id)
    first = found[0]
    assert env.is_user(first.actor), f"{what}: event {first.type} on {first.stream} has actor {first.actor}, expected the bootstrap user {env.user_id}"
    return found


def mentions(event: StoredEvent, key: str, value: Any) -> bool:
    """The event's data holds ``key: value`` at any depth."""

    def walk(d: Any) -> bool:
        if isinstance(d, dict):
            if key in d and d[key] == value:
                return True
            return any(walk(v) for v in d.values())
        if isinstance(d, list):
            return any(walk(v) for v in d)
        return False

    return walk(event.data)


def subsequence(items: list[str], wanted: list[str]) -> bool:
    it = iter(items)
    return all(any(x == w for x in it) for w in wanted)


def dump(obj: Any) -> str:
    return json.dumps(obj, indent=1, default=str)[:2000]


def ok_or_404(env: ClientEnv, method: str, path: str, body: Any = None) -> Optional[Any]:
    r = env.api.request(method, path, body)
    if r.status_code == 404:
        return None
    if r.status_code not in (200, 201, 204):
        raise ApiError(f"REST {r.status_code} {method} {path}: {r.text[:500]}")
    return r.json() if r.content else None
