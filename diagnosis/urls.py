from django.urls import path

from diagnosis import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("result/<uuid:public_id>/", views.result, name="result"),
    path("result/<uuid:public_id>/delete/", views.delete, name="delete"),
    path("result/deleted/", views.deleted, name="deleted"),
    path("privacy/", views.privacy, name="privacy"),
    path("review/photo/<int:pk>/", views.photo, name="photo"),
]
