"""The email outbox: queued with the change, sent once after commit, retried, visible when failed."""

from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboundEmail
from notifications.services import email_queue, email_send, outbox_flush

pytestmark = pytest.mark.django_db


def queue(**extra) -> OutboundEmail:
    from accounts.tests.factories import UserFactory

    user = UserFactory(name="Ana Pop")
    return email_queue(to=[user.email], template="account_verify", context={"user": user, "token": "t"}, **extra)


def test_nothing_is_sent_before_the_transaction_commits(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        email = queue()

    assert mailoutbox == []
    assert len(callbacks) == 1
    assert email.status == OutboundEmail.Status.PENDING


def test_an_email_is_sent_once_after_commit(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = queue()

    email.refresh_from_db()
    assert len(mailoutbox) == 1
    assert email.status == OutboundEmail.Status.SENT
    assert mailoutbox[0].alternatives  # text and HTML
    email_send(email_id=email.pk)  # a duplicate task run
    assert len(mailoutbox) == 1


def test_emails_are_written_in_the_recipients_language(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue(language="ro")
        queue(language="en")

    assert mailoutbox[0].subject == "Confirmați adresa de email"
    assert mailoutbox[1].subject == "Confirm your email address"


def test_a_failing_provider_is_retried_three_times_then_marked_failed(mailoutbox, django_capture_on_commit_callbacks):
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionError("SendGrid 503")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = queue()

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 3
    assert "SendGrid 503" in email.last_error


def test_a_flaky_provider_succeeds_on_a_retry(mailoutbox, django_capture_on_commit_callbacks):
    real_send = __import__("django.core.mail", fromlist=["EmailMultiAlternatives"]).EmailMultiAlternatives.send
    calls = {"n": 0}

    def flaky(message, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("timeout")
        return real_send(message, *args, **kwargs)

    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = queue()

    email.refresh_from_db()
    assert (email.status, email.attempts, len(mailoutbox)) == (OutboundEmail.Status.SENT, 2, 1)


def test_emails_left_pending_by_a_broker_outage_are_sent_by_the_sweep(mailoutbox, django_capture_on_commit_callbacks):
    broker_down = mock.patch("notifications.tasks.send_email.delay", side_effect=ConnectionError("broker down"))
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    assert mailoutbox == []

    assert outbox_flush() == 1

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1


def test_operators_see_failed_emails_and_send_them_again(
    operator_client, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionError("down")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = queue()
    changelist = reverse("admin:notifications_outboundemail_changelist")

    listed = operator_client.get(changelist, {"status__exact": "FAILED"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        operator_client.post(changelist, {"action": "retry", "_selected_action": [str(email.pk)]})

    email.refresh_from_db()
    assert email.subject in listed
    assert email.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1
