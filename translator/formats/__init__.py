"""Readers and writers of the file formats translator shares with the outside world.

Articles (`article`: plain text and Markdown), PO catalogs (`po`, laid out as gettext does with
`linebreak`), the glossary file (`glossary_toml`), the editors' spreadsheet (`spreadsheet`), and
the CAT tools' exchange formats: TBX termbases (`tbx`), OmegaT glossaries (`tsv`) and TMX
translation memories (`tmx`), the XML ones read and written safely by `xml`.
"""
