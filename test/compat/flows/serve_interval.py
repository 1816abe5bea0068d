"""Serves a flow on an interval schedule with ``flow.serve()`` until stopped (SIGINT/SIGTERM).

argv[1]: deployment name; argv[2]: interval in seconds; argv[3]: a token the flow prints.
The runner streams each run's output: the flow prints the usual PRAETOR_COMPAT_FLOW_RUN marker.
This file is also the runs' entrypoint, so it imports nothing from the test folder.
"""

import sys

from prefect import flow
from prefect.runtime import flow_run


@flow(name="compat-served-flow", log_prints=True)
def served_flow(token: str = "none") -> str:
    print(f"PRAETOR_COMPAT_FLOW_RUN id={flow_run.id} flow={flow_run.flow_name} run_count={flow_run.run_count}", flush=True)
    print(f"served {token}")
    return token


if __name__ == "__main__":
    served_flow.serve(name=sys.argv[1], interval=float(sys.argv[2]), parameters={"token": sys.argv[3]})
