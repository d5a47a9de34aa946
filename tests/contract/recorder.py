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
import re
import sys
import uuid

import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.deserializing.media_types.util import json_loads
from openapi_core.unmarshalling.schemas import oas30_format_unmarshallers, oas31_format_unmarshallers
from openapi_schema_validator import OAS30Validator, OAS31Validator
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
    if str(spec.get("openapi", "")).startswith("3.0") and not spec.pop("x-contract-converted", False):
        ignore_multipart_styles(spec)
        ignore_reference_siblings(spec)
    ignore_read_only_on_parameters(spec)
    ignore_read_only_defaults(spec)
    take_over_deep_objects(spec, prefix)
    formats = unknown_formats(spec)
    config = Config(
        spec_validator_cls=None,
        extra_format_validators={name: (lambda value: True) for name in formats},
        extra_format_unmarshallers={name: (lambda value: value) for name in formats},
        extra_media_type_deserializers={name: json_loads for name in json_media_types(spec)},
    )
    LOADED["spec"] = spec
    return OpenAPI.from_dict(spec, config=config)


LOADED = {}


def walk(value, visit):
    """Every dict of the document; examples, defaults and enums (data) not entered."""
    if isinstance(value, list):
        for item in value:
            walk(item, visit)
    elif isinstance(value, dict):
        visit(value)
        for key, item in value.items():
            if key not in ("example", "examples", "default", "enum") and not str(key).startswith("x-"):
                walk(item, visit)


def unknown_formats(spec):
    """Formats openapi-core 0.23.1 does not know. It refuses a value with one
    (FormatterNotFoundError, unmarshalling/schemas/factories.py: "FIXME: don't
    raise exception on unknown format", its issue #515); OpenAPI 3.0.3, Data
    Types: "Tools that do not recognize a specific format MAY default back to
    the type alone, as if the format is not specified." Box's `format: token`
    and `format: url` are read by their type here."""
    known = set(OAS30Validator.FORMAT_CHECKER.checkers) | set(OAS31Validator.FORMAT_CHECKER.checkers)
    known |= set(oas30_format_unmarshallers) | set(oas31_format_unmarshallers)
    found = set()

    def visit(node):
        if isinstance(node.get("format"), str) and node["format"] not in known:
            found.add(node["format"])

    walk(spec, visit)
    return found


def json_media_types(spec):
    """Media types with the `+json` suffix, which are JSON (RFC 6839 §3.1);
    openapi-core 0.23.1 reads only application/json and
    application/vnd.api+json as JSON and leaves the others bytes (Box's
    application/json-patch+json bodies)."""
    found = set()

    def visit(node):
        content = node.get("content")
        if isinstance(content, dict):
            for name in content:
                essence = name.split(";")[0].strip().lower()
                if essence.endswith("+json") and "*" not in essence:
                    found.add(essence)

    walk(spec, visit)
    return found


def resolve_local(spec, node):
    """A local `$ref` followed (a few hops), else the node itself."""
    for _ in range(16):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if not (isinstance(ref, str) and ref.startswith("#/")):
            return node
        target = spec
        for part in ref[2:].split("/"):
            part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
            if not isinstance(target, dict) or part not in target:
                return node
            target = target[part]
        node = target
    return node


