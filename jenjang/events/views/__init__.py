"""Pages of the events area (thin: parse, call a service or selector, render)."""
