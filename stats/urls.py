app_name = "stats"
urlpatterns: list = []
