"""Read models fed from the event log (a later issue)."""
