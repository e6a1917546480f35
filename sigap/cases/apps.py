"""App configuration for the case engine."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sigap.cases"
    verbose_name = "Permohonan"

    def ready(self):
        from sigap.orgs import config

        from .models import LaneAssignment

        config.watch(LaneAssignment, many_to_many=("positions",))
