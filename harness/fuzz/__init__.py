"""Differential campaigns: generated sessions run on two targets and compared (`python -m harness fuzz`)."""
