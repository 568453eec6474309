"""factory_boy factories: one per model, valid defaults.

Content in a workflow state is reached through the workflow itself (see
``tests/helpers.py``), never by setting ``state`` directly.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles.models import Answer, Question, Reference
from conditions.models import Condition
from reviews.models import Registration, ReviewerProfile


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get(name=name))

    class Params:
        staff = factory.Trait(is_staff=True)


class EditorFactory(UserFactory):
    is_staff = True
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get(name="Editors")
        )
    )


class ManagingEditorFactory(UserFactory):
    is_staff = True
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get(name="Managing editors")
        )
    )


class ReviewerFactory(UserFactory):
    is_staff = True
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get(name="Medical reviewers")
        )
    )
    profile = factory.RelatedFactory(
        "tests.factories.ReviewerProfileFactory", factory_related_name="user"
    )


class MemberFactory(UserFactory):
    groups = factory.PostGeneration(
        lambda user, create, extracted, **kw: user.groups.add(
            Group.objects.get(name="Members")
        )
    )


class ReviewerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewerProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, staff=True)
    full_name = factory.LazyAttribute(
        lambda p: f"Dr {p.user.first_name} {p.user.last_name}"
    )
    credentials = "MD"
    specialty = "Clinical genetics"
    bio = "Consultant in clinical genetics."
    disclosures = "None declared."
    slug = factory.Sequence(lambda n: f"reviewer-{n}")
    registration = factory.RelatedFactory(
        "tests.factories.RegistrationFactory", factory_related_name="profile"
    )


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration verified long ago and valid for a year yet: valid on
    every day a test signs off, also on history recorded in the past."""

    class Meta:
        model = Registration

    profile = factory.SubFactory(ReviewerProfileFactory, registration=None)
    body = "General Medical Council"
    country = "United Kingdom"
    number = factory.Sequence(lambda n: f"GMC-{7000000 + n}")
    verified_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=3650)
    )
    verified_by = factory.SubFactory(UserFactory, username="registrar", staff=True)
    valid_until = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=365)
    )
    verifier_notes = "Checked on the public register; no conditions."


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition

    name = factory.Sequence(lambda n: f"Example syndrome {n}")
    slug = factory.Sequence(lambda n: f"example-syndrome-{n}")
    other_names = "Example disease\nExample disorder"
    summary = "A *rare* condition used in tests."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    condition = factory.SubFactory(ConditionFactory)
    text = factory.Sequence(lambda n: f"What is question number {n}?")
    slug = factory.Sequence(lambda n: f"question-{n}")
    topic = Question.Topic.CAUSE


class AnswerFactory(factory.django.DjangoModelFactory):
    """A draft answer ready to submit. Use ``tests.helpers`` for later states."""

    class Meta:
        model = Answer

    question = factory.SubFactory(QuestionFactory)
    tldr = "A short, reviewed summary of the answer."
    body = "The **full** answer, with detail.\n\nA second paragraph."
    created_by = None
    references = factory.RelatedFactory(
        "tests.factories.ReferenceFactory", factory_related_name="answer"
    )


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    answer = factory.SubFactory(AnswerFactory, references=None)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"A study of example syndromes, part {n}")
    source = "Journal of Rare Diseases"
    year = 2023
    url = "https://example.org/study"
    doi = "10.1000/example"
    pmid = "12345678"


# Community ---------------------------------------------------------------------


class MemberProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.MemberProfile"

    user = factory.SubFactory(MemberFactory)
    display_name = factory.Sequence(lambda n: f"Member {n}")


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "community.Declaration"

    member = factory.SubFactory(MemberFactory)
    condition = factory.SubFactory(ConditionFactory)


class ExperienceFactory(factory.django.DjangoModelFactory):
    """A pending experience. Approve or reject it through ``community.moderation``."""

    class Meta:
        model = "community.Experience"

    member = factory.SubFactory(MemberFactory)
    question = factory.SubFactory(QuestionFactory)
    text = factory.Sequence(
        lambda n: (
            f"Experience {n}: living with this condition taught me patience "
            "and the value of keeping notes for every appointment."
        )
    )
    consent_at = factory.LazyFunction(timezone.now)
