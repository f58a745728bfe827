from django.urls import path

from history import views

app_name = "history"
urlpatterns = [
    path("history/", views.history_list, name="list"),
    path("history/compare/", views.compare, name="compare"),
    path("history/report.pdf", views.history_report, name="report"),
    path("history/<uuid:public_id>/forget/", views.forget, name="forget"),
    path("history/<uuid:public_id>/photo.jpg", views.photo, name="photo"),
    path("result/<uuid:public_id>/report.pdf", views.result_report, name="result_report"),
]
