from django.contrib import admin

from .models import Domain, Organisation, WorkerHeartbeat


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "kind", "region", "schema_name", "created_at"]
    list_filter = ["kind"]
    search_fields = ["slug", "name", "region"]
    readonly_fields = ["schema_name", "created_at"]
    inlines = [DomainInline]

    def has_add_permission(self, request):
        return False  # created with `yishi org create`, which builds the schema and site

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["organisation", "schema_name", "seen_at"]
