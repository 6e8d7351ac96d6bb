#!/usr/bin/env python3
"""Validate JSON / JSON Lines files against a Chronicle JSON Schema (draft 2020-12).

Usage:
  validate.py jsonl SCHEMA FILE...   validate every line of each JSON Lines file
  validate.py json  SCHEMA FILE...   validate each file as one JSON document ("-" = stdin)

Each error goes to stderr as "FILE:LINE: <json path>: <message>" (LINE is 1 for a
whole JSON document). The last line on stdout is "N passed, M failed", counting
documents (json) or lines (jsonl). Exit status: 0 if nothing failed, 1 if something
failed, 2 on a usage error or an unreadable schema.

Schemas may "$ref" each other by a file name relative to the referring schema's
directory (e.g. "common.schema.json#/$defs/edtf"): every *.json file in the
directory of SCHEMA is preloaded under its file:// URI (and under its "$id", if
it has one).

Needs only the standard library and python3-jsonschema (works with 4.10, which
has RefResolver, and with 4.18+, which uses the "referencing" library).
"""

import json
import pathlib
import sys

import jsonschema

USAGE = "usage: validate.py {json|jsonl} SCHEMA FILE..."


def load_schema_store(schema_path):
    """Returns (root schema, {uri: schema}) for all *.json beside schema_path."""
    store = {}
    directory = schema_path.parent
    for path in sorted(directory.glob("*.json")):
        try:
            contents = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # Not a schema we can use; only the root must load.
        store[path.as_uri()] = contents
        if isinstance(contents, dict) and isinstance(contents.get("$id"), str):
            store[contents["$id"]] = contents
    root = json.loads(schema_path.read_text(encoding="utf-8"))
    if isinstance(root, dict):
        # Without an "$id", relative references resolve against the file's own URI.
        root = dict(root)
        root.setdefault("$id", schema_path.as_uri())
    store[schema_path.as_uri()] = root
    return root, store


def make_validator(schema_path):
    root, store = load_schema_store(schema_path)
    jsonschema.Draft202012Validator.check_schema(root)
    format_checker = jsonschema.FormatChecker()
    try:
        import referencing
        import referencing.jsonschema
    except ImportError:
        referencing = None
    if referencing is not None:
        registry = referencing.Registry().with_resources(
            (uri, referencing.Resource.from_contents(
                contents, default_specification=referencing.jsonschema.DRAFT202012))
            for uri, contents in store.items())
        return jsonschema.Draft202012Validator(
            root, registry=registry, format_checker=format_checker)
    resolver = jsonschema.RefResolver(
        base_uri=root.get("$id", schema_path.as_uri()), referrer=root, store=store)
    return jsonschema.Draft202012Validator(
        root, resolver=resolver, format_checker=format_checker)


def json_path(error):
    path = "$"
    for part in error.absolute_path:
        if isinstance(part, int):
            path += "[%d]" % part
        elif part.isidentifier():
            path += "." + part
        else:
            path += "[%s]" % json.dumps(part, ensure_ascii=False)
    return path


def error_messages(validator, document):
    """Yields distinct (json path, message) pairs for every error, in path order."""
    errors = sorted(validator.iter_errors(document),
                    key=lambda e: ([(type(part).__name__, part) for part in e.absolute_path],
                                   e.message))
    seen = set()
    for error in errors:
        for leaf in _leaf_errors(error):
            item = (json_path(leaf), _message(leaf))
            if item not in seen:  # The same check can be reached twice (e.g. "id").
                seen.add(item)
                yield item


def _title(schema):
    if isinstance(schema, dict) and isinstance(schema.get("title"), str):
        return schema["title"]
    return None


def _message(error):
    # A pattern error quotes the whole regular expression; when the schema names
    # what the pattern stands for ("title"), say that instead.
    if error.validator == "pattern" and _title(error.schema):
        return "%r is not a valid %s" % (error.instance, _title(error.schema))
    if error.validator in ("anyOf", "oneOf"):
        titles = [_title(branch) for branch in error.validator_value]
        if all(titles):
            return "%r is not a valid %s" % (error.instance, " or ".join(titles))
    return error.message


def _leaf_errors(error):
    # An anyOf/oneOf failure only says "is not valid under any of the given
    # schemas". If its alternatives have titles, _message names them; otherwise
    # report the alternatives' own errors.
    if (error.validator in ("anyOf", "oneOf") and error.context
            and not all(_title(branch) for branch in error.validator_value)):
        for sub in sorted(error.context, key=lambda e: e.relative_schema_path[0]):
            yield from _leaf_errors(sub)
        return
    yield error


def report(file_name, line_no, path, message):
    print("%s:%d: %s: %s" % (file_name, line_no, path, message), file=sys.stderr)


def read_text(file_name):
    if file_name == "-":
        return sys.stdin.buffer.read().decode("utf-8")
    with open(file_name, "rb") as stream:
        return stream.read().decode("utf-8")


def check_document(validator, file_name, line_no, text):
    """Returns True if text parses as JSON and matches the schema."""
    try:
        document = json.loads(text)
    except ValueError as error:
        report(file_name, line_no, "$", "invalid JSON: %s" % error)
        return False
    ok = True
    for path, message in error_messages(validator, document):
        report(file_name, line_no, path, message)
        ok = False
    return ok


def main(argv):
    if len(argv) < 4 or argv[1] not in ("json", "jsonl"):
        print(USAGE, file=sys.stderr)
        return 2
    mode, schema_name, file_names = argv[1], argv[2], argv[3:]
    try:
        validator = make_validator(pathlib.Path(schema_name).resolve())
    except (OSError, ValueError, jsonschema.SchemaError) as error:
        print("%s: cannot load schema: %s" % (schema_name, error), file=sys.stderr)
        return 2
    passed = failed = 0
    for file_name in file_names:
        try:
            text = read_text(file_name)
        except (OSError, UnicodeDecodeError) as error:
            report(file_name, 0, "$", "cannot read: %s" % error)
            failed += 1
            continue
        if mode == "json":
            units = [(1, text)]
        else:
            units = [(line_no, line) for line_no, line
                     in enumerate(text.split("\n"), start=1)]
            if units and units[-1][1] == "":
                units.pop()  # The newline that ends the last line.
        for line_no, unit in units:
            if mode == "jsonl" and unit.strip() == "":
                report(file_name, line_no, "$", "blank line (JSON Lines allows none)")
                failed += 1
                continue
            try:
                ok = check_document(validator, file_name, line_no, unit)
            except Exception as error:  # An unresolvable "$ref", found lazily.
                print("%s: schema error: %s" % (schema_name, error), file=sys.stderr)
                return 2
            if ok:
                passed += 1
            else:
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
