"""Domain knowledge as data: the vocabularies, the texts, the rules, the threshold table.

Two floors, kept apart so that the model can be validated with words from here and the rules can reason about
the validated model:

* **below** ``flows`` — ``data`` (reading the shipped YAML), ``vocabularies`` (node kinds, channels, zones,
  data categories...), ``texts`` (every fixed text in Japanese and English), ``changes`` (which changes
  between two versions are 重要な変更) and ``registry`` (the decorator that ties a rule id or a pre-fill key
  to its function). They import nothing of ours but each other.
* **above** ``flows`` — ``rules`` (metadata and message templates in YAML, one small function per rule that
  yields facts) and ``threshold`` (the しきい値判断 over a validated model). They may import ``flows``.

``tests/test_layers.py`` keeps both floors, and the rooms around them, importing one way only.
"""
