"""Task caching: the second flow run's task is served from the cache (state Cached)."""


def test_task_caching(cloud, token):
    first = cloud.run_flow("cached_task.py", token)
    first.assert_ok()
    assert f"computing {token}" in first.stdout
    second = cloud.run_flow("cached_task.py", token)
    second.assert_ok()
    assert f"computing {token}" not in second.stdout, "the second run computed again instead of using the cache"
    fr1, fr2 = first.flow_run_id, second.flow_run_id
    assert fr1 != fr2

    [t1] = cloud.wait_task_runs(fr1, 1)
    assert t1["state_name"] == "Completed", t1
    [t2] = cloud.wait_task_runs(fr2, 1)
    assert (t2["state_type"], t2["state_name"]) == ("COMPLETED", "Cached"), t2
    assert cloud.api.task_run_states(t2["id"])[-1]["name"] == "Cached"
    cached = cloud.api.post(
        "/task_runs/filter",
        {"task_runs": {"flow_run_id": {"any_": [fr1, fr2]}, "state": {"name": {"any_": ["Cached"]}}}, "limit": 200},
    )
    assert [t["id"] for t in cached] == [t2["id"]]
    for fr_id, t in ((fr1, t1), (fr2, t2)):
        assert cloud.api.flow_run(fr_id)["state_type"] == "COMPLETED"
        cloud.assert_task_run_state_events(t["id"])
        cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])
