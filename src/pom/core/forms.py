"""Form pieces every pillar shares."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from pom.core.imports import MAX_DOCUMENT_BYTES, _megabytes


class DocumentForm(forms.Form):
    """A document to import, uploaded or pasted: ``cleaned_data[text_field]`` is its text.

    Uploads over ``max_bytes`` are refused with a message; a file that is not UTF-8 is refused
    too, unless the form names an ``other_encoding`` to read it in instead (discovery's notes
    exported from older tools are often Latin-1). A leading byte-order mark (Excel's "CSV UTF-8")
    is dropped. ``cleaned_data["filename"]`` is the uploaded file's name (or what a hidden
    ``filename`` field carried from the preview step), ``""`` for pasted text.

    A subclass may rename the text field: declare it, set ``text_field`` to its name and
    ``content = None`` to drop the default one.
    """

    max_bytes: ClassVar[int] = MAX_DOCUMENT_BYTES
    other_encoding: ClassVar[str | None] = None
    text_field: ClassVar[str] = "content"
    empty_message: ClassVar[str] = "Choose a file or paste its content."

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
            if upload.size > self.max_bytes:
                raise forms.ValidationError(
                    f"The file is larger than {_megabytes(self.max_bytes)}; split it up."
                )
            data[self.text_field] = self._decode(upload.read())
            data["filename"] = upload.name
        data.setdefault("filename", "")
        if not (data.get(self.text_field) or "").strip():
            raise forms.ValidationError(self.empty_message)
        return data

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            if self.other_encoding:
                return raw.decode(self.other_encoding, errors="replace")
            raise forms.ValidationError(
                "The file is not UTF-8 text; save it as UTF-8 and try again."
            ) from None
