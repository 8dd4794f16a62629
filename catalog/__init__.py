"""Domain knowledge as data: vocabularies, risk rules, the assessment form."""
