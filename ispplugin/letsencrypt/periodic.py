"""``letsencrypt.periodic``: start a run of the worker, and with ``wait=yes`` wait for it.

Cron calls it once a minute. The handler answers at once and leaves the work to a detached
worker (see :mod:`ispplugin.letsencrypt.worker`); ``wait=yes`` makes it wait until the worker
it started, and any run before it, has finished, which mgrctl callers and tests use.
"""
import subprocess

from ispplugin.errors import LockError, RequestError
from ispplugin.letsencrypt import worker
from ispplugin.panel.answer import Answer
from ispplugin.panel.function import Context
from ispplugin.panel.request import Request

PERIODIC_WAIT_TIMEOUT_S = 900


def handle(context: Context, request: Request, answer: Answer) -> None:
    process = worker.spawn(context.root)
    if request.get("wait") == "yes":
        try:
            process.wait(PERIODIC_WAIT_TIMEOUT_S)
            worker.wait_until_idle(context.root, PERIODIC_WAIT_TIMEOUT_S)
        except (subprocess.TimeoutExpired, LockError):
            raise RequestError("internal", "wait", "periodic_busy",
                               seconds=str(PERIODIC_WAIT_TIMEOUT_S)) from None
    answer.ok()
