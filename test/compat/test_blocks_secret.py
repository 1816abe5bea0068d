"""Blocks with secrets round-trip through the stock client (the standard Secret block and a custom
block with a SecretStr field), are obfuscated over REST unless include_secrets=true, and their
plaintext is nowhere in the server's data files (every file, -wal included, read as bytes)."""

import json
import uuid

from deployment_checks import assert_user_events, dump

OBFUSCATED = "********"


def _result(run) -> dict:
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("COMPAT_RESULT ")), None)
    assert line, f"blocks_secret.py printed no result. {run.summary()}"
    return json.loads(line[len("COMPAT_RESULT ") :])


def test_secret_blocks_round_trip_and_stay_encrypted_at_rest(cloud, praetor, token):
    secret = f"praetor-plaintext-{uuid.uuid4().hex}"
    run = cloud.run_flow("blocks_secret.py", token, secret)
    run.assert_ok()
    out = _result(run)
    assert out["secret"] == secret and out["secret_v2"] == secret + "-v2", out
    assert out["username"] == f"user-{token}" and out["password"] == secret + "-pw", out

    # REST: obfuscated by default, plaintext only with include_secrets=true.
    doc = cloud.api.get(f"/block_documents/{out['secret_id']}")
    assert doc["name"] == f"compat-secret-{token}" and doc["block_type"]["slug"] == "secret", dump(doc)
    assert doc["data"] == {"value": OBFUSCATED}, dump(doc["data"])
    doc = cloud.api.get(f"/block_documents/{out['secret_id']}", include_secrets="true")
    assert doc["data"] == {"value": secret + "-v2"}, dump(doc["data"])
    creds = cloud.api.get(f"/block_types/slug/compat-credentials/block_documents/name/compat-creds-{token}")
    assert creds["id"] == out["creds_id"] and creds["data"] == {"username": f"user-{token}", "password": OBFUSCATED}, dump(creds)
    listed = cloud.api.post("/block_documents/filter", {"block_types": {"slug": {"any_": ["compat-credentials"]}}, "include_secrets": False, "limit": 200, "offset": 0})
    assert out["creds_id"] in [d["id"] for d in listed] and all(secret not in json.dumps(d) for d in listed), dump(listed)

    # The event log: each document's changes are events with the key owner as actor.
    assert_user_events(cloud, out["secret_id"], "Secret block document")
    assert_user_events(cloud, out["creds_id"], "custom block document")

    cli = cloud.cli("block", "ls")
    cli.assert_cli_ok()
    assert f"compat-creds-{token}" in cli.stdout and secret not in cli.output, cli.summary()

    # At rest: no file under the data directory holds any of the plaintexts, while the scan does
    # find the non-secret field of the same document (so it reads where block documents are kept).
    files = _files(praetor.data_dir)
    assert _holding(files, f"user-{token}".encode()), f"the scan found not even the plain username in {[str(p) for p in files]}"
    for plaintext in (secret, secret + "-v2", secret + "-pw"):
        found = _holding(files, plaintext.encode())
        assert not found, f"the secret's plaintext is stored in {found} (of {len(files)} files under {praetor.data_dir})"


def _files(data_dir):
    files = [p for p in data_dir.rglob("*") if p.is_file()]
    assert files, f"no files under {data_dir}"
    return files


def _holding(files, needle: bytes) -> list[str]:
    return [str(p) for p in files if needle in p.read_bytes()]
