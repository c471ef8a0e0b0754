"""The entry point that the panel runs for a module's functions (``addon/<module>``).

The handler always exits 0 and prints a well-formed ``<doc>``: a rejected request becomes an
``<error>`` naming the field, and anything unexpected becomes ``<error type="internal">`` whose
traceback goes to the module's log only.
"""
import logging
import os
import sys
from pathlib import Path
from typing import Mapping, Optional

from ispplugin.errors import RequestError
from ispplugin.panel.answer import Answer
from ispplugin.panel.function import Context
from ispplugin.panel.log import setup_logging
from ispplugin.panel.paths import mgr_root
from ispplugin.panel.request import Request
from ispplugin.plugins import make_plugin_manager

log = logging.getLogger(__name__)

INTERNAL_ERROR_TEXT = {
    "en": "The request failed because of an internal error. The details are in {log}.",
    "ru": "Запрос не выполнен из-за внутренней ошибки. Подробности в {log}.",
}
UNKNOWN_FUNCTION_TEXT = {
    "en": "Unknown function: {func}.",
    "ru": "Неизвестная функция: {func}.",
}


def handle(module: str, environ: Mapping[str, str], stdin: Optional[bytes],
           root: Optional[Path] = None) -> Answer:
    """Answer one panel request for ``module``; never raises."""
    root = root or mgr_root()
    log_path = root / "var" / f"{module}.log"
    request = None
    answer = Answer()
    try:
        setup_logging(root, module)
        request = Request.from_environ(environ, stdin)
        answer = Answer(request.doc, request.lang)
        function = make_plugin_manager().function(request.func)
        if function is None or function.module != module:
            log.warning("handler: unknown function %r", request.func)
            answer.error("missed", "func",
                         UNKNOWN_FUNCTION_TEXT[request.lang].format(func=request.func))
            return answer
        context = Context(root, function.catalogue, request.lang)
        log.debug("handler: %s by %s (level %s)", request.func, request.user, request.level)
        try:
            function.handler(context, request, answer)
        except RequestError as exc:
            log.info("handler: %s rejected: %s", request.func, exc)
            answer.error(exc.error_type, exc.obj, context.text(exc.message_id, **exc.values))
    except Exception:  # noqa: BLE001 - the panel must always get a <doc>; the log has the cause
        func = request.func if request else "?"
        log.exception("handler: %s failed", func)
        lang = request.lang if request else "en"
        answer.error("internal", func, INTERNAL_ERROR_TEXT[lang].format(log=log_path))
    return answer


def main(module: Optional[str] = None) -> int:
    """Run as the panel's handler: read the request, print the answer, exit 0."""
    module = module or Path(sys.argv[0]).name
    stdin = None if sys.stdin is None or sys.stdin.isatty() else sys.stdin.buffer.read()
    answer = handle(module, os.environ, stdin)
    sys.stdout.buffer.write(answer.to_bytes())
    sys.stdout.flush()
    return 0
