"""CEPII BACI, ASEAN-10 x 15 partners, 13 mineral HS6 codes, 2010-2024 (a partner subset)."""
