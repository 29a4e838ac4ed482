"""A PostgreSQL server's address as the Connect dialog's fields hold it: each field's
problem said where it was typed, and the address built from them (never a password)."""

from __future__ import annotations

from urllib.parse import quote, unquote

import attrs

from domain.core.storage.location import server_address

DEFAULT_PORT = 5432
FIELDS = ("host", "port", "database", "user")


@attrs.frozen
class ServerFields:
    """What was typed, as typed (spaces around each value do not count)."""

    host: str = ""
    port: str = str(DEFAULT_PORT)
    database: str = ""
    user: str = ""

    def problems(self) -> dict[str, str]:
        """Each field's problem, by field name; empty when an address can be built."""
        found: dict[str, str] = {}
        for name, what in (("host", "the server's name or address, such as db.example.org"),
                           ("database", "the name of the database on the server"),
                           ("user", "the user to connect as")):
            if not getattr(self, name).strip():
                found[name] = f"Type {what}."
        port = self.port.strip()
        if not port.isdigit() or not 1 <= int(port) <= 65535:
            found["port"] = f"A port is a number from 1 to 65535 ({DEFAULT_PORT} by default)."
        return found

    def address(self) -> str:
        """`postgresql://user@host:port/database`, each part escaped as a URL needs it: a
        host that is a socket folder (`/var/run/postgresql`), or an IPv6 address, too."""
        if self.problems():
            raise ValueError(f"no address can be built: {self.problems()}")
        host = self.host.strip()
        if host.startswith("/"):
            host = quote(host, safe="")
        elif ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return (f"postgresql://{quote(self.user.strip(), safe='')}@{host}:"
                f"{int(self.port.strip())}/{quote(self.database.strip(), safe='')}")

    @classmethod
    def of(cls, address: str) -> ServerFields:
        """The fields of a `postgresql://user@host:port/database` address (one from the
        Recent list, say); what cannot be read is left empty."""
        shown = server_address(address)
        if shown is None or "://" not in shown:
            return cls()
        rest = shown.partition("://")[2]
        user, at, place = rest.rpartition("@")
        hostport, _, database = place.partition("/")
        if hostport.startswith("["):
            host, _, after = hostport[1:].partition("]")
            port = after.removeprefix(":")
        else:
            host, _, port = hostport.partition(":")
        return cls(host=unquote(host), port=port or str(DEFAULT_PORT),
                   database=unquote(database), user=unquote(user) if at else "")
