"""A method handler with its behaviour wrapped, whatever its kind: how the
server's interceptors (access, metrics) put themselves around every RPC."""

from collections.abc import Callable
from typing import Any, TypeAlias

import grpc

Handler: TypeAlias = "grpc.RpcMethodHandler[Any, Any]"
Wrap = Callable[[Any], Any]


def rewrapped(
    handler: Handler,
    unary: Wrap,
    streamed: Wrap,
    request_deserializer: Any = None,
) -> Handler:
    """`handler` with `unary` around a behaviour answering once and `streamed`
    around one answering with a stream; `request_deserializer` instead of
    its own, if given."""
    options = {
        "request_deserializer": request_deserializer or handler.request_deserializer,
        "response_serializer": handler.response_serializer,
    }
    if handler.unary_unary is not None:
        return grpc.unary_unary_rpc_method_handler(
            unary(handler.unary_unary), **options
        )
    if handler.unary_stream is not None:
        return grpc.unary_stream_rpc_method_handler(
            streamed(handler.unary_stream), **options
        )
    if handler.stream_unary is not None:
        return grpc.stream_unary_rpc_method_handler(
            unary(handler.stream_unary), **options
        )
    return grpc.stream_stream_rpc_method_handler(
        streamed(handler.stream_stream), **options
    )
