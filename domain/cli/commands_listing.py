"""`bookshelf commands`: the commands on record, the newest first."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from domain.core.errors import ObjectNotFoundError
from domain.core.storage import Reader
from domain.core.storage.commands import REFUSED, CommandRecord
from domain.readside import utc_time

DEFAULT_LIMIT = 50
EXIT_OK = 0


def add_commands_parser(commands: Any, add_db_option: Callable[[argparse.ArgumentParser], None],
                        positive: Callable[[str], int],
                        run: Callable[[argparse.Namespace], int]) -> None:
    """Add `commands`, run by `run`, to the subcommands (argparse's subparsers action)."""
    parser = commands.add_parser("commands", help="the commands that ran, the newest first")
    add_db_option(parser)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--id", help="only the command with this id")
    which.add_argument("--correlation", metavar="ID",
                       help="only the commands of this correlation id")
    parser.add_argument("--limit", type=positive, default=DEFAULT_LIMIT, metavar="N",
                        help=f"at most N commands (default {DEFAULT_LIMIT})")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(run=run)


def list_commands(reader: Reader, args: argparse.Namespace) -> int:
    """Print the commands `args` asks for; an `--id` not on record is not found."""
    if args.id is not None:
        found = reader.command(args.id)
        if found is None:
            raise ObjectNotFoundError(f"command {args.id} not found")
        records = [found]
    else:
        records = reader.commands(correlation_id=args.correlation, limit=args.limit)
    show = json_line if args.json else line
    for record in records:
        print(show(record))
    return EXIT_OK


def line(record: CommandRecord) -> str:
    """time, outcome, type, id, correlation id; a refusal's messages after them."""
    text = (f"{utc_time(record.timestamp)}  {record.outcome:<8}  {record.type:<32}  "
            f"{record.id}  correlation {record.correlation_id or '-'}")
    if record.outcome == REFUSED and record.errors is not None:
        messages = json.loads(record.errors)
        text += "  " + "; ".join(f"{field}: {', '.join(texts)}"
                                 for field, texts in messages.items())
    return text


def json_line(record: CommandRecord) -> str:
    """The record as one JSON object, its payload and errors as JSON values."""
    values: dict[str, object] = record._asdict()
    values["payload"] = json.loads(record.payload)
    values["errors"] = json.loads(record.errors) if record.errors is not None else None
    return json.dumps(values, ensure_ascii=False)
