from django.test import Client


def test_the_platform_page_lists_every_organisation(org_a, org_b):
    response = Client(HTTP_HOST="localhost").get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "甲单位" in page and "乙单位" in page
    assert "http://org-a.localhost" in page


def test_an_unknown_path_on_the_public_host_is_a_404_not_a_500(org_a):
    assert Client(HTTP_HOST="localhost").get("/no-such-page/").status_code == 404


def test_an_unknown_host_is_a_404(org_a):
    assert Client(HTTP_HOST="nobody.localhost").get("/").status_code == 404


def test_the_platform_admin_is_on_the_public_host(org_a):
    response = Client(HTTP_HOST="localhost").get("/admin/login/")
    assert response.status_code == 200
