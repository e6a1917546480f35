"""App configuration for the case engine."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sigap.cases"
    verbose_name = "Permohonan"

    def ready(self):
        from sigap.orgs import config

        from . import permissions  # noqa: F401  (registers the case engine's rules)
        from .models import LaneAssignment

        config.watch(LaneAssignment, many_to_many=("positions",))
