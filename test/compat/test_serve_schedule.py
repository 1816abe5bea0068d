"""flow.serve() with a short interval schedule: the server's scheduler creates the runs, the runner
executes one to COMPLETED, and stopping the runner (SIGINT, as Ctrl-C) pauses the deployment."""

import signal
from datetime import datetime, timezone

from deployment_checks import assert_user_events, deployment_by_name, deployment_runs, dump, future_scheduled_runs, mentions, subsequence
from praetor_compat import FLOWS_DIR, SYSTEM_ACTOR_TYPE, ProcessDied, eventually, parse_ts

FLOW = "compat-served-flow"
INTERVAL = 5


def test_serve_interval_schedule_runs_and_pauses_on_shutdown(cloud, token):
    name = f"served-{token}"
    served = cloud.start_background([str(FLOWS_DIR / "serve_interval.py"), name, str(INTERVAL), token], label="serve_interval.py")
    try:
        dep = eventually(lambda: deployment_by_name(cloud, FLOW, name), timeout=60, interval=0.5)
        assert len(dep["schedules"]) == 1, dump(dep)
        schedule = dep["schedules"][0]
        assert schedule["active"] is True and float(schedule["schedule"]["interval"]) == INTERVAL, dump(schedule)
        assert dep["paused"] is False and dep["parameters"] == {"token": token}, dump(dep)

        def completed() -> dict:
            if not served.alive():
                raise ProcessDied(f"{served.label} exited with {served.proc.returncode}. {served.summary()}")
            done = deployment_runs(cloud, dep["id"], state={"type": {"any_": ["COMPLETED"]}})
            assert done, f"no COMPLETED run of {FLOW}/{name} yet; runs: {[(r['name'], r['state_type'], r['state_name']) for r in deployment_runs(cloud, dep['id'])][:10]}"
            return done[0]

        fr = eventually(completed, timeout=120, interval=1)
        assert f"PRAETOR_COMPAT_FLOW_RUN id={fr['id']} flow={FLOW}" in served.output, f"the served process never ran {fr['id']}. {served.summary()}"
    finally:
        served.stop(signal.SIGINT)
    served.assert_no_trouble()

    # The run the scheduler made (prefect-api.md §4.2).
    assert fr["deployment_id"] == dep["id"], dump(fr)
    assert fr["auto_scheduled"] is True, dump(fr)
    assert (fr.get("created_by") or {}).get("type") == "SCHEDULE", dump(fr.get("created_by"))
    assert fr["created_by"].get("id") == schedule["id"], dump(fr["created_by"])
    assert "auto-scheduled" in fr["tags"], fr["tags"]
    assert fr["parameters"] == {"token": token}, fr["parameters"]
    # Prefect: f"scheduled {deployment.id} {schedule.id} {date}" with str() of the UTC datetime.
    when = datetime.fromisoformat(fr["expected_start_time"].replace("Z", "+00:00")).astimezone(timezone.utc)
    assert fr.get("idempotency_key") == f"scheduled {dep['id']} {schedule['id']} {when}", (fr.get("idempotency_key"), fr["expected_start_time"])
    first = cloud.api.flow_run_states(fr["id"])[0]
    assert (first["type"], first["name"], first["message"]) == ("SCHEDULED", "Scheduled", "Flow run scheduled"), dump(first)
    assert parse_ts(first["state_details"]["scheduled_time"]) == parse_ts(fr["expected_start_time"]), dump(first)

    # Its states: created SCHEDULED by the server's scheduler, then the runner (the key's owner) moves it on.
    history = cloud.state_history(fr["id"])
    types = [h["type"] for h in history]
    assert types[0] == "SCHEDULED" and types[-1] == "COMPLETED" and subsequence(types, ["SCHEDULED", "PENDING", "RUNNING", "COMPLETED"]), history
    assert history[0]["actor"].get("type") == SYSTEM_ACTOR_TYPE, f"the scheduled run's creation should be the server's (system actor): {history[0]}"
    for h in history:
        if h["type"] in ("PENDING", "RUNNING", "COMPLETED"):
            assert cloud.is_user(h["actor"]), f"state {h['type']}/{h['name']} was set by the runner, expected the bootstrap user as actor: {h}"

    # The runner paused the deployment on shutdown (PATCH /deployments/{id} {"paused": true}).
    paused = eventually(lambda: _paused(cloud, name), timeout=20)
    assert paused["id"] == dep["id"]
    patches = [r for r in served.result().requests if r["method"] == "PATCH" and r["url"].endswith(f"/deployments/{dep['id']}")]
    assert patches and patches[-1].get("status") == 204, f"the runner's PATCH /deployments/{dep['id']} (pause on shutdown): {patches}. {served.summary()}"
    dep_events = assert_user_events(cloud, dep["id"], "deployment")
    last = dep_events[-1]  # nothing else changes the deployment after the runner stopped
    assert len(dep_events) > 1 and (mentions(last, "paused", True) or "Paused" in last.type), f"no event records the pause of {dep['id']}: {[(e.type, e.data) for e in dep_events]}"
    assert cloud.is_user(last.actor), f"the pause should be the runner's (bootstrap user): {last.actor}"
    # A paused deployment keeps no future scheduled runs.
    eventually(lambda: _no_future_runs(cloud, dep["id"]), timeout=20, interval=0.5)


def _paused(cloud, name):
    d = deployment_by_name(cloud, FLOW, name)
    assert d["paused"] is True, f"deployment {FLOW}/{name} not paused after the runner stopped: paused={d['paused']}"
    return d


def _no_future_runs(cloud, deployment_id):
    left = future_scheduled_runs(cloud, deployment_id)
    assert not left, f"paused deployment {deployment_id} still has {len(left)} future SCHEDULED runs: {[r['expected_start_time'] for r in left[:5]]}"
