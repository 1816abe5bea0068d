"""@flow(retries=1): the first attempt fails, the retry completes. argv[1]: marker file."""

import sys
from pathlib import Path

from prefect import flow

from _compat import announce

MARKER = Path(sys.argv[1])


@flow(name="compat-flow-retry", retries=1, retry_delay_seconds=0)
def flow_retry() -> str:
    announce()
    if not MARKER.exists():
        MARKER.write_text("failed once")
        raise RuntimeError("compat: first flow attempt fails")
    return "ok"


if __name__ == "__main__":
    assert flow_retry() == "ok"
