import datetime as dt

import pytest
from django.utils import timezone

from jenjang.core.exceptions import ApplicationError, PermissionDenied
from jenjang.events.models import (
    EventFeedback,
    SessionSpeaker,
    Speaker,
    SpeakerFeedback,
)
from jenjang.events.services.feedback import feedback_submit
from jenjang.events.tests.factories import make_event, register

pytestmark = pytest.mark.django_db


def test_feedback_attendees_only_once_per_event_and_speaker(world):
    event = make_event(world, starts_in=-dt.timedelta(hours=1))
    speaker = Speaker.objects.create(agency=world.agency, name="Dr. Ahli")
    SessionSpeaker.objects.create(session=event.sessions.get(), speaker=speaker)
    reg = register(event, world.employee)
    with pytest.raises(PermissionDenied):
        feedback_submit(event=event, rating=5, usefulness=4, by=world.employee.user)
    reg.attended_at = timezone.now()
    reg.save()
    with pytest.raises(ApplicationError) as err:
        feedback_submit(event=event, rating=6, usefulness=4, by=world.employee.user)
    assert err.value.message == "Kepuasan harus 1 sampai 5."
    feedback_submit(
        event=event,
        rating=5,
        usefulness=4,
        speakers={speaker.pk: (5, "Jelas")},
        by=world.employee.user,
    )
    feedback_submit(
        event=event,
        rating=4,
        usefulness=4,
        speakers={speaker.pk: (3, "")},
        by=world.employee.user,
    )
    assert EventFeedback.objects.get().rating == 4
    assert SpeakerFeedback.objects.get().rating == 3
