"""The audit log: every staff change of products, categories, RFQs and quotes, users and companies is
recorded (who, what, when, IP, user agent, before/after), and the log itself is read-only."""

import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Company
from accounts.tests.factories import UserFactory
from catalog.models import Category, Product
from catalog.tests.factories import CategoryFactory, ProductFactory
from rfq.models import Rfq
from rfq.tests.factories import RfqFactory, RfqItemFactory
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

IP = "203.0.113.7"
BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
CREATE, UPDATE, DELETE = LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE
LOG_LIST = reverse("admin:auditlog_logentry_changelist")


@pytest.fixture
def staff_client(operator_client):
    """The operator's browser, as the server sees it."""
    operator_client.defaults.update(REMOTE_ADDR=IP, HTTP_USER_AGENT=BROWSER)
    return operator_client


@pytest.fixture
def sales_client(client, password, sales_operators_group):
    operator = UserFactory(password=password, is_staff=True, email="vanzari@metalpro.local")
    operator.groups.add(sales_operators_group)
    client.force_login(operator)
    client.defaults.update(REMOTE_ADDR=IP, HTTP_USER_AGENT=BROWSER)
    client.operator = operator
    return client


def mark() -> int:
    """The newest entry so far: what a test's setup logged (factories, outside requests) is older."""
    return LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def entries(obj, action=None, *, after: int = 0) -> list[LogEntry]:
    found = LogEntry.objects.get_for_object(obj).filter(pk__gt=after).order_by("pk")
    return list(found if action is None else found.filter(action=action))


def only_entry(obj, action, *, after: int = 0) -> LogEntry:
    (entry,) = entries(obj, action, after=after)
    return entry


def assert_from_browser(entry: LogEntry, actor) -> None:
    assert entry.actor == actor
    assert entry.actor_email == actor.email
    assert entry.remote_addr == IP
    assert entry.additional_data == {"user_agent": BROWSER}


# --- Products, prices and stock --------------------------------------------------------------------


def test_price_and_stock_changed_in_the_product_list_are_one_entry(staff_client, operator):
    product = ProductFactory(price_per_unit=Decimal("114.24"), stock=Decimal("120"))
    form = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(product.id),
        "form-0-price_per_unit": "119.90",
        "form-0-stock": "80",
        "form-0-availability": "in_stock",
        "form-0-is_active": "on",
        "_save": "Save",
    }

    response = staff_client.post(reverse("admin:catalog_product_changelist"), form)

    assert response.status_code == 302
    entry = only_entry(product, UPDATE)
    assert_from_browser(entry, operator)
    assert entry.changes == {"price_per_unit": ["114.24", "119.90"], "stock": ["120.000", "80"]}
    assert entry.object_repr == str(product)


def test_a_product_edited_in_its_form_records_before_and_after(staff_client, operator):
    product = ProductFactory(title="Profil IPE 200 S235JR", price_per_unit=Decimal("114.24"), stock=Decimal("120"))
    url = reverse("admin:catalog_product_change", args=[product.pk])

    response = staff_client.post(
        url, change_form_data(staff_client.get(url), price_per_unit="99.50", stock="7.5", title="Profil IPE 200")
    )

    assert response.status_code == 302
    entry = only_entry(product, UPDATE)
    assert_from_browser(entry, operator)
    assert entry.changes == {
        "title": ["Profil IPE 200 S235JR", "Profil IPE 200"],
        "price_per_unit": ["114.24", "99.50"],
        "stock": ["120.000", "7.5"],
    }  # derived columns (search text, sort title) and timestamps are left out


def test_saving_a_product_unchanged_writes_no_entry(staff_client):
    product = ProductFactory()
    url = reverse("admin:catalog_product_change", args=[product.pk])

    staff_client.post(url, change_form_data(staff_client.get(url)))

    assert entries(product, UPDATE) == []


# --- Categories -------------------------------------------------------------------------------------


def test_a_category_created_in_the_admin(staff_client, operator):
    response = staff_client.post(
        reverse("admin:catalog_category_add"),
        {"name": "Tablă striată", "slug": "tabla-striata", "sort_order": "3", "is_active": "on"},
    )

    assert response.status_code == 302
    entry = only_entry(Category.objects.get(slug="tabla-striata"), CREATE)
    assert_from_browser(entry, operator)
    assert entry.changes["name"] == ["None", "Tablă striată"]
    assert entry.changes["sort_order"] == ["None", "3"]


