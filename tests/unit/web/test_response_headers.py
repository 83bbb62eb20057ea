"""An answer sent with its own headers leaves the wire exactly as Werkzeug's
copy-and-fix would send it, for every kind of answer."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Response
from werkzeug.test import EnvironBuilder

from survey_service.app import SurveyResponse

ENVIRON = EnvironBuilder(
    path="/s/abc", base_url="https://survei.example.id"
).get_environ()


def plain_page(cls: type[Response]) -> Response:
    response = cls("<p>terima kasih</p>", mimetype="text/html")
    response.headers["X-Frame-Options"] = "DENY"
    return response


def streamed(cls: type[Response]) -> Response:
    return cls(iter([b"a,b\n", b"1,2\n"]), mimetype="text/csv")


def no_content(cls: type[Response]) -> Response:
    return cls("", status=204)


def not_modified(cls: type[Response]) -> Response:
    response = cls(b"", status=304, mimetype="text/css")
    response.headers["Content-Length"] = "120"
    return response


def redirect_to_a_name(cls: type[Response]) -> Response:
    return cls("", status=302, headers={"Location": "/terima-kasih/Sawahlunto ü"})


def created_at(cls: type[Response]) -> Response:
    return cls("{}", status=201, headers={"Content-Location": "/api/ä"})


def without_length(cls: type[Response]) -> Response:
    response = cls(b"ok")
    del response.headers["Content-Length"]
    return response


@pytest.mark.parametrize(
    "answer",
    [
        plain_page,
        streamed,
        no_content,
        not_modified,
        redirect_to_a_name,
        created_at,
        without_length,
    ],
)
def test_headers_on_the_wire_are_werkzeug_s(answer: Callable[..., Response]):
    ours = answer(SurveyResponse).get_wsgi_response(ENVIRON)
    werkzeug = answer(Response).get_wsgi_response(ENVIRON)

    assert ours[1:] == werkzeug[1:]


def test_an_answer_needing_no_fix_is_sent_with_its_own_headers():
    page, redirect = plain_page(SurveyResponse), redirect_to_a_name(SurveyResponse)

    assert page.get_wsgi_headers(ENVIRON) is page.headers
    assert redirect.get_wsgi_headers(ENVIRON) is not redirect.headers  # fixed copy
