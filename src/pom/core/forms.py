"""Form pieces every pillar shares."""

from __future__ import annotations

from typing import Any

from django import forms

from pom.core.imports import MAX_DOCUMENT_BYTES, _megabytes


class DocumentForm(forms.Form):
    """A document to import, uploaded or pasted: ``cleaned_data["content"]`` is its text.

    Uploads over ``MAX_DOCUMENT_BYTES`` and files that are not UTF-8 are refused with a message;
    a leading byte-order mark (Excel's "CSV UTF-8") is dropped.
    """

    file = forms.FileField(required=False, help_text="Or paste the content below.")
    content = forms.CharField(
        required=False,
        max_length=MAX_DOCUMENT_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload:
            if upload.size > MAX_DOCUMENT_BYTES:
                raise forms.ValidationError(
                    f"The file is larger than {_megabytes(MAX_DOCUMENT_BYTES)}; split it up."
                )
            try:
                data["content"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    "The file is not UTF-8 text; save it as UTF-8 and try again."
                ) from None
        if not (data.get("content") or "").strip():
            raise forms.ValidationError("Choose a file or paste its content.")
        return data
