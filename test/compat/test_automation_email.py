"""Issue 7, first "Done when": a failing flow run driven by the stock client fires an automation that sends an
email, received rendered by a real SMTP server started by the test (smtp_sink.mjs), and runs a deployment once.

This module starts its own Praetor with PRAETOR_SMTP_URL pointing at the sink (shadowing the session fixtures),
so nothing here shows in other modules and the email goes nowhere else."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import httpx
import pytest

from praetor_compat import COMPAT_DIR, REPO_ROOT, SERVER_FAST_LOOPS, ClientEnv, EventLog, PraetorServer, bootstrap_user_of, eventually, started_praetor

SINK = COMPAT_DIR / "smtp_sink.mjs"
FROM = "Praetor <praetor@compat.test>"


class SmtpSink:
    """``node smtp_sink.mjs OUT``: a real SMTP server writing each received mail as a JSON line to OUT."""

    def __init__(self, workdir: Path) -> None:
        self.out = workdir / "mails.jsonl"
        self.log = workdir / "smtp_sink.log"
        self.proc = subprocess.Popen(
            ["node", str(SINK), str(self.out)],
            cwd=str(REPO_ROOT),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.log.open("w", encoding="utf-8"),
            text=True,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()  # blocks until it listens (or exits)
        m = re.match(r"^SMTP_SINK_PORT=(\d+)$", line.strip())
        if not m:
            self.stop()
            raise RuntimeError(f"smtp_sink.mjs did not start: {line!r} {self.log.read_text(encoding='utf-8')[-2000:]}")
        self.port = int(m.group(1))

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def mails(self) -> list[dict]:
        if not self.out.exists():
            return []
        return [json.loads(ln) for ln in self.out.read_text(encoding="utf-8").splitlines() if ln.strip()]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def smtp_sink(tmp_path_factory: pytest.TempPathFactory):
    sink = SmtpSink(tmp_path_factory.mktemp("smtp-sink"))
    yield sink
    sink.stop()


@pytest.fixture(scope="module")
def praetor(tmp_path_factory: pytest.TempPathFactory, smtp_sink: SmtpSink):
    env = {**SERVER_FAST_LOOPS, "PRAETOR_SMTP_URL": smtp_sink.url, "PRAETOR_SMTP_FROM": FROM}
    server = started_praetor(tmp_path_factory.mktemp("praetor-email"), extra_env=env)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def bootstrap_user(praetor: PraetorServer) -> dict:
    return bootstrap_user_of(praetor)


@pytest.fixture(scope="module")
def cloud(praetor: PraetorServer, bootstrap_user: dict, tmp_path_factory: pytest.TempPathFactory):
    env = ClientEnv("cloud", praetor, tmp_path_factory.mktemp("prefect-home-email"), bootstrap_user)
    yield env
    env.api.close()


def test_a_failing_flow_fires_an_automation_that_emails_rendered_and_runs_a_deployment_once(cloud, praetor, smtp_sink, token):
    # A deployment for the automation to run (no worker needed: the run it creates is what we check).
    flow = cloud.api.post("/flows/", {"name": f"compat-remediate-{token}"})
    deployment = cloud.api.post("/deployments/", {"name": f"remediate-{token}", "flow_id": flow["id"]})
    automation = cloud.api.post(
        "/automations/",
        {
            "name": f"compat-email-{token}",
            "trigger": {
                "type": "event",
                "match": {"prefect.resource.id": "prefect.flow-run.*"},
                "match_related": {"prefect.resource.role": "flow", "prefect.resource.name": "compat-failing-flow"},
                "expect": ["prefect.flow-run.Failed"],
                "posture": "Reactive",
                "threshold": 1,
                "within": 0,
            },
            "actions": [
                {
                    "type": "send-email-notification",
                    "email_addresses": ["oncall@compat.test"],
                    "subject": "{{ flow_run.name }} failed",
                    "body": "Flow {{ flow.name }} run {{ flow_run.name }} ended {{ flow_run.state.name }}: {{ flow_run.state.message }}",
                },
                {"type": "run-deployment", "source": "selected", "deployment_id": deployment["id"], "parameters": {}},
            ],
        },
    )

    run = cloud.run_flow("failing_flow.py", token)
    run.assert_ok(expect_success=False)
    fr = cloud.api.flow_run(run.flow_run_id)
    assert fr["state_type"] == "FAILED", fr
    run_name = fr["name"]

    def mail_arrived() -> dict:
        mails = smtp_sink.mails()
        assert mails, f"no mail reached the SMTP sink yet; server log:\n{praetor.log_tail()}"
        return mails[0]

    mail = eventually(mail_arrived, timeout=60)
    assert mail["to"] == ["oncall@compat.test"], mail
    assert mail["from"] == "praetor@compat.test", mail
    assert mail["subject"] == f"{run_name} failed", mail
    assert (mail["text"] or "").strip() == f"Flow compat-failing-flow run {run_name} ended Failed: {fr['state']['message']}", mail
    assert f"compat boom {token}" in mail["text"], mail

    # Both actions recorded as executed, as the automation; then exactly one run of the deployment, made by it.
    events = EventLog(praetor.events_db)

    def outcomes() -> list:
        got = [e for e in events.read(types=["AutomationActionExecuted", "AutomationActionFailed"]) if e.data.get("automationId") == automation["id"]]
        assert len(got) == 2, f"action outcomes so far: {[(e.type, e.data) for e in got]}"
        return got

    recorded = eventually(outcomes, timeout=60)
    assert sorted((e.data["actionIndex"], e.type) for e in recorded) == [(0, "AutomationActionExecuted"), (1, "AutomationActionExecuted")], [e.data for e in recorded]
    for e in recorded:
        assert e.actor == {"type": "automation", "id": automation["id"], "name": automation["name"]}, e.actor
    firings = [e for e in events.read(types=["AutomationTriggered"]) if e.data.get("automationId") == automation["id"]]
    assert len(firings) == 1, [e.data for e in firings]

    runs = cloud.api.post("/flow_runs/filter", {"deployments": {"id": {"any_": [deployment["id"]]}}, "limit": 50})
    assert len(runs) == 1, [(r["id"], r.get("created_by")) for r in runs]
    assert (runs[0]["created_by"] or {}).get("type") == "AUTOMATION", runs[0]
    assert (runs[0]["created_by"] or {}).get("id") == automation["id"], runs[0]
    # With both outcomes recorded the engine has nothing left to do for this firing: one mail in all.
    assert len(smtp_sink.mails()) == 1, smtp_sink.mails()
