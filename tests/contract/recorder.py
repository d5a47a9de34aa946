"""Recording server for the runtime contract check (`cargo xtask contract`).

Parses every request it receives with openapi-core (the reference reading of
the spec's parameter styles and body media types) and appends what it read,
one JSON line per request, to the output file. The harness compares that,
value by value, with the arguments it gave the generated client.

Usage: recorder.py SPEC PREFIX OUT   (prints the port it listens on, 127.0.0.1 only)

`POST /__contract/mark/<n>` (sent by the probe before operation n) tags the
requests that follow with n.
"""

import base64
import datetime
import decimal
import json
import sys
import uuid

import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict
from werkzeug.http import parse_cookie


class RawRequest:
    """A request as it came, for openapi-core. Not a WSGI request: WSGI turns
    `api_key` and `api-key` into the same header, so header names would not
    survive."""

    def __init__(self, host_url, method, target, headers, body):
        path, _, query = target.partition("?")
        self.host_url = host_url
        self.path = urllib.parse.unquote(path)
        self.method = method.lower()
        self.body = body
        self.content_type = headers.get("Content-Type") or "application/octet-stream"
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(urllib.parse.parse_qsl(query, keep_blank_values=True)),
            header=headers,
            cookie=parse_cookie(headers.get("Cookie", "")),
        )


def load_spec(path, prefix, port):
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    spec = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
    # The requests come to this server: one server URL with the spec's base path.
    spec["servers"] = [{"url": f"http://127.0.0.1:{port}{prefix}"}]
    # Credentials are not under test here: openapi-core would stop at a
    # missing one before reading any parameter.
    spec.pop("security", None)
    for item in (spec.get("paths") or {}).values():
        if isinstance(item, dict):
            item.pop("servers", None)
            for op in item.values():
                if isinstance(op, dict):
                    op.pop("security", None)
                    op.pop("servers", None)
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


def plain(value):
    """What openapi-core read, as JSON."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc)
        text = value.replace(tzinfo=None).isoformat()
        return text + "Z"
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        try:
            return {"$bytes": value.decode("utf-8")}
        except UnicodeDecodeError:
            return {"$base64": base64.b64encode(value).decode()}
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    # Form and multipart bodies come back as mappings of their own kinds.
    if hasattr(value, "items"):
        return {str(k): plain(v) for k, v in value.items()}
    return repr(value)


def main():
    spec_path, prefix, out_path = sys.argv[1], sys.argv[2].rstrip("/"), sys.argv[3]
    state = {"op": None, "openapi": None}
    out = open(out_path, "a", encoding="utf-8")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle_any(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if self.path.startswith("/__contract/mark/"):
                state["op"] = int(self.path.rsplit("/", 1)[1])
                self.answer(204, b"")
                return
            headers = Headers(list(self.headers.items()))
            host_url = f"http://{self.headers.get('Host', '127.0.0.1')}/"
            request = RawRequest(host_url, self.command, self.path, headers, body)
            record = {
                "op": state["op"],
                "method": self.command,
                "path": self.path,
                "content_type": headers.get("Content-Type", ""),
                "body": body[:4000].decode("utf-8", "replace"),
            }
            try:
                result = state["openapi"].unmarshal_request(request)
                params = result.parameters
                record["read"] = {
                    "path": plain(params.path),
                    "query": plain(params.query),
                    "header": plain(params.header),
                    "cookie": plain(params.cookie),
                    "body": plain(result.body),
                }
                record["errors"] = [describe(e) for e in result.errors]
            except Exception as e:  # the oracle could not read the request at all
                record["read"] = None
                record["errors"] = [describe(e)]
            out.write(json.dumps(record) + "\n")
            out.flush()
            self.answer(200, b"{}")

        def answer(self, status, payload):
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(payload)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = handle_any
        do_HEAD = do_OPTIONS = do_TRACE = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    state["openapi"] = load_spec(spec_path, prefix, port)
    print(port, flush=True)
    server.serve_forever()


def describe(error):
    text = f"{type(error).__name__}: {error}"
    causes = []
    seen = set()
    e = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        for sub in getattr(e, "schema_errors", None) or []:
            causes.append(getattr(sub, "message", str(sub)))
        e = e.__cause__ or e.__context__
        if e is not None:
            causes.append(f"{type(e).__name__}: {e}")
    if causes:
        text += " (" + "; ".join(c[:300] for c in causes[:6]) + ")"
    return text[:1500]


if __name__ == "__main__":
    main()
