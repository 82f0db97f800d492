from metalpro.api.urls import slashless
from projects.api import views

urlpatterns = [
    *slashless("upload/bom", views.BomUploadApi.as_view(), "bom-upload"),
    *slashless("upload/bom/<uuid:upload_id>", views.BomUploadDetailApi.as_view(), "bom"),
    *slashless("upload/bom/<uuid:upload_id>/rows/<int:row>", views.BomRowApi.as_view(), "bom-row"),
    *slashless("upload/bom/<uuid:upload_id>/add-to-cart", views.BomAddToCartApi.as_view(), "bom-add-to-cart"),
    *slashless("projects", views.ProjectListApi.as_view(), "projects"),
    *slashless("projects/<uuid:project_id>", views.ProjectDetailApi.as_view(), "project"),
    *slashless("projects/<uuid:project_id>/add-to-cart", views.ProjectAddToCartApi.as_view(), "project-add-to-cart"),
]
