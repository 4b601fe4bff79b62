"""Developer tools for liushou (not part of the installed package)."""
