"""A process work pool, deployments from a local source (no image, no push: `flow.from_source(...).deploy()`
and `prefect deploy` with a prefect.yaml) and `prefect worker start`:
a deployment run completes, parameter overrides reach the flow, a running run is cancelled, and a
paused deployment (or schedule) keeps no future runs until resumed. Everything through the stock CLI
(.venv-cli) and checked over REST and in the event log."""

import os
import re
import signal
import uuid

import pytest

from deployment_checks import (
    assert_user_events,
    deployment_by_name,
    dump,
    events_of,
    flow_run_id_from_cli,
    future_scheduled_runs,
    mentions,
    subsequence,
)
from praetor_compat import FLOWS_DIR, SYSTEM_ACTOR_TYPE, eventually

DEPLOYMENT = "compat-dep"


@pytest.fixture(scope="module")
def pool(cloud):
    name = f"compat-pool-{uuid.uuid4().hex[:8]}"
    created = cloud.cli("work-pool", "create", name, "--type", "process")
    created.assert_cli_ok()
    return name


@pytest.fixture(scope="module")
def deployments(cloud, pool):
    """compat-deployed/compat-dep, compat-sleeper/compat-dep, compat-ticker/compat-dep (hourly)."""
    run = cloud.run_flow("deploy_from_source.py", pool, DEPLOYMENT, "deployed", "sleeper", "ticker", timeout=180)
    run.assert_ok()
    found = dict(re.findall(r"^PRAETOR_COMPAT_DEPLOYMENT (\S+) (\S+)$", run.stdout, re.M))
    assert len(found) == 3, f"deploy_from_source.py deployed {found}. {run.summary()}"
    return found


@pytest.fixture(scope="module")
def worker(cloud, pool, deployments):
    w = cloud.start_worker(pool)
    try:
        eventually(lambda: _online_worker(cloud, pool, w), timeout=60, interval=0.5)
        yield w
    finally:
        w.stop(signal.SIGINT)


def _online_worker(cloud, pool, w):
    if not w.alive():
        pytest.fail(f"{w.label} exited with {w.proc.returncode}. {w.summary()}", pytrace=False)
    workers = cloud.api.post(f"/work_pools/{pool}/workers/filter", {"workers": {"status": {"any_": ["ONLINE"]}}, "limit": None, "offset": None})
    assert workers, f"no ONLINE worker in pool {pool} yet"
    return workers


def _run_deployment(cloud, flow_name, *extra):
    run = cloud.cli("deployment", "run", f"{flow_name}/{DEPLOYMENT}", *extra)
    run.assert_cli_ok()
    return flow_run_id_from_cli(run)


def test_work_pool_created_by_cli(cloud, pool):
    wp = cloud.api.get(f"/work_pools/{pool}")
    assert wp["name"] == pool and wp["type"] == "process", dump(wp)
    assert wp["default_queue_id"], dump(wp)
    assert wp["base_job_template"].get("job_configuration"), "`prefect work-pool create --type process` sends the process base job template"
    queues = cloud.api.post(f"/work_pools/{pool}/queues/filter", {"limit": None, "offset": None})
    assert [q["name"] for q in queues] == ["default"] and queues[0]["id"] == wp["default_queue_id"], dump(queues)
    assert_user_events(cloud, wp["id"], "work pool")


def test_deploy_from_local_source(cloud, pool, deployments):
    for full, dep_id in deployments.items():
        flow_name, name = full.split("/")
        dep = deployment_by_name(cloud, flow_name, name)
        assert dep["id"] == dep_id and dep["work_pool_name"] == pool and dep["work_queue_name"] == "default", dump(dep)
        assert dep["entrypoint"].startswith("deployable.py:"), dep["entrypoint"]
        steps = dep.get("pull_steps") or []
        assert any("prefect.deployments.steps.set_working_directory" in s for s in steps), dump(steps)
        assert_user_events(cloud, dep_id, f"deployment {full}")
    ticker = deployment_by_name(cloud, "compat-ticker", DEPLOYMENT)
    assert len(ticker["schedules"]) == 1 and float(ticker["schedules"][0]["schedule"]["interval"]) == 3600, dump(ticker["schedules"])


def test_worker_runs_deployment_run(cloud, pool, deployments, worker):
    fr_id = _run_deployment(cloud, "compat-deployed")
    fr = cloud.wait_flow_run(fr_id, {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}, timeout=120, watch=worker)
    assert fr["state_type"] == "COMPLETED", f"deployment run ended {fr['state_type']}/{fr['state_name']}: {fr['state'].get('message')}. {worker.summary()}"
    assert fr["deployment_id"] == deployments[f"compat-deployed/{DEPLOYMENT}"] and fr["work_pool_name"] == pool, dump(fr)
    assert fr["parameters"] == {}, fr["parameters"]
    assert f"PRAETOR_COMPAT_FLOW_RUN id={fr_id} flow=compat-deployed" in worker.output, worker.summary()
    assert fr["work_queue_name"] == "default" and fr["infrastructure_pid"], dump(fr)
    # The worker labels the run it took (PATCH /flow_runs/{id}/labels).
    assert (fr.get("labels") or {}).get("prefect.work-pool.name") == pool, dump(fr.get("labels"))
    history = cloud.state_history(fr_id)
    types = [h["type"] for h in history]
    assert types[0] == "SCHEDULED" and subsequence(types, ["SCHEDULED", "PENDING", "RUNNING", "COMPLETED"]) and types[-1] == "COMPLETED", history
    _assert_actors(cloud, history)
    # A pool with an ONLINE worker is READY; the worker is listed under its pool.
    wp = cloud.api.get(f"/work_pools/{pool}")
    assert wp["status"] == "READY", dump(wp)
    eventually(lambda: _logged(cloud, fr_id, 'PRAETOR_COMPAT_PARAMS {"x": 1, "y": "default"}'), timeout=20)
    worker.assert_no_trouble()


