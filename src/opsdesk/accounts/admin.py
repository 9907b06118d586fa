from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .events import record_role_change, record_token_revoked, record_user_created
from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "name", "role", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("email", "name")
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("Team", {"fields": ("role", "is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"fields": ("email", "name", "role", "password1", "password2")}),)

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values_list("role", flat=True).first()
        super().save_model(request, obj, form, change)
        if not change:
            record_user_created(request.user, obj)
        elif before != obj.role:
            record_role_change(request.user, obj, before, obj.role)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "prefix", "label", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("user", "prefix", "token_hash", "created_at", "last_used_at")

    def has_add_permission(self, request):
        # A token is shown once when it is made, which only `opsdesk tokens create` can do.
        return False

    def save_model(self, request, obj, form, change):
        was_active = ApiToken.objects.filter(pk=obj.pk, revoked_at__isnull=True).exists()
        super().save_model(request, obj, form, change)
        if was_active and obj.revoked_at is not None:
            record_token_revoked(request.user, obj.prefix)
