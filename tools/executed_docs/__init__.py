"""Executed docs: what tools/docs.py runs and writes."""
