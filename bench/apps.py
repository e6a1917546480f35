"""`bench` as a Django app in the benchmark's settings only (bench/settings_bench.py), for the models
of the authenticated floor (bench/models.py). sigap's own settings do not know it."""

from pathlib import Path

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    label = "bench"
    path = str(Path(__file__).resolve().parent)
    default_auto_field = "django.db.models.BigAutoField"
