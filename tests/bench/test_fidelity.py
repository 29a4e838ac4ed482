"""bench/fidelity.py's two rules: how imports are rewritten, how output is normalised."""

from __future__ import annotations

from bench.fidelity import normalise, rewrite_imports


def test_protean_imports_point_at_domain_core_and_fields_keep_their_module() -> None:
    program = (
        "from protean import Domain, handle\n"
        "from protean.fields import (\n    Identifier,\n    String,\n)\n"
        "from protean.exceptions import ValidationError\n"
        "from protean.utils.globals import current_domain\n"
        "from protean.core.projector import BaseProjector, on\n"
        "import protean\n"
        "    from protean.testing import given\n"
    )
    assert rewrite_imports(program) == (
        "from domain.core import Domain, handle\n"
        "from domain.core.fields import (\n    Identifier,\n    String,\n)\n"
        "from domain.core import ValidationError\n"
        "from domain.core import current_domain\n"
        "from domain.core import BaseProjector, on\n"
        "import domain.core as protean\n"
        "    from domain.core import given\n"
    )


def test_the_rest_of_a_program_is_left_as_it_is() -> None:
    program = ('domain = Domain("protean")  # from protean import nothing here\n'
               "import proteanish\nfrom proteanish import x\n")
    assert rewrite_imports(program) == program


def test_ids_times_and_addresses_become_placeholders() -> None:
    printed = ("Book added with ID: 6f1c0f7e-2b7a-4c55-9d0e-3a7d2b1c9e88\n"
               "token 0123456789abcdef0123456789abcdef\n"
               "at 2026-10-04T12:30:05.123456+00:00, on 2026-10-04 at 12:30:05\n"
               "<Book object at 0x7f3a2c1d9e50>\n"
               "placed datetime.datetime(2026, 10, 4, 12, 30, tzinfo=datetime.timezone.utc)\n")
    assert normalise(printed) == ("Book added with ID: <id>\n"
                                  "token <id>\n"
                                  "at <time>, on <time> at <time>\n"
                                  "<Book object at <address>>\n"
                                  "placed <time>\n")


def test_what_a_program_computes_is_not_normalised() -> None:
    printed = "Total books: 2\nPrice: $15.99 USD\nVersion 3, sequence 12, 2026 copies\n"
    assert normalise(printed) == printed
