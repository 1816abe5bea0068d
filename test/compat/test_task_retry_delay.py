"""A task with retry_delay_seconds=1: the wait is recorded as an AwaitingRetry (SCHEDULED) state."""

from praetor_compat import parse_ts


def test_task_retry_delay(cloud, tmp_path):
    run = cloud.run_flow("task_retry_delay.py", str(tmp_path / "marker"))
    run.assert_ok()
    fr_id = run.flow_run_id
    assert cloud.api.flow_run(fr_id)["state_type"] == "COMPLETED"

    [t] = cloud.wait_task_runs(fr_id, 1)
    assert t["run_count"] == 2, t
    states = cloud.api.task_run_states(t["id"])
    assert [(s["type"], s["name"]) for s in states] == [
        ("PENDING", "Pending"),
        ("RUNNING", "Running"),
        ("SCHEDULED", "AwaitingRetry"),
        ("RUNNING", "Retrying"),
        ("COMPLETED", "Completed"),
    ]
    awaiting = states[2]
    scheduled = (awaiting.get("state_details") or {}).get("scheduled_time")
    assert scheduled, awaiting
    assert 0.5 <= parse_ts(scheduled) - parse_ts(awaiting["timestamp"]) <= 5, awaiting
    cloud.assert_task_run_state_events(t["id"])
    cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])
