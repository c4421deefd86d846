"""The web page of `deckgen serve`: `server` (HTTP, server-sent events) and `static/` (the page).

After the export stage: it serves what `deckgen.export` rendered, and knows nothing of decks.
"""
