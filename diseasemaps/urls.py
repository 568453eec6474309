from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from markdownx.views import MarkdownifyView

from articles.feeds import UpdatedAnswersFeed
from diseasemaps import http_caching, sitemaps, uploads, views
from diseasemaps.two_factor import staff_required
from search import views as search_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        http_caching.validated(sitemap, validators=http_caching.sitemap_validators),
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap",
    ),
    path(
        "feeds/updates/",
        http_caching.validated(
            UpdatedAnswersFeed(), validators=http_caching.listing_validators
        ),
        name="updates_feed",
    ),
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
