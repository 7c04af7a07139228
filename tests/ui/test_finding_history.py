"""A finding's page tells its whole story: what people did, and what the checker found and resolved."""

from __future__ import annotations

from tests.records.support import rectified_then_paid


def test_the_findings_page_shows_the_checker_resolving_it_when_paid_among_what_people_did(
        make, session, on_day, browser, api):
    """Overdue on 04-05, ordered rectified on 04-10, paid on 04-20 and resolved by the run of 04-21: the
    page's history has the order, and the checker's finding and resolution with the reason;
    the API's history the same steps."""
    w, finding = rectified_then_paid(make, session, on_day)

    browser.sign_in("credit_officer", agency=w.other_agency)
    page = browser.get(f"/staff/findings/{finding.id}").get_data(as_text=True)
    history = page[page.index("<ol class=\"timeline\">"):]
    history = history[:history.index("</ol>")]
    items = history.split("<li>")[1:]
    assert len(items) == 3, history
    assert "系统检查" in items[0] and "逾期" in items[0]
    assert "责令限期整改" in items[1] and "系统检查" not in items[1]
    assert "系统检查" in items[2] and "已解决" in items[2] and "已履行" in items[2] and "fulfilled" not in items[2]

    r = api.as_("credit_officer").get(f"/api/v1/findings/{finding.id}")
    steps = [(h["action"], h["state"], h["note"]) for h in r.get_json()["history"]]
    assert steps == [("check", "open", None), ("rectify", "rectifying", steps[1][2]),
                     ("check", "resolved", "已履行 / fulfilled")]
