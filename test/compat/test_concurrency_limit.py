"""A global concurrency limit of 2 (`tag:<tag>`, §2 note 2) over 8 parallel tagged tasks: never more
than 2 RUNNING at once, judged from the TaskRunStateRecorded history in the event log."""

from praetor_compat import eventually, overlap_max, running_intervals


def test_global_concurrency_limit(cloud, token):
    tag = f"compat-gcl-{token}"
    name = f"tag:{tag}"
    created = cloud.api.post("/v2/concurrency_limits/", {"name": name, "limit": 2, "active": True})
    assert created["name"] == name and created["limit"] == 2, created

    run = cloud.run_flow("concurrency_limit.py", tag)
    run.assert_ok()
    fr_id = run.flow_run_id
    assert cloud.api.flow_run(fr_id)["state_type"] == "COMPLETED"
    acquired = [r for r in run.requests if r["url"].endswith("/v2/concurrency_limits/increment-with-lease") and r.get("status") == 200]
    assert len(acquired) >= 8, f"{len(acquired)} successful increment-with-lease calls for 8 tasks. {run.summary()}"

    task_runs = cloud.wait_task_runs(fr_id, 8)
    assert all(tag in t["tags"] for t in task_runs), [t["tags"] for t in task_runs]
    ids = {t["id"] for t in task_runs}

    def history():
        evs = [e for e in cloud.events.read(stream_prefix="taskRun-", types=["TaskRunStateRecorded"]) if e.stream[len("taskRun-") :] in ids]
        intervals, problems = running_intervals(evs)
        assert not problems, problems[:5]
        assert len(intervals) == 8, f"{len(intervals)} RUNNING intervals in the event log for 8 task runs"
        return evs, intervals

    evs, intervals = eventually(history, timeout=20)
    assert all(e.actor.get("id") == cloud.user_id for e in evs), {e.stream: e.actor for e in evs if e.actor.get("id") != cloud.user_id}
    peak = overlap_max(intervals)
    assert 1 <= peak <= 2, f"{peak} task runs were RUNNING at once under a limit of 2: {sorted(intervals)}"

    limit = eventually(lambda: _released(cloud, name), timeout=20)
    assert limit["limit"] == 2
    cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])


def _released(cloud, name):
    limit = cloud.api.get(f"/v2/concurrency_limits/{name}")
    assert limit["active_slots"] == 0, f"slots still held after the run: {limit}"
    return limit
