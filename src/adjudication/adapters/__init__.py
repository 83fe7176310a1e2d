"""The domain adapted to storage and the outside world: the eventsourcing
stores, how value objects are stored, event positions, the call's deadline,
and the clerks' CSV and XLSX tables."""
