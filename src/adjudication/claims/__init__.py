"""The claims: their command side, and their log as auditors read it."""
