"""Critical Materials Atlas per-code world trade summaries (cobalt, lithium), 2002-2024."""
