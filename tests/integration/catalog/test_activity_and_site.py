"""Activity streams, tags, licences, site status."""


def test_package_activity_records_changes(api):
    ds = api.dataset()
    api.ok("package_patch", {"id": ds["id"], "title": "Judul Lain"}, user=api.sysadmin())
    acts = api.ok("package_activity_list", {"id": ds["name"]})
    assert [a["activity_type"] for a in acts] == ["changed package", "new package"]
    assert "title" in acts[0]["data"]["changes"]
    assert acts[0]["data"]["package"]["title"] == "Judul Lain"
    assert acts[0]["user_id"]


def test_private_activity_is_hidden(api):
    org = api.org("dinkes")
    api.dataset(org="dinkes", private=True)
    api.dataset(org="dinkes", name="umum")
    recent = api.ok("recently_changed_packages_activity_list")
    assert [a["data"]["package"]["name"] for a in recent] == ["umum"]
    org_acts = api.ok("organization_activity_list", {"id": org["id"]})
    names = [a["data"].get("package", {}).get("name") for a in org_acts]
    assert "umum" in names and len([n for n in names if n]) == 1
    assert len(api.ok("recently_changed_packages_activity_list", user=api.sysadmin())) == 2


def test_activity_list_paging_validated(api):
    ds = api.dataset()
    assert api.call("package_activity_list", {"id": ds["id"], "limit": 0}).status == 409
    assert len(api.ok("package_activity_list", {"id": ds["id"], "limit": 1})) == 1


def test_tag_list_counts_only_visible_datasets(api):
    api.dataset(tags=[{"name": "umum"}])
    api.dataset(tags=[{"name": "rahasia"}], private=True)
    assert api.ok("tag_list") == ["umum"]
    assert api.ok("tag_list", {"query": "um"}) == ["umum"]
    assert api.ok("tag_list", {"all_fields": True})[0]["display_name"] == "umum"


def test_license_list_has_ckan_and_indonesian_licences(api):
    ids = {lic["id"] for lic in api.ok("license_list")}
    assert {"cc-by", "odc-odbl", "notspecified", "cc-by-4.0", "cc-by-sa-4.0"} <= ids


def test_status_show_names_the_site(api):
    status = api.ok("status_show")
    assert status["site_url"] == "http://tepian.test"
    assert status["locale_default"] == "id"
