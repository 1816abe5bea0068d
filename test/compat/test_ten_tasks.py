"""A flow with 10 tasks: 10 task runs COMPLETED, the flow run COMPLETED (Cloud mode)."""

from praetor_compat import ClientEnv

TASK_STATES = ["PENDING", "RUNNING", "COMPLETED"]


def check_ten_tasks(env: ClientEnv, flow_name: str) -> None:
    run = env.run_flow("ten_tasks.py", flow_name)
    run.assert_ok()
    fr_id = run.flow_run_id

    fr = env.api.flow_run(fr_id)
    assert (fr["state_type"], fr["state_name"]) == ("COMPLETED", "Completed"), fr
    assert fr["state"]["type"] == "COMPLETED" and fr["run_count"] == 1, fr
    assert fr["start_time"] and fr["end_time"], fr
    assert [r["id"] for r in env.api.flow_runs(flow_name)] == [fr_id]
    assert env.api.post("/flow_runs/count", {"flows": {"name": {"any_": [flow_name]}}}) == 1

    task_runs = env.wait_task_runs(fr_id, 10)
    assert len({t["id"] for t in task_runs}) == 10
    for t in task_runs:
        assert t["flow_run_id"] == fr_id and t["run_count"] == 1, t
        assert [s["type"] for s in env.api.task_run_states(t["id"])] == TASK_STATES, t["name"]
        env.assert_task_run_state_events(t["id"])

    env.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])


def test_ten_tasks_cloud(cloud):
    check_ten_tasks(cloud, "compat-ten-tasks")
