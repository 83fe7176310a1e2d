"""Enrolment: township rosters of insured residents."""
