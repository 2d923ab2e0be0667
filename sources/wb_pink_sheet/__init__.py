"""World Bank Commodity Price Data (The Pink Sheet), monthly prices 1960 to the release."""
