"""The layout stage: where everything goes on each slide, and how big the type is, measured.

`deck` lays out a whole deck; `slides` holds one module per slide type; `compose` what they share;
`shapes` the plain shapes the writers draw; `grid` the slide's boxes; `fit` measures text with the
bundled font; `numbers` formats values for every stage; `checks` finds what does not fit or read.
"""
