"""Webhooks in the API: a tool registers a URL for events and lists its own."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Webhook
from claims.webhooks import Event, webhook_register


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ("id", "url", "events", "active", "created_at")


class WebhookCreatedSerializer(serializers.ModelSerializer):
    """Shown once, at registration: the secret that signs every delivery."""

    class Meta:
        model = Webhook
        fields = ("id", "url", "events", "active", "created_at", "secret")


class WebhookRegisterApi(APIView):
    """List your webhooks, or register one: deliveries are POSTed as JSON, signed
    `X-Tally-Signature: sha256=HMAC(secret, "<X-Tally-Timestamp>.<body>")`."""

    required_permission = "claims.add_webhook"

    class InputSerializer(serializers.Serializer):
        url = serializers.URLField(max_length=2000)
        events = serializers.ListField(
            child=serializers.ChoiceField(choices=Event.choices), min_length=1
        )

    @extend_schema(responses=WebhookSerializer(many=True))
    def get(self, request: Request) -> Response:
        hooks = Webhook.objects.filter(owner=request.user)
        return Response(WebhookSerializer(hooks, many=True).data)

    @extend_schema(request=InputSerializer, responses={201: WebhookCreatedSerializer})
    def post(self, request: Request) -> Response:
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        hook = webhook_register(owner=request.user, **data.validated_data)
        return Response(
            WebhookCreatedSerializer(hook).data, status=status.HTTP_201_CREATED
        )
