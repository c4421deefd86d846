"""The figures stage: charts and diagrams drawn as pictures, in the sizes the layout gave them.

`spec` says what decides a figure (and its cache key), `style` the colours both renderers share,
`describe` its alt text, `draw` the matplotlib drawing (the only code that imports matplotlib),
`pool` the worker processes and the cache lookups of a build, `images` pictures from files.
"""
