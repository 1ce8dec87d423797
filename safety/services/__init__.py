"""Writes of the safety net, by sub-domain: medication, reports (glucose, hypo), alerts."""
