"""The roster: its schema and checks (`schema`), reading real exports (`ingest`, `numbers`),
and the synthetic sample (`sample`)."""
