"""The common CLI list/inspect commands (prefect-api.md §6.15 (c)) answer in Cloud mode: exit code 0,
no traceback, and (where the command shows them) the objects the fixture made."""

import re
import uuid

import pytest

from deployment_checks import flow_run_id_from_cli

DEPLOYMENT = "compat-ls"


@pytest.fixture(scope="module")
def objects(cloud):
    """A process pool, a deployment on it, one (never executed) run of it and a local flow run."""
    pool = f"compat-ls-{uuid.uuid4().hex[:8]}"
    cloud.cli("work-pool", "create", pool, "--type", "process").assert_cli_ok()
    run = cloud.run_flow("deploy_from_source.py", pool, DEPLOYMENT, "deployed", timeout=180)
    run.assert_ok()
    assert re.search(r"^PRAETOR_COMPAT_DEPLOYMENT compat-deployed/", run.stdout, re.M), run.summary()
    started = cloud.cli("deployment", "run", f"compat-deployed/{DEPLOYMENT}")
    started.assert_cli_ok()
    local = cloud.run_flow("ten_tasks.py", "cli-ls")
    local.assert_ok()
    return {"pool": pool, "deployment": f"compat-deployed/{DEPLOYMENT}", "flow_run": flow_run_id_from_cli(started), "local_run": local.flow_run_id}


# (argv, what must be in stdout); "{pool}" etc. are filled from the fixture.
COMMANDS = [
    (["flow", "ls"], "compat-deployed"),
    (["flow-run", "ls"], None),
    (["deployment", "ls"], DEPLOYMENT),
    (["work-pool", "ls"], "{pool}"),
    (["work-pool", "inspect", "{pool}"], "{pool}"),
    (["work-queue", "ls", "--pool", "{pool}"], "default"),
    (["variable", "ls"], None),
    (["block", "ls"], None),
    (["block", "type", "ls"], None),
    (["gcl", "ls"], None),
    (["concurrency-limit", "ls"], None),
    (["artifact", "ls"], None),
    (["task-run", "ls"], None),
    (["automation", "ls"], None),
    (["deployment", "inspect", "{deployment}"], DEPLOYMENT),
    (["flow-run", "inspect", "{flow_run}"], "{flow_run}"),
    (["flow-run", "inspect", "{local_run}"], "{local_run}"),
]


@pytest.mark.parametrize("argv,expect", COMMANDS, ids=[" ".join(a) for a, _ in COMMANDS])
def test_cli_command_answers(cloud, objects, argv, expect):
    args = [a.format(**objects) for a in argv]
    run = cloud.cli(*args, timeout=90)
    run.assert_cli_ok()
    if expect:
        assert expect.format(**objects) in run.stdout, f"`prefect {' '.join(args)}` does not show {expect.format(**objects)!r}. {run.summary()}"
