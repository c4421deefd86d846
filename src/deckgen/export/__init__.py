"""The export stage: a built .pptx turned into what people look at, through LibreOffice and poppler.

`libreoffice` converts a deck to PDF in a private profile; `pages` renders a PDF's pages to PNG;
`sheet` lays pages out as a contact sheet. A new output format goes here.
"""
