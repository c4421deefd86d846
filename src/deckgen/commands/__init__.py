"""The commands: one module per `deckgen` command, each running the stages it needs.

`build` runs the whole pipeline (outline -> layout -> figures -> pptx -> file); `check` and
`charts` share its `prepare`; `pdf`, `preview` and `watch` build first, then do more. The command
line (`deckgen.cli`) only parses arguments and prints what these return.
"""
