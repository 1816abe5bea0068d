"""Shared by the flow scripts: tell the test which flow run this is (read from the run context)."""

from prefect.runtime import flow_run


def announce() -> None:
    """Print one marker line per flow-run attempt; the test reads the flow run id from it."""
    print(f"PRAETOR_COMPAT_FLOW_RUN id={flow_run.id} flow={flow_run.flow_name} run_count={flow_run.run_count}", flush=True)