def test_deployment_run_parameter_overrides(cloud, pool, deployments, worker):
    fr_id = _run_deployment(cloud, "compat-deployed", "--param", "x=3", "--params", '{"y": "z"}')
    fr = cloud.api.flow_run(fr_id)
    assert fr["parameters"] == {"x": 3, "y": "z"}, fr["parameters"]
    fr = cloud.wait_flow_run(fr_id, {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}, timeout=120, watch=worker)
    assert fr["state_type"] == "COMPLETED", f"{fr['state_type']}/{fr['state_name']}: {fr['state'].get('message')}. {worker.summary()}"
    expected = 'PRAETOR_COMPAT_PARAMS {"x": 3, "y": "z"}'
    assert expected in worker.output, worker.summary()
    eventually(lambda: _logged(cloud, fr_id, expected), timeout=20)
    worker.assert_no_trouble()
    created = [e for e in events_of(cloud, fr_id) if e.type.endswith("Created")]
    assert created and mentions(created[0], "parameters", {"x": 3, "y": "z"}), [(e.type, e.data) for e in created]
    assert cloud.is_user(created[0].actor), created[0].actor


PREFECT_YAML = """\
name: compat-project
prefect-version: 3.9.0
pull:
- prefect.deployments.steps.set_working_directory:
    directory: {project}
deployments:
- name: compat-yaml
  entrypoint: deployable.py:deployed
  parameters:
    x: 7
  tags: [compat-yaml]
  work_pool:
    name: {pool}
"""


def test_prefect_deploy_with_prefect_yaml(cloud, pool, worker, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "deployable.py").write_bytes((FLOWS_DIR / "deployable.py").read_bytes())
    (project / "prefect.yaml").write_text(PREFECT_YAML.format(project=project, pool=pool))
    deployed = cloud.cli("--no-prompt", "deploy", "--name", "compat-yaml", cwd=project, timeout=180)
    deployed.assert_cli_ok()
    dep = deployment_by_name(cloud, "compat-deployed", "compat-yaml")
    assert dep["work_pool_name"] == pool and dep["parameters"] == {"x": 7} and dep["tags"] == ["compat-yaml"], dump(dep)
    assert dep["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": str(project)}}], dump(dep["pull_steps"])
    assert_user_events(cloud, dep["id"], "deployment from prefect.yaml")

    run = cloud.cli("deployment", "run", "compat-deployed/compat-yaml", "--param", "y=from-cli")
    run.assert_cli_ok()
    fr_id = flow_run_id_from_cli(run)
    fr = cloud.wait_flow_run(fr_id, {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}, timeout=120, watch=worker)
    assert fr["state_type"] == "COMPLETED", f"{fr['state_type']}/{fr['state_name']}: {fr['state'].get('message')}. {worker.summary()}"
    assert fr["parameters"] == {"x": 7, "y": "from-cli"}, fr["parameters"]
    eventually(lambda: _logged(cloud, fr_id, 'PRAETOR_COMPAT_PARAMS {"x": 7, "y": "from-cli"}'), timeout=20)


def test_cancel_running_deployment_run(cloud, pool, deployments, worker):
    fr_id = _run_deployment(cloud, "compat-sleeper")
    cloud.wait_flow_run(fr_id, {"RUNNING"}, timeout=120, watch=worker)
    eventually(lambda: _logged(cloud, fr_id, "PRAETOR_COMPAT_SLEEPING"), timeout=30)
    cancel = cloud.cli("flow-run", "cancel", fr_id)
    cancel.assert_cli_ok()
    fr = cloud.wait_flow_run(fr_id, {"CANCELLED", "COMPLETED", "FAILED", "CRASHED"}, timeout=60, watch=worker)
    assert fr["state_type"] == "CANCELLED", f"cancelled run ended {fr['state_type']}/{fr['state_name']}: {fr['state'].get('message')}. {worker.summary()}"
    history = cloud.state_history(fr_id)
    types = [h["type"] for h in history]
    assert subsequence(types, ["RUNNING", "CANCELLING", "CANCELLED"]) and types[-1] == "CANCELLED", history
    cancelling = next(h for h in history if h["type"] == "CANCELLING")
    assert cloud.is_user(cancelling["actor"]), f"CANCELLING was proposed by `prefect flow-run cancel`: {cancelling}"
    # The worker killed the flow-run process (its pid is the run's infrastructure_pid).
    pid = int(str(fr["infrastructure_pid"]).rsplit(":", 1)[-1])
    eventually(lambda: _gone(pid), timeout=20)
    worker.assert_alive()
    worker.assert_no_trouble()


