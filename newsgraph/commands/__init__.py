"""Groups of ``newsgraph`` subcommands, and what the command line shares (consoles, options, printers)."""
