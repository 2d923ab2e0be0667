"""Tests of the World Bank Pink Sheet source."""
