# The shared fixtures (alice, bob, carol, mallory, the permission matrix) live in tests/fixtures.py
# so that tests inside each app and under tests/ use the same ones.
pytest_plugins = ["tests.fixtures"]
