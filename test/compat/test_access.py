"""Access control as the stock client meets it (Cloud mode), with service-account keys made over REST by the
installation's owner: a Viewer's key cannot create a deployment and the client surfaces the 403; a key for
workspace A sees nothing of workspace B (lists, 404s, `prefect cloud workspace ls`); a rotated key works during
its grace period and fails with 401 after it, while the new key works. (`prefect cloud login -k KEY` selecting a
workspace is test_cloud_login.py.)

The module runs its own Praetor: it adds a workspace, bots and flows to its account, which the session server's
other cases (one workspace in /me/workspaces) must not see."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from praetor_compat import ClientEnv, PraetorServer, RunResult, bootstrap_user_of, started_praetor

#: BUILT_IN_ROLE_IDS in src/contexts/identity-access/domain/roles/workspace-roles.ts
VIEWER_ROLE_ID = "5c0b6d52-0c6f-4d3e-9a1e-0d1f0e7a0004"

#: A client script: runs one client call and prints what happened as one JSON line (the exception's type and
#: HTTP status when it raised), so the test asserts on what the stock client surfaced.
CLIENT_CALL = '''
import asyncio, json, os, uuid
from prefect.client.orchestration import get_client

async def main():
    op = os.environ["COMPAT_OP"]
    arg = os.environ.get("COMPAT_ARG", "")
    async with get_client() as client:
        try:
            if op == "create_deployment":
                result = str(await client.create_deployment(flow_id=uuid.UUID(arg), name="compat-viewer-deployment"))
            elif op == "read_flows":
                result = sorted(f.name for f in await client.read_flows())
            elif op == "read_variables":
                result = sorted(v.name for v in await client.read_variables())
            else:
                raise SystemExit(f"unknown op {op}")
        except Exception as e:
            response = getattr(e, "response", None)
            print("COMPAT_RESULT " + json.dumps({"ok": False, "error": type(e).__name__, "status": getattr(response, "status_code", None), "message": str(e)[:300]}))
            return
    print("COMPAT_RESULT " + json.dumps({"ok": True, "result": result}))

asyncio.run(main())
'''


def _result(run: RunResult) -> dict:
    __tracebackhide__ = True
    lines = [ln for ln in run.stdout.splitlines() if ln.startswith("COMPAT_RESULT ")]
    assert run.returncode == 0 and lines, f"{run.label}: the client script did not report. {run.summary()}"
    return json.loads(lines[-1][len("COMPAT_RESULT ") :])


def _call(env: ClientEnv, op: str, arg: str = "", **extra: str) -> dict:
    return _result(env.run_python(CLIENT_CALL, extra_env={"COMPAT_OP": op, "COMPAT_ARG": arg, **extra}))


class Owner:
    """REST calls with the installation owner's key: accounts, workspaces, bots, access."""

    def __init__(self, praetor) -> None:
        self.praetor = praetor
        self.http = httpx.Client(headers={"Authorization": f"Bearer {praetor.api_key}"}, timeout=30, trust_env=False)
        # PREFECT_API_URL is <cloud api>/accounts/{account}/workspaces/{workspace}
        parts = praetor.workspace_api_url.rstrip("/").split("/")
        self.account_id, self.workspace_id = parts[-3], parts[-1]
        self.account_url = f"{praetor.cloud_api_url}/accounts/{self.account_id}"

    def close(self) -> None:
        self.http.close()

    def call(self, method: str, url: str, body=None, ok=(200, 201, 204)):
        r = self.http.request(method, url, json=body)
        assert r.status_code in ok, f"REST {r.status_code} {method} {url}: {r.text[:500]}"
        return r.json() if r.content else None

    def workspace_url(self, workspace_id: str) -> str:
        return f"{self.account_url}/workspaces/{workspace_id}"

    def new_bot(self, name: str) -> dict:
        bot = self.call("POST", f"{self.account_url}/bots/", {"name": name}, ok=(201,))
        assert bot["api_key"]["key"].startswith("pnb_"), bot
        return bot

    def grant_bot(self, workspace_id: str, bot_id: str, role_id: str) -> None:
        self.call("POST", f"{self.workspace_url(workspace_id)}/bot_access/", {"bot_id": bot_id, "workspace_role_id": role_id}, ok=(200, 201))


