"""The outline stage: `deck.yaml` read, checked and turned into the typed model of a deck.

`reader` is the only module that reads YAML; `model` declares every key (and imports nothing from
the project), `validator` checks data against it, `rules` checks what spans keys and files,
`markup` parses inline markup, and `schema` writes the JSON Schema from the same declarations.
"""
