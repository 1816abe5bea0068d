"""Variable.set/get/unset with every JSON value kind. argv[1]: a name prefix.

Prints COMPAT_RESULT {json}: what Variable.get returned for each name, and what was checked.
"""

import json
import sys

from prefect.variables import Variable

VALUES = {
    "str": "hello praetor",
    "int": 42,
    "float": 2.5,
    "bool": True,
    "null": None,
    "object": {"a": [1, {"b": None}], "c": "d"},
    "array": [1, "two", False, None, {"x": 1.5}],
}


def main() -> None:
    prefix = sys.argv[1]
    got = {}
    for kind, value in VALUES.items():
        Variable.set(f"{prefix}_{kind}", value, tags=["compat", kind])
        got[kind] = Variable.get(f"{prefix}_{kind}", default="<missing>")
    Variable.set(f"{prefix}_str", "overwritten", overwrite=True)
    overwritten = Variable.get(f"{prefix}_str")
    try:
        Variable.set(f"{prefix}_int", 43)
        refused = False
    except ValueError:
        refused = True
    Variable.unset(f"{prefix}_bool")
    after_unset = Variable.get(f"{prefix}_bool", default="<gone>")
    missing = Variable.get(f"{prefix}_never_set", default="<default>")
    print(
        "COMPAT_RESULT "
        + json.dumps({"got": got, "overwritten": overwritten, "refused_without_overwrite": refused, "after_unset": after_unset, "missing": missing}),
        flush=True,
    )


if __name__ == "__main__":
    main()
