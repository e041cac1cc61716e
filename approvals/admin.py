from django.contrib import admin

from dossiers.admin import ReadOnlyAdmin

from .models import CouncilMeeting, CouncilVote, Decision, ProvincialResult, ProvincialSubmission


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(ReadOnlyAdmin):
    list_display = ["council", "held_on", "members_present", "members_total"]


@admin.register(CouncilVote)
class CouncilVoteAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "meeting", "votes_for", "votes_against", "abstentions"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["number", "signed_on", "issuer", "signer"]


@admin.register(ProvincialSubmission)
class ProvincialSubmissionAdmin(ReadOnlyAdmin):
    list_display = ["number", "sent_on", "sender"]


@admin.register(ProvincialResult)
class ProvincialResultAdmin(ReadOnlyAdmin):
    list_display = ["dossier", "approved", "decision_number", "decided_on"]
