"""App configuration for organizations."""

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sigap.orgs"
    verbose_name = "Instansi"

    def ready(self):
        from . import config, permissions  # noqa: F401  (permissions registers its rules)
        from .models import Position, Unit

        config.watch(Unit)
        config.watch(Position)
