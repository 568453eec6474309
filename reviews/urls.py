from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("<slug:reviewer_slug>/", views.reviewer_detail, name="reviewer_detail"),
]
