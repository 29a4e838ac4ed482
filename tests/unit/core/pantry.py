"""A domain with a projection for the core's tests: jars filled, their totals projected."""

from __future__ import annotations

from typing import Any

from domain.core import Domain, current_domain, handle, on
from domain.core.fields import Identifier, Integer, String

pantry = Domain("Pantry")


@pantry.event(part_of="Jar")
class JarLabelled:
    jar_id = Identifier(required=True)
    label = String(required=True)


@pantry.event(part_of="Jar")
class JarFilled:
    jar_id = Identifier(required=True)
    grams = Integer(required=True)


@pantry.aggregate
class Jar:
    label = String(required=True)


@pantry.command(part_of=Jar)
class LabelJar:
    label = String(required=True)


@pantry.command(part_of=Jar)
class FillJar:
    jar_id = Identifier(required=True)
    grams = Integer(required=True)


@pantry.command_handler(part_of=Jar)
class JarHandler:
    @handle(LabelJar)
    def label(self, command: LabelJar) -> str:
        jar = Jar(label=command.label)
        jar.raise_(JarLabelled(jar_id=jar.id, label=command.label))
        current_domain.repository_for(Jar).add(jar)
        return str(jar.id)

    @handle(FillJar)
    def fill(self, command: FillJar) -> None:
        repository = current_domain.repository_for(Jar)
        jar = repository.get(command.jar_id)
        jar.raise_(JarFilled(jar_id=jar.id, grams=command.grams))
        repository.add(jar)


@pantry.projection
class JarTotal:
    jar_id = Identifier(identifier=True, required=True)
    label = String(required=True)
    grams = Integer(default=0)
    fills = Integer(default=0)


@pantry.projector(projector_for=JarTotal, aggregates=[Jar])
class JarTotalProjector:
    # The fills an @on method refuses (by grams), to test failures; emptied by the fixture.
    failing: set[int] = set()

    @on(JarLabelled)
    def labelled(self, event: Any) -> None:
        current_domain.repository_for(JarTotal).add(JarTotal(jar_id=event.jar_id,
                                                             label=event.label))

    @on(JarFilled)
    def filled(self, event: Any) -> None:
        repository = current_domain.repository_for(JarTotal)
        total = repository.get(event.jar_id)
        total.grams += event.grams
        total.fills += 1
        repository.add(total)  # written, and only then refused: the savepoint undoes it
        if event.grams in self.failing:
            raise ConnectionError(f"the scale broke at {event.grams} g")


PROJECTOR = "projection.jartotal"
