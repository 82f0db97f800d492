"""Failed emails in the back-office: found by status, and sent again by an operator."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.tests.factories import UserFactory
from notifications.models import OutboundEmail
from notifications.tests.factories import FailedEmailFactory, OutboundEmailFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:notifications_outboundemail_changelist")


@pytest.fixture
def operator_client(operator_client):
    operator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return operator_client


def retry(client, *emails, capture):
    with capture(execute=True):
        return client.post(
            CHANGELIST, {"action": "retry", "_selected_action": [str(e.pk) for e in emails]}, follow=True
        )


def test_the_failed_filter_lists_only_failed_emails_with_their_error(operator_client):
    failed, sent = FailedEmailFactory(), OutboundEmailFactory(status=OutboundEmail.Status.SENT)

    response = operator_client.get(CHANGELIST, {"status__exact": "FAILED"})

    assert [email.pk for email in response.context["cl"].result_list] == [failed.pk]
    assert "SMTPServerDisconnected" in response.content.decode()
    assert sent.subject not in response.content.decode()


def test_the_retry_action_is_offered(operator_client):
    response = operator_client.get(CHANGELIST)

    assert ("retry", "Retry selected emails") in response.context["action_form"].fields["action"].choices


def test_retrying_sends_a_failed_email(operator_client, mailoutbox, django_capture_on_commit_callbacks):
    email = FailedEmailFactory()

    response = retry(operator_client, email, capture=django_capture_on_commit_callbacks)

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (OutboundEmail.Status.SENT, 1, "")
    assert [message.to for message in mailoutbox] == [email.to]
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["1 email queued again."]


def test_retrying_leaves_emails_that_had_not_failed_alone(
    operator_client, mailoutbox, django_capture_on_commit_callbacks
):
    sent = OutboundEmailFactory(status=OutboundEmail.Status.SENT, attempts=1)

    response = retry(operator_client, sent, capture=django_capture_on_commit_callbacks)

    sent.refresh_from_db()
    assert (sent.status, sent.attempts) == (OutboundEmail.Status.SENT, 1)
    assert mailoutbox == []
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["0 emails queued again."]


def test_a_sales_operator_may_retry_an_email(
    client, sales_operators_group, mailoutbox, django_capture_on_commit_callbacks
):
    seller = UserFactory(is_staff=True)
    seller.groups.add(sales_operators_group)
    client.force_login(seller)
    email = FailedEmailFactory()

    retry(client, email, capture=django_capture_on_commit_callbacks)

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT


def test_a_buyer_cannot_retry_an_email(client, user, mailoutbox, django_capture_on_commit_callbacks):
    client.force_login(user)
    email = FailedEmailFactory()

    retry(client, email, capture=django_capture_on_commit_callbacks)

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert mailoutbox == []
