"""URL map: the platform pages, then everything of an organization under /<org-slug>/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sigap.letters import views as letter_views
from sigap.orgs import views as org_views
from sigap.orgs.login import LoginForm

urlpatterns = [
    path("", org_views.home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("masuk/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("<slug:org>/sop/", include("sigap.sop.urls")),
    path("v/<str:code>", letter_views.verify, name="verify"),
    path("<slug:org>/pengaturan/", include("sigap.orgs.settings_urls")),
    path("<slug:org>/", include("sigap.letters.urls")),
    path("<slug:org>/", include("sigap.cases.urls")),
]
