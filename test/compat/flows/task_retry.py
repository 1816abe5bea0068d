"""A task that fails on its first attempt and succeeds on the immediate retry. argv[1]: marker file."""

import sys
from pathlib import Path

from prefect import flow, task

from _compat import announce

MARKER = Path(sys.argv[1])


@task(retries=1)
def flaky() -> str:
    if not MARKER.exists():
        MARKER.write_text("failed once")
        raise RuntimeError("compat: first attempt fails")
    return "ok"


@flow(name="compat-task-retry")
def task_retry() -> str:
    announce()
    return flaky()


if __name__ == "__main__":
    assert task_retry() == "ok"
