"""Django admin for working hours overrides and local closure days."""

from django.contrib import admin

from .models import Closure, WorkingHours


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["organization", "weekday", "opens", "closes", "break_start", "break_end"]
    list_filter = ["organization", "weekday"]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "organization", "created_at"]
    list_filter = ["organization"]
    date_hierarchy = "date"
    search_fields = ["name"]
