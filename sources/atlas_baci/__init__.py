"""Critical Materials Atlas: the collector's full BACI HS17 extract for 2022 (complete flows)."""
