"""MitID through an OpenID Connect broker: the ID token (or userinfo) carries the CPR number
(settings.OIDC_CITIZEN_CPR_CLAIM), and the person is matched by it and nothing else
(`minside.identity.account_for_identity`). Someone the municipality does not know is refused."""

from django.conf import settings
from django.utils.translation import gettext as _

from carecore.oidc import ProviderBackend, login_views, provider_routes

from .identity import account_for_identity


class CitizenBackend(ProviderBackend):
    provider = "citizen"
    routes = provider_routes(
        callback="minside:oidc_callback", success="minside:home", failure="minside:login"
    )

    def user_from_claims(self, claims):
        account = account_for_identity(
            claims.get(settings.OIDC_CITIZEN_CPR_CLAIM),
            first_name=str(claims.get("given_name", "")),
            last_name=str(claims.get("family_name", "")),
        )
        if account is None:
            self.refuse(
                _(
                    "We cannot find you among the municipality's citizens. My page is for citizens who get "
                    "help from the municipality, and for relatives with a power of attorney. Contact the "
                    "municipality if you think this is a mistake."
                )
            )
        return account.user


start, callback = login_views(CitizenBackend)
