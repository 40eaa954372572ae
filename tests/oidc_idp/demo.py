"""The local identity provider for the demo (`make idp`): its config, written from the seeded demo data,
and the environment that points Omsorg at it (printed, for `make run`).

    python -m tests.oidc_idp.demo --config .oidc-idp.json --port 9000 > .oidc-idp.env

At the provider, `borger.demo` and `paaroerende.demo` log in "with MitID" (their CPR numbers from the
demo data), `ssh.idp` and `leder.idp` with "the municipality's login" (groups mapped to Vest Team 1 and
the Vest area); the password is `demo`."""

import argparse
import json
import os
import sys
from pathlib import Path

STAFF_GROUPS = {
    "omsorg-ssh-vest-team-1": {"role": "ssh", "unit": "vest-team-1"},
    "omsorg-leder-vest": {"role": "leader", "unit": "hjemmepleje-vest", "leader": True},
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--omsorg", default="http://127.0.0.1:8000")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from minside.demo import CITIZEN, RELATIVE
    from minside.models import CitizenAccount

    cprs = dict(
        CitizenAccount.objects.filter(user__username__in=[CITIZEN, RELATIVE]).values_list(
            "user__username", "cpr"
        )
    )
    if len(cprs) != 2:
        sys.exit("No demo citizens yet: run `make run` (or manage.py seed_demo) first.")

    def person(**claims):
        return {"password": "demo", "claims": claims}

    bases = {args.omsorg, args.omsorg.replace("127.0.0.1", "localhost")}
    config = {
        "clients": [
            {
                "client_id": "omsorg-borger",
                "client_secret": "demo-borger",
                "redirect_uris": sorted(f"{b}/min-side/log-ind/mitid/retur/" for b in bases),
            },
            {
                "client_id": "omsorg-personale",
                "client_secret": "demo-personale",
                "redirect_uris": sorted(f"{b}/login/oidc/retur/" for b in bases),
            },
        ],
        "users": {
            CITIZEN: person(cpr=cprs[CITIZEN]),
            RELATIVE: person(cpr=cprs[RELATIVE]),
            "ssh.idp": person(
                preferred_username="ssh.idp",
                groups=["omsorg-ssh-vest-team-1"],
                given_name="Sif",
                family_name="Idp",
            ),
            "leder.idp": person(
                preferred_username="leder.idp",
                groups=["omsorg-leder-vest"],
                given_name="Lis",
                family_name="Idp",
            ),
        },
    }
    Path(args.config).write_text(json.dumps(config, indent=2))

    issuer = f"http://127.0.0.1:{args.port}/o"
    for prefix, client, secret in [
        ("OIDC_CITIZEN", "omsorg-borger", "demo-borger"),
        ("OIDC_STAFF", "omsorg-personale", "demo-personale"),
    ]:
        print(f"{prefix}_CLIENT_ID={client}")
        print(f"{prefix}_CLIENT_SECRET={secret}")
        print(f"{prefix}_AUTHORIZATION_ENDPOINT={issuer}/authorize/")
        print(f"{prefix}_TOKEN_ENDPOINT={issuer}/token/")
        print(f"{prefix}_USERINFO_ENDPOINT={issuer}/userinfo/")
        print(f"{prefix}_JWKS_ENDPOINT={issuer}/.well-known/jwks.json")
        print(f"{prefix}_ISSUER={issuer}")
        print(f"{prefix}_SCOPES='openid profile'")
    print(f"OIDC_STAFF_GROUPS='{json.dumps(STAFF_GROUPS)}'")


if __name__ == "__main__":
    main()
