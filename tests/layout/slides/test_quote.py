"""Quote slides: the quote and its author stay on the slide, however long either runs."""

from __future__ import annotations

import pytest

from helpers import assert_on_slide, build, run


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_a_quote_and_author_too_long_for_the_slide_are_reported_and_kept_on_it(slide_deck, size):
    # The author went under the quote's overflowing lines: at 16:9 about 17 in down a 7.5 in
    # slide, which PowerPoint shows off the page.
    quote = "q " * 400
    by = "b " * 400
    deck = slide_deck(f'type: quote\ntitle: 인용\nquote: "{quote}"\nby: "{by}"', size)
    checked = run("check", str(deck))
    assert checked.exit_code == 0, checked.output
    warnings = [line for line in checked.output.splitlines() if ": warning: " in line]
    warned = {line.split(": warning: ")[1].split(":")[0] for line in warnings}
    assert {"sections[0].slides[0].quote", "sections[0].slides[0].by"} <= warned
    assert all("lines in a box that holds" in line for line in warnings), warnings
    assert_on_slide(build(deck))
