"""App configuration for letters; it plugs into the case engine's step (preparing and completed) and correction
hooks and the case page's panel slot."""

from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "sigap.letters"
    verbose_name = "Surat"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from sigap.cases import hooks, panels
        from sigap.orgs import config, second_factor, settings_menu

        from . import checks, permissions, services  # noqa: F401  (checks and permissions register themselves)
        from .case_panel import letters_panel
        from .correction_guard import refuse_printed_changes
        from .models import LetterTemplate

        hooks.on_step_preparing(services.on_step_preparing)
        second_factor.require_for("may_sign_letters")  # signers give a second factor (orgs.second_factor)
        hooks.on_step_completed(services.on_step_completed)
        hooks.on_correction(refuse_printed_changes)
        panels.register_case_panel("letters/_case_panel.html", letters_panel)
        settings_menu.register(_("Templat surat"), "letters:templates", permission="may_edit_templates", order=40)
        # A template may sign a step of another organization's SOP: both organizations' stamps change.
        config.watch(
            LetterTemplate, organizations=lambda template: [template.organization_id, template.sop.organization_id]
        )
