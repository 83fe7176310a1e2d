"""The insurance domain: scheme years, claims, coverage and benefit rules.

Nothing here knows about gRPC, SQL or logging; transport and storage adapt to it.
"""
