from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "community"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/signup/sent/", views.signup_done, name="signup_done"),
    path(
        "accounts/confirm/resend/",
        views.resend_confirmation,
        name="resend_confirmation",
    ),
    path("accounts/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("accounts/login/", views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password-reset/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("community:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/display-name/", views.display_name, name="display_name"),
    path("account/declarations/", views.declare, name="declare"),
    path(
        "account/declarations/<slug:condition_slug>/withdraw/",
        views.withdraw_declaration,
        name="withdraw_declaration",
    ),
    path(
        "account/experiences/<int:pk>/edit/",
        views.experience_edit,
        name="experience_edit",
    ),
    path(
        "account/experiences/<int:pk>/delete/",
        views.experience_delete,
        name="experience_delete",
    ),
    path("account/export/", views.account_export, name="account_export"),
    path("account/delete/", views.account_delete, name="account_delete"),
    path(
        "conditions/<slug:condition_slug>/<slug:question_slug>/experiences/",
        views.experience_list,
        name="experience_list",
    ),
]
