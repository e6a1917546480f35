"""App configuration for organizations."""

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sigap.orgs"
    verbose_name = "Instansi"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from . import config, permissions, second_factor, settings_menu  # noqa: F401  (permissions registers its rules)
        from .models import Position, Unit

        settings_menu.register(_("Petugas"), "settings:staff", order=10)
        settings_menu.register(_("Penandatanganan"), "settings:signing", order=45)
        settings_menu.register(_("Log akses"), "settings:access_log", order=90)

        second_factor.require_for("may_administer")

        config.watch(Unit)
        config.watch(Position)
