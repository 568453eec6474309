from django.urls import path, re_path

from api import views

app_name = "api"

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("conditions/", views.ConditionListView.as_view(), name="conditions"),
    path(
        "conditions/<slug:slug>/",
        views.ConditionDetailView.as_view(),
        name="condition_detail",
    ),
    path("answers/", views.AnswerListView.as_view(), name="answers"),
    path("answers/<int:pk>/", views.AnswerDetailView.as_view(), name="answer_detail"),
    path(
        "answers/<int:pk>/verify/",
        views.AnswerVerifyView.as_view(),
        name="answer_verify",
    ),
    path("changes/", views.ChangeListView.as_view(), name="changes"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    re_path(r"^(?P<path>.+)$", views.NotFoundView.as_view(), name="not_found"),
]
