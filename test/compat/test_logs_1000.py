"""A flow logs 1,000 lines: all of them come back through POST /logs/filter, paged 200 at a time."""

from praetor_compat import eventually, parse_ts


def test_logs_1000(cloud):
    run = cloud.run_flow("logs_1000.py")
    run.assert_ok()
    fr_id = run.flow_run_id
    assert cloud.api.flow_run(fr_id)["state_type"] == "COMPLETED"

    def all_lines():
        logs = cloud.api.logs(fr_id, page_size=200)
        lines = [l for l in logs if l["message"].startswith("compat-log-line ")]
        assert len(lines) == 1000, f"{len(lines)} of 1000 log lines readable ({len(logs)} logs of the run in all)"
        return logs, lines

    logs, lines = eventually(all_lines, timeout=20)
    assert [l["message"] for l in lines] == [f"compat-log-line {i:04d}" for i in range(1000)]
    stamps = [parse_ts(l["timestamp"]) for l in logs]
    assert stamps == sorted(stamps), "POST /logs/filter with sort TIMESTAMP_ASC is not in timestamp order"
    for l in lines:
        assert l["flow_run_id"] == fr_id and l["level"] == 20 and l["name"] == "prefect.flow_runs", l
    assert len({l["id"] for l in logs}) == len(logs), "duplicate log ids across pages"

    too_big = cloud.api.request("POST", "/logs/filter", {"logs": {"flow_run_id": {"any_": [fr_id]}}, "limit": 201})
    assert too_big.status_code == 422, f"limit 201: {too_big.status_code} {too_big.text[:200]}"
    cloud.assert_flow_run_state_events(fr_id, ["PENDING", "RUNNING", "COMPLETED"])
