from django.urls import path

from hospitals import views

app_name = "hospitals"
urlpatterns = [
    path("nearby/", views.nearby, name="nearby"),
]
