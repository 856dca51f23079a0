"""The signed-in user and their personal access tokens."""

import datetime as dt

from ninja import Field, Router, Schema, Status

from jenjang.accounts import selectors, services
from jenjang.core.api import AUTH, ErrorOut

router = Router(tags=["accounts"], auth=AUTH)


class MeOut(Schema):
    username: str
    name: str
    roles: list[str]
    active_role: str | None = Field(
        None, description="The role the session is narrowed to; null means all roles."
    )
    employee_id: int | None


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    expires_at: dt.datetime | None
    status: str = Field(description="active, expired or revoked")

    @staticmethod
    def resolve_status(obj) -> str:
        return selectors.api_token_status(obj)


class TokenIn(Schema):
    name: str = Field(min_length=1, max_length=services.TOKEN_NAME_MAX)
    expires_in_days: int | None = Field(
        None,
        ge=1,
        le=services.TOKEN_MAX_DAYS,
        description="Leave out for a token that lives until revoked.",
    )


class TokenCreatedOut(TokenOut):
    key: str = Field(description="The raw token. Shown only in this response.")


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request):
    """Who am I: username, name, roles held, role in force, employee record id."""
    return Status(200, selectors.me(user=request.auth))


@router.get("/tokens", response={200: list[TokenOut], 401: ErrorOut})
def token_list(request):
    """List my personal access tokens (never their keys)."""
    return Status(200, list(selectors.api_token_list_for(user=request.auth)))


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut},
)
def token_create(request, payload: TokenIn):
    """Create a personal access token. The key is in this response only."""
    token, raw = services.api_token_create(
        user=request.auth,
        name=payload.name,
        expires_at=services.api_token_expiry_from_days(payload.expires_in_days),
    )
    token.key = raw
    return Status(201, token)


@router.delete(
    "/tokens/{token_id}",
    response={204: None, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
)
def token_revoke(request, token_id: int):
    """Revoke one of my tokens. Another user's token answers 404."""
    token = selectors.api_token_get_for(user=request.auth, pk=token_id)
    services.api_token_revoke(token=token, by=request.auth)
    return Status(204, None)
