"""The mail tests' app sends through the test's real SMTP server (`smtp_server`)."""

import pytest


@pytest.fixture
def app(make_app, smtp_server):
    app = make_app(**smtp_server.config)
    with app.app_context():
        yield app
