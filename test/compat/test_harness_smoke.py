"""The harness itself, against what the server already has (health, /admin/version, /me/workspaces)."""

import json
import re

import pytest

from praetor_compat import ApiError, client_trouble


def _result(run) -> dict:
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("COMPAT_RESULT ")), None)
    assert line, f"client_smoke.py printed no result. {run.summary()}"
    return json.loads(line[len("COMPAT_RESULT ") :])


def test_cloud_mode_client_sees_workspaces_and_health(cloud, praetor):
    run = cloud.run_flow("client_smoke.py", timeout=60)
    run.assert_ok()
    out = _result(run)
    ws_id = re.search(r"/workspaces/([^/]+)$", praetor.workspace_api_url).group(1)
    assert [w["workspace_id"] for w in out["workspaces"]] == [ws_id]
    assert out["current_workspace_api_url"] == praetor.workspace_api_url
    assert out["server_type"] == "CLOUD"
    assert out["healthcheck_error"] is None and out["sync_healthcheck_error"] is None
    assert out["hello"] == [200, "👋"] and out["sync_hello"] == "👋"
    seen = {(r["method"], r["url"], r.get("status")) for r in run.requests}
    assert ("GET", f"{praetor.cloud_api_url}/me/workspaces", 200) in seen, f"the HTTP recorder missed /me/workspaces: {sorted(seen)}"
    assert ("GET", f"{praetor.workspace_api_url}/health", 200) in seen
    assert not any(r["url"].endswith("/admin/version") for r in run.requests), "Cloud mode must skip the version check"
    assert run.first_failed_request() is None, run.summary()


def test_oss_mode_client_version_check_and_health(oss, praetor):
    run = oss.run_flow("client_smoke.py", timeout=60)
    run.assert_ok()
    out = _result(run)
    assert out["server_type"] == "SERVER"
    assert out["healthcheck_error"] is None and out["sync_healthcheck_error"] is None
    assert out["hello"] == [200, "👋"]
    urls = [(r["method"], r["url"], r.get("status")) for r in run.requests]
    assert ("GET", f"{praetor.oss_api_url}/admin/version", 200) in urls, urls
    assert ("GET", f"{praetor.oss_api_url}/health", 200) in urls, urls
    assert run.first_failed_request() is None, run.summary()


def test_rest_helper_and_me(cloud, oss, bootstrap_user):
    assert cloud.api.get("/health") is True
    assert oss.api.get("/health") is True
    assert cloud.user_id == bootstrap_user["id"]
    with pytest.raises(ApiError, match=r"^REST 404 GET /no-such-route"):
        cloud.api.get("/no-such-route")


def test_event_log_reader(events, bootstrap_user):
    stored = events.read()
    assert stored, "the event log is empty"
    assert [e.position for e in stored] == sorted(e.position for e in stored)
    assert all(isinstance(e.metadata, dict) and "actor" in e.metadata for e in stored)
    mentioning_user = [e for e in stored if bootstrap_user["id"] in json.dumps(e.data)]
    assert mentioning_user, "no event mentions the bootstrap user"
    first = events.read(stream=stored[0].stream)
    assert first and all(e.stream == stored[0].stream for e in first)
    assert events.read(stream_prefix=stored[0].stream[:5])


# Exact texts as prefect-client 3.9.0 prints them.
TROUBLE_SAMPLES = [
    "19:45:46.788 | WARNING | prefect.events.clients - Unable to connect to 'ws://127.0.0.1:1/api/events/in'. Please check your "
    "network settings to ensure websocket connections to the API are allowed. Otherwise event data (including task run data) "
    "may be lost. Reason: server rejected WebSocket connection: HTTP 404. Set PREFECT_DEBUG_MODE=1 to see the full error.",
    "--- Error logging to API ---\nClient error '404 Not Found' for url 'http://127.0.0.1:1/api/logs/'",
    "19:45:46.788 | ERROR   | prefect._internal.concurrency - Service 'EventsWorker' failed to process item Event(...)",
    "19:45:46.788 | ERROR   | prefect._internal.concurrency - Service 'APILogWorker' failed with 3 pending items.",
    "19:45:46.788 | WARNING | EventsWorker - Service 'EventsWorker' queue is full (10000 items), dropping item",
    "Traceback (most recent call last):\n  File \"/v/site-packages/prefect/events/worker.py\", line 108, in _handle\n"
    "prefect.exceptions.ObjectNotFound: None",
]


@pytest.mark.parametrize("text", TROUBLE_SAMPLES)
def test_trouble_detector_flags_client_warnings(text):
    assert client_trouble(text), text


def test_trouble_detector_ignores_normal_output():
    normal = (
        "19:45:46.788 | INFO    | Flow run 'brave-tiger' - Beginning flow run 'brave-tiger' for flow 'f'\n"
        "19:45:50.001 | WARNING | EventsWorker - Still processing items: 12 items remaining...\n"
        "Traceback (most recent call last):\n  File \"/work/flows/failing_flow.py\", line 12, in failing_flow\n"
        "ValueError: compat boom 1234\n"
    )
    assert client_trouble(normal) == []


EMIT_ONE_EVENT = """
from prefect.events import emit_event
emit_event(event="compat.probe", resource={"prefect.resource.id": "compat.probe"})
print("emitted")
"""


def test_trouble_detector_catches_the_real_client_warning(cloud):
    # Events sent to a workspace path that does not exist: the stock client's events worker gets
    # 404 on the /events/in upgrade, warns that event data may be lost and drops the events.
    run = cloud.run_python(EMIT_ONE_EVENT, extra_env={"PREFECT_API_URL": f"{cloud.api_url}/compat-no-such-path"})
    assert run.returncode == 0 and "emitted" in run.stdout, run.summary()
    trouble = run.client_trouble()
    assert any("Unable to connect to" in t and "may be lost" in t for t in trouble), run.summary()
    with pytest.raises(AssertionError, match="events or logs dropped / not sent"):
        run.assert_ok()
