"""The module's state: ACME accounts, certificate requests and their events.

The database is SQLite at ``MGR_ROOT/var/letsencrypt.db``, bound at run time by
:func:`open_database`, which also applies the numbered migrations in ``migrations/``.
"""
import datetime
import fcntl
import json
import logging
from pathlib import Path

from peewee import (BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField,
                    Model, SqliteDatabase, TextField)
from playhouse.migrations import Runner

log = logging.getLogger(__name__)

DATABASE_FILE = "letsencrypt.db"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Request statuses; see the state machine in the README.
STATUS_NEW = "new"
STATUS_PENDING = "pending"
STATUS_VALIDATING = "validating"
STATUS_ISSUED = "issued"
STATUS_FAILED = "failed"
ACTIVE_STATUSES = (STATUS_NEW, STATUS_PENDING, STATUS_VALIDATING)

RESULT_OK = "ok"
RESULT_ERROR = "error"
RESULT_INFO = "info"

database = SqliteDatabase(None)


def utcnow() -> datetime.datetime:
    """Return the current UTC time as a naive datetime, the form stored in the database."""
    return datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None)


class BaseModel(Model):
    class Meta:
        database = database


class Account(BaseModel):
    """The server's ACME account at one CA (one account for the whole server)."""

    directory_url = CharField(unique=True)
    uri = CharField(null=True)
    email = CharField(default="")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "account"


class CertRequest(BaseModel):
    """A request for a certificate, from the form to its installation, and its renewals.

    ``names`` is a JSON list of A-label names, the certificate's domain first.
    """

    owner = CharField()
    cert_name = CharField()
    domain = CharField()
    names = TextField()
    email = CharField(default="")
    key_type = CharField()
    challenge_type = CharField(default="http-01")
    status = CharField(index=True)
    renewal = BooleanField(default=False)
    order_url = CharField(null=True)
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(index=True)
    placed_at = DateTimeField()
    updated_at = DateTimeField()
    issued_at = DateTimeField(null=True)
    not_before = DateTimeField(null=True)
    not_after = DateTimeField(null=True)
    last_error = TextField(default="")

    class Meta:
        table_name = "cert_request"

    @property
    def name_list(self) -> list[str]:
        return json.loads(self.names)

    @name_list.setter
    def name_list(self, names: list[str]) -> None:
        self.names = json.dumps(names)

    def add_event(self, step: str, result: str, detail: str = "",
                  error_type: str = "") -> "Event":
        """Record one step of this request."""
        return Event.create(request=self, step=step, result=result, detail=detail,
                            error_type=error_type, created_at=utcnow())

    def save_state(self) -> None:
        self.updated_at = utcnow()
        self.save()


class Event(BaseModel):
    """One step of a request: when, what, its result and, for failures, the CA's error type."""

    request = ForeignKeyField(CertRequest, backref="events", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    step = CharField()
    result = CharField()
    detail = TextField(default="")
    error_type = CharField(default="")

    class Meta:
        table_name = "event"


def open_database(root: Path) -> SqliteDatabase:
    """Bind the models to ``root/var/letsencrypt.db`` and bring its schema up to date.

    Migrations run under an exclusive file lock, so a handler and the worker starting at the
    same moment do not both apply them.
    """
    var = root / "var"
    var.mkdir(parents=True, exist_ok=True)
    path = var / DATABASE_FILE
    if not database.is_closed():
        database.close()
    database.init(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1,
                                      "busy_timeout": SQLITE_BUSY_TIMEOUT_MS})
    with open(var / f"{DATABASE_FILE}.migrate.lock", "a") as lock_file:
        fcntl.lockf(lock_file, fcntl.LOCK_EX)
        applied = Runner(database, directory=str(MIGRATIONS_DIR)).up()
    for name in applied:
        log.info("models: applied migration %s to %s", name, path)
    path.chmod(0o600)
    return database
