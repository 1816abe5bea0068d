"""Deploys flows of deployable.py to a process work pool: local source, no image, no push.

argv[1]: work pool; argv[2]: deployment name; argv[3..]: flow function names (deployed, sleeper,
ticker). The ticker deployment gets an hourly interval schedule. Prints one line per deployment:
PRAETOR_COMPAT_DEPLOYMENT <flow name>/<deployment name> <id>
"""

import sys
from pathlib import Path

from prefect import flow

HERE = Path(__file__).resolve().parent


def main() -> None:
    pool, name, fns = sys.argv[1], sys.argv[2], sys.argv[3:]
    for fn in fns:
        source = flow.from_source(str(HERE), f"deployable.py:{fn}")
        kwargs = {"interval": 3600} if fn == "ticker" else {}
        deployment_id = source.deploy(name=name, work_pool_name=pool, ignore_warnings=True, print_next_steps=False, **kwargs)
        print(f"PRAETOR_COMPAT_DEPLOYMENT {source.name}/{name} {deployment_id}", flush=True)


if __name__ == "__main__":
    main()
