"""The data-flow model: schema, loading with source positions, and the graph rules run on."""
