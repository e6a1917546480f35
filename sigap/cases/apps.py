"""App configuration for the case engine."""

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "sigap.cases"
    verbose_name = "Permohonan"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from sigap.orgs import config, landing, settings_menu

        from . import permissions  # noqa: F401  (registers the case engine's rules)
        from .models import LaneAssignment

        config.watch(LaneAssignment, many_to_many=("positions",))
        settings_menu.register(_("Pemetaan pelaksana"), "settings:lanes", order=20)
        landing.register("cases:inbox", order=50)  # staff land on their inbox after signing in
