"""Returns: the list with its deadlines, a new return from an order, each return's steps,
and the refunds to issue in Seller Central."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.orders.models import Order
from sellerdesk.returns import services
from sellerdesk.returns.analytics import returns_report
from sellerdesk.returns.domain import lifecycle
from sellerdesk.returns.models import Refund, Return, ReturnUnit
from sellerdesk.returns.selectors import (
    refunds_to_do,
    restock_shelves,
    return_get,
    return_list,
    returnable_lines,
)

from ..actors import actor_of
from ..forms.returns import (
    DisposeForm,
    InspectForm,
    RefundForm,
    RejectForm,
    ReturnLabelForm,
    StartReturnForm,
)


def return_list_view(request: HttpRequest) -> HttpResponse:
    everything = request.GET.get("show") == "all"
    context = {
        "returns": return_list(open_only=not everything)[:200],
        "everything": everything,
        "now": clock.now(),
    }
    return render(request, "web/returns/list.html", context)


def return_new_view(request: HttpRequest, order_pk: int) -> HttpResponse:
    order = get_object_or_404(Order, pk=order_pk)
    lines = returnable_lines(order)
    form = StartReturnForm(request.POST or None, lines=lines, order_id=order.pk)
    if request.method == "POST" and form.is_valid():
        try:
            opening = (
                services.record_unexpected_return
                if form.cleaned_data["arrived"]
                else services.request_return
            )
            ret = opening(
                units=form.units(),
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                actor=actor_of(request),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Return {ret.pk}: {ret.get_status_display().lower()}.")
            return redirect("web:return_detail", pk=ret.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/returns/new.html", {"order": order, "form": form}, status=status)


def return_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    ret = return_get(pk)
    if ret is None:
        raise Http404("No such return.")
    return render(request, "web/returns/detail.html", _detail_context(ret))


def _units(ret: Return) -> list[ReturnUnit]:
    return [unit for line in ret.lines.all() for unit in line.units.all()]


def _detail_context(ret: Return, **forms: Any) -> dict[str, Any]:
    status = ret.status
    context: dict[str, Any] = {"ret": ret, "now": clock.now(), "steps": lifecycle.NEXT[status]}
    if status == lifecycle.REQUESTED:
        context["reject_form"] = forms.get("reject_form") or RejectForm()
    if status == lifecycle.AUTHORISED:
        context["label_form"] = forms.get("label_form") or ReturnLabelForm()
    if status == lifecycle.RECEIVED:
        context["inspect_form"] = forms.get("inspect_form") or InspectForm(units=_units(ret))
    if status == lifecycle.INSPECTED:
        context["dispose_form"] = forms.get("dispose_form") or DisposeForm(
            units=_units(ret), shelves=restock_shelves()
        )
    if lifecycle.REFUNDED in lifecycle.NEXT[status]:
        context["refund_form"] = forms.get("refund_form") or RefundForm(
            proposal=services.proposed_refund(ret)
        )
    return context


def _authorise(request: HttpRequest, ret: Return) -> Any:
    return services.authorise_return(ret=ret, actor=actor_of(request))


def _reject(request: HttpRequest, ret: Return) -> Any:
    form = RejectForm(request.POST)
    if not form.is_valid():
        return {"reject_form": form}
    return services.reject_return(
        ret=ret, reason=form.cleaned_data["reason"], actor=actor_of(request)
    )


def _label(request: HttpRequest, ret: Return) -> Any:
    form = ReturnLabelForm(request.POST)
    if not form.is_valid():
        return {"label_form": form}
    data = form.cleaned_data
    return services.issue_label(
        ret=ret, kind=data["kind"], carrier=data["carrier"],
        tracking_number=data["tracking_number"], cost=data["cost"] or 0, actor=actor_of(request),
    )  # fmt: skip


def _transit(request: HttpRequest, ret: Return) -> Any:
    return services.mark_in_transit(ret=ret, actor=actor_of(request))


def _receive(request: HttpRequest, ret: Return) -> Any:
    return services.receive_return(ret=ret, actor=actor_of(request))


def _inspect(request: HttpRequest, ret: Return) -> Any:
    form = InspectForm(request.POST, units=_units(ret))
    if not form.is_valid():
        return {"inspect_form": form}
    return services.inspect_return(ret=ret, conditions=form.conditions(), actor=actor_of(request))


def _dispose(request: HttpRequest, ret: Return) -> Any:
    form = DisposeForm(request.POST, units=_units(ret), shelves=restock_shelves())
    if not form.is_valid():
        return {"dispose_form": form}
    return services.dispose_return(
        ret=ret, dispositions=form.dispositions(), actor=actor_of(request)
    )


def _refund(request: HttpRequest, ret: Return) -> Any:
    form = RefundForm(request.POST, proposal=services.proposed_refund(ret))
    if not form.is_valid():
        return {"refund_form": form}
    return services.refund_return(ret=ret, amounts=form.amounts(), actor=actor_of(request))


def _close(request: HttpRequest, ret: Return) -> Any:
    return services.close_return(ret=ret, actor=actor_of(request))


def _exchange(request: HttpRequest, ret: Return) -> Any:
    return services.exchange_return(ret=ret, actor=actor_of(request))


@dataclass(frozen=True)
class Step:
    run: Callable[[HttpRequest, Return], Any]
    """Does the step; returns the forms to show again when one was not valid."""
    target: str | None
    """The status it moves the return to (None: no step of its own)."""
    done: str


STEPS = {
    "authorise": Step(_authorise, lifecycle.AUTHORISED, "authorised"),
    "reject": Step(_reject, lifecycle.REJECTED, "rejected; the buyer is to be told why"),
    "label": Step(_label, lifecycle.LABEL_ISSUED, "return label recorded"),
    "transit": Step(_transit, lifecycle.IN_TRANSIT, "on its way back"),
    "receive": Step(_receive, lifecycle.RECEIVED, "received; the refund clock runs"),
    "inspect": Step(_inspect, lifecycle.INSPECTED, "units inspected"),
    "dispose": Step(_dispose, lifecycle.DISPOSED, "units put away or written off"),
    "refund": Step(
        _refund, lifecycle.REFUNDED, "refunded; issue it in Seller Central too (Refunds to do)"
    ),
    "close": Step(_close, lifecycle.CLOSED, "closed"),
    # An exchange stands in for the refund: no status of its own.
    "exchange": Step(_exchange, None, "replacement order made; it waits in To ship"),
}


@require_POST
def return_step_view(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    chosen = STEPS.get(step)
    ret = return_get(pk)
    if chosen is None or ret is None:
        raise Http404("No such return or step.")
    try:
        # Before any form is read: a step out of turn is told so, not asked for its fields.
        if chosen.target is not None:
            lifecycle.check_step(ret.status, chosen.target)
    except lifecycle.InvalidReturnStep as error:
        messages.error(request, f"Return {pk}: {error}")
        return redirect("web:return_detail", pk=pk)
    try:
        outcome = chosen.run(request, ret)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:return_detail", pk=pk)
    if isinstance(outcome, dict):  # a form sent back with its errors
        fresh = return_get(pk)
        assert fresh is not None
        return render(
            request, "web/returns/detail.html", _detail_context(fresh, **outcome), status=400
        )
    messages.success(request, f"Return {pk}: {chosen.done}.")
    return redirect("web:return_detail", pk=pk)


def refunds_to_do_view(request: HttpRequest) -> HttpResponse:
    return render(request, "web/returns/refunds.html", {"refunds": refunds_to_do()})


@require_POST
def refund_done_view(request: HttpRequest, pk: int) -> HttpResponse:
    refund = get_object_or_404(Refund, pk=pk)
    try:
        services.mark_refund_done(refund=refund, actor=actor_of(request))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:refunds_to_do")


PERIODS = {"90": 90, "365": 365}


def returns_analytics_view(request: HttpRequest) -> HttpResponse:
    days = PERIODS.get(request.GET.get("days", "90"), 90)
    report = returns_report(since=clock.now() - dt.timedelta(days=days))
    reasons = sorted({reason for _, counts in report.by_month for reason in counts})
    context = {"report": report, "days": days, "reasons": reasons}
    return render(request, "web/returns/analytics.html", context)
