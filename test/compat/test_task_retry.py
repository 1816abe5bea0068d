"""A task fails once and succeeds on its immediate retry: run_count 2, a Retrying state."""


def test_task_retry(cloud, tmp_path):
    run = cloud.run_flow("task_retry.py", str(tmp_path / "marker"))
    run.assert_ok()
    fr_id = run.flow_run_id
    assert cloud.api.flow_run(fr_id)["state_type"] == "COMPLETED"

    [t] = cloud.wait_task_runs(fr_id, 1)
    assert t["run_count"] == 2, t
    states = cloud.api.task_run_states(t["id"])
    assert [(s["type"], s["name"]) for s in states] == [
        ("PENDING", "Pending"),
        ("RUNNING", "Running"),
        ("RUNNING", "Retrying"),
        ("COMPLETED", "Completed"),
    ]
    cloud.assert_task_run_state_events(t["id"])
    cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])
