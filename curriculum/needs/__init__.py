"""Training-needs surveys across firms: each employer rates the standards' importance and how
hard they are to hire for; only aggregates are shown to other firms."""
