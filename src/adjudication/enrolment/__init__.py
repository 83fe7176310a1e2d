"""Enrolment: its command side (rosters, the police's answers, removals), the
roster and answer files, the premium statement and its export, and the
in-memory roster of tests."""
