"""`prefect cloud login -k KEY`, `prefect cloud workspace ls` and `prefect cloud workspace set` against Praetor
(Cloud mode: only PREFECT_CLOUD_API_URL is set; the CLI finds the workspace itself and writes a profile)."""

import uuid

import httpx
import pytest

from praetor_compat import ClientEnv


@pytest.fixture
def login_env(praetor, bootstrap_user, tmp_path) -> ClientEnv:
    env = ClientEnv("cloud", praetor, tmp_path / "prefect-home-login", bootstrap_user)
    # A user who has only the key and the server's address: no workspace URL, no key in the environment.
    env.env.pop("PREFECT_API_URL", None)
    env.env.pop("PREFECT_API_KEY", None)
    return env


def _workspace_handle(praetor) -> str:
    r = httpx.get(f"{praetor.cloud_api_url}/me/workspaces", headers={"Authorization": f"Bearer {praetor.api_key}"}, trust_env=False, timeout=30)
    assert r.status_code == 200, r.text
    [ws] = [w for w in r.json() if praetor.workspace_api_url.endswith(f"/accounts/{w['account_id']}/workspaces/{w['workspace_id']}")]
    return f"{ws['account_handle']}/{ws['workspace_handle']}"


def test_cloud_login_selects_the_workspace_and_the_profile_works(login_env, praetor):
    handle = _workspace_handle(praetor)
    login = login_env.cli("cloud", "login", "-k", praetor.api_key, "--workspace", handle)
    login.assert_cli_ok()
    assert f"Using workspace '{handle}'" in login.stdout, login.summary()

    listed = login_env.cli("cloud", "workspace", "ls")
    listed.assert_cli_ok()
    assert f"* {handle}" in listed.stdout, listed.summary()

    chosen = login_env.cli("cloud", "workspace", "set", "--workspace", handle)
    chosen.assert_cli_ok()

    # The profile now carries the workspace URL and the key: a plain command reaches the workspace with them.
    config = login_env.cli("config", "view")
    config.assert_cli_ok()
    assert f"PREFECT_API_URL='{praetor.workspace_api_url}' (from profile)" in config.stdout, config.summary()
    assert "PREFECT_API_KEY='********' (from profile)" in config.stdout, config.summary()
    flows = login_env.cli("flow", "ls")
    flows.assert_cli_ok()
    assert any(r["url"].startswith(praetor.workspace_api_url) and r.get("status") == 200 for r in flows.requests), flows.summary()


def test_cloud_login_with_a_wrong_key_is_refused(login_env, praetor):
    wrong = "pnu_" + uuid.uuid4().hex[:36].ljust(36, "0")
    login = login_env.cli("cloud", "login", "-k", wrong, "--workspace", _workspace_handle(praetor))
    assert login.returncode != 0, login.summary()
    assert "Unable to authenticate" in login.stdout + login.stderr, login.summary()
    config = login_env.cli("config", "view")
    assert "PREFECT_API_KEY" not in config.stdout, "a refused login must not write the key into the profile"
