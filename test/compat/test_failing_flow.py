"""A failing flow ends FAILED and the exception message is in its state message."""


def test_failing_flow(cloud, token):
    run = cloud.run_flow("failing_flow.py", token)
    run.assert_ok(expect_success=False)
    assert f"compat boom {token}" in run.stderr, f"the run did not fail in the flow. {run.summary()}"
    fr_id = run.flow_run_id

    fr = cloud.api.flow_run(fr_id)
    assert (fr["state_type"], fr["state_name"]) == ("FAILED", "Failed"), fr
    assert f"compat boom {token}" in (fr["state"].get("message") or ""), fr["state"]
    assert fr["end_time"], fr
    states = cloud.api.flow_run_states(fr_id)
    assert f"compat boom {token}" in (states[-1].get("message") or "")
    runs = cloud.api.post(
        "/flow_runs/filter",
        {"flows": {"name": {"any_": ["compat-failing-flow"]}}, "flow_runs": {"state": {"type": {"any_": ["FAILED"]}}}, "limit": 200},
    )
    assert fr_id in [r["id"] for r in runs]
    cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "FAILED"])
