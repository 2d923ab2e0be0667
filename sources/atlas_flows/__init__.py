"""Critical Materials Atlas: bilateral flows per material, 2002-2024 (BACI, top partners)."""
