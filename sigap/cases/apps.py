"""App configuration for the case engine."""
from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sigap.cases"
    verbose_name = "Permohonan"
