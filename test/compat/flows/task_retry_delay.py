"""A task that fails once and is retried after retry_delay_seconds=1. argv[1]: marker file."""

import sys
from pathlib import Path

from prefect import flow, task

from _compat import announce

MARKER = Path(sys.argv[1])


@task(retries=1, retry_delay_seconds=1)
def flaky_later() -> str:
    if not MARKER.exists():
        MARKER.write_text("failed once")
        raise RuntimeError("compat: first attempt fails")
    return "ok"


@flow(name="compat-task-retry-delay")
def task_retry_delay() -> str:
    announce()
    return flaky_later()


if __name__ == "__main__":
    assert task_retry_delay() == "ok"
