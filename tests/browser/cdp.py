"""A headless Debian ``chromium`` driven over the Chrome DevTools Protocol on its
``--remote-debugging-pipe`` (file descriptors 3 and 4, NUL-terminated JSON): no port, no
WebSocket library, no browser download.

Every request the page makes passes through ``Fetch`` interception: ``file:`` and ``data:``
requests go on, anything else is failed and recorded in :attr:`Browser.blocked` (and the
host resolver maps every name to nowhere, so nothing could leave the machine anyway).
Console errors, uncaught exceptions and error log entries are recorded in
:attr:`Browser.errors`.
"""
from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path
from typing import Any, Self

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ALLOWED_SCHEMES = ("file:", "data:", "about:")


class CDPError(RuntimeError):
    pass


class Browser:
    def __init__(self, chromium: str = CHROMIUM, width: int = 1280, height: int = 900) -> None:
        self.profile = tempfile.mkdtemp(prefix="cleanseeds-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        args = [
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars",
            f"--user-data-dir={self.profile}", "--remote-debugging-pipe", '--host-resolver-rules=MAP * ~NOTFOUND',
            f"--window-size={width},{height}", "about:blank",
        ]
        # posix_spawn, not subprocess with preexec_fn (unsafe when the test process has threads):
        # the pipe ends become the child's fds 3 and 4, via fds above any the originals use
        hi_r, hi_w = 1000, 1001
        actions = [
            (os.POSIX_SPAWN_DUP2, to_child_r, hi_r), (os.POSIX_SPAWN_DUP2, from_child_w, hi_w),
            (os.POSIX_SPAWN_DUP2, hi_r, 3), (os.POSIX_SPAWN_DUP2, hi_w, 4),
            (os.POSIX_SPAWN_CLOSE, hi_r), (os.POSIX_SPAWN_CLOSE, hi_w),
            (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
            (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
            (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
        ]
        self.pid = os.posix_spawn(chromium, args, dict(os.environ), file_actions=actions)
        self.returncode: int | None = None
        os.close(to_child_r)
        os.close(from_child_w)
        self._next = 0
        self._lock = threading.Lock()
        self._replies: dict[int, dict[str, Any]] = {}
        self._cond = threading.Condition()
        self.events: list[dict[str, Any]] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.session = ""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method in ("Page.enable", "Runtime.enable", "Log.enable", "Network.enable"):
            self.call(method)
        self.call("Fetch.enable", {"patterns": [{"urlPattern": "*"}]})
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    # --- protocol ------------------------------------------------------------------------

    def _send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> int:
        with self._lock:
            self._next += 1
            msg: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
            sid = self.session if session is None else session
            if sid:
                msg["sessionId"] = sid
            os.write(self._to_child, json.dumps(msg).encode() + b"\0")
            return self._next

    def call(self, method: str, params: dict[str, Any] | None = None, timeout: float = 30.0) -> dict[str, Any]:
        mid = self._send(method, params)
        deadline = time.monotonic() + timeout
        with self._cond:
            while mid not in self._replies:
                left = deadline - time.monotonic()
                if left <= 0 or self.poll() is not None:
                    raise CDPError(f"no reply to {method} (chromium {'exited' if self.poll() is not None else 'timed out'})")
                self._cond.wait(left)
            reply = self._replies.pop(mid)
        if "error" in reply:
            raise CDPError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def _read(self) -> None:
        buf = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buf += chunk
            while b"\0" in buf:
                raw, buf = buf.split(b"\0", 1)
                msg = json.loads(raw)
                if "id" in msg:
                    with self._cond:
                        self._replies[msg["id"]] = msg
                        self._cond.notify_all()
                else:
                    self._event(msg)

    def _event(self, msg: dict[str, Any]) -> None:
        method, p = msg.get("method", ""), msg.get("params", {})
        if method == "Fetch.requestPaused":
            url = p["request"]["url"]
            self.requests.append(url)
            if url.startswith(ALLOWED_SCHEMES):
                self._send("Fetch.continueRequest", {"requestId": p["requestId"]}, msg.get("sessionId"))
            else:
                self.blocked.append(url)
                self._send("Fetch.failRequest", {"requestId": p["requestId"], "errorReason": "BlockedByClient"}, msg.get("sessionId"))
        elif method == "Network.requestWillBeSent":
            url = p["request"]["url"]
            if not url.startswith(ALLOWED_SCHEMES) and url not in self.blocked:
                self.blocked.append(url)
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console: " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            self.errors.append("exception: " + str(d.get("exception", {}).get("description") or d.get("text")))
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            e = p["entry"]
            self.errors.append(f"log: {e.get('text')} {e.get('url', '')}".strip())
        with self._cond:
            self.events.append(msg)
            self._cond.notify_all()

    # --- page ----------------------------------------------------------------------------

    def open(self, path: str | Path, timeout: float = 30.0) -> None:
        """Load a file and wait for its load event."""
        url = Path(path).resolve().as_uri()
        with self._cond:
            start = len(self.events)
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        with self._cond:
            while not any(e.get("method") == "Page.loadEventFired" for e in self.events[start:]):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CDPError(f"{url} did not load")
                self._cond.wait(left)

    def eval(self, expression: str) -> Any:
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise CDPError(f"{expression!r}: {r['exceptionDetails']}")
        return r["result"].get("value")

    def screenshot(self, path: str | Path, width: int = 1280, max_height: int = 4000) -> None:
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": 600, "deviceScaleFactor": 1, "mobile": False})
        height = min(max_height, int(self.eval("document.documentElement.scrollHeight")))
        self.call("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        shot = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False})
        Path(path).write_bytes(base64.b64decode(shot["data"]))

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def close(self) -> None:
        try:
            self._send("Browser.close", session="")
        except OSError:
            pass
        deadline = time.monotonic() + 10
        while self.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.returncode = -signal.SIGKILL
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
