"""Marshmallow schemas: the one definition of what a valid dataset, resource, OPD ... is.

The API, the web forms and the harvesters all validate through these, so a rule is written once.
Schemas do no DB queries: existence and uniqueness are checked by the services.
"""

from catalog.schemas.common import load

__all__ = ["load"]
