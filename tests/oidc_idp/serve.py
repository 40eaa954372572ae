"""A small OpenID Connect provider (django-oauth-toolkit) for the tests and the demo, in its own process.

    python -m tests.oidc_idp.serve --config idp.json [--port 0]

The config file names the clients and the people:

    {"clients": [{"client_id": "...", "client_secret": "...", "redirect_uris": ["http://.../retur/"]}],
     "users": {"anna": {"password": "...", "claims": {"cpr": "010203-1234", "given_name": "Anna"}}}}

A fresh RS256 key and a fresh SQLite database are made at every start. Once it listens, the provider
prints one line, `ready <issuer>`, so whoever started it knows where it is (with --port 0, a free port)."""

import argparse
import os
import sys
import tempfile
from wsgiref.simple_server import WSGIRequestHandler, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa


def new_rsa_key():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):
        if os.environ.get("OIDC_IDP_VERBOSE"):
            super().log_message(format, *args)


def populate(config):
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import Application

    for username, person in config["users"].items():
        get_user_model().objects.create_user(username, password=person["password"])
    for client in config["clients"]:
        Application.objects.create(
            name=client["client_id"],
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            algorithm=Application.RS256_ALGORITHM,
            skip_authorization=True,
        )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)

    application = {}
    server = make_server(
        args.host, args.port, lambda env, start: application["wsgi"](env, start), handler_class=QuietHandler
    )
    issuer = f"http://{args.host}:{server.server_port}/o"
    workdir = tempfile.mkdtemp(prefix="omsorg-idp-")
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tests.oidc_idp.settings",
        OIDC_IDP_CONFIG=os.path.abspath(args.config),
        OIDC_IDP_DB=os.path.join(workdir, "idp.sqlite3"),
        OIDC_IDP_KEY=new_rsa_key(),
        OIDC_IDP_ISSUER=issuer,
    )
    import django
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application

    django.setup()
    call_command("migrate", verbosity=0)
    populate(settings.CONFIG)
    application["wsgi"] = get_wsgi_application()
    print(f"ready {issuer}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        return 0
    finally:
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
