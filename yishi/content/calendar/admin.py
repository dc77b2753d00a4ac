from django.contrib import admin

from .models import CalendarYear, NationalDay


class NationalDayInline(admin.TabularInline):
    model = NationalDay
    extra = 3
    ordering = ["date"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Platform operators enter each year's arrangement here (or with `yishi calendar import`)."""

    list_display = ["year", "confirmed", "source", "updated_at"]
    inlines = [NationalDayInline]


@admin.register(NationalDay)
class NationalDayAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_workday"]
    list_filter = ["is_workday", "calendar_year"]
    date_hierarchy = "date"
