"""Create the first schema: ACME accounts, certificate requests and their events.

The models are frozen copies, independent of ``ispplugin.letsencrypt.models``, so that this
script keeps building the same tables however the application's models change later.
"""
import datetime

from peewee import (BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField,
                    Model, TextField)


def up(migrator, db):
    class Account(Model):
        directory_url = CharField(unique=True)
        uri = CharField(null=True)
        email = CharField(default="")
        created_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            database = db
            table_name = "account"

    class CertRequest(Model):
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
            database = db
            table_name = "cert_request"
            indexes = ((("owner", "cert_name"), False),)

    class Event(Model):
        request = ForeignKeyField(CertRequest, backref="events", on_delete="CASCADE")
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        step = CharField()
        result = CharField()
        detail = TextField(default="")
        error_type = CharField(default="")

        class Meta:
            database = db
            table_name = "event"

    db.create_tables([Account, CertRequest, Event])


def down(migrator, db):
    for table in ("event", "cert_request", "account"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
