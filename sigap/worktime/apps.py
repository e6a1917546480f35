"""App configuration for working time (jam kerja, hari libur, penutupan kantor)."""

from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "sigap.worktime"
    verbose_name = "Hari dan jam kerja"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from sigap.orgs import config, settings_menu

        from .models import Closure, WorkingHours

        config.watch(WorkingHours)
        config.watch(Closure)  # a closure of every organization renews every stamp
        settings_menu.register(_("Hari libur"), "settings:closures", order=30)