def ignore_read_only_on_parameters(spec):
    """Reads `readOnly`/`writeOnly` on a parameter's own schema as OpenAPI
    says: they are "Relevant only for Schema "properties" definitions"
    (3.0.3, Schema Object, readOnly), so they say nothing about a parameter.
    openapi-core 0.23.1 applies them: GitHub's `alert_number` path parameter
    (`schema: {type: integer, readOnly: true}`) is refused on every request
    with "Tried to write read-only property with 42" (reproduced with
    openapi-core alone on a one-operation spec). The schema is copied in place
    (it may be a shared component) without the two keys."""
    parameters = list(((spec.get("components") or {}).get("parameters") or {}).values())
    for item in (spec.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        parameters += item.get("parameters") or []
        for op in item.values():
            if isinstance(op, dict):
                parameters += op.get("parameters") or []
    for parameter in parameters:
        parameter = resolve_local(spec, parameter)
        if not isinstance(parameter, dict) or not isinstance(parameter.get("schema"), dict):
            continue
        schema = resolve_local(spec, parameter["schema"])
        if isinstance(schema, dict) and ("readOnly" in schema or "writeOnly" in schema):
            schema = dict(schema)
            schema.pop("readOnly", None)
            schema.pop("writeOnly", None)
            parameter["schema"] = schema


def ignore_read_only_defaults(spec):
    """Drops the `default` of a readOnly property. openapi-core 0.23.1 fills
    a missing property's default into the request it read and then validates
    it, so a readOnly property that the client rightly leaves out (readOnly:
    "SHOULD NOT be sent as part of the request", 3.0.3 Schema Object) fails
    as "Tried to write read-only property" (its own message): Xero
    Accounting's `HasAttachments: {type: boolean, readOnly: true, default:
    'false'}` on every request with an invoice, contact, item…
    (reproduced with openapi-core alone). The default only describes responses
    here, which the recorder does not read."""

    def visit(node):
        properties = node.get("properties")
        if isinstance(properties, dict):
            for prop in properties.values():
                if isinstance(prop, dict) and prop.get("readOnly") is True:
                    prop.pop("default", None)
        # The same default on properties that are not readOnly (Xero's
        # `HasErrors`, `HasValidationErrors`, `FromIsReconciled`, …): the
        # client leaves them out, openapi-core fills in `'false'` and refuses
        # it as no boolean. A spec fault (3.0.3 Schema Object: the default
        # "MUST conform to the defined type"); the value given is still compared.
        if not fits_type(node.get("default"), node.get("type")):
            node.pop("default", None)

    walk(spec, visit)


def fits_type(value, kind):
    """Whether a schema's `default` is of its own `type` (or either is absent)."""
    if value is None or not isinstance(kind, str):
        return True
    return {
        "boolean": lambda v: isinstance(v, bool),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "string": lambda v: isinstance(v, str),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, dict),
    }.get(kind, lambda v: True)(value)


# Per operation (path regex, method), what the recorder reads itself:
# `(query, body)`, each `{name: schema}` (see take_over_deep_objects).
TAKEN_OVER = []


def deep_unreadable(spec, schema):
    """Whether openapi-core 0.23.1 cannot read this schema under `deepObject`:
    anything but an object of primitives. An array (Stripe's `expand[]=a`)
    fails with "DeserializeError: ('deepObject', 'expand')", an `anyOf` of
    object and scalar (Stripe's `created[gte]=1`) with "ValueError: not
    available" (both reproduced with openapi-core alone), and either makes
    the whole query or form body unreadable."""
    schema = resolve_local(spec, schema)
    if not isinstance(schema, dict):
        return False
    if any(key in schema for key in ("anyOf", "oneOf", "allOf")) or schema.get("type") == "array":
        return True
    for prop in (schema.get("properties") or {}).values():
        prop = resolve_local(spec, prop)
        if isinstance(prop, dict) and (
            prop.get("type") in ("object", "array") or any(k in prop for k in ("anyOf", "oneOf", "allOf", "properties"))
        ):
            return True
    return isinstance(schema.get("additionalProperties"), dict) and deep_unreadable(
        spec, {"properties": {"v": schema["additionalProperties"]}}
    )


