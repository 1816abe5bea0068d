"""Not a flow: the stock client's connection checks, as the CLI and engine make them.

Cloud mode (PREFECT_CLOUD_API_URL set): CloudClient.read_workspaces() / read_current_workspace() /
api_healthcheck() against {PREFECT_CLOUD_API_URL}/me/workspaces. Both modes: get_client(),
its API version check (GET /admin/version, OSS mode only), api_healthcheck() and hello() against
PREFECT_API_URL, async and sync. Prints one line `COMPAT_RESULT <json>`.
"""

import asyncio
import json
import os

from prefect.client.orchestration import get_client


async def main() -> dict:
    out: dict = {}
    if os.environ.get("PREFECT_CLOUD_API_URL"):
        from prefect.client.cloud import get_cloud_client

        async with get_cloud_client() as cloud:
            out["workspaces"] = [w.model_dump(mode="json") for w in await cloud.read_workspaces()]
            out["current_workspace_api_url"] = (await cloud.read_current_workspace()).api_url()
            await cloud.api_healthcheck()
    async with get_client() as client:
        out["server_type"] = client.server_type.value
        await client.raise_for_api_version_mismatch()  # what every engine/CLI client context does (a no-op for Cloud)
        err = await client.api_healthcheck()
        out["healthcheck_error"] = None if err is None else repr(err)
        hello = await client.hello()
        out["hello"] = [hello.status_code, hello.json()]
    with get_client(sync_client=True) as sync_client:
        err = sync_client.api_healthcheck()
        out["sync_healthcheck_error"] = None if err is None else repr(err)
        out["sync_hello"] = sync_client.hello().json()
    return out


if __name__ == "__main__":
    print("COMPAT_RESULT " + json.dumps(asyncio.run(main())), flush=True)
