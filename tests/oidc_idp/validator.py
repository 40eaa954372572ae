from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Puts each user's configured claims (CPR number, groups, names) in the ID token and userinfo."""

    oidc_claim_scope = None  # every claim, whatever the scopes

    def get_additional_claims(self, request):
        return settings.USERS[request.user.username]["claims"]
