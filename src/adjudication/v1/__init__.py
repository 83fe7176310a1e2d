"""Generated protobuf and gRPC stubs of `adjudication.v1` (see proto/generate.py)."""
