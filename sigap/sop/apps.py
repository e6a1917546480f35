"""App configuration for the SOP library."""

from django.apps import AppConfig


class SopConfig(AppConfig):
    name = "sigap.sop"
    verbose_name = "SOP"
