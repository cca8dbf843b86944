"""The teams pages as a person uses them: filters, htmx swaps, forms with clear errors."""

from __future__ import annotations

from typing import Any

from pom.teams import services
from pom.teams.models import Team, TeamMember
from pom.teams.tests.helpers import acme

HTMX = {"HX-Request": "true"}


def test_the_index_shows_figures_as_badges_and_filters_by_gap(world: Any) -> None:
    acme(world)
    services.create_team(
        world.membership("leader"), name="Legacy Billing", operating_mode="project"
    )
    client = world.client("viewer")
    page = client.get("/teams/").content.decode()
    assert "Checkout" in page and "Legacy Billing" in page
    assert "no designer" in page
    assert "no coach" in page
    assert "project model" in page
    partial = client.get("/teams/", {"mode": "project"}, headers=HTMX).content.decode()
    assert "<html" not in partial
    assert "Legacy Billing" in partial and "Checkout" not in partial
    empty = client.get("/teams/", {"q": "nothing like this"}).content.decode()
    assert "No team matches these filters" in empty


def test_an_empty_organization_gets_a_helpful_start(world: Any) -> None:
    page = world.client("leader").get("/teams/").content.decode()
    assert "No teams yet" in page
    assert "Create the first team" in page
    assert "Nothing to draw yet" in world.client("leader").get("/teams/map/").content.decode()


def test_creating_a_team_with_a_taken_slug_shows_the_error_on_the_field(world: Any) -> None:
    acme(world)
    response = world.client("leader").post(
        "/teams/new/",
        {
            "name": "Checkout Two",
            "slug": "checkout",
            "topology": "stream_aligned",
            "lifecycle_stage": "invest",
            "operating_mode": "product",
            "pilot_status": "none",
        },
    )
    assert response.status_code == 400
    assert "already uses the slug" in response.context["form"].errors["slug"][0]
    assert Team.objects.for_org(world.org_a).count() == 1


def test_an_htmx_form_swaps_errors_in_and_redirects_on_success(world: Any) -> None:
    client = world.client("leader")
    base = {
        "topology": "stream_aligned",
        "lifecycle_stage": "explore",
        "operating_mode": "product",
        "pilot_status": "pilot",
    }
    bad = client.post(
        "/teams/new/", {**base, "name": "", "coach_email": "ghost@acme.test"}, headers=HTMX
    )
    assert bad.status_code == 200  # htmx swaps only 2xx responses
    assert 'id="team-form"' in bad.content.decode() and "<html" not in bad.content.decode()
    good = client.post("/teams/new/", {**base, "name": "Search"}, headers=HTMX)
    assert good["HX-Redirect"] == "/teams/search/"


def test_the_team_page_shows_composition_gaps_and_allocation(world: Any) -> None:
    data = acme(world)
    second = services.create_team(world.membership("leader"), name="Search")
    services.add_member(world.membership("leader"), second, person=data.bob, allocation=60)
    page = world.client("viewer").get("/teams/checkout/").content.decode()
    assert "Shoppers pay without friction" in page
    assert "This team has no Product designer" in page
    assert "120%" in page  # Bob across teams
    assert 'id="panel-outcomes"' in page
    assert "Add someone to" not in page  # viewers read only


