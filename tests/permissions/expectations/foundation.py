"""Routes of the foundation: public pages, accounts, administration, role homes, API basics."""

from __future__ import annotations

from tests.permissions.expectations import (
    ACCOUNT_MANAGERS,
    CANDIDATES,
    EMPLOYERS,
    LOGGED_IN,
    everyone,
    only,
    public_api,
    tokens,
)

EXPECTATIONS = {
    ("GET", "/"): everyone(200),
    ("GET", "/health"): everyone(200),
    ("GET", "/static/{file_path:path}"): everyone(200),
    ("GET", "/start"): everyone(303),
    ("GET", "/registreren"): everyone(200),
    ("POST", "/registreren"): everyone(400),
    ("GET", "/inloggen"): everyone(200),
    ("POST", "/inloggen"): everyone(400),
    ("POST", "/uitloggen"): everyone(303),
    ("GET", "/taal"): everyone(200),
    ("POST", "/taal"): everyone(303),
    ("GET", "/wachtwoord-vergeten"): everyone(200),
    ("POST", "/wachtwoord-vergeten"): everyone(400),
    ("GET", "/wachtwoord-herstellen/{token:str}"): everyone(410),
    ("POST", "/wachtwoord-herstellen/{token:str}"): everyone(410),
    ("GET", "/uitnodiging/{token:str}"): everyone(410),
    ("POST", "/uitnodiging/{token:str}"): everyone(410),
    ("GET", "/account"): only(LOGGED_IN, 200),
    ("POST", "/account"): only(LOGGED_IN, 400),
    ("POST", "/account/sleutels"): only(LOGGED_IN, 400),
    # The token belongs to the employer actor; anyone else's attempt is a 404, not a 403.
    ("POST", "/account/sleutels/{token_id:uuid}/intrekken"): only(("employer",), 303, others=404),
    ("GET", "/beheer"): only(("admin",), 200),
    ("POST", "/beheer/gemeenten"): only(("admin",), 400),
    ("POST", "/beheer/accountmanagers"): only(("admin",), 400),
    ("GET", "/beheer/e-mails"): only(("admin",), 200),
    ("GET", "/beheer/e-mails/{email_id:uuid}"): only(("admin",), 200),
    ("GET", "/accountmanager"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/kandidaten"): only(ACCOUNT_MANAGERS, 200),
    ("GET", "/accountmanager/kandidaten/nieuw"): only(ACCOUNT_MANAGERS, 200),
    ("POST", "/accountmanager/kandidaten/nieuw"): only(ACCOUNT_MANAGERS, 400),
    # The candidate lives in the accountmanager's municipality; the other municipality gets 404.
    ("GET", "/accountmanager/kandidaten/{candidate_id:uuid}"): only(("account_manager",), 200,
                                                                    account_manager_other=404),
    ("POST", "/accountmanager/kandidaten/{candidate_id:uuid}/uitnodigen"): only(("account_manager",), 303,
                                                                                account_manager_other=404),
    ("GET", "/kandidaat"): only(CANDIDATES, 200),
    ("GET", "/werkgever"): only(EMPLOYERS, 200),
    ("GET", "/api/v1/me"): only(LOGGED_IN, 200, anonymous=401),
    ("GET", "/api/v1/schema"): everyone(200),
    ("GET", "/api/v1/schema/swagger"): everyone(200),
    ("GET", "/api/v1/schema/openapi.json"): everyone(200),
    ("GET", "/api/v1/schema/{path:str}"): everyone(200),
    ("GET", "/api/v1/schema/oauth2-redirect.html"): everyone(200),
}

# Bearer tokens on the API: the same roles as with a session; the documentation is public.
TOKEN_EXPECTATIONS = {
    ("GET", "/api/v1/me"): tokens(LOGGED_IN, 200),
    ("GET", "/api/v1/schema"): public_api(),
    ("GET", "/api/v1/schema/swagger"): public_api(),
    ("GET", "/api/v1/schema/openapi.json"): public_api(),
    ("GET", "/api/v1/schema/{path:str}"): public_api(),
    ("GET", "/api/v1/schema/oauth2-redirect.html"): public_api(),
}
