"""China's exports of HS 284690, 280530 and 850511 by partner, 2010-2024, as China reports them
(UN Comtrade via WITS; three panel workbooks of one replication repository)."""
