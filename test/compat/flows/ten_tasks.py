"""A flow with 10 tasks. argv[1]: the flow name (the OSS case runs it under another name)."""

import sys

from prefect import flow, task

from _compat import announce


@task
def add_one(i: int) -> int:
    return i + 1


def main(flow_name: str) -> int:
    @flow(name=flow_name)
    def ten_tasks() -> int:
        announce()
        return sum(add_one(i) for i in range(10))

    return ten_tasks()


if __name__ == "__main__":
    assert main(sys.argv[1]) == 55
