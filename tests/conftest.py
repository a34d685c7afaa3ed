pytest_plugins = ["stackcheck.pytest_plugin"]
