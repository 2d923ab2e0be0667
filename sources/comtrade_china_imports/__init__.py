"""China's imports of HS 2846 (rare-earth compounds) by origin, 1993-2024, as China reports
them to UN Comtrade (one JSON response of the public preview API per year)."""
