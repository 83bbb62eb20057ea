"""Waiting-room displays: a unit's published results, what it improved, and
the QR codes to rate, on a TV, through a signed and revocable link."""
