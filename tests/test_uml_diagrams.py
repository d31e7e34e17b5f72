"""Mermaid class and ER diagrams, as study notes on design and databases write them: read into
a graph, laid out by Graphviz, drawn as native shapes with glued connectors."""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.diagram.class_diagram import parse_class_diagram
from slidegen.diagram.er_diagram import parse_er_diagram
from tests.test_diagrams import NS, check_glue, groups, make_deck, needs_dot, slide_text, slides

CLASSES = """classDiagram
    direction TB
    class Animal {
        <<abstract>>
        +String name
        +makeSound()* void
        +create()$ Animal
    }
    class Duck {
        +swim()
    }
    Fish : -int sizeInFeet
    Animal <|-- Duck
    Animal <|-- Fish
    Zoo "1" *-- "many" Animal : 보유
    Zoo o-- Keeper
    Duck ..> Pond : 사용
    class Repository~T~
    <<interface>> Repository
    Repository <|.. Zoo
    note for Duck "오리는 헤엄친다"
"""

ERD = """erDiagram
    CUSTOMER ||--o{ ORDER : places
    ORDER ||--|{ "LINE ITEM" : contains
    CUSTOMER }|..|{ DELIVERY-ADDRESS : uses
    p[Person] ||--|| CUSTOMER : is
    CUSTOMER {
        string name
        string custNumber PK
        string sector "업종"
    }
"""


def test_class_diagram_reads_classes_members_and_uml_ends() -> None:
    flow = parse_class_diagram(CLASSES)
    assert flow.direction == "TB"
    animal = flow.nodes["Animal"].label.split("\n")
    assert animal == ["«abstract»", "Animal", "+String name", "+makeSound() void",
                      "+create() Animal"]
    assert flow.nodes["Fish"].label == "Fish\n-int sizeInFeet"
    assert flow.nodes["Repository"].label == "«interface»\nRepository<T>"
    ends = {(e.tail, e.head): (e.tail_end, e.head_end, e.stroke, e.label) for e in flow.edges}
    assert ends[("Animal", "Duck")] == ("triangle", "none", "solid", "")
    assert ends[("Zoo", "Animal")] == ("diamond", "none", "solid", "보유\n1 — many")
    assert ends[("Zoo", "Keeper")][0] == "diamond"
    assert ends[("Duck", "Pond")] == ("none", "open", "dotted", "사용")
    assert ends[("Repository", "Zoo")][:3] == ("triangle", "none", "dotted")
    notes = [n for k, n in flow.nodes.items() if k.startswith("note:")]
    assert [n.label for n in notes] == ["오리는 헤엄친다"]


def test_er_diagram_reads_entities_attributes_and_cardinalities() -> None:
    flow = parse_er_diagram(ERD)
    assert flow.nodes["CUSTOMER"].label.split("\n") == [
        "CUSTOMER", "name: string", "custNumber: string PK", "sector: string (업종)"]
    assert flow.nodes["p"].label == "Person" and "LINE ITEM" in flow.nodes
    labels = {(e.tail, e.head): (e.label, e.stroke) for e in flow.edges}
    assert labels[("CUSTOMER", "ORDER")] == ("places\n1 — 0..N", "solid")
    assert labels[("ORDER", "LINE ITEM")] == ("contains\n1 — 1..N", "solid")
    assert labels[("CUSTOMER", "DELIVERY-ADDRESS")] == ("uses\n1..N — 1..N", "dotted")


@needs_dot
@pytest.mark.slow
def test_class_and_er_diagrams_become_native_glued_shapes(tmp_path: Path) -> None:
    deck, warnings = make_deck(tmp_path, f"# 설계\n\n## 클래스\n\n```mermaid\n{CLASSES}```\n\n"
                               f"## 데이터\n\n```mermaid\n{ERD}```\n")
    assert warnings == []
    found = groups(deck)
    assert len(found) == 2
    for group in found:
        connectors = group.xpath("./p:cxnSp", namespaces=NS)
        assert connectors and check_glue(group) == 2 * len(connectors)
    text = " ".join(slide_text(s) for s in slides(deck))
    assert "+makeSound() void" in text and "custNumber: string PK" in text
    assert "<|--" not in text and "||--o{" not in text
    heads = {e.get("type") for g in found for e in g.xpath(".//a:headEnd|.//a:tailEnd",
                                                            namespaces=NS)}
    assert {"triangle", "diamond", "arrow"} <= heads
