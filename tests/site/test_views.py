"""Home, about and the health check."""


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_healthz_503_when_the_database_does_not_answer(make_app, tmp_path):
    app = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["status"] == "unavailable"


def test_home_for_visitors_and_members(client, login_as, partnership):
    page = client.get("/").text
    assert "Sign in" in page and partnership.name in page
    login_as("faculty")
    page = client.get("/").text
    assert "Your partnerships" in page and "Faculty" in page


def test_layout_has_header_navigation_and_footer(client, login_as):
    user = login_as("viewer")
    page = client.get("/about").text
    assert 'class="site-header"' in page and 'class="site-footer"' in page
    assert user.display_name in page and "Sign out" in page
    assert 'name="viewport"' in page


def test_home_lists_each_partnership_once(client, login_as, partnership, factory):
    other = factory.partnership(name="Harbor Logistics Partnership")
    login_as("faculty")
    page = client.get("/").text
    assert page.count(partnership.name) == 1  # under "Your partnerships" only
    assert "Other partnerships" in page and other.name in page


def test_home_for_a_site_administrator_without_memberships(client, login_as, partnership):
    login_as("admin")
    page = client.get("/").text
    assert "convener can invite you" not in page
    assert "site administrator" in page and "Create a partnership" in page
    assert partnership.name in page and "Other partnerships" not in page


def test_favicon(client):
    assert 'rel="icon" href="/static/favicon.svg"' in client.get("/").text
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.headers["Location"] == "/static/favicon.svg"
    icon = client.get("/static/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    icon.close()
