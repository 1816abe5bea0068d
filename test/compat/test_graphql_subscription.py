"""GraphQL subscriptions (issue 6) next to the stock client: a graphql-ws subscriber (gql_subscriber.mjs) records
every flow-run state change of the workspace while prefect runs a flow (Cloud mode); what it received for that run
is the run's REST state history, in order, with increasing cursors and the key owner as actor."""

from __future__ import annotations

import base64
import json
import re
import subprocess
from pathlib import Path

from praetor_compat import REPO_ROOT, ClientEnv, eventually

SUBSCRIBER = Path(__file__).parent / "gql_subscriber.mjs"


def recorded(path: Path) -> list[dict]:
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    trouble = [line for line in lines if "event" not in line]
    assert not trouble, f"the subscription ended or failed: {trouble}"
    return [line["event"] for line in lines]


def position(cursor: str) -> int:
    text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    assert text.startswith("p:"), cursor
    return int(text[2:])


def test_graphql_subscription_receives_every_state_change(cloud: ClientEnv, tmp_path: Path, token: str):
    m = re.search(r"/accounts/([0-9a-f-]{36})/workspaces/([0-9a-f-]{36})", cloud.api_url)
    assert m, cloud.api_url
    out = tmp_path / "subscription.jsonl"
    ws_url = cloud.server.base_url.replace("http://", "ws://") + "/graphql"
    log = (tmp_path / "subscriber.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(["node", str(SUBSCRIBER), ws_url, cloud.server.api_key, m.group(1), m.group(2), str(out)], cwd=str(REPO_ROOT), stdout=log, stderr=subprocess.STDOUT)
    try:
        # The subscription is live once a run created over REST reaches it (a new probe run per try: one made
        # before the subscriber subscribed is not delivered).
        flow = cloud.api.post("/flows/", {"name": f"compat-gql-probe-{token}", "tags": [], "labels": {}})
        probes: set[str] = set()

        def probe_seen() -> None:
            probes.add(cloud.api.post("/flow_runs/", {"flow_id": flow["id"], "state": {"type": "PENDING"}})["id"])
            assert out.exists() and any(e["flowRunId"] in probes for e in recorded(out)), "no probe received yet"

        eventually(probe_seen, timeout=30, interval=0.5)

        run = cloud.run_flow("ten_tasks.py", f"compat-gql-{token}")
        run.assert_ok()
        fr_id = run.flow_run_id
        history = cloud.api.flow_run_states(fr_id)
        assert [s["type"] for s in history] == ["PENDING", "RUNNING", "COMPLETED"], history

        def received() -> list[dict]:
            events = [e for e in recorded(out) if e["flowRunId"] == fr_id]
            assert len(events) >= len(history), f"{len(events)} of {len(history)} states received"
            return events

        events = eventually(received, timeout=30)
        assert [e["state"]["id"] for e in events] == [s["id"] for s in history], (events, history)
        assert [e["state"]["type"] for e in events] == [s["type"] for s in history]
        positions = [position(e["cursor"]) for e in events]
        assert positions == sorted(set(positions)), positions
        assert all(e["actor"] and e["actor"]["id"] == cloud.user_id for e in events), events
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
