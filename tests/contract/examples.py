"""The spec's own examples that break their own schema (`cargo xtask contract`).

Prism answers with a response's examples: the media type's `example` or
`examples`, else one it builds from the schema's and its properties'
`example`s. When such an example breaks the schema it stands beside, the
client is right to refuse the answer, and the finding is the spec's.

Usage: examples.py SPEC, then one JSON line per question on stdin:
`{"response": "/paths/~1pets/get/responses/200", "body": "<what Prism sent>"}`,
or, where Prism answered its own 500 instead (`--errors`: the response it made
breaks the schema), `{"response": …, "names": ["ReceiptNumber"]}`: the
properties it names (`""`: the body itself).
Answers one JSON line each: `{"broken": ["<pointer>: <example> breaks its
schema: <reason>", ...]}`, only the broken examples whose value is in the
body (the whole body, or the value of a property of that name in it), or
whose property Prism names.
Validated with openapi-schema-validator (OAS30Validator, or OAS31Validator
for 3.1 documents), format checks on, `$ref`s resolved in the document.
"""

import json
import re
import sys
import urllib.parse

import yaml
from openapi_schema_validator import OAS30Validator, OAS31Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4, DRAFT202012

MISSING = object()

# YAML 1.2's core schema (what Prism's parser follows) reads every unquoted
# run of digits as a decimal integer, leading zeros and all: `08012` is 8012.
# YAML 1.1 (PyYAML) reads it as the string "08012", and `0755` as octal. A
# spec whose example means a string there breaks its schema only as Prism
# reads it, so the examples are also checked as read the YAML 1.2 way.
LEADING_ZERO = "tag:contract,2026:yaml12-decimal"


class SpecLoader(yaml.SafeLoader):
    """YAML as JSON and Prism see it: an unquoted date stays the text it is
    (YAML 1.1 makes it a `datetime`, which equals no JSON body)."""


SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Yaml12Loader(SpecLoader):
    pass


Yaml12Loader.yaml_implicit_resolvers = {
    first: list(resolvers) for first, resolvers in SpecLoader.yaml_implicit_resolvers.items()
}
for first in "-+0":
    Yaml12Loader.yaml_implicit_resolvers.setdefault(first, []).insert(
        0, (LEADING_ZERO, re.compile(r"^[-+]?0[0-9]+$"))
    )
Yaml12Loader.add_constructor(LEADING_ZERO, lambda loader, node: int(loader.construct_scalar(node), 10))


def first_difference(a, b):
    """The first pair of leaves where two readings of the same example differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in a:
            if key in b and (found := first_difference(a[key], b[key])):
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        for x, y in zip(a, b):
            if found := first_difference(x, y):
                return found
        return None
    return None if type(a) is type(b) and a == b else (a, b)


def pointer_get(doc, pointer):
    node = doc
    for part in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
        part = urllib.parse.unquote(part).replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return MISSING
    return node


def escape(part):
    return str(part).replace("~", "~0").replace("/", "~1")


class Examples:
    def __init__(self, spec):
        self.spec = spec
        v31 = str(spec.get("openapi", "")).startswith("3.1")
        self.validator_cls = OAS31Validator if v31 else OAS30Validator
        resource = Resource(contents=spec, specification=DRAFT202012 if v31 else DRAFT4)
        self.registry = Registry().with_resource("urn:spec", resource)

    def errors(self, pointer, example):
        validator = self.validator_cls(
            {"$ref": "urn:spec#" + pointer},
            registry=self.registry,
            format_checker=self.validator_cls.FORMAT_CHECKER,
        )
        try:
            found = list(validator.iter_errors(example))
        except Exception as e:  # a schema the validator cannot follow says nothing
            print(f"examples.py: {pointer}: {type(e).__name__}: {e}", file=sys.stderr)
            return []
        # With the name of the property each error is about ("" for the value
        # itself), to match the properties Prism's 500 names.
        return [(error.message, str(error.path[-1]) if error.path else "") for error in found]

    def broken(self, response_pointer):
        """(pointer, property name or None, example, reason, names of the
        properties the errors are about) for each example under the
        response's content that breaks its schema."""
        found = []
        response = pointer_get(self.spec, response_pointer)
        if not isinstance(response, dict):
            return found
        if isinstance(response.get("$ref"), str) and response["$ref"].startswith("#"):
            response_pointer = response["$ref"][1:]
            response = pointer_get(self.spec, response_pointer)
        for media_type, media in (response.get("content") or {}).items():
            if not isinstance(media, dict) or "schema" not in media:
                continue
            media_pointer = f"{response_pointer}/content/{escape(media_type)}"
            schema_pointer = media_pointer + "/schema"
            candidates = []
            if "example" in media:
                candidates.append((media_pointer + "/example", None, media["example"]))
            for name, entry in (media.get("examples") or {}).items():
                pointer = f"{media_pointer}/examples/{escape(name)}"
                # An Example Object may be a Reference (GitHub's and Adyen's
                # all are: `$ref: '#/components/examples/…'`).
                for _ in range(8):
                    if not (isinstance(entry, dict) and isinstance(entry.get("$ref"), str)
                            and entry["$ref"].startswith("#")):
                        break
                    pointer = entry["$ref"][1:]
                    entry = pointer_get(self.spec, pointer)
                if isinstance(entry, dict) and "value" in entry:
                    candidates.append((pointer + "/value", None, entry["value"]))
            for pointer, name, value in candidates:
                reasons = self.errors(schema_pointer, value)
                if reasons:
                    where = {at for _, at in reasons}
                    found.append((pointer, name, value, reasons[0][0], where))
            self.walk(schema_pointer, None, found, set(), 0)
        return found

    def walk(self, pointer, name, found, seen, depth):
        """Every schema under `pointer` (following `$ref`s once each): its
        `example` against itself."""
        node = pointer_get(self.spec, pointer)
        if not isinstance(node, dict) or depth > 24:
            return
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#"):
            if ref not in seen:
                seen.add(ref)
                self.walk(ref[1:], name, found, seen, depth + 1)
            return
        if "example" in node:
            reasons = self.errors(pointer, node["example"])
            if reasons:
                found.append((pointer + "/example", name, node["example"], reasons[0][0], {name or ""}))
        for key in ("properties", "patternProperties"):
            for prop in node.get(key) or {}:
                self.walk(f"{pointer}/{key}/{escape(prop)}", prop, found, seen, depth + 1)
        for key in ("items", "additionalProperties", "not"):
            if isinstance(node.get(key), dict):
                self.walk(f"{pointer}/{key}", name, found, seen, depth + 1)
        # An `allOf` member that only annotates carries the example of the
        # whole (Box: `created_by: {allOf: [{$ref: User}, {example: [...]}]}`),
        # so it is checked against the whole.
        for i, member in enumerate(node.get("allOf") or []):
            if isinstance(member, dict) and "example" in member and not (
                {"$ref", "type", "properties", "items", "allOf", "anyOf", "oneOf"} & member.keys()
            ):
                reasons = self.errors(pointer, member["example"])
                if reasons:
                    found.append((f"{pointer}/allOf/{i}/example", name, member["example"], reasons[0][0], {name or ""}))
        for key in ("allOf", "anyOf", "oneOf"):
            for i, _ in enumerate(node.get(key) or []):
                self.walk(f"{pointer}/{key}/{i}", name, found, seen, depth + 1)


