"""A man in the middle of the token request: forwards it to the real provider and changes the ID token in
the answer, to show that Omsorg refuses what the provider did not sign."""

import base64
import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def with_claims(token, **changes):
    """The same token with some claims changed, the provider's signature kept (so no longer valid)."""
    header, payload, signature = token.split(".")
    claims = {**json.loads(unb64(payload)), **changes}
    return f"{header}.{b64(json.dumps(claims).encode())}.{signature}"


def unsigned(token):
    """The same claims with "alg": "none" and no signature."""
    _header, payload, _signature = token.split(".")
    return f"{b64(json.dumps({'alg': 'none', 'typ': 'JWT'}).encode())}.{payload}."


@contextmanager
def token_proxy(token_endpoint, change):
    """A token endpoint at 127.0.0.1 that asks the real one and hands back `change(id_token)` instead."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = requests.post(
                token_endpoint,
                data=body,
                headers={"Content-Type": self.headers["Content-Type"]},
                timeout=10,
            )
            data = answer.json()
            if "id_token" in data:
                data["id_token"] = change(data["id_token"])
            out = json.dumps(data).encode()
            self.send_response(answer.status_code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/token/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
