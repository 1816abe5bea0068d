"""Saves and loads blocks holding secrets. argv[1]: name suffix; argv[2]: the secret plaintext.

Prints COMPAT_RESULT {json} with the loaded values and the block document ids.
"""

import json
import sys

from pydantic import SecretStr

from prefect.blocks.core import Block
from prefect.blocks.system import Secret


class CompatCredentials(Block):
    """A custom block type: one plain field, one secret field."""

    _block_type_name = "Compat Credentials"
    _block_type_slug = "compat-credentials"

    username: str
    password: SecretStr


def main() -> None:
    suffix, secret = sys.argv[1], sys.argv[2]
    secret_id = Secret(value=secret).save(f"compat-secret-{suffix}")
    creds_id = CompatCredentials(username=f"user-{suffix}", password=secret + "-pw").save(f"compat-creds-{suffix}")
    loaded_secret = Secret.load(f"compat-secret-{suffix}").get()
    creds = CompatCredentials.load(f"compat-creds-{suffix}")
    # Saving again with overwrite updates the document in place.
    Secret(value=secret + "-v2").save(f"compat-secret-{suffix}", overwrite=True)
    loaded_v2 = Secret.load(f"compat-secret-{suffix}").get()
    out = {
        "secret_id": str(secret_id),
        "creds_id": str(creds_id),
        "secret": loaded_secret,
        "secret_v2": loaded_v2,
        "username": creds.username,
        "password": creds.password.get_secret_value(),
    }
    print("COMPAT_RESULT " + json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
