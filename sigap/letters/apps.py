"""App configuration for letters; it plugs into the case engine's step hook."""
from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "sigap.letters"
    verbose_name = "Surat"

    def ready(self):
        from sigap.cases import hooks

        from . import services

        hooks.on_step_completed(services.on_step_completed)
