from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.condition_index, name="condition_index"),
]
