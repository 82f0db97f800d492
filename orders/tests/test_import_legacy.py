"""import_legacy (CONTRACT §6) with the shipped sample export, docs/legacy-export-sample.json."""

import json
import re
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum

from accounts.models import User
from accounts.tests.factories import UserFactory
from catalog.models import Product, Rating
from notifications.models import OutboundEmail
from orders.models import Order, OrderItem, Wallet, WalletTransaction

pytestmark = pytest.mark.django_db
SAMPLE = Path(settings.BASE_DIR) / "docs" / "legacy-export-sample.json"


@pytest.fixture
def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def run(tmp_path, django_capture_on_commit_callbacks):
    """`run(data, *options)` -> the command's output; emails are sent as the transaction commits."""

    def run_command(data: dict, *options: str) -> str:
        path = tmp_path / "export.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("import_legacy", str(path), *options, stdout=out)
        return out.getvalue()

    return run_command


def row_counts() -> dict:
    return {
        "users": User.objects.count(),
        "products": Product.objects.count(),
        "ratings": Rating.objects.count(),
        "wallet": WalletTransaction.objects.count(),
        "orders": Order.objects.count(),
        "items": OrderItem.objects.count(),
    }


def test_the_sample_imports_with_the_right_counts(run, sample):
    output = run(sample)

    assert row_counts() == {"users": 5, "products": 10, "ratings": 6, "wallet": 6, "orders": 4, "items": 8}
    assert "users: created 5, updated 0, unchanged 0" in output
    assert "orders: created 4, updated 0, unchanged 0" in output


def test_a_rerun_changes_nothing(run, sample, mailoutbox):
    run(sample)
    counts = row_counts()
    stamps = {
        "users": dict(User.objects.values_list("email", "updated_at")),
        "products": dict(Product.objects.values_list("sku", "updated_at")),
        "orders": dict(Order.objects.values_list("number", "updated_at")),
        "ratings": dict(Rating.objects.values_list("pk", "updated_at")),
    }

    output = run(sample)

    assert row_counts() == counts
    assert {
        "users": dict(User.objects.values_list("email", "updated_at")),
        "products": dict(Product.objects.values_list("sku", "updated_at")),
        "orders": dict(Order.objects.values_list("number", "updated_at")),
        "ratings": dict(Rating.objects.values_list("pk", "updated_at")),
    } == stamps
    assert "created 0, updated 0" in output
    assert "created 1" not in output
    assert len(mailoutbox) == 5


@pytest.fixture
def problems(tmp_path):
    """`problems(data)` -> ({path: message} reported by the command with --format json, the error)."""

    def report(data: dict) -> tuple[dict, CommandError]:
        path = tmp_path / "broken.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out = StringIO()
        with pytest.raises(CommandError) as error:
            call_command("import_legacy", str(path), "--format", "json", stdout=out)
        return {item["path"]: item["message"] for item in json.loads(out.getvalue())["problems"]}, error.value

    return report


def test_every_problem_is_reported_with_its_path_and_nothing_is_written(problems, sample):
    sample["users"][3]["email"] = sample["walletTransactions"][4]["email"] = "andreea.munteanu@outlook"
    sample["users"][4]["role"] = "administrator"
    sample["products"][2]["pricePerUnit"] = "gratis"
    sample["ratings"][0]["rating"] = 6
    sample["walletTransactions"][1]["type"] = "refund"
    sample["orders"][0]["items"][1]["sku"] = "NU-EXISTA"
    sample["orders"][1]["status"] = "lost"
    sample["orders"][2]["total"] = 1.0

    reported, error = problems(sample)

    assert set(reported) == {
        "users[3].email",
        "users[4].role",
        "products[2].pricePerUnit",
        "ratings[0].rating",
        "walletTransactions[1].type",
        "orders[0].items[1].sku",
        "orders[1].status",
        "orders[2].total",
    }
    assert reported["orders[0].items[1].sku"].startswith("unknown product 'NU-EXISTA'")
    assert reported["users[3].email"].startswith("invalid email")
    assert "nothing was imported" in str(error)
    assert row_counts() == dict.fromkeys(("users", "products", "ratings", "wallet", "orders", "items"), 0)
    assert not OutboundEmail.objects.exists()


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        pytest.param(lambda d: d["users"].append(dict(d["users"][0])), "users[5].email", "duplicate of users[0]",
                     id="duplicate-user"),
        pytest.param(lambda d: d["ratings"][2].update(email="altcineva@example.ro"), "ratings[2].email",
                     "unknown user", id="rating-of-an-unknown-user"),
        pytest.param(lambda d: d["users"][0].update(walletBalance=10), "users[0].walletBalance", "less than",
                     id="balance-below-the-movements"),
        pytest.param(lambda d: d["walletTransactions"][4].update(type="debit"), "walletTransactions[4]",
                     "below zero", id="debit-below-zero"),
        pytest.param(lambda d: d["orders"][3].update(createdAt="ieri"), "orders[3].createdAt", "not an ISO 8601",
                     id="unreadable-date"),
        pytest.param(lambda d: d["orders"][3]["items"][0].update(unit="tone"), "orders[3].items[0].unit",
                     "must be one of", id="unknown-unit"),
        pytest.param(lambda d: d["orders"][3]["items"][0].update(quantity=0), "orders[3].items[0].quantity",
                     "greater than zero", id="zero-quantity"),
        pytest.param(lambda d: d.update(orders={"a": 1}), "orders", "must be an array", id="orders-not-an-array"),
        pytest.param(lambda d: d["products"].append("PL-IPE200"), "products[10]", "must be an object",
                     id="product-not-an-object"),
    ],
)  # fmt: skip
def test_each_kind_of_problem_names_its_path(problems, sample, change, path, message):
    change(sample)

    reported, _error = problems(sample)

    assert path in reported
    assert message in reported[path]
    assert not User.objects.exists()


