"""The pptx stage: slide plans and figures written as a PowerPoint package (the only python-pptx).

`writer` puts a deck together; `base` makes the masters, layouts and theme (with python-pptx, once
per theme, then cached); `slidexml` writes each slide as XML text; `package` assembles the parts;
`native` makes editable charts; `template` reads company templates; `xml` holds the shared bits;
`internals` holds every use of python-pptx's private names and checks its version first.
"""