@pytest.fixture(scope="module")
def praetor(tmp_path_factory: pytest.TempPathFactory):
    """This module's own server (shadows the session one), so nothing made here shows in other modules."""
    server = started_praetor(tmp_path_factory.mktemp("praetor-access"))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bootstrap_user(praetor: PraetorServer) -> dict:
    return bootstrap_user_of(praetor)


@pytest.fixture
def owner(praetor):
    o = Owner(praetor)
    yield o
    o.close()


def _client_env(praetor, bootstrap_user, home: Path, key: str, workspace_api_url: str) -> ClientEnv:
    """The stock client in Cloud mode with another key (reads through ``env.api`` stay the owner's)."""
    env = ClientEnv("cloud", praetor, home, bootstrap_user)
    env.env.update(PREFECT_API_KEY=key, PREFECT_API_URL=workspace_api_url)
    return env


def _workspace_ls(env: ClientEnv) -> list[str]:
    """The workspace ids `prefect cloud workspace ls --output json` lists with this environment's key."""
    __tracebackhide__ = True
    listed = env.cli("cloud", "workspace", "ls", "--output", "json")
    listed.assert_cli_ok()
    assert "[" in listed.stdout, listed.summary()
    return [w["workspace_id"] for w in json.loads(listed.stdout[listed.stdout.index("[") :])]


def test_a_viewer_key_cannot_create_a_deployment_and_the_client_surfaces_403(praetor, bootstrap_user, owner, token, tmp_path):
    bot = owner.new_bot(f"compat-viewer-{token}")
    owner.grant_bot(owner.workspace_id, bot["id"], VIEWER_ROLE_ID)
    ws_url = owner.workspace_url(owner.workspace_id)
    flow = owner.call("POST", f"{ws_url}/flows/", {"name": f"compat-viewer-flow-{token}"}, ok=(200, 201))
    viewer = _client_env(praetor, bootstrap_user, tmp_path / "home-viewer", bot["api_key"]["key"], ws_url)

    # The Viewer reads the workspace...
    seen = _call(viewer, "read_flows")
    assert seen["ok"] and flow["name"] in seen["result"], seen
    # ...but creating a deployment is refused, and the stock client raises it as an HTTP 403.
    run = viewer.run_python(CLIENT_CALL, extra_env={"COMPAT_OP": "create_deployment", "COMPAT_ARG": flow["id"]})
    refused = _result(run)
    assert refused["ok"] is False and refused["error"] == "PrefectHTTPStatusError" and refused["status"] == 403, refused
    assert any(r["method"] == "POST" and r["url"].rstrip("/").endswith("/deployments") and r.get("status") == 403 for r in run.requests), run.summary()

    deployments = owner.call("POST", f"{ws_url}/deployments/filter", {"flows": {"id": {"any_": [flow["id"]]}}})
    assert deployments == [], f"the refused deployment exists: {deployments}"


