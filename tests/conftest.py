"""Fixtures shared by the suite: users per role, logged-in clients, eager tasks."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from config.celery import app as celery_app


@pytest.fixture(autouse=True)
def eager_tasks():
    """Tasks run in-process unless a test starts a real worker (see worker_app)."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


def make_user(username: str, role: str | None):
    user = get_user_model().objects.create_user(
        username=username, password="pw-" + username
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db):
    return make_user("vera-viewer", "viewer")


@pytest.fixture
def reviewer(db):
    return make_user("rita-reviewer", "reviewer")


@pytest.fixture
def editor(db):
    return make_user("ed-editor", "editor")


@pytest.fixture
def reviewer_client(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
