"""The error a panel function returns as ``<error type=.. object=..>``."""

# Error types of the panel protocol.
VALUE = "value"  # a field contains an invalid value
MISSED = "missed"  # a required field is empty, or the named object does not exist
EXISTS = "exists"  # an object with this name already exists
ACCESS = "access"  # the caller may not do this
INTERNAL = "internal"  # anything unexpected; the detail goes to the log


class PanelError(Exception):
    """A failed panel request, sent to the caller as an ``<error>`` element.

    :param str error_type: one of VALUE, MISSED, EXISTS, ACCESS, INTERNAL.
    :param str error_object: the field or object the error is about.
    :param str message: a sentence for a person.
    """

    def __init__(self, error_type: str, error_object: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.error_object = error_object
        self.message = message

    def __str__(self) -> str:
        return f"{self.error_type}({self.error_object}): {self.message}"