def test_text_report_prints_one_line_per_problem(tmp_path, sample):
    sample["users"][0]["email"] = "gresit"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(sample), encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("import_legacy", str(path), stdout=out)

    assert out.getvalue().startswith("users[0].email: invalid email: 'gresit'\n")


def test_a_file_that_is_not_json_fails_clearly(tmp_path):
    path = tmp_path / "export.json"
    path.write_text("{users: [", encoding="utf-8")

    with pytest.raises(CommandError, match="Invalid JSON at line 1"):
        call_command("import_legacy", str(path))


def test_imported_users_have_no_usable_password_and_one_working_set_password_email(run, sample, client, mailoutbox):
    run(sample)
    user = User.objects.get(email="gheorghe.tanase@gmail.com")
    [email] = [message for message in mailoutbox if message.to == [user.email]]
    link = re.search(r"https?://\S+/resetare/\S+/", email.body)[0]
    path = link.removeprefix(settings.FRONTEND_URL)

    response = client.post(path, {"new_password1": "Otel-Beton-PC52-Nou", "new_password2": "Otel-Beton-PC52-Nou"})
    user_before = User.objects.get(email="ion.popescu@gmail.com")
    user.refresh_from_db()

    assert not user_before.has_usable_password()
    assert len(mailoutbox) == 5
    assert OutboundEmail.objects.filter(template="account_imported").count() == 5
    assert response.status_code == 302
    assert user.check_password("Otel-Beton-PC52-Nou")


def test_an_existing_account_is_matched_by_email_and_gets_no_email(run, sample, mailoutbox, password):
    existing = UserFactory(email="Maria.Ionescu@yahoo.com", name="", phone="")

    output = run(sample)
    existing.refresh_from_db()

    assert "users: created 4, updated 1, unchanged 0" in output
    assert existing.check_password(password)
    assert existing.name == "Maria Ionescu"
    assert existing.email not in {message.to[0] for message in mailoutbox}
    assert len(mailoutbox) == 4


def test_the_business_account_comes_with_its_company(run, sample):
    run(sample)

    user = User.objects.select_related("company").get(email="achizitii@constructiisudest.ro")

    assert user.role == User.Role.BUSINESS
    assert user.company.legal_name == "Construcții Sud-Est SRL"
    assert user.company.cui == "18547290"


@pytest.mark.parametrize(
    ("email", "balance"),
    [
        pytest.param("ion.popescu@gmail.com", Decimal("150.00"), id="movements-only"),
        pytest.param("achizitii@constructiisudest.ro", Decimal("1250.50"), id="opening-entry-and-movements"),
        pytest.param("andreea.munteanu@outlook.com", Decimal("75.00"), id="no-walletBalance-given"),
    ],
)
def test_wallet_balance_equals_the_export_and_the_ledger_sum(run, sample, email, balance):
    run(sample)
    wallet = Wallet.objects.get(user__email=email)
    credits = wallet.transactions.filter(type="credit").aggregate(total=Sum("amount"))["total"] or 0
    debits = wallet.transactions.filter(type="debit").aggregate(total=Sum("amount"))["total"] or 0
    last = wallet.transactions.order_by("-created_at").first()

    assert wallet.balance == balance
    assert credits - debits == balance
    assert last.balance_after == balance


def test_the_opening_entry_comes_first_in_the_ledger(run, sample):
    run(sample)

    ledger = WalletTransaction.objects.filter(wallet__user__email="achizitii@constructiisudest.ro").order_by(
        "created_at"
    )

    assert (ledger[0].reference, ledger[0].amount) == ("legacy-opening", Decimal("500.00"))
    assert [entry.balance_after for entry in ledger] == [Decimal("500.00"), Decimal("1500.00"), Decimal("1250.50")]


def test_ratings_update_product_averages(run, sample):
    run(sample)

    tube = Product.objects.get(sku="TR-40X20X2")
    rating = Rating.objects.get(user__email="maria.ionescu@yahoo.com")

    assert (tube.rating_average, tube.rating_count) == (Decimal("4.50"), 2)
    assert rating.created_at.isoformat() == "2024-06-10T16:20:00+00:00"


def test_historical_orders_do_not_touch_stock_or_send_order_emails(run, sample):
    run(sample)

    stock = {product["sku"]: Decimal(str(product["stock"])) for product in sample["products"]}
    order = Order.objects.get(user__email="achizitii@constructiisudest.ro")

    assert dict(Product.objects.values_list("sku", "stock")) == stock
    assert not Order.objects.filter(stock_reserved=True).exists()
    assert not OrderItem.objects.exclude(stock_quantity=0).exists()
    assert set(OutboundEmail.objects.values_list("template", flat=True)) == {"account_imported"}
    assert (order.status, order.payment_status, order.total) == ("delivered", "paid", Decimal("14368.12"))
    assert order.number.startswith("LEG-")
    assert order.created_at.isoformat() == "2024-02-05T07:10:00+00:00"
    assert order.items.count() == 3


def test_a_later_export_with_a_new_status_updates_the_order(run, sample):
    run(sample)
    sample["orders"][2]["status"] = "delivered"

    output = run(sample)
    order = Order.objects.get(user__email="maria.ionescu@yahoo.com")

    assert "orders: created 0, updated 1, unchanged 3" in output
    assert order.status == "delivered"
    assert list(order.status_changes.values_list("to_status", flat=True)) == ["shipped", "delivered"]
