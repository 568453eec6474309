from django.contrib import admin
from django.urls import include, path, re_path
from markdownx.views import MarkdownifyView

from articles.caching import listing_tags, listing_validators
from articles.feeds import UpdatedAnswersFeed
from core import http_caching, page_cache, uploads
from core.two_factor import staff_required
from diseasemaps import views
from search import views as search_views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path(
        "sitemap-<slug:section>-<int:number>.xml",
        views.sitemap_section,
        name="sitemap_section",
    ),
    path(
        "feeds/updates/",
        page_cache.tagged(listing_tags)(
            http_caching.validated(UpdatedAnswersFeed(), validators=listing_validators)
        ),
        name="updates_feed",
    ),
    path("admin/", admin.site.urls),
    path("api/v1/", include("api.urls")),
    path(
        "markdownx/markdownify/",
        staff_required(MarkdownifyView.as_view()),
        name="markdownx_markdownify",
    ),
    path("markdownx/upload/", uploads.image_upload, name="markdownx_upload"),
    # MEDIA_URL + MARKDOWNX_MEDIA_PATH: where the upload form's images are stored.
    re_path(
        rf"^media/uploads/(?P<name>{uploads.UPLOAD_NAME_PATTERN})$",
        uploads.serve_upload,
        name="upload",
    ),
    path("conditions/", include("articles.urls")),
    path(
        "conditions/<slug:condition_slug>/",
        views.condition_detail,
        name="condition_detail",
    ),
    path(
        "conditions/<slug:condition_slug>/<slug:question_slug>/",
        views.answer_detail,
        name="answer_detail",
    ),
    path(
        "conditions/<slug:condition_slug>/<slug:question_slug>/history/",
        views.answer_history,
        name="answer_history",
    ),
    path("reviewers/", include("reviews.urls")),
    path("search/", search_views.search, name="search"),
    # Community: accounts/, account/ and conditions/<condition>/<question>/experiences/
    path("", include("community.urls")),
]
