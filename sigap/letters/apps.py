"""App configuration for letters; it plugs into the case engine's step hook."""

from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "sigap.letters"
    verbose_name = "Surat"

    def ready(self):
        from sigap.cases import hooks
        from sigap.orgs import config

        from . import permissions, services  # noqa: F401  (permissions registers its rules)
        from .models import LetterTemplate

        hooks.on_step_completed(services.on_step_completed)
        # A template may sign a step of another organization's SOP: both organizations' stamps change.
        config.watch(
            LetterTemplate, organizations=lambda template: [template.organization_id, template.sop.organization_id]
        )
