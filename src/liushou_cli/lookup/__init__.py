"""Finding what a user means: a child or teacher by id, name or pinyin; the fields `--set` can set;
a new record that may already be kept.
"""
