"""Read models fed from the claims' event log, each with exactly-once tracking
(the library's tracking recorders) and rebuildable from zero."""