def test_a_key_for_workspace_a_sees_nothing_of_workspace_b(praetor, bootstrap_user, owner, token, tmp_path):
    created = owner.http.post(f"{owner.account_url}/workspaces/", json={"name": f"Compat B {token}", "handle": f"compat-b-{token}"})
    assert created.status_code == 201, f"POST {owner.account_url}/workspaces/ answered {created.status_code}: {created.text[:300]}"
    ws_b = created.json()["id"]
    url_a, url_b = owner.workspace_url(owner.workspace_id), owner.workspace_url(ws_b)

    # Data in both workspaces, written with the owner's key.
    flow_a = owner.call("POST", f"{url_a}/flows/", {"name": f"compat-a-flow-{token}"}, ok=(200, 201))
    flow_b = owner.call("POST", f"{url_b}/flows/", {"name": f"compat-b-flow-{token}"}, ok=(200, 201))
    owner.call("POST", f"{url_a}/variables/", {"name": f"compat_a_var_{token}", "value": "a"}, ok=(200, 201))
    owner.call("POST", f"{url_b}/variables/", {"name": f"compat_b_var_{token}", "value": "b"}, ok=(200, 201))

    bot = owner.new_bot(f"compat-a-only-{token}")
    owner.grant_bot(owner.workspace_id, bot["id"], VIEWER_ROLE_ID)
    key = bot["api_key"]["key"]

    # Pointed at A: A's data, none of B's.
    in_a = _client_env(praetor, bootstrap_user, tmp_path / "home-a", key, url_a)
    flows = _call(in_a, "read_flows")
    assert flows["ok"], flows
    assert flow_a["name"] in flows["result"] and flow_b["name"] not in flows["result"], flows
    variables = _call(in_a, "read_variables")
    assert variables["ok"], variables
    assert f"compat_a_var_{token}" in variables["result"] and f"compat_b_var_{token}" not in variables["result"], variables

    # Pointed at B: the client surfaces 404s (B does not exist for this key).
    in_b = _client_env(praetor, bootstrap_user, tmp_path / "home-b", key, url_b)
    for op in ("read_flows", "read_variables"):
        got = _call(in_b, op)
        assert got["ok"] is False and got["error"] == "PrefectHTTPStatusError" and got["status"] == 404, (op, got)

    # `prefect cloud workspace ls` with this key lists A only; with the owner's key, A and B.
    assert _workspace_ls(in_a) == [owner.workspace_id]
    as_owner = _client_env(praetor, bootstrap_user, tmp_path / "home-owner", praetor.api_key, url_a)
    assert sorted(_workspace_ls(as_owner)) == sorted([owner.workspace_id, ws_b])


def test_a_rotated_service_account_key_works_in_its_grace_period_then_fails(praetor, bootstrap_user, owner, token, tmp_path):
    bot = owner.new_bot(f"compat-rotated-{token}")
    owner.grant_bot(owner.workspace_id, bot["id"], VIEWER_ROLE_ID)
    ws_url = owner.workspace_url(owner.workspace_id)
    old_key = bot["api_key"]["key"]

    grace = 15  # seconds: long enough for one client process to start and read
    rotated = owner.call("POST", f"{owner.account_url}/bots/{bot['id']}/rotate_api_key", {"old_key_expires_in_seconds": grace}, ok=(200, 201))
    new_key = rotated["api_key"]["key"]
    assert new_key.startswith("pnb_") and new_key != old_key, rotated

    old = _client_env(praetor, bootstrap_user, tmp_path / "home-old", old_key, ws_url)
    first = _call(old, "read_flows")
    assert first["ok"], f"the old key must work during its grace period: {first}"

    # After the grace period the old key is refused (polled with a deadline, no timing assertion)...
    deadline = time.monotonic() + grace + 60
    with httpx.Client(timeout=30, trust_env=False) as http:
        while True:
            status = http.post(f"{ws_url}/flows/filter", json={}, headers={"Authorization": f"Bearer {old_key}"}).status_code
            if status == 401:
                break
            assert status == 200, f"the old key answered {status} before it expired"
            assert time.monotonic() < deadline, "the old key still works long after its grace period"
            time.sleep(1)
    # ...and the stock client surfaces the 401.
    after = _call(old, "read_flows")
    assert after["ok"] is False and after["error"] == "PrefectHTTPStatusError" and after["status"] == 401, after

    new = _client_env(praetor, bootstrap_user, tmp_path / "home-new", new_key, ws_url)
    works = _call(new, "read_flows")
    assert works["ok"], f"the new key must work: {works}"
