"""Read models fed from the claims' event log, each with exactly-once tracking
(the library's tracking recorders) and rebuildable from zero; the neutral
documents they store; the runner. They import only the domain (and its data
loaders), the adapters and the library, never the transport."""
