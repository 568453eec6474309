from django.contrib import admin
from django.urls import include, path
from markdownx.views import MarkdownifyView

from diseasemaps import uploads, views
from diseasemaps.two_factor import staff_required
from search import views as search_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path(
        "markdownx/markdownify/",
        staff_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    path("markdownx/upload/", uploads.image_upload, name="markdownx_upload"),
    path("conditions/", include("conditions.urls")),
    path("conditions/", include("articles.urls")),
    path("reviewers/", include("reviews.urls")),
    path("search/", search_views.search, name="search"),
    # Community: accounts/, account/ and conditions/<condition>/<question>/experiences/
    path("", include("community.urls")),
]
