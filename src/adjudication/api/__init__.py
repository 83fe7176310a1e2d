"""The gRPC transport: servicers, proto <-> domain mapping, errors, the server."""
