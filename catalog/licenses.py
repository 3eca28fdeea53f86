"""The licence list: CKAN's defaults plus the licences Indonesian government data commonly uses.

Satu Data portals in Indonesia mostly publish under Creative Commons 4.0 licences, so those are
listed beside CKAN's generic ones. ``license_list`` returns these dicts as CKAN does.
"""

from __future__ import annotations

_OPEN = {"od_conformance": "approved", "osd_conformance": "not reviewed"}
_CLOSED = {"od_conformance": "not reviewed", "osd_conformance": "not reviewed"}


def _licence(id_: str, title: str, url: str, conformance: dict, family: str = "") -> dict:
    return {
        "id": id_,
        "title": title,
        "url": url,
        "status": "active",
        "maintainer": "",
        "family": family,
        "domain_content": True,
        "domain_data": True,
        "domain_software": False,
        "is_generic": id_.startswith("other-") or id_ == "notspecified",
        "is_okd_compliant": conformance["od_conformance"] == "approved",
        "is_osi_compliant": False,
        **conformance,
    }


LICENSES: list[dict] = [
    _licence("notspecified", "License not specified", "", _CLOSED),
    _licence(
        "odc-pddl",
        "Open Data Commons Public Domain Dedication and License (PDDL)",
        "http://www.opendefinition.org/licenses/odc-pddl",
        _OPEN,
    ),
    _licence(
        "odc-odbl",
        "Open Data Commons Open Database License (ODbL)",
        "http://www.opendefinition.org/licenses/odc-odbl",
        _OPEN,
    ),
    _licence(
        "odc-by",
        "Open Data Commons Attribution License",
        "http://www.opendefinition.org/licenses/odc-by",
        _OPEN,
    ),
    _licence(
        "cc-zero",
        "Creative Commons CCZero",
        "http://www.opendefinition.org/licenses/cc-zero",
        _OPEN,
    ),
    _licence(
        "cc-by",
        "Creative Commons Attribution",
        "http://www.opendefinition.org/licenses/cc-by",
        _OPEN,
    ),
    _licence(
        "cc-by-sa",
        "Creative Commons Attribution Share-Alike",
        "http://www.opendefinition.org/licenses/cc-by-sa",
        _OPEN,
    ),
    _licence(
        "gfdl",
        "GNU Free Documentation License",
        "http://www.opendefinition.org/licenses/gfdl",
        _OPEN,
    ),
    _licence("other-open", "Other (Open)", "", _OPEN),
    _licence("other-pd", "Other (Public Domain)", "", _OPEN),
    _licence("other-at", "Other (Attribution)", "", _OPEN),
    _licence(
        "uk-ogl",
        "UK Open Government Licence (OGL)",
        "http://reference.data.gov.uk/id/open-government-licence",
        _OPEN,
    ),
    _licence(
        "cc-nc",
        "Creative Commons Non-Commercial (Any)",
        "http://creativecommons.org/licenses/by-nc/2.0/",
        _CLOSED,
    ),
    _licence("other-nc", "Other (Non-Commercial)", "", _CLOSED),
    _licence("other-closed", "Other (Not Open)", "", _CLOSED),
    # Used by Satu Data Indonesia and regional portals.
    _licence(
        "cc-by-4.0",
        "Creative Commons Attribution 4.0 (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/",
        _OPEN,
    ),
    _licence(
        "cc-by-sa-4.0",
        "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        _OPEN,
    ),
    _licence(
        "cc0-1.0",
        "Creative Commons Zero 1.0 (CC0 1.0)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        _OPEN,
    ),
    _licence(
        "cc-by-nc-4.0",
        "Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)",
        "https://creativecommons.org/licenses/by-nc/4.0/",
        _CLOSED,
    ),
]

LICENSES_BY_ID: dict[str, dict] = {lic["id"]: lic for lic in LICENSES}


def license_title(license_id: str) -> str:
    """The title CKAN shows for a licence id; an unknown id is shown as itself."""
    lic = LICENSES_BY_ID.get(license_id)
    return lic["title"] if lic else license_id


def license_is_open(license_id: str) -> bool:
    lic = LICENSES_BY_ID.get(license_id)
    return bool(lic and lic["od_conformance"] == "approved")
