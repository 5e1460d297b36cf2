"""The gold labels: seeds, reading and validating the YAML, anchoring spans, findings, agreement."""
