"""A flow that raises. argv[1]: a token that must show up in the FAILED state's message."""

import sys

from prefect import flow

from _compat import announce


@flow(name="compat-failing-flow")
def failing_flow(token: str) -> None:
    announce()
    raise ValueError(f"compat boom {token}")


if __name__ == "__main__":
    failing_flow(sys.argv[1])
