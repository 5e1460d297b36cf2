"""From validated gold to the published tables: rows, tokens, encoding, the corpus build, loading, counts."""
