"""Adapters: a table as downloaded becomes Batches of rows in schema columns.

``plain`` takes a file already in the schema's columns; ``acled`` an ACLED export;
``gem`` a Global Energy Monitor tracker download. Each keeps one output row per input
row, in order, so that every row keeps its number in the input.
"""
