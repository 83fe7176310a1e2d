"""The insurance domain: scheme years, claims, accidents, the benefit ledger,
enrolment, one module per benefit, the commands clients send and the rules
that decide them.

Nothing here knows about gRPC, SQL or logging: it imports only the standard
library, `eventsourcing.domain` and `stdnum`; transport and storage adapt to it
(tests/unit/test_import_rules.py).
"""
