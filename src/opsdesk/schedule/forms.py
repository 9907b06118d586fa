"""The recurring-work form: what a person types, turned into the service's input."""

from __future__ import annotations

from django import forms
from django.conf import settings

from opsdesk.accounts.queries import operators
from opsdesk.domain.proof import PROOF_KIND_REGISTRY

PROOF_CHOICES = [("", "No proof needed"), *((k.key, k.choice) for k in PROOF_KIND_REGISTRY)]


class RecurringForm(forms.Form):
    description = forms.CharField(max_length=500, label="What needs doing")
    cron = forms.CharField(
        max_length=100,
        label="Schedule (cron)",
        help_text="minute hour day month weekday, e.g. 0 9 * * 1 for Mondays at 09:00",
    )
    timezone = forms.CharField(max_length=64, required=False, label="Timezone")
    owner = forms.TypedChoiceField(coerce=int, label="Owner")
    lead_days = forms.IntegerField(
        min_value=-60, max_value=365, initial=0, label="Due days after it fires"
    )
    instructions_doc_id = forms.CharField(
        max_length=200, required=False, label="Instructions doc id"
    )
    proof_type = forms.ChoiceField(choices=PROOF_CHOICES, required=False, label="Proof")
    proof_label = forms.CharField(max_length=200, required=False, label="Proof label")
    starts_on = forms.DateField(
        required=False, label="Starts on", widget=forms.DateInput(attrs={"type": "date"})
    )
    enabled = forms.BooleanField(required=False, initial=True, label="Enabled")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [(u.id, u.name or u.email) for u in operators()]
        self.fields["timezone"].initial = settings.ORG_TIMEZONE

    def service_data(self) -> dict:
        """The cleaned form as the configs service reads it (API field names)."""
        data = self.cleaned_data
        proof = (
            [{"type": data["proof_type"], "label": data["proof_label"] or data["description"]}]
            if data["proof_type"]
            else []
        )
        return {
            "description": data["description"],
            "cron": data["cron"],
            "timezone": data["timezone"],
            "ownerId": data["owner"],
            "leadDays": data["lead_days"],
            "instructionsDocId": data["instructions_doc_id"],
            "proof": proof,
            "startsOn": data["starts_on"].isoformat() if data["starts_on"] else None,
            "enabled": data["enabled"],
        }


# Which form field shows a service error about each API field.
FORM_FIELDS = {
    "description": "description",
    "cron": "cron",
    "timezone": "timezone",
    "ownerId": "owner",
    "leadDays": "lead_days",
    "instructionsDocId": "instructions_doc_id",
    "proof": "proof_type",
    "startsOn": "starts_on",
}


def initial_for(config) -> dict:
    proof = (config.proof or [{}])[0]
    return {
        "description": config.description,
        "cron": config.cron,
        "timezone": config.timezone,
        "owner": config.owner_id,
        "lead_days": config.lead_days,
        "instructions_doc_id": config.instructions_doc_id,
        "proof_type": proof.get("type", ""),
        "proof_label": proof.get("label", ""),
        "enabled": config.enabled,
    }
