from django.urls import path

from products import views

app_name = "products"
urlpatterns = [
    path("go/<int:pk>/", views.product_click, name="click"),
]
