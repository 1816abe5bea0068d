"""Task caching by inputs, results persisted under PREFECT_HOME. argv[1]: the cache input.

Run twice with the same input: the second flow run's task is served from the cache (state Cached).
"""

import sys

from prefect import flow, task
from prefect.cache_policies import INPUTS

from _compat import announce


@task(cache_policy=INPUTS, persist_result=True)
def expensive(key: str) -> str:
    print(f"computing {key}")
    return f"value-{key}"


@flow(name="compat-cache")
def cached(key: str) -> str:
    announce()
    return expensive(key)


if __name__ == "__main__":
    assert cached(sys.argv[1]) == f"value-{sys.argv[1]}"
