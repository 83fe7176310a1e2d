"""Claims adjudication for government-run rural accident insurance schemes."""
