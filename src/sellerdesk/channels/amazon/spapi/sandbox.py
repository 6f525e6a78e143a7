"""A loopback SP-API that answers with Amazon's own sandbox examples.

Amazon's models carry static request/response pairs (x-amzn-api-sandbox); ../shared's
sandbox_index.json lists them. A request that matches an example's method, path and
parameters gets that example's status and body; anything else gets a 404 that says so.
The server also fakes Login with Amazon's token endpoint, serves and accepts documents at
the pre-signed URLs it hands out, checks request bodies against the models' JSON schemas
when asked, and can be told to throttle (429) or fail (5xx) the next requests.
Used by the contract tests, and by `sellerdesk amazon sandbox` for demos.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from .limits import DOCUMENTED

TOKEN_PATH = "/auth/o2/token"
DOCUMENTS_PATH = "/documents/"
_DOCUMENT_URL = re.compile(r"^https://[^/]+/(.+)$")


@dataclass
class Example:
    model: str
    operation: str
    method: str
    path: str
    status: int
    parameters: dict[str, Any]
    response: Any
    uses_left: int | None = None
    """How many more requests this example answers (None: any number)."""
    pattern: re.Pattern[str] = field(init=False)
    path_names: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.path_names = re.findall(r"\{(\w+)\}", self.path)
        self.pattern = re.compile(
            "^" + re.sub(r"\\\{\w+\\\}", "([^/]+)", re.escape(self.path)) + "$"
        )


@dataclass
class Fault:
    status: int
    path_prefix: str
    headers: dict[str, str]


def load_examples(models: Path) -> list[Example]:
    index = json.loads((models / "sandbox_index.json").read_text())
    return [
        Example(
            model=item["model"],
            operation=item["operationId"],
            method=item["method"].upper(),
            path=item["path"],
            status=int(item["status"]),
            parameters=(item.get("request") or {}).get("parameters") or {},
            response=item.get("response"),
        )
        for item in index
    ]


class Sandbox:
    """The server; start() binds a free loopback port, `url` is its base URL."""

    def __init__(self, models: Path, *, validate_bodies: bool = False, port: int = 0) -> None:
        self.models = models
        self.examples = load_examples(models)
        self.validator = BodyValidator(models) if validate_bodies else None
        self.faults: deque[Fault] = deque()
        self.documents: dict[str, tuple[bytes, str]] = {}
        self.requests: list[dict[str, Any]] = []
        self.tokens_issued = 0
        self._lock = threading.Lock()
        self._tokens = itertools.count(1)
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        port = self.server.server_address[1]
        return f"http://127.0.0.1:{port}"

    @property
    def token_url(self) -> str:
        return f"{self.url}{TOKEN_PATH}"

    def start(self) -> Sandbox:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(
        self, status: int, *, times: int = 1, path_prefix: str = "/", **headers: str
    ) -> None:
        """Answer the next `times` requests under `path_prefix` with `status` (429, 500, ...)."""
        with self._lock:
            self.faults.extend(Fault(status, path_prefix, headers) for _ in range(times))

    def add_example(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        parameters: dict[str, Any],
        response: Any,
        status: int = 200,
        times: int | None = None,
    ) -> None:
        """An answer Amazon's examples lack (a second page, a report of our own), tried first."""
        example = Example(
            "test", operation, method.upper(), path, status, parameters, response, times
        )
        with self._lock:
            self.examples.insert(0, example)

    def put_document(self, name: str, content: bytes, content_type: str) -> str:
        """Serve a document (a report file) at a pre-signed-style URL; returns that URL."""
        with self._lock:
            self.documents[name] = (content, content_type)
        return f"{self.url}{DOCUMENTS_PATH}{name}"

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for fault in self.faults:
                if path.startswith(fault.path_prefix):
                    self.faults.remove(fault)
                    return fault
        return None

    def issue_token(self) -> str:
        with self._lock:
            self.tokens_issued += 1
            return f"Atza|sandbox-token-{next(self._tokens)}"

    def match(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> Example | None:
        for example in self.examples:
            if example.method != method:
                continue
            found = example.pattern.match(path)
            if found is None:
                continue
            values = dict(
                zip(example.path_names, (unquote(v) for v in found.groups()), strict=True)
            )
            if example.uses_left == 0 or not _matches(example, values, query, body):
                continue
            if example.uses_left is not None:
                example.uses_left -= 1
            return example
        return None

    def route(self, method: str, path: str) -> Example | None:
        """Any example of the operation a request is for, whatever its values."""
        return next(
            (e for e in self.examples if e.method == method and e.pattern.match(path)), None
        )

    def rewrite_urls(self, response: Any) -> Any:
        """Document URLs in examples point at Amazon's storage: point them here instead."""
        if not isinstance(response, dict):
            return response
        rewritten = dict(response)
        url = rewritten.get("url")
        if isinstance(url, str) and (found := _DOCUMENT_URL.match(url)):
            rewritten["url"] = f"{self.url}{DOCUMENTS_PATH}{found.group(1)}"
        return rewritten


_PAGE_TOKENS = frozenset({"paginationToken", "nextToken", "pageToken"})


def _matches(
    example: Example, path_values: dict[str, str], query: dict[str, list[str]], body: Any
) -> bool:
    # Other parameters an example leaves out may take any value, but a page token asks for
    # another page: only an example of that page answers it.
    if any(name in query and name not in example.parameters for name in _PAGE_TOKENS):
        return False
    for name, spec in example.parameters.items():
        if not isinstance(spec, dict) or "value" not in spec:
            continue  # the example accepts any value
        wanted = spec["value"]
        if name in path_values:
            if str(wanted) != path_values[name]:
                return False
        elif name in ("body", "payload"):
            if body != wanted:
                return False
        else:
            given = query.get(name)
            if given is None:
                return False
            got = [item for value in given for item in value.split(",")]
            expected = [str(item) for item in wanted] if isinstance(wanted, list) else [str(wanted)]
            if got != expected:
                return False
    return True


class BodyValidator:
    """Checks request bodies against the JSON schema of the operation's body parameter."""

    def __init__(self, models: Path) -> None:
        import jsonschema  # a development dependency: only the contract tests ask for this

        self._jsonschema = jsonschema
        self._schemas: dict[tuple[str, str], tuple[dict[str, Any], dict[str, Any]]] = {}
        for path in models.glob("*.json"):
            if path.name == "sandbox_index.json":
                continue
            model = json.loads(path.read_text())
            for route, operations in (model.get("paths") or {}).items():
                for method, operation in operations.items():
                    if not isinstance(operation, dict):
                        continue
                    for parameter in operation.get("parameters", []):
                        if isinstance(parameter, dict) and parameter.get("in") == "body":
                            self._schemas[(method.upper(), route)] = (parameter["schema"], model)

    def errors(self, example: Example, body: Any) -> list[str]:
        found = self._schemas.get((example.method, example.path))
        if found is None:
            return []
        schema, model = found
        resolver_schema = {**schema, "definitions": model.get("definitions", {})}
        validator = self._jsonschema.Draft4Validator(resolver_schema)
        return [
            f"{'/'.join(map(str, error.path)) or 'body'}: {error.message}"
            for error in validator.iter_errors(body)
        ]


def _handler(sandbox: Sandbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read .requests
            return

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def do_PUT(self) -> None:
            self._answer("PUT")

        def do_PATCH(self) -> None:
            self._answer("PATCH")

        def do_DELETE(self) -> None:
            self._answer("DELETE")

        def _answer(self, method: str) -> None:
            parts = urlsplit(self.path)
            raw = self.rfile.read(int(self.headers.get("content-length") or 0))
            record = {"method": method, "path": parts.path, "query": parts.query, "body": raw}
            sandbox.requests.append(record)
            if parts.path == TOKEN_PATH and method == "POST":
                return self._token(raw)
            if parts.path.startswith(DOCUMENTS_PATH):
                return self._document(method, parts.path.removeprefix(DOCUMENTS_PATH), raw)
            fault = sandbox.take_fault(parts.path)
            if fault is not None:
                code = "QuotaExceeded" if fault.status == 429 else "InternalFailure"
                return self._json(
                    fault.status,
                    {"errors": [{"code": code, "message": "sandbox fault"}]},
                    fault.headers,
                )
            if not self.headers.get("x-amz-access-token", "").startswith("Atza|"):
                return self._json(
                    403,
                    {
                        "errors": [
                            {
                                "code": "Unauthorized",
                                "message": "Access to requested resource is denied.",
                            }
                        ]
                    },
                )
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                return self._json(
                    400, {"errors": [{"code": "InvalidInput", "message": "body is not JSON"}]}
                )
            route = sandbox.route(method, parts.path)
            if sandbox.validator is not None and route is not None and body is not None:
                problems = sandbox.validator.errors(route, body)
                if problems:
                    errors = [{"code": "InvalidInput", "message": p} for p in problems]
                    return self._json(400, {"errors": errors})
            example = sandbox.match(method, parts.path, parse_qs(parts.query), body)
            if example is None:
                return self._json(
                    404,
                    {
                        "errors": [
                            {
                                "code": "NotFound",
                                "message": f"no sandbox example matches {method} {self.path}",
                            }
                        ]
                    },
                )
            limit = DOCUMENTED.get(example.operation)
            headers = {"x-amzn-RateLimit-Limit": str(limit.rate)} if limit else {}
            if example.status == 204:
                return self._empty(example.status, headers)
            return self._json(example.status, sandbox.rewrite_urls(example.response), headers)

        def _token(self, raw: bytes) -> None:
            form = parse_qs(raw.decode())
            wanted = ("grant_type", "refresh_token", "client_id", "client_secret")
            if any(not form.get(name) for name in wanted) or form["grant_type"] != [
                "refresh_token"
            ]:
                return self._json(
                    400, {"error": "invalid_request", "error_description": "missing credentials"}
                )
            if form["refresh_token"][0].startswith("revoked"):
                return self._json(
                    400,
                    {
                        "error": "invalid_grant",
                        "error_description": "The request has an invalid grant parameter : refresh_token",
                    },
                )
            return self._json(
                200,
                {
                    "access_token": sandbox.issue_token(),
                    "refresh_token": form["refresh_token"][0],
                    "token_type": "bearer",
                    "expires_in": 3600,
                },
            )

        def _document(self, method: str, name: str, raw: bytes) -> None:
            if method == "PUT":
                sandbox.documents[name] = (raw, self.headers.get("content-type", ""))
                return self._empty(200, {})
            if name not in sandbox.documents:
                return self._json(
                    404, {"errors": [{"code": "NotFound", "message": f"no document {name}"}]}
                )
            content, content_type = sandbox.documents[name]
            self.send_response(200)
            self.send_header("content-type", content_type)
            self.send_header("content-length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _empty(self, status: int, headers: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("content-length", "0")
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()

    return Handler
