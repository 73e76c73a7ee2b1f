"""Organizations: the firms, colleges, labor groups and boards that people belong to."""
