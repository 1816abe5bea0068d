"""Fixtures for the stock-Prefect-client compatibility suite (helpers live in praetor_compat.py).

* ``praetor``  (session)  one real Praetor (`node dist/src/main.js`) on a free 127.0.0.1 port, temp data
                          dir, fixed bootstrap key; stopped at the end (SIGTERM, SIGKILL after 15 s).
* ``bootstrap_user``      GET {PREFECT_CLOUD_API_URL}/me/ with the key: the owner every state change is attributed to.
* ``cloud``   (session)   client env in Cloud mode: PREFECT_CLOUD_API_URL, PREFECT_API_URL (workspace), PREFECT_API_KEY.
* ``oss``     (session)   client env in OSS mode: PREFECT_API_URL=<server>/api (default workspace),
                          PREFECT_API_AUTH_STRING=api:<key>, no PREFECT_CLOUD_API_URL.
* ``events``  (session)   the event log, read with sqlite3 through a read-only URI.
* ``token``               a short unique string for names, tags and messages.
"""

from __future__ import annotations

import uuid
import warnings

import httpx
import pytest

from praetor_compat import BOOTSTRAP_API_KEY, MAIN_JS, ClientEnv, EventLog, PraetorServer, bootstrap_user_of


@pytest.fixture(scope="session")
def praetor(tmp_path_factory: pytest.TempPathFactory):
    if not MAIN_JS.exists():
        pytest.fail(f"{MAIN_JS} is missing: run `npm run build` before the compat suite", pytrace=False)
    server = PraetorServer(tmp_path_factory.mktemp("praetor"), BOOTSTRAP_API_KEY)
    try:
        server.start()
    except RuntimeError as e:
        server.stop()
        pytest.fail(f"could not start Praetor: {e}", pytrace=False)
    yield server
    code = server.stop()
    if code not in (0, None):
        warnings.warn(f"Praetor exited with code {code} on SIGTERM (log: {server.log_path})")


@pytest.fixture(scope="session")
def bootstrap_user(praetor: PraetorServer) -> dict:
    return bootstrap_user_of(praetor)


@pytest.fixture(scope="session")
def cloud(praetor: PraetorServer, bootstrap_user: dict, tmp_path_factory: pytest.TempPathFactory):
    env = ClientEnv("cloud", praetor, tmp_path_factory.mktemp("prefect-home-cloud"), bootstrap_user)
    yield env
    env.api.close()


@pytest.fixture(scope="session")
def oss(praetor: PraetorServer, bootstrap_user: dict, tmp_path_factory: pytest.TempPathFactory):
    env = ClientEnv("oss", praetor, tmp_path_factory.mktemp("prefect-home-oss"), bootstrap_user)
    yield env
    env.api.close()


@pytest.fixture(scope="session")
def events(praetor: PraetorServer) -> EventLog:
    return EventLog(praetor.events_db)


@pytest.fixture
def token() -> str:
    return uuid.uuid4().hex[:8]
