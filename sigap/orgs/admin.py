"""Django admin for organizations, units and positions."""

from django.contrib import admin

from .models import AccessRecord, Organization, Position, Unit


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


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """The access log is read-only everywhere, here too: nothing is added, changed or deleted."""

    list_display = ["at", "organization", "username", "action", "object_kind", "case_code", "client_address"]
    list_filter = ["action", "organization"]
    search_fields = ["username", "case_code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
