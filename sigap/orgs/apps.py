"""App configuration for organizations."""
from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "sigap.orgs"
    verbose_name = "Instansi"
