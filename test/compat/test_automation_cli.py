"""`prefect automation ls` and `prefect automation inspect NAME` (the stock CLI) against Praetor in Cloud
mode: exit 0, no traceback, and the automation created over REST shown with its trigger and actions."""

import json
import uuid

import pytest


@pytest.fixture(scope="module")
def automation(cloud):
    name = f"compat-automation-{uuid.uuid4().hex[:8]}"
    body = {
        "name": name,
        "description": "made by the compat suite",
        "trigger": {
            "type": "event",
            "match": {"prefect.resource.id": "prefect.flow-run.*"},
            "expect": ["prefect.flow-run.Failed"],
            "posture": "Reactive",
            "threshold": 1,
            "within": 0,
        },
        "actions": [{"type": "do-nothing"}],
    }
    created = cloud.api.post("/automations/", body)
    assert created["name"] == name
    return created


def test_automation_ls_lists_it(cloud, automation):
    run = cloud.cli("automation", "ls", timeout=90)
    run.assert_cli_ok()
    assert automation["name"] in run.stdout, f"`prefect automation ls` does not show {automation['name']!r}. {run.summary()}"


def test_automation_inspect_by_name(cloud, automation):
    run = cloud.cli("automation", "inspect", automation["name"], timeout=90)
    run.assert_cli_ok()
    assert automation["name"] in run.stdout, run.summary()
    assert automation["id"] in run.stdout, run.summary()


def test_automation_inspect_json(cloud, automation):
    run = cloud.cli("automation", "inspect", automation["name"], "--json", timeout=90)
    run.assert_cli_ok()
    text = run.stdout
    start = min(i for i in (text.find("["), text.find("{")) if i >= 0)
    shown = json.loads(text[start:])
    # Inspecting by name shows every automation of that name (a list); here there is one.
    if isinstance(shown, list):
        assert len(shown) == 1, run.summary()
        shown = shown[0]
    assert shown["id"] == automation["id"], run.summary()
    assert shown["trigger"]["expect"] == ["prefect.flow-run.Failed"], run.summary()
    assert [a["type"] for a in shown["actions"]] == ["do-nothing"], run.summary()


def test_automation_inspect_by_id(cloud, automation):
    run = cloud.cli("automation", "inspect", "--id", automation["id"], timeout=90)
    run.assert_cli_ok()
    assert automation["name"] in run.stdout, run.summary()
