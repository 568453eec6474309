from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path(
        "<slug:condition_slug>/<slug:question_slug>/",
        views.answer_detail,
        name="answer_detail",
    ),
]
