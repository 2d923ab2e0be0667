"""USGS Data Series 140, historical statistics for mineral commodities in the United States."""
