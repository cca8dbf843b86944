"""The shared toolkit every pillar builds on: lookup, form posts, field rules, bounds, filters."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails
from pydantic import BaseModel
from pydantic import ValidationError as PydanticError
from tests.fixtures import World

from pom.accounts.models import Membership, Role
from pom.core.filters import ChoiceFilter, IdFilter, ListFilter
from pom.core.lookup import get_for_member
from pom.core.validation import (
    NOT_A_MEMBER,
    Bounds,
    choice,
    date_value,
    member_account,
    resolve,
    text,
)
from pom.core.web import act, form_status, save_form
from pom.teams.models import Team


def _request(method: str = "get", data: dict[str, Any] | None = None, htmx: bool = False) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    request = getattr(RequestFactory(), method)("/somewhere/", data or {}, headers=headers)
    request._messages = CookieStorage(request)
    request.htmx = HtmxDetails(request)
    return request


def _messages(request: Any) -> list[str]:
    return [str(m) for m in get_messages(request)]


# --- get_for_member -----------------------------------------------------------------------------


def test_get_for_member_finds_an_object_of_the_members_organization(world: World) -> None:
    bob = world.membership("member")
    found = get_for_member(
        Membership, world.membership("owner"), pk=bob.pk, select_related=["user"]
    )
    assert found == bob and found.user.email == "bob@acme.test"


def test_get_for_member_is_a_404_naming_the_model_for_another_organizations_object(
    world: World,
) -> None:
    mallory = world.membership("outsider")
    with pytest.raises(Http404, match=rf"^No membership with id {mallory.pk}\.$"):
        get_for_member(Membership, world.membership("owner"), pk=mallory.pk)


def test_get_for_member_is_a_404_for_an_id_that_is_not_a_number(world: World) -> None:
    with pytest.raises(Http404):
        get_for_member(Membership, world.membership("owner"), pk="abc")


def test_get_for_member_names_other_lookups_in_its_404(world: World) -> None:
    with pytest.raises(Http404, match=r"^No membership with role 'wizard'\.$"):
        get_for_member(Membership, world.membership("owner"), role="wizard")


def test_get_for_member_takes_the_members_request_and_refuses_one_without_an_organization(
    world: World,
) -> None:
    request = _request()
    request.membership = world.membership("owner")
    assert get_for_member(
        Membership.objects.filter(role=Role.OWNER), request, pk=request.membership.pk
    )
    request.membership = None
    with pytest.raises(PermissionDenied):
        get_for_member(Membership, request, pk=1)


# --- save_form and act --------------------------------------------------------------------------


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _save(data: dict[str, Any]) -> str:
    if data["name"] == "taken":
        raise ValidationError({"name": "That name is taken."})
    return data["name"]


def test_save_form_saves_flashes_and_redirects() -> None:
    request = _request("post", {"name": "Ada"})
    response = save_form(
        request, NameForm(request.POST), _save, success=lambda n: f"{n} saved.", to="/done/"
    )
    assert response is not None and response.status_code == 302 and response["Location"] == "/done/"
    assert _messages(request) == ["Ada saved."]


def test_save_form_puts_a_service_error_under_its_field_and_changes_nothing() -> None:
    request = _request("post", {"name": "taken"})
    form = NameForm(request.POST)
    assert save_form(request, form, _save, success="Saved.", to="/done/") is None
    assert form.errors == {"name": ["That name is taken."]}
    assert form_status(request, form) == 400 and _messages(request) == []


def test_save_form_sends_htmx_a_client_redirect_and_a_200_for_a_rejected_form() -> None:
    request = _request("post", {"name": "Ada"}, htmx=True)
    response = save_form(request, NameForm(request.POST), _save, success="Saved.", to="/done/")
    assert response is not None and response["HX-Redirect"] == "/done/"
    rejected = _request("post", {"name": ""}, htmx=True)
    form = NameForm(rejected.POST)
    assert save_form(rejected, form, _save, success="Saved.", to="/done/") is None
    assert form_status(rejected, form) == 200


def test_save_form_leaves_an_unbound_form_alone_on_a_get() -> None:
    request = _request()
    form = NameForm(None)
    assert save_form(request, form, _save, success="Saved.", to="/done/") is None
    assert not form.errors


def test_act_flashes_the_services_refusal_or_the_success() -> None:
    def refuse() -> None:
        raise ValidationError("Not now.")

    request = _request("post")
    assert act(request, refuse, "Done.", "/back/")["Location"] == "/back/"
    assert act(request, lambda: None, "Done.", "/back/").status_code == 302
    assert _messages(request) == ["Not now.", "Done."]


def test_act_refuses_an_invalid_form_before_running_the_action() -> None:
    ran = []
    request = _request("post", {"name": ""})
    act(request, lambda: ran.append(1), "Done.", "/back/", form=NameForm(request.POST))
    assert ran == [] and _messages(request) == ["name: This field is required."]


# --- Field rules --------------------------------------------------------------------------------


def test_text_strips_and_refuses_empty_or_overlong_text_naming_the_field() -> None:
    assert text("  hello ", "title", required=True) == "hello"
    with pytest.raises(ValidationError) as empty:
        text(" ", "customer_name", required=True)
    assert empty.value.message_dict == {"customer_name": ["Give the customer name."]}
    with pytest.raises(ValidationError) as long:
        text("x" * 11, "title", max_length=10)
    assert long.value.message_dict["title"] == ["Keep the title under 10 characters (11 now)."]


def test_choice_takes_a_value_of_the_choices_or_the_default() -> None:
    assert choice("leader", "role", Role) == "leader"
    assert choice("", "role", Role, default=Role.MEMBER) == "member"
    with pytest.raises(ValidationError, match="Unknown value 'wizard'"):
        choice("wizard", "role", Role)


def test_date_value_reads_iso_dates_and_names_the_field_otherwise() -> None:
    assert str(date_value("2026-03-01", "start")) == "2026-03-01"
    assert date_value("", "start") is None
    with pytest.raises(ValidationError) as bad:
        date_value("March", "start")
    assert "start" in bad.value.message_dict


def test_resolve_refuses_another_organizations_object_and_ids_that_are_not_numbers(
    world: World,
) -> None:
    owner, mallory = world.membership("owner"), world.membership("outsider")
    assert resolve(Membership, owner, str(owner.pk), "member_id") == owner
    assert resolve(Membership, owner, None, "member_id") is None
    for value in (mallory, mallory.pk, "abc"):
        with pytest.raises(ValidationError) as refused:
            resolve(Membership, owner, value, "member_id")
        assert list(refused.value.message_dict) == ["member_id"]


# --- Bounds -------------------------------------------------------------------------------------

SCALE = Bounds.whole(1, 5)
MONEY = Bounds.decimal(0, Decimal("1000000"), max_digits=9, decimal_places=2)


def test_bounds_clean_parses_and_bounds_numbers_naming_the_field() -> None:
    assert SCALE.clean("3", "importance") == 3
    assert SCALE.clean("", "importance") is None
    assert MONEY.clean("12.50", "budget") == Decimal("12.50")
    cases = [
        (SCALE, "6", "Use a whole number from 1 to 5."),
        (SCALE, "2.5", "Enter a whole number."),
        (SCALE, True, "True is not a number."),
        (MONEY, "-1", "Use a number from 0 to 1,000,000."),
        (MONEY, "1.005", "Use at most 2 decimal places."),
        (MONEY, "NaN", "Enter a finite number."),
        (Bounds.real(0, None), "-0.5", "Cannot be negative."),
        (Bounds.real(None, None), "inf", "Enter a finite number."),
        # Issue 15: huge numbers are a field message, never an OverflowError.
        (SCALE, 10**400, "Use a whole number from 1 to 5."),
        (SCALE, "1e400", "Enter a finite number."),
        (
            Bounds.real(-1e15, 1e15),
            1e300,
            "Use a number from -1,000,000,000,000,000 to 1,000,000,000,000,000.",
        ),
    ]
    for bounds, value, message in cases:
        with pytest.raises(ValidationError) as refused:
            bounds.clean(value, "n")
        assert refused.value.message_dict == {"n": [message]}, value


def test_bounds_clean_can_prefix_the_message_with_a_label() -> None:
    with pytest.raises(ValidationError) as refused:
        SCALE.clean(9, "importance", label="Importance")
    assert refused.value.message_dict == {
        "importance": ["Importance: use a whole number from 1 to 5."]
    }


def test_bounds_give_the_same_range_to_forms_schemas_and_models() -> None:
    class Form(forms.Form):
        importance = SCALE.form_field()
        budget = MONEY.form_field(required=False)

    assert Form({"importance": "5", "budget": "10.25"}).is_valid()
    assert set(Form({"importance": "0", "budget": "-3"}).errors) == {"importance", "budget"}

    class Schema(BaseModel):
        importance: int = SCALE.schema(3)
        ratio: float = Bounds.real(0, 1).schema(0.5)

    assert Schema().importance == 3 and Schema(importance=5).importance == 5
    for bad in ({"importance": 6}, {"ratio": float("nan")}, {"ratio": 2}):
        with pytest.raises(PydanticError):
            Schema(**bad)

    assert [v.limit_value for v in SCALE.validators()] == [1, 5]
    constraint = SCALE.constraint("importance", "importance_1_to_5")
    assert constraint.name == "importance_1_to_5" and "importance__lte" in str(constraint.condition)


# --- ListFilter ---------------------------------------------------------------------------------


class MemberFilter(ListFilter):
    role = ChoiceFilter(choices=Role.choices)
    user = IdFilter(field_name="user_id")


def test_list_filter_filters_and_ignores_values_that_do_not_parse(world: World) -> None:
    owner = world.membership("owner")
    base = Membership.objects.for_member(owner)
    leaders = MemberFilter({"role": "leader"}, queryset=base)
    assert [m.user.email for m in leaders.qs] == ["leo@acme.test"]
    assert leaders.values == {"role": "leader", "user": ""}
    stale = MemberFilter({"role": "wizard", "user": "abc"}, queryset=base)
    assert stale.qs.count() == base.count() and stale.values == {"role": "", "user": ""}


def test_member_account_gives_one_answer_for_other_orgs_missing_and_impossible_ids(
    world: Any,
) -> None:
    actor = world.membership("leader")
    assert member_account(actor, world.user("member").pk, "user") == world.user("member").pk
    assert member_account(actor, None, "user") is None
    for value in (world.user("outsider").pk, 987654, 0, -5, 2**64):
        with pytest.raises(ValidationError) as exc:
            member_account(actor, value, "user")
        assert exc.value.message_dict == {"user": [NOT_A_MEMBER]}


def test_resolve_treats_an_id_no_row_can_have_as_not_found(world: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        resolve(Team, world.membership("leader"), 2**70, "team_id")
    assert exc.value.message_dict["team_id"] == [f"No team with id {2**70} in this organization."]


def _document(form_class: type[Any], data: dict[str, Any], upload: bytes | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = {"file": SimpleUploadedFile("notes.csv", upload)} if upload is not None else {}
    form = form_class(data, files)
    form.is_valid()
    return form


def test_document_form_reads_an_upload_or_pasted_text_and_refuses_what_it_cannot_read() -> None:
    from pom.core.forms import DocumentForm

    pasted = _document(DocumentForm, {"content": "a,b\n1,2\n"})
    assert pasted.cleaned_data["content"] == "a,b\n1,2"
    assert pasted.cleaned_data["filename"] == ""
    uploaded = _document(DocumentForm, {}, "\ufeffa,b\n".encode())
    assert (uploaded.cleaned_data["content"], uploaded.cleaned_data["filename"]) == (
        "a,b\n",
        "notes.csv",
    )
    assert _document(DocumentForm, {}, "café".encode("latin-1")).errors["__all__"] == [
        "The file is not UTF-8 text; save it as UTF-8 and try again."
    ]
    assert _document(DocumentForm, {"content": "  \n"}).errors["__all__"] == [
        "Choose a file or paste its content."
    ]


def test_document_form_subclasses_set_the_limit_the_fallback_encoding_and_the_field() -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from pom.core.forms import DocumentForm

    class Notes(DocumentForm):
        max_bytes = 2048
        other_encoding = "latin-1"
        text_field = "rows"
        content = None  # type: ignore[assignment]
        rows = forms.CharField(required=False)

    assert list(Notes().fields) == ["file", "rows"]
    assert _document(Notes, {}, "café".encode("latin-1")).cleaned_data["rows"] == "café"
    too_big = Notes({}, {"file": SimpleUploadedFile("n.csv", b"x" * 2049)})
    assert not too_big.is_valid()
    assert "larger than 2 KB" in too_big.errors["__all__"][0]
    assert _document(Notes, {"rows": "x,1"}).cleaned_data["rows"] == "x,1"


def test_unique_ids_reads_null_as_none_and_refuses_ids_no_database_holds() -> None:
    from pom.core.validation import MAX_ID, unique_ids

    assert unique_ids(None, "team_ids") == []
    assert unique_ids(["3", 1, 3], "team_ids") == [3, 1]
    for bad in ([MAX_ID + 1], [0], [float("inf")], "12", [None]):
        with pytest.raises(ValidationError) as refused:
            unique_ids(bad, "team_ids")
        assert "team_ids" in refused.value.message_dict, bad
    with pytest.raises(ValidationError, match="at most 2 ids"):
        unique_ids([1, 2, 3], "team_ids", limit=2)
