"""Variables (client API with every JSON value kind, and `prefect variable set/get/ls/unset`) and
artifacts (markdown, table and link from a flow; `prefect artifact ls`/`inspect`) round-trip,
checked over REST and in the event log."""

import json

from deployment_checks import assert_user_events, dump
from praetor_compat import eventually


def _result(run) -> dict:
    line = next((ln for ln in run.stdout.splitlines() if ln.startswith("COMPAT_RESULT ")), None)
    assert line, f"{run.label} printed no result. {run.summary()}"
    return json.loads(line[len("COMPAT_RESULT ") :])


VALUES = {
    "str": "hello praetor",
    "int": 42,
    "float": 2.5,
    "bool": True,
    "null": None,
    "object": {"a": [1, {"b": None}], "c": "d"},
    "array": [1, "two", False, None, {"x": 1.5}],
}


def test_variables_round_trip_with_the_client(cloud, token):
    prefix = f"compat_{token}"
    run = cloud.run_flow("variables_roundtrip.py", prefix)
    run.assert_ok()
    out = _result(run)
    assert out["got"] == VALUES, out["got"]
    assert out["overwritten"] == "overwritten" and out["refused_without_overwrite"] is True, out
    assert out["after_unset"] == "<gone>" and out["missing"] == "<default>", out

    for kind, value in VALUES.items():
        name = f"{prefix}_{kind}"
        r = cloud.api.request("GET", f"/variables/name/{name}")
        if kind == "bool":
            assert r.status_code == 404, f"unset variable {name} still answers {r.status_code}"
            continue
        assert r.status_code == 200, f"GET /variables/name/{name}: {r.status_code} {r.text[:300]}"
        var = r.json()
        assert var["value"] == ("overwritten" if kind == "str" else value), dump(var)
        # Variable.set(..., overwrite=True) without tags sends "tags": [] (prefect/variables.py).
        assert sorted(var["tags"]) == ([] if kind == "str" else sorted(["compat", kind])), dump(var)
        events = assert_user_events(cloud, var["id"], f"variable {name}")
        if kind == "str":
            assert any(_holds(e.data, "overwritten") for e in events), [(e.type, e.data) for e in events]
    listed = cloud.api.post("/variables/filter", {"variables": {"name": {"like_": prefix}}, "sort": "NAME_ASC", "limit": 200, "offset": 0})
    names = [v["name"] for v in listed]
    assert names == sorted(f"{prefix}_{k}" for k in VALUES if k != "bool"), names


def test_variables_with_the_cli(cloud, token):
    name = f"compat_cli_{token}"
    cloud.cli("variable", "set", name, '{"k": [1, 2], "ok": true}', "--tag", "cli").assert_cli_ok()
    got = cloud.cli("variable", "get", name)
    got.assert_cli_ok()
    assert json.loads(got.stdout.strip()) == {"k": [1, 2], "ok": True}, got.stdout
    var = cloud.api.get(f"/variables/name/{name}")
    assert var["value"] == {"k": [1, 2], "ok": True} and var["tags"] == ["cli"], dump(var)
    refused = cloud.cli("variable", "set", name, "plain text")
    assert refused.returncode != 0 and "Traceback" not in refused.output, refused.summary()
    cloud.cli("variable", "set", name, "plain text", "--overwrite").assert_cli_ok()
    assert cloud.api.get(f"/variables/name/{name}")["value"] == "plain text"
    listed = cloud.cli("variable", "ls")
    listed.assert_cli_ok()
    assert name in listed.stdout, listed.summary()
    cloud.cli("variable", "unset", name).assert_cli_ok()
    assert cloud.api.request("GET", f"/variables/name/{name}").status_code == 404
    gone = cloud.cli("variable", "get", name)
    assert gone.returncode != 0 and "Traceback" not in gone.output, gone.summary()
    events = assert_user_events(cloud, var["id"], f"variable {name}")
    assert len(events) >= 3, f"set, overwrite and unset should be three events: {[e.type for e in events]}"
    assert all(cloud.is_user(e.actor) for e in events), [(e.type, e.actor) for e in events]


def test_artifacts_round_trip(cloud, token):
    run = cloud.run_flow("artifacts_flow.py", token)
    run.assert_ok()
    fr_id = run.flow_run_id
    # create_link_artifact makes a markdown artifact "[text](link)" (prefect/artifacts.py LinkArtifact).
    keys = {f"compat-md-{token}": "markdown", f"compat-table-{token}": "table", f"compat-link-{token}": "markdown"}

    def stored() -> list[dict]:
        found = cloud.api.post("/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [fr_id]}}, "sort": "CREATED_DESC", "limit": 50, "offset": 0})
        assert sorted(a["key"] for a in found) == sorted(keys), dump(found)
        return found

    artifacts = eventually(stored, timeout=10)
    for a in artifacts:
        assert a["type"] == keys[a["key"]] and a["flow_run_id"] == fr_id, dump(a)
        if a["key"] == f"compat-md-{token}":
            assert a["data"] == f"# Report {token}\n\n*all good*" and a["description"] == "compat markdown", dump(a)
        elif a["type"] == "table":
            assert a["task_run_id"], "the table artifact was made inside a task"
            table = json.loads(a["data"]) if isinstance(a["data"], str) else a["data"]
            assert table == [{"name": "alpha", "value": 1}, {"name": "beta", "value": 2}], dump(a)
        else:
            assert a["data"] == f"[compat link](https://example.com/{token})", dump(a)
        assert_user_events(cloud, a["id"], f"{a['type']} artifact")
    latest = cloud.api.post("/artifacts/latest/filter", {"artifacts": {"key": {"any_": list(keys)}}, "sort": "KEY_ASC", "limit": 50, "offset": 0})
    assert sorted(c["key"] for c in latest) == sorted(keys), dump(latest)
    assert {c["key"]: c["latest_id"] for c in latest} == {a["key"]: a["id"] for a in artifacts}, dump(latest)

    ls = cloud.cli("artifact", "ls")
    ls.assert_cli_ok()
    assert all(k in ls.stdout for k in keys), ls.summary()
    inspect = cloud.cli("artifact", "inspect", f"compat-md-{token}", "--output", "json")
    inspect.assert_cli_ok()
    assert f"# Report {token}" in inspect.stdout and fr_id in inspect.stdout, inspect.summary()


def _holds(data, text) -> bool:
    return text in json.dumps(data)
