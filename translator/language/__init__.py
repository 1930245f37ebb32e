"""Language tools: what the workflow needs to know about English, Japanese and Chinese text.

Sentences (`sentences`), writing systems and character forms (`scripts`), romanisation of names
(`romanization`), word boundaries (`words`), which locale a text is in (`detection`) and locale
codes (`locales`).
"""