def test_a_category_deleted_in_the_admin(staff_client, operator):
    category = CategoryFactory(name="Plase sudate", slug="plase-sudate")
    pk = category.pk

    response = staff_client.post(reverse("admin:catalog_category_delete", args=[pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Category.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.get(object_pk=str(pk), action=DELETE)
    assert_from_browser(entry, operator)
    assert entry.object_repr == "Plase sudate"
    assert entry.changes["name"] == ["Plase sudate", "None"]  # what it was


# --- RFQs and quotes --------------------------------------------------------------------------------


@pytest.fixture
def rfq():
    rfq = RfqFactory()
    RfqItemFactory(rfq=rfq, position=1)
    return rfq


def rfq_change(client, rfq, **changes):
    url = reverse("admin:rfq_rfq_change", args=[rfq.pk])
    return client.post(url, change_form_data(client.get(url), **changes))


def test_an_rfq_status_change_in_the_admin(sales_client, rfq):
    response = rfq_change(sales_client, rfq, _acknowledge="1")

    assert response.status_code == 302
    entry = only_entry(rfq, UPDATE)
    assert_from_browser(entry, sales_client.operator)
    assert entry.changes == {"status": ["SUBMITTED", "ACKNOWLEDGED"]}


def test_a_quote_priced_and_sent_in_the_admin(sales_client, rfq):
    item = rfq.items.get()
    valid_until = timezone.localdate() + timedelta(days=10)

    response = rfq_change(
        sales_client, rfq, **{"items-0-final_unit_price": "110.00"}, valid_until=valid_until, _send_quote="1"
    )

    assert response.status_code == 302
    rfq.refresh_from_db()
    assert rfq.status == Rfq.Status.QUOTED
    priced = only_entry(item, UPDATE)
    assert_from_browser(priced, sales_client.operator)
    assert priced.changes == {"final_unit_price": ["None", "110.00"], "final_line_total": ["None", "1540.00"]}

    rfq_entries = entries(rfq, UPDATE)
    for entry in rfq_entries:
        assert_from_browser(entry, sales_client.operator)
    changes = [entry.changes for entry in rfq_entries]
    assert changes[0] == {"valid_until": ["None", valid_until.isoformat()]}
    assert {"status": ["SUBMITTED", "ACKNOWLEDGED"]} in changes
    assert changes[-1] == {"status": ["ACKNOWLEDGED", "QUOTED"]}
    quote = next(change for change in changes if "final_quote_amount" in change)
    assert quote["quote_subtotal"] == ["None", "1540.00"]
    assert quote["final_quote_amount"] == ["None", str(rfq.final_quote_amount)]


# --- Users and companies ----------------------------------------------------------------------------


def test_a_user_edited_in_the_admin(staff_client, operator):
    buyer = UserFactory(name="Ion", phone="0722000000")
    url = reverse("admin:accounts_user_change", args=[buyer.pk])
    page, since = staff_client.get(url), mark()

    response = staff_client.post(url, change_form_data(page, name="Ion Popescu", is_active=""))

    assert response.status_code == 302
    entry = only_entry(buyer, UPDATE, after=since)
    assert_from_browser(entry, operator)
    assert entry.changes == {"name": ["Ion", "Ion Popescu"], "is_active": ["True", "False"]}


def test_granting_a_group_is_recorded(staff_client, operator):
    buyer = UserFactory()
    group = Group.objects.get(name="Sales operators")
    url = reverse("admin:accounts_user_change", args=[buyer.pk])
    page, since = staff_client.get(url), mark()

    staff_client.post(url, change_form_data(page, groups=group.pk))

    entry = only_entry(buyer, UPDATE, after=since)
    assert_from_browser(entry, operator)
    assert entry.changes == {"groups": {"type": "m2m", "operation": "add", "objects": ["Sales operators"]}}


def test_a_password_change_is_recorded_without_the_hash(staff_client, operator):
    buyer = UserFactory()
    old_hash, since = buyer.password, mark()

    response = staff_client.post(
        reverse("admin:auth_user_password_change", args=[buyer.pk]),
        {"usable_password": "true", "password1": "N0u-Parola-2026!", "password2": "N0u-Parola-2026!"},
    )

    assert response.status_code == 302
    buyer.refresh_from_db()
    entry = only_entry(buyer, UPDATE, after=since)
    assert_from_browser(entry, operator)
    assert entry.changes == {"password": ["********", "********"]}
    stored = json.dumps([entry.changes, entry.changes_text, entry.serialized_data, entry.additional_data])
    assert old_hash not in stored
    assert buyer.password not in stored
    assert not any(buyer.password in str(e.changes) for e in LogEntry.objects.all())


def test_a_company_edited_in_the_admin(staff_client, operator):
    company = Company.objects.create(user=UserFactory(), legal_name="Firma SRL", cui="4221306", city="Cluj")
    url = reverse("admin:accounts_company_change", args=[company.pk])

    response = staff_client.post(url, change_form_data(staff_client.get(url), legal_name="Firma Nouă SRL"))

    assert response.status_code == 302
    entry = only_entry(company, UPDATE)
    assert_from_browser(entry, operator)
    assert entry.changes == {"legal_name": ["Firma SRL", "Firma Nouă SRL"]}


def test_a_company_verified_with_the_admin_action(staff_client, operator):
    company = Company.objects.create(user=UserFactory(), legal_name="Firma SRL", cui="4221306")

    staff_client.post(
        reverse("admin:accounts_company_changelist"), {"action": "verify", "_selected_action": [str(company.pk)]}
    )

    entry = only_entry(company, UPDATE)
    assert_from_browser(entry, operator)
    assert entry.changes["is_verified"] == ["False", "True"]
    assert entry.changes["verified_at"][0] == "None"


# --- Request context ---------------------------------------------------------------------------------


def test_an_api_change_names_the_bearer_token_user(auth_client, user):
    """DRF authenticates after the middleware ran: the actor is read when the entry is written."""
    agent, since = "MetalProApp/2.1 (Android)", mark()

    auth_client.patch("/api/users/me", {"name": "Ana Pop"}, format="json", REMOTE_ADDR=IP, HTTP_USER_AGENT=agent)

    entry = only_entry(user, UPDATE, after=since)
    assert entry.actor == user
    assert entry.remote_addr == IP
    assert entry.additional_data == {"user_agent": agent}
    assert entry.changes["name"][1] == "Ana Pop"


@pytest.mark.parametrize(
    ("proxies", "recorded"), [(0, IP), (1, "198.51.100.9")], ids=["no-proxy-header-ignored", "behind-one-proxy"]
)
def test_the_ip_is_the_sites_client_ip(staff_client, settings, proxies, recorded):
    """X-Forwarded-For counts only behind NUM_PROXIES trusted proxies (metalpro.http.client_ip)."""
    settings.NUM_PROXIES = proxies
    product = ProductFactory(stock=Decimal("1"))
    url = reverse("admin:catalog_product_change", args=[product.pk])

    staff_client.post(url, change_form_data(staff_client.get(url), stock="2"), HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert only_entry(product, UPDATE).remote_addr == recorded


def test_a_management_command_change_has_no_actor(staff_client, tmp_path):
    staff_client.get(LOG_LIST)  # a request before, on the same thread, leaves nothing behind
    ProductFactory(sku="IPE-200", price_per_unit=Decimal("114.24"))
    path = tmp_path / "p.csv"
    path.write_text(
        "sku,title,category,grade,standard,dimensions,availability,baseUnit,pricePerUnit,weight,lengthM,stock\n"
        "IPE-200,Profil IPE 200 S235JR,Profile IPE,S235JR,EN 10365,200x100,in_stock,m,119.90,22.4,12,120\n",
        encoding="utf-8",
    )

    call_command("import_products", str(path), stdout=StringIO())

    entry = only_entry(Product.objects.get(sku="IPE-200"), UPDATE)
    assert entry.changes["price_per_unit"] == ["114.24", "119.90"]
    assert (entry.actor, entry.actor_email, entry.remote_addr, entry.additional_data) == (None, None, None, None)


# --- The log in the admin ----------------------------------------------------------------------------


def test_entries_cannot_be_added_changed_or_deleted_even_by_a_superuser(staff_client):
    product = ProductFactory()
    entry = only_entry(product, CREATE)
    change = reverse("admin:auditlog_logentry_change", args=[entry.pk])

    page = staff_client.get(change)
    assert page.status_code == 200  # view only
    assert b'name="_save"' not in page.content
    assert staff_client.post(change, {"action": "2", "object_repr": "nothing"}).status_code == 403
    assert staff_client.get(reverse("admin:auditlog_logentry_add")).status_code == 403
    delete = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    staff_client.post(LOG_LIST, {"action": "delete_selected", "_selected_action": [str(entry.pk)], "post": "yes"})
    entry.refresh_from_db()
    assert entry.action == CREATE
    assert b"delete_selected" not in staff_client.get(LOG_LIST).content


def test_sales_operators_read_the_log_with_filters_and_search(sales_client):
    product = ProductFactory(title="Profil HEB 160", price_per_unit=Decimal("10"))
    url = reverse("admin:catalog_product_change", args=[product.pk])
    sales_client.post(url, change_form_data(sales_client.get(url), price_per_unit="12"))
    entry = only_entry(product, UPDATE)
    created = only_entry(product, CREATE)
    product_type = str(entry.content_type_id)

    def listed(**query) -> set[int]:
        response = sales_client.get(LOG_LIST, query)
        assert response.status_code == 200
        return {row.pk for row in response.context["cl"].result_list}

    assert {entry.pk, created.pk} <= listed()
    assert listed(action=str(UPDATE), content_type=product_type) == {entry.pk}
    assert listed(actor=str(sales_client.operator.pk)) == {entry.pk}
    assert created.pk in listed(actor="system")
    assert entry.pk not in listed(actor="system")
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)  # as the date filter links
    assert entry.pk in listed(timestamp__gte=str(today), timestamp__lt=str(today + timedelta(days=1)))
    assert listed(timestamp__gte=str(today + timedelta(days=1))) == set()
    assert listed(q="HEB 160", action=str(UPDATE)) == {entry.pk}
    assert listed(q="vanzari@metalpro.local", content_type=product_type) == {entry.pk}  # by the actor
    assert listed(q=IP) == {entry.pk}
    page = sales_client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).content.decode()
    for shown in (IP, BROWSER, "vanzari@metalpro.local"):
        assert shown in page
    assert "Chrome 126 · Windows" in sales_client.get(LOG_LIST).content.decode()  # the device, in the list


def test_a_buyer_cannot_see_the_log(client, user):
    client.force_login(user)

    response = client.get(LOG_LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_the_permission_cannot_see_the_log(client, password):
    client.force_login(UserFactory(is_staff=True, password=password))

    assert client.get(LOG_LIST).status_code == 403
