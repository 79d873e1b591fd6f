"""Start the temporary Prefect server early, so its start-up overlaps the CLI's own.

Without ``PREFECT_API_URL`` a flow's first API call starts a temporary local server (a
uvicorn subprocess; ~4-5 s on a 2-core machine) and waits for it; only then do the batches
load their models (the spaCy model, ~1-2 s). ``cleanseeds run`` calls
:func:`start_server_early` first: the server starts from a thread while the main thread
imports the flow module and (one worker) loads the models, so the two waits overlap
instead of adding up (~1.7 s less per run on ``seeds/``). Prefect keeps one such server
per process, so the flow's client then finds it running. If the early start fails, the
flow starts the server itself, as it would have anyway, and reports what went wrong.

Kept apart from :mod:`flows.clean_documents` because importing that module (Prefect's flow
engine, ~1 s) is part of what the server start should overlap.
"""
from __future__ import annotations

import threading


def start_server_early() -> threading.Thread | None:
    """Start the temporary server in a thread; return the thread to join before the flow
    runs, or None when a server is configured (``PREFECT_API_URL``) or temporary servers
    are disabled."""
    from prefect.settings import get_current_settings

    current = get_current_settings()
    if current.api.url or not current.server.ephemeral.enabled:
        return None
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()  # the per-process instance the flow's client uses

    def start() -> None:
        try:
            server.start()
        except Exception:  # noqa: BLE001 - the flow's own start retries and reports it
            pass

    starter = threading.Thread(target=start, name="prefect-server-start", daemon=True)
    starter.start()
    return starter
