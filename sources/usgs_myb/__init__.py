"""USGS Minerals Yearbook, volume I: the world tables of editions 2016, 2019 and 2020."""
