"""The clarity rules where goals arrive other than the outcome form: OKR spreadsheets, bets and check-ins."""

from __future__ import annotations

from typing import Any

from pom.strategy import services, transfer
from pom.strategy.models import CheckIn, Outcome
from pom.strategy.tests.helpers import plan

OKR_CSV = """Row ID,Parent Row ID,Title,Owner Email,Start Value,Target Value,Current Value,Start Date,Due Date
O1,,SMB net revenue retention reaches 105%,,98,105,99,2026-01-01,2099-12-31
KR1,O1,Hire 2 salespeople for the DACH region,pat@acme.test,0,2,0,2026-01-01,2099-06-30
KR2,O1,Conduct 20 customer interviews,bob@acme.test,0,20,4,2026-01-01,2099-06-30
"""


def test_okr_spreadsheet_key_results_that_name_work_are_flagged_as_outputs(world: Any) -> None:
    plan(world)
    result = transfer.import_okr_csv(world.membership("leader"), OKR_CSV)
    suggestions = sorted(f.suggestion for f in result.findings if f.rule == "O101")
    assert len(suggestions) == 2
    assert "because 2 salespeople for the dach region are hired?" in suggestions[0]
    assert "Qualified pipeline from … to … by …" in suggestions[0]
    assert "because 20 customer interviews are conducted?" in suggestions[1]
    # The findings are warnings on drafts: the import still lands.
    assert Outcome.objects.for_org(world.org_a).count() >= 3


def test_check_in_commentary_that_only_lists_work_is_warned_on_the_page_and_the_api(
    world: Any,
) -> None:
    p = plan(world)
    bob = world.membership("member")
    check_in = services.record_check_in(
        bob, p.outcome, value=33, confidence=6, commentary="Shipped the banner. Ran 5 interviews."
    )
    assert [f.rule for f in check_in.commentary_findings] == ["C101"]
    page = world.client("member").get(f"/strategy/outcomes/{p.outcome.pk}/")
    assert "not what changed" in page.content.decode()
    listed = world.api("member").get(f"/api/v1/strategy/outcomes/{p.outcome.pk}/check-ins")
    latest = next(c for c in listed.json()["items"] if c["id"] == check_in.pk)
    assert [f["rule"] for f in latest["findings"]] == ["C101"]


def test_a_check_in_that_says_what_changed_gets_no_warning(world: Any) -> None:
    p = plan(world)
    check_in = services.record_check_in(
        world.membership("member"),
        p.outcome,
        value=36,
        confidence=7,
        commentary="Shipped the banner; activation is up from 31% to 36%.",
    )
    assert check_in.commentary_findings == []


def test_posting_a_work_only_check_in_saves_it_and_shows_the_warning(world: Any) -> None:
    p = plan(world)
    client = world.client("member")
    response = client.post(
        f"/strategy/outcomes/{p.outcome.pk}/check-in/",
        {
            "value": "34",
            "confidence": "6",
            "status": "at_risk",
            "commentary": "Finished the pricing page.",
            "blockers": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert (
        CheckIn.objects.for_org(world.org_a)
        .filter(commentary="Finished the pricing page.")
        .exists()
    )
    assert "not what changed" in response.content.decode()
