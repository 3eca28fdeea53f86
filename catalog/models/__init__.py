"""SQLAlchemy models, one module per aggregate."""

from catalog.models.activity import Activity
from catalog.models.dataset import Dataset, DatasetExtra, Resource, Tag, dataset_group, dataset_tag
from catalog.models.files import LinkCheck, ResourcePreview
from catalog.models.harvest import HarvestJob, HarvestLog, HarvestObject, HarvestSource
from catalog.models.organization import Group, Membership, Organization
from catalog.models.outbox import SearchOutbox
from catalog.models.user import ApiToken, User

__all__ = [
    "Activity",
    "ApiToken",
    "Dataset",
    "DatasetExtra",
    "Group",
    "HarvestJob",
    "HarvestLog",
    "HarvestObject",
    "HarvestSource",
    "LinkCheck",
    "Membership",
    "Organization",
    "Resource",
    "ResourcePreview",
    "SearchOutbox",
    "Tag",
    "User",
    "dataset_group",
    "dataset_tag",
]
