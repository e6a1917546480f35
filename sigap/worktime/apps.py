"""App configuration for working time (jam kerja, hari libur, penutupan kantor)."""
from django.apps import AppConfig


class WorktimeConfig(AppConfig):
    name = "sigap.worktime"
    verbose_name = "Hari dan jam kerja"
