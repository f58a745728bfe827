from django.contrib.auth import views as auth_views
from django.urls import path, re_path

from ads import views

app_name = "ads"
urlpatterns = [
    path("go/c/<int:pk>/", views.campaign_click, name="campaign_click"),
    path("ads/login/", views.LoginView.as_view(), name="login"),
    path("ads/logout/", auth_views.LogoutView.as_view(next_page="ads:login"), name="logout"),
    path("ads/", views.campaigns, name="campaigns"),
    path("ads/campaigns/<int:pk>/", views.report, name="report"),
    re_path(r"^ads/campaigns/(?P<pk>[0-9]+)/(?P<table>days|segments)\.csv$", views.report_csv, name="report_csv"),
]
