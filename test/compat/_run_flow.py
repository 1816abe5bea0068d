"""Runs a flow script under the stock Prefect client, recording every HTTP request it makes.

    python _run_flow.py <script.py> [args...]

Nothing about the client changes: the two httpx transports (sync and async) are wrapped only to
append one JSON line per request, ``{"method", "url", "status" | "error", "t"}``, to the file named by
PRAETOR_COMPAT_HTTP_LOG, so a failing case can name its first failing request. Then the script
runs as ``__main__`` (its own folder first on sys.path), exactly as ``python script.py`` would.
"""

import json
import os
import runpy
import sys
import threading
import time

import httpx

_LOG = os.environ.get("PRAETOR_COMPAT_HTTP_LOG")
_lock = threading.Lock()


def _record(request: httpx.Request, status=None, error=None) -> None:
    if not _LOG:
        return
    entry = {"t": time.time(), "method": request.method, "url": str(request.url)}
    if error is not None:
        entry["error"] = error
    else:
        entry["status"] = status
    line = json.dumps(entry) + "\n"
    with _lock:
        with open(_LOG, "a", encoding="utf-8") as f:
            f.write(line)


_sync_handle = httpx.HTTPTransport.handle_request
_async_handle = httpx.AsyncHTTPTransport.handle_async_request


def _handle_request(self, request):
    try:
        response = _sync_handle(self, request)
    except Exception as e:
        _record(request, error=type(e).__name__)
        raise
    _record(request, status=response.status_code)
    return response


async def _handle_async_request(self, request):
    try:
        response = await _async_handle(self, request)
    except Exception as e:
        _record(request, error=type(e).__name__)
        raise
    _record(request, status=response.status_code)
    return response


httpx.HTTPTransport.handle_request = _handle_request
httpx.AsyncHTTPTransport.handle_async_request = _handle_async_request


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit("usage: _run_flow.py <script.py> [args...]")
    script = os.path.abspath(sys.argv[1])
    sys.argv = [script, *sys.argv[2:]]
    sys.path.insert(0, os.path.dirname(script))
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
