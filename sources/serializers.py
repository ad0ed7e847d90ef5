"""How the API shows sources: aliases and their place in the hierarchy."""

from __future__ import annotations

from rest_framework import serializers

from sources.models import Source


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail")
    aliases = serializers.SlugRelatedField(
        many=True, read_only=True, slug_field="alias"
    )
    children = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the sources directly under it"
    )

    class Meta:
        model = Source
        fields = (
            "id",
            "url",
            "name",
            "slug",
            "kind",
            "side",
            "country",
            "parent",
            "children",
            "aliases",
            "notes",
        )


class SourceResolveSerializer(serializers.Serializer):
    q = serializers.CharField(help_text="The attribution as written")
    source = SourceSerializer(allow_null=True, help_text="Null when nothing matches")
