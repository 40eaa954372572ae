"""The tests' side of the local identity provider: start it in a second process (tests.oidc_idp.serve),
point Omsorg's settings at it, and log a person in there as their browser would."""

import json
import os
import select
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "test-idp-password"

CITIZEN_CPR = "150550-1231"
RELATIVE_CPR = "020285-2232"
UNKNOWN_CPR = "111111-1118"


def _person(**claims):
    return {"password": PASSWORD, "claims": claims}


def config_for(omsorg="http://testserver"):
    """The provider's clients (sending the browser back to `omsorg`) and people."""
    return {
        "clients": [
            {
                "client_id": "omsorg-borger",
                "client_secret": "borger-secret",
                "redirect_uris": [f"{omsorg}/min-side/log-ind/mitid/retur/"],
            },
            {
                "client_id": "omsorg-personale",
                "client_secret": "personale-secret",
                "redirect_uris": [f"{omsorg}/login/oidc/retur/"],
            },
        ],
        "users": USERS,
    }


USERS = {
    "borger": _person(cpr=CITIZEN_CPR, given_name="Inger", family_name="Vestesen"),
    "paaroerende": _person(cpr=RELATIVE_CPR.replace("-", ""), given_name="Ane", family_name="Datter"),
    "ukendt": _person(cpr=UNKNOWN_CPR, given_name="Ukendt"),
    "uden-cpr": _person(given_name="Uden"),
    "ssh": _person(preferred_username="ssh.idp@kommune.dk", groups=["omsorg-ssh-vest1"], given_name="Sif"),
    "leder": _person(
        preferred_username="leder.idp@kommune.dk",
        groups=["alle-ansatte", "omsorg-leder-vest"],
        given_name="Lis",
        family_name="Leder",
    ),
    "ingen-rolle": _person(preferred_username="ingen@kommune.dk", groups=["alle-ansatte"]),
    "navnefaelle": _person(preferred_username="lokal.bruger", groups=["omsorg-ssh-vest1"]),
    "uden-navn": _person(groups=["omsorg-ssh-vest1"]),
}

STAFF_GROUPS = {
    "omsorg-ssh-vest1": {"role": "ssh", "unit": "vest-team-1"},
    "omsorg-leder-vest": {"role": "leader", "unit": "hjemmepleje-vest", "leader": True},
}


@dataclass
class IdP:
    issuer: str

    def provider(self, client_id, secret, **extra):
        """Omsorg's settings for one client of this provider (as OIDC_PROVIDERS holds them)."""
        return {
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
            "OIDC_OP_ISSUER": self.issuer,
            "OIDC_RP_SCOPES": "openid profile",
            "OIDC_RP_SIGN_ALGO": "RS256",
            **extra,
        }

    def providers(self):
        return {
            "citizen": self.provider("omsorg-borger", "borger-secret"),
            "staff": self.provider("omsorg-personale", "personale-secret"),
        }

    def log_in(self, authorize_url, username, password=PASSWORD):
        """What the person's browser does at the provider: open the authorization URL, log in, and come
        back with the redirect to Omsorg's callback (returned as path and query, for the test client)."""
        browser = requests.Session()
        answer = browser.get(authorize_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:500]
        login_url = urljoin(authorize_url, answer.headers["Location"])
        browser.get(login_url, timeout=10)
        answer = browser.post(
            login_url,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": browser.cookies["idp_csrftoken"],
                "next": parse_qs(urlsplit(login_url).query)["next"][0],
            },
            allow_redirects=False,
            timeout=10,
        )
        assert answer.status_code == 302, answer.text[:500]
        answer = browser.get(
            urljoin(login_url, answer.headers["Location"]), allow_redirects=False, timeout=10
        )
        assert answer.status_code == 302, answer.text[:500]
        back = urlsplit(answer.headers["Location"])
        assert back.netloc == "testserver", answer.headers["Location"]
        return f"{back.path}?{back.query}"


@contextmanager
def running_idp(workdir, config=None):
    """The provider in its own process for as long as the block runs."""
    path = Path(workdir) / "idp.json"
    path.write_text(json.dumps(config or config_for()))
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    errors = (Path(workdir) / "idp.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_idp.serve", "--config", str(path)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:
        ready, _w, _x = select.select([process.stdout], [], [], 120)
        line = process.stdout.readline() if ready else ""
        if not line.startswith("ready "):
            process.kill()
            errors.seek(0)
            raise RuntimeError(f"the test identity provider did not start: {errors.read()[-3000:]}")
        yield IdP(issuer=line.split()[1])
    finally:
        process.terminate()
        process.wait(timeout=20)
        errors.close()
