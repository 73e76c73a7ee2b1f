"""Site-wide pages: home, about, health check."""
