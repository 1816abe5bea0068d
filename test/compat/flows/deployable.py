"""Flows deployed to a process work pool by deploy_from_source.py and run by `prefect worker start`.

This file is the deployments' entrypoint (``deployable.py:<fn>``) and is loaded by the worker's
flow-run process after the ``set_working_directory`` pull step, so it imports only prefect.
"""

import json
import time

from prefect import flow, get_run_logger
from prefect.runtime import flow_run


def _announce() -> None:
    print(f"PRAETOR_COMPAT_FLOW_RUN id={flow_run.id} flow={flow_run.flow_name} run_count={flow_run.run_count}", flush=True)


@flow(name="compat-deployed")
def deployed(x: int = 1, y: str = "default") -> dict:
    """Reports the parameters it received (stdout and a run log)."""
    _announce()
    got = json.dumps({"x": x, "y": y}, sort_keys=True)
    print(f"PRAETOR_COMPAT_PARAMS {got}", flush=True)
    get_run_logger().info("PRAETOR_COMPAT_PARAMS %s", got)
    return {"x": x, "y": y}


@flow(name="compat-sleeper")
def sleeper(seconds: float = 600) -> None:
    """Runs until cancelled (or ``seconds`` pass)."""
    _announce()
    get_run_logger().info("PRAETOR_COMPAT_SLEEPING")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.5)


@flow(name="compat-ticker")
def ticker() -> None:
    """Only scheduled (case: pause/resume); never meant to run."""
    _announce()
