"""The API's flask-smorest classes: every operation documents the errors it can answer (接口文档).

Scripts read the OpenAPI description to know what an operation answers, so it lists each status an
operation really gives instead of flask-smorest's catch-all ``default``, which made any status look
documented. What every operation of a kind can answer is added here, once:

- 401 and 403 on every operation that needs a user (all but those documented ``security=[]``):
  no or a bad token, or a role without the permission or outside the object's scope;
- 404 on every operation with an id in its path or its body (``schemas.Id``): no such object, or
  not one the caller may know of (a list filtered by an id it does not know is merely empty);
- 400, 409 and 422 on every write: a body that is not valid JSON (or a browser session's write
  without its CSRF token), a conflict with the present state (a duplicate, a step the object's
  status does not allow) and a business rule's refusal (``DomainError``);
- 422 on every operation that reads arguments (flask-smorest adds it).

Anything else an operation answers (409, 413, a 404 for an id in the body, a file instead of JSON)
is declared beside it with ``@blp.alt_response`` (``Blueprint.files`` for a file). The error body is ``ErrorSchema``.
``tests/foundation/test_api_fuzz.py`` checks the answers against this description.
"""

from __future__ import annotations

from typing import Any

import flask_smorest
from flask_smorest.pagination import PaginationMetadataSchema
from marshmallow import Schema, fields

from contracts.core.schemas import ErrorSchema, Id

WRITES = frozenset({"post", "put", "patch", "delete"})
BODY = frozenset({"json", "form", "files"})


class Api(flask_smorest.Api):
    """flask-smorest's Api with the project's error body and no catch-all ``default`` response."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint; documents the errors above and the ``X-Pagination`` header as the
    JSON text it is. A list gives 20 rows a page unless asked (``page_size``), at most 500: a script
    exporting a county's contracts pages through them in a few hundred requests, not thousands."""

    DEFAULT_PAGINATION_PARAMETERS = {"page": 1, "page_size": 20, "max_page_size": 500}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.insert(0, self._prepare_error_doc)  # before the body leaves the arguments

    def add_url_rule(self, rule: str, endpoint: str | None = None, view_func: Any = None,
                     provide_automatic_options: bool | None = None, **kwargs: Any) -> None:
        super().add_url_rule(rule, endpoint, view_func, provide_automatic_options, **kwargs)
        for method, info in self._docs[self._endpoints[-1]].items():
            if method != "parameters":
                info["path_has_ids"] = "<" in rule

    @staticmethod
    def _prepare_error_doc(doc: dict[str, Any], doc_info: dict[str, Any], *, method: str,
                           **kwargs: Any) -> dict[str, Any]:
        responses = doc.setdefault("responses", {})
        statuses = []
        if doc_info.get("manual_doc", {}).get("security") != []:
            statuses += [(401, "UNAUTHORIZED"), (403, "FORBIDDEN")]
        arguments = [p.get("schema") for p in doc_info.get("arguments", {}).get("parameters", [])
                     if p.get("in") in BODY]
        if doc_info.get("path_has_ids") or any(_names_an_id(schema) for schema in arguments):
            statuses.append((404, "NOT_FOUND"))
        if method in WRITES:
            statuses += [(400, "BAD_REQUEST"), (409, "CONFLICT"), (422, "UNPROCESSABLE_ENTITY")]
        for status, name in statuses:
            if status not in responses and str(status) not in responses:  # one the view declared wins
                responses[status] = name
        return doc

    def _document_pagination_metadata(self, spec: Any, resp_doc: dict[str, Any]) -> None:
        """The header holds the paging figures as a JSON object, which OpenAPI 3 writes as the
        header's ``content``, not as a ``schema`` (that would mean ``total,3,page,1``)."""
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "paging figures as JSON (分页信息)", "required": True,
            "content": {"application/json": {"schema": PaginationMetadataSchema}},
        }

    def error(self, status: int, description: str) -> Any:
        """Document one more error an operation answers, in the shared error body."""
        return self.alt_response(status, schema=ErrorSchema, description=description)

    def files(self, *content_types: str, status: int = 200, description: str = "the file") -> Any:
        """Document a file answer (its bytes) in each of ``content_types``."""

        def decorator(func: Any) -> Any:
            for content_type in content_types:
                func = self.alt_response(status, schema={"type": "string", "format": "binary"},
                                              content_type=content_type, description=description,
                                              success=True)(func)
            return func

        return decorator


def _names_an_id(schema: Any) -> bool:
    """Whether a request schema has an ``Id`` field (in a list or a nested object too)."""
    if isinstance(schema, type):
        schema = schema()
    if not isinstance(schema, Schema):
        return False

    def names(field: fields.Field) -> bool:
        if isinstance(field, Id):
            return True
        if isinstance(field, fields.List):
            return names(field.inner)
        if isinstance(field, fields.Nested):
            return _names_an_id(field.schema)
        return False

    return any(names(field) for field in schema.fields.values())