def test_a_member_adds_a_colleague_to_their_team_with_htmx(world: Any) -> None:
    data = acme(world)
    services.create_person(world.membership("leader"), name="Dee Designer", email="dee@acme.test")
    client = world.client("member")
    response = client.post(
        "/teams/checkout/members/",
        {"person_email": "dee@acme.test", "role": "product_designer", "allocation": 100},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Dee Designer joined Checkout" in html
    assert "This team has no" not in html
    assert TeamMember.objects.for_org(world.org_a).filter(team=data.team).count() == 3


def test_adding_someone_unknown_or_over_100_percent_says_which_field(world: Any) -> None:
    acme(world)
    client = world.client("leader")
    unknown = client.post(
        "/teams/checkout/members/",
        {"person_email": "ghost@acme.test", "role": "engineer", "allocation": 50},
    )
    assert unknown.status_code == 400
    assert "Nobody on the People page" in unknown.context["member_form"].errors["person_email"][0]
    over = client.post(
        "/teams/checkout/members/",
        {"person_email": "pat@acme.test", "role": "engineer", "allocation": 140},
    )
    assert over.status_code == 400
    assert "allocation" in over.context["member_form"].errors


def test_archiving_keeps_the_team_page_and_hides_it_from_the_index(world: Any) -> None:
    acme(world)
    client = world.client("leader")
    assert client.post("/teams/checkout/archive/").status_code == 302
    link = 'href="/teams/checkout/"'
    assert link not in client.get("/teams/").content.decode()
    assert link in client.get("/teams/", {"archived": "1"}).content.decode()
    page = client.get("/teams/checkout/").content.decode()
    assert "This team is archived" in page and "Bob Builder" in page


def test_the_person_page_shows_teams_and_total_allocation(world: Any) -> None:
    data = acme(world)
    second = services.create_team(world.membership("leader"), name="Search")
    services.add_member(world.membership("leader"), second, person=data.bob, allocation=60)
    page = world.client("viewer").get(f"/teams/people/{data.bob.pk}/").content.decode()
    assert "Checkout" in page and "Search" in page
    assert "120%" in page and "more than one person" in page


def test_the_csv_import_page_previews_then_applies(world: Any) -> None:
    acme(world)
    client = world.client("leader")
    csv_text = "name,email,team,role\nDee Designer,dee@acme.test,checkout,product designer\n"
    preview = client.post(
        "/teams/import/", {"kind": "csv", "content": csv_text, "action": "preview"}
    )
    html = preview.content.decode()
    assert "Preview: 2 changes" in html and "Apply 2 changes" in html
    assert (
        not TeamMember.objects.for_org(world.org_a).filter(person__email="dee@acme.test").exists()
    )
    applied = client.post("/teams/import/", {"kind": "csv", "content": csv_text, "action": "apply"})
    assert applied.status_code == 302
    assert TeamMember.objects.for_org(world.org_a).filter(person__email="dee@acme.test").exists()


def test_the_import_page_lists_problems_by_row_and_column(world: Any) -> None:
    response = world.client("leader").post(
        "/teams/import/",
        {"kind": "csv", "content": "name,email\nAnn,not-an-email\n", "action": "apply"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "nothing was imported" in html
    assert "row 2" in html and "<code>email</code>" in html


def test_the_map_embeds_real_teams_grouped_by_area(world: Any) -> None:
    acme(world)
    services.create_team(world.membership("leader"), name="Loose Team")
    response = world.client("viewer").get("/teams/map/")
    areas = response.context["payload"]["areas"]
    assert [(a["name"], [t["name"] for t in a["teams"]]) for a in areas] == [
        ("Payments", ["Checkout"]),
        ("No product area", ["Loose Team"]),
    ]
    assert areas[0]["teams"][0]["missing"] == ["product_designer"]
    assert 'id="org-map-data"' in response.content.decode()


def test_exports_download_as_files(world: Any) -> None:
    acme(world)
    client = world.client("viewer")
    yaml_response = client.get("/teams/export/")
    assert "attachment" in yaml_response["Content-Disposition"]
    assert b"pillar: teams" in yaml_response.content
    csv_response = client.get("/teams/export/", {"format": "csv"})
    assert csv_response.content.startswith(b"name,email,title,team,role,allocation,since")
    md = client.get("/teams/checkout/team-api.md")
    assert b"* Team name and focus: Checkout" in md.content


def test_team_names_cannot_break_out_of_the_map_data(world: Any) -> None:
    services.create_team(world.membership("leader"), name="</script><b>x</b> & co")
    html = world.client("viewer").get("/teams/map/").content.decode()
    data = html.split('id="org-map-data" type="application/json">')[1].split("</script>")[0]
    assert "<" not in data and "&" not in data
    assert "\\u003c/script\\u003e" in data


def test_other_pillars_fill_panels_on_the_team_page(world: Any, monkeypatch: Any) -> None:
    from pom.teams import panels

    acme(world)
    # Only this test's panel: the others show their placeholders.
    monkeypatch.setattr(
        panels.PANELS,
        "registered",
        {
            "discovery": panels.Panel(
                "discovery",
                "Discovery",
                lambda request, team: f"<p>3 touchpoints for {team.name}</p>",
                20,
            )
        },
    )
    html = world.client("viewer").get("/teams/checkout/").content.decode()
    assert "<p>3 touchpoints for Checkout</p>" in html
    assert "The outcomes this team owns appear here" in html
    assert html.index('id="panel-outcomes"') < html.index('id="panel-discovery"')