def take_over_deep_objects(spec, prefix):
    """Takes the `deepObject` values openapi-core cannot read (deep_unreadable)
    away from it: the parameter (or form property and its encoding) leaves
    its copy of the spec, its pairs leave the request it is handed, and the
    recorder reads them itself from the raw query or body (read_deep), so
    they are still compared value by value. Only the bytes of the style
    table (`name[prop]=v`, OpenAPI 3.0.3 Style Examples, deepObject) and of
    the generator's announced reading of the cells OpenAPI leaves undefined
    (`name[]=item`, `name[0][prop]=v`, `name[a][b]=v`) read back as given."""
    for template, item in (spec.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters") or []
        for method, op in item.items():
            if not isinstance(op, dict) or method == "parameters":
                continue
            query = {}
            for holder in (item, op):
                kept = []
                for parameter in shared if holder is item else op.get("parameters") or []:
                    resolved = resolve_local(spec, parameter)
                    if (
                        isinstance(resolved, dict)
                        and resolved.get("in") == "query"
                        and resolved.get("style") == "deepObject"
                        and deep_unreadable(spec, resolved.get("schema"))
                    ):
                        query[resolved["name"]] = resolved.get("schema")
                    else:
                        kept.append(parameter)
                if holder is op and "parameters" in op:
                    op["parameters"] = kept
            body = {}
            request_body = resolve_local(spec, op.get("requestBody"))
            for media_type, media in ((request_body or {}).get("content") or {}).items() if isinstance(request_body, dict) else []:
                if not media_type.lower().startswith("application/x-www-form-urlencoded"):
                    continue
                encoding = media.get("encoding") or {}
                schema = resolve_local(spec, media.get("schema"))
                if not isinstance(schema, dict):
                    continue
                properties = schema.get("properties") or {}
                for name, entry in list(encoding.items()):
                    if isinstance(entry, dict) and entry.get("style") == "deepObject" and name in properties:
                        body[name] = properties[name]
                if body:
                    schema = dict(schema)
                    schema["properties"] = {k: v for k, v in properties.items() if k not in body}
                    schema["required"] = [r for r in schema.get("required") or [] if r not in body]
                    if not schema["required"]:
                        del schema["required"]
                    media["schema"] = schema
                    media["encoding"] = {k: v for k, v in encoding.items() if k not in body}
                    # What is left may be nothing at all (Stripe's source verification sends
                    # only `values[]`), which is not a missing body: the taken-over
                    # properties are compared by value, required ones included.
                    request_body["required"] = False
            if query or body:
                if shared and query:
                    item["parameters"] = [
                        p for p in shared if resolve_local(spec, p).get("name") not in query
                    ]
                pattern = "^" + re.escape(prefix) + re.sub(
                    r"\\\{[^}]*\\\}", "[^/]+", re.escape(template)
                ) + "$"
                variables = template.count("{")
                TAKEN_OVER.append((re.compile(pattern), method.upper(), variables, query, body))


def taken_over(method, path):
    """What the recorder reads itself for this request: the operation whose
    template matches with the fewest variables (`/customers/search` before
    `/customers/{customer}`)."""
    found = [t for t in TAKEN_OVER if t[1] == method and t[0].match(path)]
    found.sort(key=lambda t: t[2])
    return (found[0][3], found[0][4]) if found else ({}, {})


def split_pairs(text, names):
    """`(kept, {name: [(brackets, value)]})`: pairs of `name` or `name[…]…`
    for the given names are taken out of an urlencoded text."""
    kept, taken = [], {}
    for key, value in urllib.parse.parse_qsl(text, keep_blank_values=True):
        name = key.split("[", 1)[0]
        if name in names:
            taken.setdefault(name, []).append((key[len(name):], value))
        else:
            kept.append((key, value))
    return kept, taken


def read_deep(spec, pairs, schema):
    """One deepObject value from its `(brackets, value)` pairs, by the style
    table and the generator's convention, typed by the schema."""
    root = None
    for brackets, value in pairs:
        if brackets == "":
            root = value
            continue
        keys = re.findall(r"\[([^\[\]]*)\]", brackets)
        if "".join(f"[{k}]" for k in keys) != brackets:
            return {"$unreadable": brackets}
        if root is None or not isinstance(root, (dict, list)):
            root = [] if keys[0] == "" else {}
        node = root
        for i, key in enumerate(keys):
            last = i == len(keys) - 1
            if key == "":
                if not isinstance(node, list) or not last:
                    return {"$unreadable": brackets}
                node.append(value)
            elif isinstance(node, dict):
                if last:
                    node[key] = value
                else:
                    node = node.setdefault(key, [] if keys[i + 1] == "" else {})
            else:
                return {"$unreadable": brackets}
    return typed(spec, root, schema)


def typed(spec, value, schema):
    """A value read as text, typed as its schema says (objects keyed by an
    index become arrays: `items[0][price]`)."""
    schema = resolve_local(spec, schema) if schema is not None else {}
    if not isinstance(schema, dict):
        return value
    for key in ("anyOf", "oneOf"):
        if isinstance(schema.get(key), list):
            variants = [resolve_local(spec, v) for v in schema[key]]
            if isinstance(value, dict) and value and all(k.isdigit() for k in value):
                # Indexed items (`discounts[0][coupon]`) are an array's.
                for variant in variants:
                    if isinstance(variant, dict) and variant.get("type") == "array":
                        return typed(spec, value, variant)
            for variant in variants:
                kind = variant.get("type") if isinstance(variant, dict) else None
                if isinstance(value, dict) and (kind == "object" or "properties" in variant):
                    return typed(spec, value, variant)
                if isinstance(value, list) and kind == "array":
                    return typed(spec, value, variant)
            if isinstance(value, str):
                for variant in variants:
                    result = typed(spec, value, variant)
                    if result is not value or (isinstance(variant, dict) and variant.get("type") == "string"):
                        return result
            return value
    kind = schema.get("type")
    if kind == "array" and isinstance(value, dict) and all(k.isdigit() for k in value):
        value = [value[k] for k in sorted(value, key=int)]
    if isinstance(value, list):
        return [typed(spec, item, schema.get("items")) for item in value]
    if isinstance(value, dict):
        properties = schema.get("properties") or {}
        extra = schema.get("additionalProperties")
        return {
            k: typed(spec, v, properties.get(k, extra if isinstance(extra, dict) else None))
            for k, v in value.items()
        }
    if isinstance(value, str):
        if kind == "integer" and re.fullmatch(r"-?[0-9]+", value):
            return int(value)
        if kind == "number" and re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", value):
            return float(value)
        if kind == "boolean" and value in ("true", "false"):
            return value == "true"
    return value


def ignore_reference_siblings(value):
    """Reads a 3.0 document's Reference Objects as 3.0.3 says: "This object
    cannot be extended with additional properties and any properties added
    SHALL be ignored." openapi-core 0.23.1 applies them: Xero's
    `rate: {$ref: '#/components/schemas/Amount', type: number}` makes it
    reject every `rate` object as "is not of type 'number'" (BENCHMARKS.md §4
    has the reproduction). Examples, defaults and enums are data, not
    entered."""
    if isinstance(value, list):
        for item in value:
            ignore_reference_siblings(item)
    elif isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            for key in [k for k in value if k != "$ref"]:
                del value[key]
            return
        for key, item in value.items():
            if key not in ("example", "examples", "default", "enum") and not str(key).startswith("x-"):
                ignore_reference_siblings(item)


def ignore_multipart_styles(spec):
    """Reads a 3.0 document's Encoding Objects as 3.0.3 says: "style ... SHALL
    be ignored if the request body media type is not
    application/x-www-form-urlencoded" (so are explode and allowReserved).
    openapi-core 0.23.1 applies them to multipart/form-data whatever the
    version (deserializing/media_types/deserializers.py, decode_property: any
    of the three keys sends the part to decode_property_style), which is the
    3.1 rule. Without them it reads each part by its content type, as 3.0
    says. Documents converted from Swagger 2.0 or 3.1 (`x-contract-converted`)
    keep them: there they apply."""
    bodies = list((spec.get("components") or {}).get("requestBodies", {}).values())
    for item in (spec.get("paths") or {}).values():
        for op in item.values() if isinstance(item, dict) else []:
            if isinstance(op, dict) and isinstance(op.get("requestBody"), dict):
                bodies.append(op["requestBody"])
    for body in bodies:
        for media_type, media in (body.get("content") or {}).items():
            if media_type.strip().lower().startswith("application/x-www-form-urlencoded"):
                continue
            for entry in (media.get("encoding") or {}).values():
                for key in ("style", "explode", "allowReserved"):
                    entry.pop(key, None)


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
            # deepObject values openapi-core cannot read are read here (take_over_deep_objects).
            raw_path, _, raw_query = self.path.partition("?")
            query_schemas, body_schemas = taken_over(self.command, urllib.parse.unquote(raw_path))
            own = {"query": {}, "body": {}}
            target, oracle_body = self.path, body
            if query_schemas:
                kept, taken = split_pairs(raw_query, query_schemas)
                target = raw_path + ("?" + urllib.parse.urlencode(kept) if kept else "")
                for name, pairs in taken.items():
                    own["query"][name] = read_deep(state["spec"], pairs, query_schemas[name])
            if body_schemas and headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
                kept, taken = split_pairs(body.decode("utf-8", "replace"), body_schemas)
                oracle_body = urllib.parse.urlencode(kept).encode()
                for name, pairs in taken.items():
                    own["body"][name] = read_deep(state["spec"], pairs, body_schemas[name])
            request = RawRequest(host_url, self.command, target, headers, oracle_body)
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
                if own["query"] or own["body"]:
                    record["read"]["query"].update(plain(own["query"]))
                    if own["body"]:
                        if not isinstance(record["read"]["body"], dict):
                            record["read"]["body"] = {}
                        record["read"]["body"].update(plain(own["body"]))
                    record["read_by_recorder"] = [f"query:{n}" for n in own["query"]] + [
                        f"body:{n}" for n in own["body"]
                    ]
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
    state["spec"] = LOADED["spec"]
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
