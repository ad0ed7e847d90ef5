"""Forms check shape only; the services decide what is acceptable."""

from django import forms
from django.conf import settings

from claims.models import Category, ComparisonGroup, Grade, Party, Verdict
from claims.services.reviews import ClaimCorrectionInput
from sources.models import Source


class ArticleUploadForm(forms.Form):
    text = forms.CharField(
        required=False,
        strip=False,
        label="Paste the article's text",
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    file = forms.FileField(
        required=False,
        label="or upload a .txt or .html file",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.text,.md,.html,.htm"}),
    )
    url = forms.URLField(
        required=False,
        label="or give the article's URL",
        max_length=2000,
        assume_scheme="https",
    )
    title = forms.CharField(required=False, max_length=500)
    outlet = forms.CharField(required=False, max_length=200, label="Outlet (publisher)")
    published = forms.DateField(
        required=False,
        label="Published on",
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
                if given
                else "The article is empty: paste text, choose a file or give a URL."
            )
        upload = data.get("file")
        if upload is not None and upload.size > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES / 1024 / 1024
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; "
                f"the limit is {limit:.0f} MB."
            )
        return data


class DashboardFilterForm(forms.Form):
    """The dashboard's filters; every field optional."""

    q = forms.CharField(required=False, max_length=200, label="Search")
    category = forms.ChoiceField(
        required=False, choices=[("", "Any category"), *Category.choices]
    )
    party = forms.ChoiceField(
        required=False, choices=[("", "Any party"), *Party.choices]
    )
    source = forms.ModelChoiceField(
        required=False,
        queryset=Source.objects.order_by("name"),
        empty_label="Any source",
    )
    as_of_from = forms.DateField(
        required=False,
        label="As of from",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    as_of_to = forms.DateField(
        required=False, label="to", widget=forms.DateInput(attrs={"type": "date"})
    )
    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Any status"),
            ("open", "Open conflicts"),
            ("unreviewed", "Not flagged, unreviewed"),
            ("reviewed", "Reviewed"),
            *Verdict.choices,
        ],
    )


class ReviewForm(forms.Form):
    """A verdict on a group; `version` is the group's version when the page was read."""

    verdict = forms.ChoiceField(choices=Verdict.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    grade = forms.ChoiceField(required=False, choices=[("", "—"), *Grade.choices])
    assigned_to = forms.ModelChoiceField(
        required=False, queryset=None, empty_label="Nobody", label="Assign to"
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, assignable, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignable


class ClaimMoveForm(forms.Form):
    group = forms.ModelChoiceField(
        queryset=ComparisonGroup.objects.all(),
        widget=forms.NumberInput,
        label="Move to group #",
    )


class GroupMergeForm(forms.Form):
    other = forms.ModelChoiceField(
        queryset=ComparisonGroup.objects.all(),
        widget=forms.NumberInput,
        label="Merge group #",
    )


class GroupSplitForm(forms.Form):
    claims = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, group: ComparisonGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["claims"].queryset = group.claims.all()


class ClaimCorrectForm(forms.Form):
    """A correction: give a value, or low and high; empty fields keep the extraction."""

    value = forms.DecimalField(required=False, max_digits=16, decimal_places=3)
    low = forms.DecimalField(required=False, max_digits=16, decimal_places=3)
    high = forms.DecimalField(required=False, max_digits=16, decimal_places=3)
    category = forms.ChoiceField(required=False, choices=[("", "—"), *Category.choices])
    party = forms.ChoiceField(required=False, choices=[("", "—"), *Party.choices])
    source = forms.ModelChoiceField(
        required=False, queryset=Source.objects.order_by("name"), empty_label="—"
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self) -> dict:
        data = super().clean()
        if data.get("value") is not None and (
            data.get("low") is not None or data.get("high") is not None
        ):
            raise forms.ValidationError(
                "Give a single value or a low–high range, not both."
            )
        if (data.get("low") is None) != (data.get("high") is None):
            raise forms.ValidationError("A range needs both low and high.")
        return data

    def correction(self) -> ClaimCorrectionInput:
        data = self.cleaned_data
        return ClaimCorrectionInput(
            value=data["value"],
            low=data["low"],
            high=data["high"],
            category=data["category"] or None,
            party=data["party"] or None,
            source_id=data["source"].pk if data["source"] else None,
            note=data["note"],
        )
