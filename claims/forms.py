"""Forms check shape only; the services decide what is acceptable."""

from django import forms
from django.conf import settings


class ArticleUploadForm(forms.Form):
    text = forms.CharField(
        required=False, strip=False, label="Paste the article's text",
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        required=False, label="or upload a .txt or .html file",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.text,.md,.html,.htm"}),
    )
    url = forms.URLField(required=False, label="or give the article's URL", max_length=2000,
                         assume_scheme="https")
    title = forms.CharField(required=False, max_length=500)
    outlet = forms.CharField(required=False, max_length=200, label="Outlet (publisher)")
    published = forms.DateField(
        required=False, label="Published on",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        given = [name for name in ("text", "file", "url") if data.get(name)]
        if "text" in given and not data["text"].strip():
            given.remove("text")
        if len(given) != 1:
            raise forms.ValidationError(
                "Give exactly one of: pasted text, a file or a URL."
                if given else "The article is empty: paste text, choose a file or give a URL."
            )
        upload = data.get("file")
        if upload is not None and upload.size > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES / 1024 / 1024
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is {limit:.0f} MB."
            )
        return data
