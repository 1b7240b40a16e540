"""The bad-input corpus: cases built at test time from tests/data/project (issue 11)."""
