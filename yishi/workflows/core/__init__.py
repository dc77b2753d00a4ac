"""What every workflow module shares: declared state machines with an append-only event log."""
