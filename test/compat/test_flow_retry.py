"""@flow(retries=1): the failed first attempt is turned into AwaitingRetry, the rerun COMPLETES, run_count 2."""


def test_flow_retry(cloud, tmp_path):
    run = cloud.run_flow("flow_retry.py", str(tmp_path / "marker"))
    run.assert_ok()
    attempts = run.announced
    assert len(attempts) == 2 and attempts[0]["id"] == attempts[1]["id"], f"expected two attempts of one flow run: {attempts}. {run.summary()}"
    fr_id = attempts[0]["id"]
    assert [a["run_count"] for a in attempts] == ["1", "2"], attempts

    fr = cloud.api.flow_run(fr_id)
    assert (fr["state_type"], fr["run_count"]) == ("COMPLETED", 2), fr
    states = cloud.api.flow_run_states(fr_id)
    assert [(s["type"], s["name"]) for s in states][:3] == [("PENDING", "Pending"), ("RUNNING", "Running"), ("SCHEDULED", "AwaitingRetry")], states
    assert [s["type"] for s in states][3:] == ["RUNNING", "COMPLETED"], states
    assert "first flow attempt fails" in (states[2].get("message") or ""), states[2]
    cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "SCHEDULED", "RUNNING", "COMPLETED"])
