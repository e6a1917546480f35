"""Django admin for organizations, units and positions."""

from django.contrib import admin

from .models import Organization, Position, Unit


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level", "region_code"]
    inlines = [UnitInline, PositionInline]
