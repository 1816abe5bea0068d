"""Nested subflows: parent -> 2 children -> 1 leaf each. Every child flow run points at a tracking
task run (parent_task_run_id) that lives in its parent flow run and mirrors the child's state."""


def test_nested_subflows(cloud):
    run = cloud.run_flow("nested_subflows.py")
    run.assert_ok()
    by_flow: dict = {}
    for a in run.announced:
        by_flow.setdefault(a["flow"], []).append(a["id"])
    assert [len(by_flow.get(f, [])) for f in ("compat-nested-parent", "compat-nested-child", "compat-nested-leaf")] == [1, 2, 2], (
        f"{by_flow}. {run.summary()}"
    )
    [parent_id] = by_flow["compat-nested-parent"]
    parent_of = {c: parent_id for c in by_flow["compat-nested-child"]}
    leaf_parents = {}

    for child_id, expected_parent in parent_of.items():
        child = cloud.api.flow_run(child_id)
        assert child["state_type"] == "COMPLETED", child
        tr_id = child["parent_task_run_id"]
        assert tr_id, f"child flow run {child_id} has no parent_task_run_id"
        tracking = cloud.api.task_run(tr_id)
        assert tracking["flow_run_id"] == expected_parent, tracking
        assert tracking["state_type"] == "COMPLETED", tracking
        details = (tracking.get("state") or {}).get("state_details") or {}
        assert details.get("child_flow_run_id") == child_id, tracking.get("state")
        found = cloud.api.flow_runs(parent_task_run_id={"any_": [tr_id]})
        assert [r["id"] for r in found] == [child_id]
        leaf_parents[child_id] = tr_id

    for leaf_id in by_flow["compat-nested-leaf"]:
        leaf = cloud.api.flow_run(leaf_id)
        assert leaf["state_type"] == "COMPLETED", leaf
        tracking = cloud.api.task_run(leaf["parent_task_run_id"])
        assert tracking["flow_run_id"] in parent_of, f"leaf {leaf_id}: tracking task run belongs to {tracking['flow_run_id']}"

    assert cloud.api.flow_run(parent_id)["state_type"] == "COMPLETED"
    tracking_in_parent = cloud.wait_task_runs(parent_id, 2)
    assert sorted(t["id"] for t in tracking_in_parent) == sorted(leaf_parents.values())

    for fr_id in [parent_id, *by_flow["compat-nested-child"], *by_flow["compat-nested-leaf"]]:
        cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])
