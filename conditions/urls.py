from django.urls import path

from . import views

app_name = "conditions"

urlpatterns = [
    path("", views.condition_index, name="condition_index"),
    path("<slug:condition_slug>/", views.condition_detail, name="condition_detail"),
]
