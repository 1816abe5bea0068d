"""8 parallel tasks tagged argv[1]; the test created a global concurrency limit `tag:<tag>` of 2 first."""

import sys
import time

from prefect import flow, task
from prefect.task_runners import ThreadPoolTaskRunner

from _compat import announce

TAG = sys.argv[1]


@task(tags=[TAG])
def hold(i: int) -> int:
    time.sleep(0.5)
    return i


@flow(name="compat-gcl", task_runner=ThreadPoolTaskRunner(max_workers=8))
def limited() -> list:
    announce()
    futures = [hold.submit(i) for i in range(8)]
    return [f.result() for f in futures]


if __name__ == "__main__":
    assert limited() == list(range(8))