def contains(body, name, value):
    """Whether `value` is the whole body, or the value of a property `name`
    somewhere in it. A body that is not JSON is text: the example's compact
    JSON must then appear in it."""
    if isinstance(body, str):
        text = json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)
        return (text if name is None else f"{json.dumps(name)}:{text}") in body
    if name is None:
        return body == value
    if isinstance(body, dict):
        if name in body and body[name] == value:
            return True
        return any(contains(v, name, value) for v in body.values())
    if isinstance(body, list):
        return any(contains(v, name, value) for v in body)
    return False


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        text = f.read().decode("utf-8")
    spec = json.loads(text) if path.endswith(".json") else yaml.load(text, Loader=SpecLoader)
    examples = Examples(spec)
    as_yaml12 = None
    if not path.endswith(".json"):
        spec12 = yaml.load(text, Loader=Yaml12Loader)
        if spec12 != spec:
            as_yaml12 = Examples(spec12)
    for line in sys.stdin:
        question = json.loads(line)
        try:
            body = json.loads(question.get("body") or "null")
        except ValueError:
            body = question.get("body")
        names = question.get("names")
        # A whole example (Canada holidays' `federal: 1` for a string) is
        # matched by the properties its errors are about.
        def found(reading):
            return [
                (pointer, value, reason)
                for pointer, name, value, reason, where in reading.broken(question["response"])
                if (contains(body, name, value) if names is None else bool(where & set(names)))
            ]

        try:
            # `default=str`: anything YAML reads that JSON has no type for.
            broken = [
                f"{pointer}: {json.dumps(value, default=str)[:200]} breaks its schema: {reason[:300]}"
                for pointer, value, reason in found(examples)
            ]
            if not broken and as_yaml12 is not None:
                for pointer, value, reason in found(as_yaml12):
                    difference = first_difference(pointer_get(spec, pointer), value)
                    # Else the schema itself reads differently (an enum of such numbers).
                    scalar = "" if difference is None else (
                        f" the unquoted `{difference[0]}` is the string {json.dumps(difference[0], default=str)} "
                        f"in YAML 1.1 and the number {difference[1]} in YAML 1.2's core schema (quoting it "
                        "makes it a string in both):"
                    )
                    broken.append(
                        f"{pointer}: {json.dumps(value, default=str)[:200]} breaks its schema as YAML 1.2 "
                        f"reads it, which Prism does:{scalar} {reason[:300]}"
                    )
        except Exception as e:  # one question's failure must not shift the answers after it
            print(f"examples.py: {question['response']}: {type(e).__name__}: {e}", file=sys.stderr)
            broken = []
        print(json.dumps({"broken": broken}), flush=True)


if __name__ == "__main__":
    main()
