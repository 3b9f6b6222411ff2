"""Processing provider and algorithms of Service Grid (thin layers over :mod:`.core`)."""
