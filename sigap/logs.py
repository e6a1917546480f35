"""Structured logs: python-json-logger's formatter, without the request object Django attaches to its records.

Django's `django.request` records carry the request as an extra attribute; written as JSON it would print the
full URL with its query string, where searches by NIK or name travel. The path is in the message already."""

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

LEFT_OUT = ("request",)


class JsonFormatter(BaseJsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *LEFT_OUT])
        super().__init__(*args, **kwargs)
