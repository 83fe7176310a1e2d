"""The gRPC entry point: one servicer per service, reading requests into
commands, mapping claims' documents and results to the contract, errors to
status codes, and the server with its read models."""
