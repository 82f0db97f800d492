"""The back-office for uploaded lists, learnt mappings and projects, driven through the admin views."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import Company
from accounts.tests.factories import UserFactory
from projects.models import BomUpload, MappingMemory
from projects.services.bom import bom_process
from projects.services.memory import memory_remember
from projects.tests.factories import BomUploadFactory, ProjectFactory
from projects.tests.files import simple_bom

MEMORY_CHANGELIST = reverse("admin:projects_mappingmemory_changelist")
GIRDER = "Grinda principala G1"  # no catalog product looks like it: only a learnt mapping maps it
GIRDER_BOM = simple_bom((GIRDER, "", "12", "m"))


def company_user(cui: str):
    user = UserFactory(role="BUSINESS")
    Company.objects.create(user=user, legal_name=f"Firma {cui} SRL", cui=cui)
    return user


def read_list(user, content: bytes) -> list[dict]:
    """The rows `user` gets back for `content`, read the way the upload task reads it."""
    upload = BomUploadFactory(user=user, file=ContentFile(content, name="lista.csv"), language="en")
    assert bom_process(upload_id=upload.pk).status == BomUpload.Status.DONE
    return BomUpload.objects.get(pk=upload.pk).rows


def promote(client, *entries):
    return client.post(
        MEMORY_CHANGELIST, {"action": "promote", "_selected_action": [str(e.pk) for e in entries]}, follow=True
    )


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def operator_client(operator_client):
    """The root fixture, reading the back-office in English (messages are asserted as their msgids)."""
    operator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return operator_client


# --- Pages --------------------------------------------------------------------------------------


@pytest.fixture
def records(bom_catalog, user) -> dict:
    upload = BomUploadFactory(
        user=user,
        file_name="hala-cluj.csv",
        status=BomUpload.Status.DONE,
        summary={"rows": 7, "matched": 5},
    )
    memory = memory_remember(user=user, description="Profil IPE200 verde", product=bom_catalog["IPE-200-S355J2"])
    project = ProjectFactory(user=user, name="Hala Cluj", bom_data={"rows": [{"row": 2}, {"row": 3}]})
    return {"bomupload": upload, "mappingmemory": memory, "project": project}


@pytest.mark.parametrize(
    ("model", "shown"),
    [
        ("bomupload", "hala-cluj.csv"),
        ("mappingmemory", "Profil IPE200 verde"),
        ("project", "Hala Cluj"),
    ],
    ids=["uploads", "mappings", "projects"],
)
def test_the_changelist_lists_the_records_for_an_operator(operator_client, records, model, shown):
    response = operator_client.get(reverse(f"admin:projects_{model}_changelist"))

    assert response.status_code == 200
    assert shown in response.content.decode()


@pytest.mark.parametrize(
    ("model", "shown"),
    [
        ("bomupload", "hala-cluj.csv"),
        ("mappingmemory", "Profil IPE200 verde"),
        ("project", "Hala Cluj"),
    ],
    ids=["upload", "mapping", "project"],
)
def test_the_change_page_shows_the_record_to_an_operator(operator_client, records, model, shown):
    response = operator_client.get(reverse(f"admin:projects_{model}_change", args=[records[model].pk]))

    assert response.status_code == 200
    assert shown in response.content.decode()


def test_the_upload_page_shows_the_owner_and_a_signed_download_link(operator_client, records):
    upload = records["bomupload"]

    html = operator_client.get(reverse("admin:projects_bomupload_change", args=[upload.pk])).content.decode()

    assert upload.user.email in html
    assert re.search(r'<a href="/[a-z/]*fisiere/[^"/]+/">download</a>', html)
    assert upload.file.name not in html  # the storage key stays behind the signed link


def test_the_project_list_counts_the_rows_of_each_project(operator_client, records):
    response = operator_client.get(reverse("admin:projects_project_changelist"))

    assert response.context["cl"].result_list.get().pk == records["project"].pk
    assert '<td class="field-row_count">2</td>' in response.content.decode()


def test_uploads_and_projects_are_read_only_in_the_admin(operator_client, records):
    upload, project = records["bomupload"], records["project"]

    upload_post = operator_client.post(
        reverse("admin:projects_bomupload_change", args=[upload.pk]), {"file_name": "altceva.csv"}
    )
    project_post = operator_client.post(
        reverse("admin:projects_project_change", args=[project.pk]), {"name": "Altceva"}
    )

    upload.refresh_from_db()
    project.refresh_from_db()
    assert upload_post.status_code == 403
    assert project_post.status_code == 403
    assert upload.file_name == "hala-cluj.csv"
    assert project.name == "Hala Cluj"


# --- Promote ------------------------------------------------------------------------------------


def test_promoting_a_company_correction_makes_it_everyones(operator_client, operator, bom_catalog):
    ipe = bom_catalog["IPE-200-S355J2"]
    correction = memory_remember(user=company_user("18547290"), description=GIRDER, product=ipe)
    stranger = UserFactory()
    assert read_list(stranger, GIRDER_BOM)[0]["product_id"] is None

    response = promote(operator_client, correction)

    everyone = MappingMemory.objects.get(scope=MappingMemory.Scope.GLOBAL)
    assert (everyone.key, everyone.product, everyone.promoted_by) == (correction.key, ipe, operator)
    assert everyone.cui == ""
    assert everyone.user is None
    assert MappingMemory.objects.filter(pk=correction.pk, scope=MappingMemory.Scope.COMPANY).exists()
    assert flash(response) == ["1 mapping promoted to everyone."]
    row = read_list(stranger, GIRDER_BOM)[0]
    assert (row["sku"], row["source"], row["matched"]) == ("IPE-200-S355J2", "memory", True)


def test_promoting_an_account_correction_makes_it_everyones(operator_client, bom_catalog):
    angle = bom_catalog["L-50X50X5"]
    correction = memory_remember(user=UserFactory(), description=GIRDER, product=angle)
    assert correction.scope == MappingMemory.Scope.USER

    promote(operator_client, correction)

    assert MappingMemory.objects.get(scope=MappingMemory.Scope.GLOBAL).product == angle
    assert read_list(company_user("14399840"), GIRDER_BOM)[0]["sku"] == "L-50X50X5"


def test_promoting_replaces_the_earlier_mapping_for_everyone(operator_client, bom_catalog):
    first = memory_remember(user=UserFactory(), description=GIRDER, product=bom_catalog["IPE-200-S235JR"])
    promote(operator_client, first)
    better = memory_remember(user=company_user("18547290"), description=GIRDER, product=bom_catalog["IPE-200-S355J2"])

    promote(operator_client, better)

    everyone = MappingMemory.objects.get(scope=MappingMemory.Scope.GLOBAL)
    assert everyone.product == bom_catalog["IPE-200-S355J2"]
    assert read_list(UserFactory(), GIRDER_BOM)[0]["sku"] == "IPE-200-S355J2"


def test_a_buyers_own_mapping_still_wins_over_the_promoted_one(operator_client, bom_catalog):
    promote(
        operator_client, memory_remember(user=UserFactory(), description=GIRDER, product=bom_catalog["UNP-100-S235JR"])
    )
    buyer = UserFactory()
    memory_remember(user=buyer, description=GIRDER, product=bom_catalog["IPE-200-S235JR"])

    assert read_list(buyer, GIRDER_BOM)[0]["sku"] == "IPE-200-S235JR"
    assert read_list(UserFactory(), GIRDER_BOM)[0]["sku"] == "UNP-100-S235JR"


def test_promoting_a_mapping_that_is_already_everyones_changes_nothing(operator_client, bom_catalog):
    promote(operator_client, memory_remember(user=UserFactory(), description=GIRDER, product=bom_catalog["L-50X50X5"]))
    everyone = MappingMemory.objects.get(scope=MappingMemory.Scope.GLOBAL)

    response = promote(operator_client, everyone)

    assert flash(response) == ["0 mappings promoted to everyone."]
    assert MappingMemory.objects.filter(scope=MappingMemory.Scope.GLOBAL).count() == 1


def test_a_sales_operator_may_promote_a_mapping(client, sales_operators_group, bom_catalog):
    seller = UserFactory(is_staff=True)
    seller.groups.add(sales_operators_group)
    client.force_login(seller)
    correction = memory_remember(user=UserFactory(), description=GIRDER, product=bom_catalog["L-50X50X5"])

    promote(client, correction)

    assert MappingMemory.objects.get(scope=MappingMemory.Scope.GLOBAL).promoted_by == seller


# --- Who gets in --------------------------------------------------------------------------------


@pytest.mark.parametrize("model", ["bomupload", "mappingmemory", "project"])
def test_a_buyer_is_sent_to_the_admin_login(client, user, model):
    client.force_login(user)
    url = reverse(f"admin:projects_{model}_changelist")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_buyer_cannot_promote_a_mapping(client, user, bom_catalog):
    correction = memory_remember(user=user, description=GIRDER, product=bom_catalog["L-50X50X5"])
    client.force_login(user)

    response = client.post(MEMORY_CHANGELIST, {"action": "promote", "_selected_action": [str(correction.pk)]})

    assert response.status_code == 302
    assert not MappingMemory.objects.filter(scope=MappingMemory.Scope.GLOBAL).exists()
