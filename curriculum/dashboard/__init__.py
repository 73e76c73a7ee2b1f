"""The partnership's dashboard and its printable one-page summary."""
