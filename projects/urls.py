from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("lista-materiale/", views.upload, name="upload"),
    path("lista-materiale/exemplu.csv", views.example, name="example"),
    path("lista-materiale/<uuid:upload_id>/", views.review, name="bom"),
    path("cont/proiecte/", views.project_list, name="list"),
    path("cont/proiecte/<uuid:project_id>/", views.project_detail, name="project"),
    path("cont/proiecte/<uuid:project_id>/modifica/", views.project_rename, name="rename"),
    path("cont/proiecte/<uuid:project_id>/sterge/", views.project_remove, name="delete"),
    path("cont/proiecte/<uuid:project_id>/in-cos/", views.project_to_cart, name="to-cart"),
]
