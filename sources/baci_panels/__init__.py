"""CEPII BACI all-partner panels: natural graphite and lithium carbonate 1995-2024 (HS92),
rare-earth compounds 2007-2018 (HS07), as copied by the causal-engine project."""
