"""World Mining Data table 6.4, 1984-2017 (one compilation workbook, edition 2019)."""
