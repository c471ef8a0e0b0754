"""Exceptions of the plugin framework and its modules.

One root, :class:`Error`, with one subclass per subsystem. Each keeps its data in attributes
and builds its text in ``__str__``, so callers branch on types and attributes, never on text.
"""
from typing import Optional


class Error(Exception):
    """Root of every error this package raises on purpose."""


class RequestError(Error):
    """A panel request that the handler rejects; it becomes the answer's ``<error>``.

    :param str error_type: the panel's error type: ``value``, ``missed``, ``exists``,
        ``access`` or ``internal``
    :param str obj: the field or object the error is about (``object`` attribute)
    :param str message_id: key of the message in the module's catalogue
    :param dict values: values substituted into the message
    """

    def __init__(self, error_type: str, obj: str, message_id: str, **values: str) -> None:
        super().__init__(error_type, obj, message_id)
        self.error_type = error_type
        self.obj = obj
        self.message_id = message_id
        self.values = values

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value!r}" for key, value in sorted(self.values.items()))
        return f"{self.error_type} error on {self.obj}: {self.message_id} {details}".rstrip()


class PanelCallError(Error):
    """A call of a panel function through mgrctl failed.

    :param list args: the mgrctl arguments
    :param int exit_code: mgrctl's exit status (``None`` when it timed out)
    :param str error_type: type of the panel's ``<error>``, if it sent one
    :param str error_object: object of the panel's ``<error>``
    :param str panel_message: the message of the panel's ``<error>``, or the command's stderr
    """

    def __init__(self, args: list, exit_code: Optional[int], error_type: str = "",
                 error_object: str = "", panel_message: str = "") -> None:
        super().__init__(args, exit_code, error_type, error_object, panel_message)
        self.args_list = list(args)
        self.exit_code = exit_code
        self.error_type = error_type
        self.error_object = error_object
        self.panel_message = panel_message

    @property
    def func(self) -> str:
        """Return the panel function that was called: the first argument after the options."""
        options_with_value = ("-m", "-o")
        index = 0
        while index < len(self.args_list):
            if self.args_list[index] in options_with_value:
                index += 2
            elif self.args_list[index].startswith("-"):
                index += 1
            else:
                return self.args_list[index]
        return ""

    def __str__(self) -> str:
        status = "timed out" if self.exit_code is None else f"exit status {self.exit_code}"
        what = f" {self.error_type}({self.error_object})" if self.error_type else ""
        return f"mgrctl {' '.join(self.args_list)} failed ({status}){what}: {self.panel_message}"


class ConfigError(Error):
    """A parameter in ispmgr.conf has an invalid value."""

    def __init__(self, name: str, value: str, reason: str) -> None:
        super().__init__(name, value, reason)
        self.name = name
        self.value = value
        self.reason = reason

    def __str__(self) -> str:
        return f"ispmgr.conf: invalid {self.name} {self.value!r}: {self.reason}"


class LockError(Error):
    """Another process holds a lock."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path

    def __str__(self) -> str:
        return f"lock {self.path} is held by another process"


class AcmeFlowError(Error):
    """An ACME step failed; ``code`` is the ACME error type without its URN prefix, if any.

    :param str step: the request step that failed (``account``, ``order``, ``authorization``,
        ``finalize``, ``download``, ``install``)
    :param str detail: what went wrong, for the log and the event list
    :param str code: e.g. ``unauthorized`` or ``rateLimited``; empty when no problem document
    :param bool retryable: whether a later run may succeed without anyone changing anything
    """

    def __init__(self, step: str, detail: str, code: str = "", retryable: bool = True) -> None:
        super().__init__(step, detail, code, retryable)
        self.step = step
        self.detail = detail
        self.code = code
        self.retryable = retryable

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"{self.step} failed{code}: {self.detail}"
