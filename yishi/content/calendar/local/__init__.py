"""An organisation's own calendar adjustments (a local holiday, an extra working Saturday)."""