def _gone(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return
    with open(f"/proc/{pid}/stat") as f:  # a zombie waiting for its parent is gone too
        assert f.read().split(") ")[-1].startswith("Z"), f"flow-run process {pid} still runs after the cancellation"


def _assert_actors(cloud, history):
    """States the client set are the key owner's; a Late mark is the server's."""
    for h in history:
        if h["name"] == "Late":
            assert h["actor"].get("type") == SYSTEM_ACTOR_TYPE, f"the Late mark is the server's: {h}"
        else:
            assert cloud.is_user(h["actor"]), f"state {h['type']}/{h['name']} of a CLI-created, worker-run run should be the key owner's: {history}"


def _logged(cloud, fr_id, text):
    logs = cloud.api.logs(fr_id)
    assert any(text in l["message"] for l in logs), f"flow run {fr_id} has not logged {text!r} yet; its last logs: {[l['message'][:200] for l in logs][-8:]}"


def test_paused_deployment_schedules_nothing(cloud, deployments):
    dep_id = deployments[f"compat-ticker/{DEPLOYMENT}"]
    eventually(lambda: _has_future_runs(cloud, dep_id), timeout=30, interval=0.5)

    # `prefect deployment pause` is not in prefect 3.9.0's CLI; the client's pause_deployment is
    # what the runner uses too (PATCH /deployments/{id} {"paused": true}).
    before = len(events_of(cloud, dep_id))
    cloud.run_python(_PAUSE.format(op="pause_deployment", id=dep_id)).assert_ok()
    assert cloud.api.get(f"/deployments/{dep_id}")["paused"] is True
    eventually(lambda: _no_future_runs(cloud, dep_id), timeout=30, interval=0.5)
    _assert_new_user_event(cloud, dep_id, before, "paused", True)

    before = len(events_of(cloud, dep_id))
    cloud.run_python(_PAUSE.format(op="resume_deployment", id=dep_id)).assert_ok()
    assert cloud.api.get(f"/deployments/{dep_id}")["paused"] is False
    eventually(lambda: _has_future_runs(cloud, dep_id), timeout=30, interval=0.5)
    _assert_new_user_event(cloud, dep_id, before, "paused", False)


def test_paused_schedule_schedules_nothing(cloud, deployments):
    dep_id = deployments[f"compat-ticker/{DEPLOYMENT}"]
    full = f"compat-ticker/{DEPLOYMENT}"
    eventually(lambda: _has_future_runs(cloud, dep_id), timeout=30, interval=0.5)
    schedule_id = cloud.api.get(f"/deployments/{dep_id}")["schedules"][0]["id"]

    before = len(events_of(cloud, dep_id))
    cloud.cli("deployment", "schedule", "pause", full, schedule_id).assert_cli_ok()
    dep = cloud.api.get(f"/deployments/{dep_id}")
    assert [s["active"] for s in dep["schedules"]] == [False], dump(dep["schedules"])
    eventually(lambda: _no_future_runs(cloud, dep_id), timeout=30, interval=0.5)
    _assert_new_user_event(cloud, dep_id, before, "active", False)
    listed = cloud.cli("deployment", "schedule", "ls", full)
    listed.assert_cli_ok()

    before = len(events_of(cloud, dep_id))
    cloud.cli("deployment", "schedule", "resume", full, schedule_id).assert_cli_ok()
    dep = cloud.api.get(f"/deployments/{dep_id}")
    assert [s["active"] for s in dep["schedules"]] == [True], dump(dep["schedules"])
    eventually(lambda: _has_future_runs(cloud, dep_id), timeout=30, interval=0.5)
    _assert_new_user_event(cloud, dep_id, before, "active", True)


def _assert_new_user_event(cloud, dep_id, before, key, value):
    """The change was recorded: a new event on the deployment's stream holds ``key: value``, by the key owner."""
    new = events_of(cloud, dep_id)[before:]
    assert new, f"no new event on deployment {dep_id} after setting {key}={value}"
    assert any(mentions(e, key, value) for e in new), f"no new event records {key}={value}: {[(e.type, e.data) for e in new]}"
    assert all(cloud.is_user(e.actor) for e in new), [(e.type, e.actor) for e in new]


_PAUSE = """
from prefect import get_client
with get_client(sync_client=True) as client:
    client.{op}("{id}")
print("ok")
"""


def _has_future_runs(cloud, dep_id):
    runs = future_scheduled_runs(cloud, dep_id)
    assert runs, f"deployment {dep_id} has no future SCHEDULED runs"
    assert all(r["auto_scheduled"] for r in runs), dump(runs[:2])
    return runs


def _no_future_runs(cloud, dep_id):
    runs = future_scheduled_runs(cloud, dep_id)
    assert not runs, f"paused deployment {dep_id} still has {len(runs)} future SCHEDULED runs"
