from django.shortcuts import render
from django.urls import path

from metalpro.urls import handler404, handler500  # noqa: F401
from metalpro.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return render(request, "bench/trivial.html")


urlpatterns = [path("bench/trivial", trivial), *site_urlpatterns]
