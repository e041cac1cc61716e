from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter
from viewflow.urls import Site

from approvals.api.dossiers import FlowDossierViewSet, transition_view
from approvals.api.records import CompiledSubmissionViewSet, DecisionViewSet, LetterViewSet, MeetingViewSet
from approvals.api.tasks import TaskViewSet
from approvals.flows import AwardDossierFlow
from approvals.transitions import TRANSITIONS
from approvals.views.dossier_page import DossierApplication
from approvals.views.my_dossiers import DailyPageView, SubmitterApplication
from approvals.views.overdue import OverdueApplication
from approvals.views.queues import ScopedFlowAppViewset
from approvals.views.records import WorkApplication
from audit.api import AuditEventViewSet, TrailVerifyView
from audit.viewsets import AuditApplication
from dossiers.catalog_api import AwardFormViewSet, CampaignViewSet
from notifications.views import NotificationApplication
from registrations.views import RegistrationApplication
from roles.api import UnitViewSet
from roles.language import set_language
from roles.views import AccountViewset

from .api import TokenObtainView, api_patterns
from .api import not_found as api_not_found


class AwardSite(Site):
    """The site; its index sends each user to their daily page (``DailyPageView``)."""

    @property
    def index_path(self):
        return path("", DailyPageView.as_view(viewset=self), name="index")


site = AwardSite(
    title=_("Award dossiers"),
    viewsets=[
        ScopedFlowAppViewset(AwardDossierFlow, icon="assignment"),
        SubmitterApplication(),
        DossierApplication(),
        WorkApplication(),
        RegistrationApplication(),
        OverdueApplication(),
        AuditApplication(),
        NotificationApplication(),
        # Last, so that the site's index stays the first application's.
        AccountViewset(),
    ],
)

# The JSON API: each app's ``api.py`` owns its resources.
api_router = SimpleRouter()
api_router.register("dossiers", FlowDossierViewSet, basename="api-dossier")
api_router.register("tasks", TaskViewSet, basename="api-task")
api_router.register("compiled-submissions", CompiledSubmissionViewSet, basename="api-compiled-submission")
api_router.register("council-meetings", MeetingViewSet, basename="api-council-meeting")
api_router.register("decisions", DecisionViewSet, basename="api-decision")
api_router.register("province-letters", LetterViewSet, basename="api-letter")
api_router.register("audit/events", AuditEventViewSet, basename="api-audit-event")
api_router.register("campaigns", CampaignViewSet, basename="api-campaign")
api_router.register("award-forms", AwardFormViewSet, basename="api-award-form")
api_router.register("units", UnitViewSet, basename="api-unit")

api_urls = api_patterns(
    [
        path("auth/token/", TokenObtainView.as_view(), name="api-token"),
        path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
        path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
        path("audit/verify/", TrailVerifyView.as_view(), name="api-audit-verify"),
        *api_router.urls,
        *(
            path(f"dossiers/<int:pk>/transitions/{name}/", transition_view(name), name=f"api-transition-{name}")
            for name in TRANSITIONS
        ),
        re_path(r"", api_not_found),  # last: any other path under /api/
    ]
)

urlpatterns = [
    path("api/", include(api_urls)),
    # The language can be chosen on the sign-in page too; a signed-in user's choice is kept on them.
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    # viewflow's web components read their strings (dates, selections) from this catalogue.
    path("jsi18n/", login_not_required(JavaScriptCatalog.as_view()), name="javascript-catalog"),
    path("admin/", admin.site.urls),
    # Before Django's account pages: the site's own password change answers at their address.
    path("", site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
]
