"""The rules every /v1 route applies to its parameters before FastAPI reads them.

- A query parameter the route does not declare is a 422 naming it and listing those it takes,
  with a suggestion when it looks misspelt: `?Speaker=Peskov` used to return every quote. The
  names come from the route's own dependant tree (sub-dependencies such as `QuoteFilters` and
  `Pagination` included), so a parameter added to a route is accepted without a list to keep.
  Names starting with `_` pass: they are cache-busters (`_=1690000`) that clients add.
- A NUL character in any query or path value is a 422 naming the parameter: no name, slug or
  search holds one, and SQLite and C libraries would cut the value short at it.
- An empty value (`speaker=`), which is what an HTML form sends for a field left blank, is
  dropped from the query string, so it means what leaving the parameter out means.

They live in a route class, FastAPI's hook for changing the request a route sees, so that
every route of a router built with `route_class=CheckedRoute` gets them, and no parameter,
however it is typed, can be forgotten.
"""

import difflib
from collections.abc import Callable, Collection, Coroutine, Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from app.errors import InvalidParameter

NO_NUL = r"^[^\x00]*$"
"""The OpenAPI pattern of a string parameter that states nothing stricter."""


def declared_query_names(dependant: Dependant) -> frozenset[str]:
    """Every query parameter a route reads, by the name clients send (`format`, the alias of
    `export_format`), gathered through its dependencies at every depth."""
    names = {field.alias for field in dependant.query_params}
    for dependency in dependant.dependencies:
        names |= declared_query_names(dependency)
    return frozenset(names)


def unknown_parameter(path: str, given: Iterable[str], accepted: Collection[str]) -> None:
    """InvalidParameter for the first name in `given` the route does not take."""
    for name in given:
        if name in accepted or name.startswith("_"):
            continue
        close = difflib.get_close_matches(name.lower(), accepted, n=1, cutoff=0.75)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        takes = ", ".join(f"`{n}`" for n in sorted(accepted)) or "no query parameters"
        raise InvalidParameter(
            name, f"unknown parameter{hint}; {path} takes {takes} (and any starting with `_`)"
        )


def nul_character(values: Iterable[tuple[str, str]]) -> None:
    """InvalidParameter for the first (name, value) whose value holds a NUL character."""
    for name, value in values:
        if "\x00" in value:
            raise InvalidParameter(name, "must not contain a NUL character (`%00`)")


def without_empty_values(query_string: bytes) -> bytes:
    """`speaker=&q=peace&kind` → `q=peace`: the query string less its empty values, every
    other byte kept as sent (repeated parameters, their order, their encoding)."""
    return b"&".join(pair for pair in query_string.split(b"&") if pair.partition(b"=")[2])


class CheckedRoute(APIRoute):
    """An APIRoute whose requests meet the module's rules before its parameters are read."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()
        accepted = declared_query_names(self.dependant)

        async def checked(request: Request) -> Response:
            query = request.query_params
            unknown_parameter(request.url.path, query.keys(), accepted)
            nul_character(
                [
                    *((n, v) for n, v in query.multi_items() if n in accepted),
                    *_strings(request.path_params),
                ]
            )
            request.scope["query_string"] = without_empty_values(request.scope["query_string"])
            return await handle(Request(request.scope, request.receive))

        return checked


def _strings(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in values.items() if isinstance(value, str)]


def _string_options(schema: dict[str, Any]) -> Iterable[dict[str, Any]]:
    """The schemas of strings a parameter may hold: itself, its `anyOf` alternatives, array
    items, at any depth."""
    if schema.get("type") == "string":
        yield schema
    for option in schema.get("anyOf", []):
        yield from _string_options(option)
    if "items" in schema:
        yield from _string_options(schema["items"])


def state_parameter_rules(openapi: dict[str, Any]) -> None:
    """Write the rules into the OpenAPI document, so that clients and schema-driven tests
    (Schemathesis) know them: every query parameter may be empty (`allowEmptyValue`), and
    every string without a stricter pattern or a fixed set of values refuses NUL."""
    for item in openapi["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    parameter["allowEmptyValue"] = True
                for schema in _string_options(parameter["schema"]):
                    if "pattern" not in schema and "enum" not in schema:
                        schema["pattern"] = NO_NUL


def document_parameter_rules(app: FastAPI) -> None:
    """Have `app`'s OpenAPI document state the rules (see `state_parameter_rules`)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            state_parameter_rules(generate())
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]
