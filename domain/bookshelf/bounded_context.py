"""The bookshelf domain object that every element of this package registers with."""

from domain.core import Domain

bookshelf = Domain("Bookshelf")
bookshelf.config["command_processing"] = "sync"
bookshelf.config["event_processing"] = "sync"
