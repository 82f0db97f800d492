"""The back-office for uploaded lists, learnt mappings and projects, driven through the admin views."""

import re
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
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


# --- Retry failed uploads -----------------------------------------------------------------------

UPLOAD_CHANGELIST = reverse("admin:projects_bomupload_changelist")
IPE_BOM = simple_bom(("Profil IPE 200 S235JR", "S235JR", "4", "buc"))


def failed_upload(user) -> BomUpload:
    return BomUploadFactory(
        user=user,
        file=ContentFile(IPE_BOM, name="lista.csv"),
        status=BomUpload.Status.FAILED,
        attempts=3,
        failure_reason="The list could not be read because of an error on our side. Please try again.",
    )


def retry_processing(client, *uploads, capture):
    with capture(execute=True):
        return client.post(
            UPLOAD_CHANGELIST,
            {"action": "retry_processing", "_selected_action": [str(upload.pk) for upload in uploads]},
            follow=True,
        )


def test_failed_uploads_are_listed_with_the_failed_filter(operator_client, user):
    failed = failed_upload(user)
    BomUploadFactory(user=user, status=BomUpload.Status.DONE)

    response = operator_client.get(UPLOAD_CHANGELIST, {"status__exact": "FAILED"})

    assert [upload.pk for upload in response.context["cl"].result_list] == [failed.pk]


def test_retrying_a_failed_upload_reads_it_again(
    operator_client, user, bom_catalog, django_capture_on_commit_callbacks
):
    upload = failed_upload(user)

    response = retry_processing(operator_client, upload, capture=django_capture_on_commit_callbacks)

    upload.refresh_from_db()
    assert (upload.status, upload.failure_reason, upload.attempts) == (BomUpload.Status.DONE, "", 1)
    assert upload.rows[0]["sku"] == "IPE-200-S235JR"
    assert flash(response) == ["1 list queued to be read again."]


def test_the_retry_is_queued_only_after_commit(operator_client, user, django_capture_on_commit_callbacks):
    upload = failed_upload(user)

    with mock.patch("projects.tasks.process_bom_upload.delay") as delay:
        retry_processing(operator_client, upload, capture=django_capture_on_commit_callbacks)

    delay.assert_called_once_with(str(upload.pk))
    upload.refresh_from_db()
    assert (upload.status, upload.attempts, upload.finished_at) == (BomUpload.Status.PENDING, 0, None)


def test_retrying_leaves_uploads_that_had_not_failed_alone(operator_client, user, django_capture_on_commit_callbacks):
    done = BomUploadFactory(user=user, status=BomUpload.Status.DONE, summary={"rows": 1})

    with mock.patch("projects.tasks.process_bom_upload.delay") as delay:
        response = retry_processing(operator_client, done, capture=django_capture_on_commit_callbacks)

    done.refresh_from_db()
    assert done.status == BomUpload.Status.DONE
    delay.assert_not_called()
    assert flash(response) == ["0 lists queued to be read again."]


def test_a_sales_operator_may_retry_an_upload(client, sales_operators_group, user, django_capture_on_commit_callbacks):
    seller = UserFactory(is_staff=True)
    seller.groups.add(sales_operators_group)
    client.force_login(seller)
    upload = failed_upload(user)

    with mock.patch("projects.tasks.process_bom_upload.delay") as delay:
        retry_processing(client, upload, capture=django_capture_on_commit_callbacks)

    delay.assert_called_once_with(str(upload.pk))


def test_staff_without_the_permission_is_not_offered_the_retry(client, user):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_bomupload"))
    client.force_login(viewer)
    upload = failed_upload(user)

    page = client.get(UPLOAD_CHANGELIST)
    client.post(UPLOAD_CHANGELIST, {"action": "retry_processing", "_selected_action": [str(upload.pk)]})

    assert "retry_processing" not in page.content.decode()
    upload.refresh_from_db()
    assert upload.status == BomUpload.Status.FAILED


def test_a_retried_upload_stays_read_only(operator_client, user):
    upload = failed_upload(user)

    response = operator_client.post(
        reverse("admin:projects_bomupload_change", args=[upload.pk]), {"file_name": "altceva.csv"}
    )

    assert response.status_code == 403
