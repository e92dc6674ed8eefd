"""A local model of the OpenClaw hosting APIs, for the tests and the demo.

It is written from the providers' documentation and never imports the
collection: if both sides shared one table, a wrong table would pass every test.
"""
