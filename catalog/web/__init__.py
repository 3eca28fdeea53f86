"""Page blueprints: the public portal and the accounts pages."""

from catalog.web.auth_views import bp as auth_bp
from catalog.web.public import bp as public_bp

__all__ = ["auth_bp", "public_bp"]
