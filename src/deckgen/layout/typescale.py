"""The deck's type scale: every size a slide sets text in, one step apart.

The steps follow a ratio of about 1.4 (the square root of two), so each level reads as a level:
a slide title is 1.43 times its bullets, a stat's number twice its title. Each family of slide
types sets its body in one size: lists on their own in BODY, text that shares the slide with
columns, a table, a figure or a timeline in SECONDARY. Text shrinks to fit only within a floor,
so a title stays clearly above the body it heads. docs/format.md shows the scale.
"""

from __future__ import annotations

DISPLAY = 80.0
"""A stat's number: the one figure the slide is about."""
HERO = 56.0
"""The deck's title and the closing line; section titles."""
HEADLINE = 40.0
"""Slide titles and statements; section numbers."""
BODY = 28.0
"""A list on its own, a quote, a stat's label, the deck's subtitle."""
NESTED = 24.0
"""The second level of a list on its own."""
SECONDARY = 20.0
"""Text beside other content: columns, tables, timelines, takeaways beside a figure; a quote's
author; the presenter on the title slide."""
SMALL = 14.0
"""Captions, a stat's detail, a timeline event's detail, the date and event of the talk."""
MICRO = 11.0
"""The source line and the slide number: read when needed, not from the back of the room."""
