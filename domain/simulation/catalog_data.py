"""Word lists the simulated clerk and customers draw names, titles and prices from."""

from __future__ import annotations

TITLE_ADJECTIVES = (
    "Silent", "Hidden", "Last", "Broken", "Golden", "Distant", "Forgotten", "Burning",
    "Quiet", "Winter", "Crimson", "Endless", "Wandering", "Secret", "Northern", "Little",
    "Iron", "Glass", "Midnight", "Paper",
)
TITLE_NOUNS = (
    "River", "Garden", "Kingdom", "Lighthouse", "Orchard", "Harbour", "Library", "Mountain",
    "Cartographer", "Clockmaker", "Archive", "Island", "Bridge", "Compass", "Station",
    "Meadow", "Observatory", "Ferry", "Lantern", "Atlas",
)
TITLE_PATTERNS = (
    "The {adjective} {noun}",
    "{noun} of the {adjective} Sea",
    "A {adjective} {noun}",
    "The {noun}'s Daughter",
    "Notes from the {adjective} {noun}",
    "Beyond the {noun}",
    "The {adjective} Years",
)
FIRST_NAMES = (
    "Ada", "Amara", "Ben", "Chen", "Dmitri", "Elena", "Farah", "Gustav", "Hana", "Ines",
    "Jonas", "Kofi", "Lena", "Mateo", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sven",
    "Tomoko", "Umar", "Vera", "Wen", "Yusuf", "Zoe",
)
LAST_NAMES = (
    "Abbott", "Baptiste", "Castellanos", "Dubois", "Eriksen", "Fischer", "Gonzaga", "Hughes",
    "Ibrahim", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov",
    "Quinn", "Rossi", "Sato", "Tanaka", "Varga", "Whitfield", "Xu", "Yilmaz", "Zielinski",
)
# ISBN-13 registration groups of English-language publishers (978-0, 978-1).
ISBN_PREFIXES = ("9780", "9781")
# Typical shelf prices; the clerk picks one and a currency of the shop.
PRICE_POINTS = (7.99, 9.99, 12.5, 14.99, 16.0, 18.99, 22.5, 24.99, 29.99, 35.0)
CURRENCY = "USD"
