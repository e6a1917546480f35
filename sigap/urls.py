"""URL map: the platform pages, then everything of an organization under /<org-slug>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sigap import views
from sigap.cases import settings_urls as case_settings_urls
from sigap.letters import views as letter_views
from sigap.orgs import second_factor_urls
from sigap.orgs import settings_urls as org_settings_urls
from sigap.orgs.invite import password_set
from sigap.orgs.login import login
from sigap.sop import document_views as sop_document_views
from sigap.worktime import settings_urls as worktime_settings_urls

# Each app keeps its own settings pages; together they are the organization's `settings:` namespace.
settings_patterns = (
    org_settings_urls.urlpatterns + case_settings_urls.urlpatterns + worktime_settings_urls.urlpatterns,
    "settings",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("masuk/", login, name="login"),
    path("masuk/sandi/<str:uidb64>/<str:token>/", password_set, name="password_set"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("sop-dokumen.css", sop_document_views.document_css, name="sop_document_css"),
    path("", include((second_factor_urls.urlpatterns, "second_factor"))),
    path("<slug:org>/sop/", include("sigap.sop.urls")),
    path("v/<str:code>", letter_views.verify, name="verify"),
    path("v/<str:code>/", letter_views.verify_with_slash),
    path("<slug:org>/pengaturan/", include(settings_patterns)),
    path("<slug:org>/", include("sigap.letters.urls")),
    path("<slug:org>/", include("sigap.cases.urls")),
]
