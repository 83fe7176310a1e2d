"""Who may call the service: principals, their roles, and their credentials
(bearer tokens kept as hashes, client certificates by subject). No transport
here: the gRPC interceptor in `adjudication.api.access` applies it."""
