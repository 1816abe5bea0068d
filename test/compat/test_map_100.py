""".map over 100 items: 100 task runs, all COMPLETED, all in the event log."""


def test_map_100(cloud):
    run = cloud.run_flow("map_100.py")
    run.assert_ok()
    fr_id = run.flow_run_id
    assert cloud.api.flow_run(fr_id)["state_type"] == "COMPLETED"

    task_runs = cloud.wait_task_runs(fr_id, 100, timeout=30)
    assert len({t["id"] for t in task_runs}) == 100
    assert cloud.api.post("/task_runs/count", {"task_runs": {"flow_run_id": {"any_": [fr_id]}}}) == 100

    ids = {t["id"] for t in task_runs}
    recorded: dict = {}
    for e in cloud.events.read(stream_prefix="taskRun-", types=["TaskRunStateRecorded"]):
        tr_id = e.stream[len("taskRun-") :]
        if tr_id in ids:
            assert e.actor.get("id") == cloud.user_id, f"{e.stream}: actor {e.actor}"
            recorded.setdefault(tr_id, []).append((e.state or {}).get("type"))
    missing = ids - recorded.keys()
    assert not missing, f"{len(missing)} task runs have no TaskRunStateRecorded event"
    wrong = {k: v for k, v in recorded.items() if sorted(v) != sorted(["PENDING", "RUNNING", "COMPLETED"])}
    assert not wrong, f"task runs whose recorded states are not Pending/Running/Completed: {list(wrong.items())[:5]}"
    cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])
