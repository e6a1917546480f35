"""Template tags of letters used on other apps' pages."""

from django import template

from ..selectors import signing_templates

register = template.Library()


@register.simple_tag
def is_signing_step(case, task) -> bool:
    """Does completing this task sign a letter of the case (with a draft waiting)?"""
    if task is None or not case.letters.filter(status="draf").exists():
        return False
    return bool(signing_templates(organization=case.organization, sop_id=case.sop_id, step_number=task.step_number))
