"""Import parsing: rows, row-level errors, HTML to text."""

from __future__ import annotations

import json
from datetime import date

from pom.discovery import importers

TODAY = date(2026, 11, 18)


def test_notes_csv_rows_become_insights_with_tags() -> None:
    text = (
        "Date,Customer,Company,Text,Tags\n"
        "2026-11-02,Ann Lee,Globex,Exports take ages to load,export; speed\n"
        "03/11/2026,Bo,,Wants SSO,sso\n"
    )
    parsed = importers.parse_notes_csv(text, TODAY)
    assert parsed.ok
    first, second = parsed.rows
    assert first.customer == "Ann Lee" and first.tags == ["export", "speed"]
    assert second.observed_on == date(2026, 11, 3)


def test_notes_csv_reports_every_bad_row_with_its_line() -> None:
    text = "date,text\n2026-13-40,Broken date\n2030-01-01,From the future\n2026-11-01,\n,No date\n"
    parsed = importers.parse_notes_csv(text, TODAY)
    assert not parsed.ok
    messages = [str(e) for e in parsed.errors]
    assert messages == [
        "Row 2: '2026-13-40' is not a date (use YYYY-MM-DD).",
        "Row 3: 2030-01-01 is in the future.",
        "Row 4: the note text is empty.",
        "Row 5: the date is missing (use YYYY-MM-DD).",
    ]


def test_notes_csv_without_the_text_column_says_what_is_expected() -> None:
    parsed = importers.parse_notes_csv("when,what\n2026-01-01,x\n", TODAY)
    assert "Missing column(s): date, text" in str(parsed.errors[0])
    assert importers.parse_notes_csv("", TODAY).errors[0].message == "The file is empty."


def test_html_to_text_keeps_paragraphs_and_drops_markup() -> None:
    html = "<p>Hello <b>there</b> &amp; welcome</p><ul><li>one</li><li>two</li></ul><script>x()</script>"
    assert importers.html_to_text(html) == "Hello there & welcome\none\ntwo"


def test_productboard_json_notes_are_parsed_in_the_api_shape() -> None:
    notes = {
        "data": [
            {
                "title": "Bulk edit",
                "content": "<p>We need to <em>bulk edit</em> invoices</p>",
                "user": {"email": "pat@initech.com"},
                "company": {"domain": "initech.com"},
                "tags": ["Invoices", "bulk"],
                "source": {"origin": "intercom", "record_id": "123"},
                "created_at": "2026-10-01T10:00:00Z",
            },
            {"title": "", "content": ""},
            {"content": "dup", "source": {"origin": "intercom", "record_id": "123"}},
        ]
    }
    parsed = importers.parse_productboard(json.dumps(notes), TODAY, "notes.json")
    assert len(parsed.rows) == 1
    row = parsed.rows[0]
    assert row.text == "Bulk edit\nWe need to bulk edit invoices"
    assert row.customer == "pat@initech.com" and row.company == "initech.com"
    assert row.tags == ["invoices", "bulk"]
    assert row.external_id == "productboard:intercom:123"
    assert row.observed_on == date(2026, 10, 1)
    assert [str(e) for e in parsed.errors] == [
        "Row 2: the note text is empty.",
        "Row 3: the note '123' appears twice in the file.",
    ]


def test_productboard_csv_export_uses_the_same_fields() -> None:
    text = (
        "title,content,user_email,company_domain,tags,source_origin,source_record_id\n"
        'Slow search,"<div>Search is slow</div>",a@b.com,b.com,"search,speed",zendesk,77\n'
    )
    parsed = importers.parse_productboard(text, TODAY, "notes.csv")
    assert parsed.ok
    assert parsed.rows[0].source == "Productboard (zendesk)"
    assert parsed.rows[0].observed_on == TODAY


def test_productboard_rejects_invalid_json_clearly() -> None:
    parsed = importers.parse_productboard("[{", TODAY, "x.json")
    assert "not valid JSON" in parsed.errors[0].message
