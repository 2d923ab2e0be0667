"""USITC DataWeb: US imports for consumption and domestic exports, 18 partners, 25 HTS4 headings."""
