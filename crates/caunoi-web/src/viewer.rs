//! Who is asking: the session cookie or bearer token turned into a use-case `Ctx`, plus the
//! language and request id every response needs.

use crate::AppState;
use crate::i18n::Lang;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum_extra::extract::CookieJar;
use caunoi_app::{Ctx, auth};
use caunoi_domain::Actor;
use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Viewer {
    pub ctx: Ctx,
    pub lang: Lang,
    /// The raw session cookie value, for sign-out and rotation.
    pub session: Option<String>,
    /// The display name of the signed-in person.
    pub name: Option<String>,
    /// The path and query of this request, for "back here after sign-in" and the language switch.
    pub path: String,
    /// True when a bearer token was presented but is unknown, revoked or expired.
    pub bad_token: bool,
    /// True when the bearer token presented is past its end date (`bad_token` is then true too).
    pub token_expired: bool,
}

impl Viewer {
    pub fn request_id(&self) -> &str {
        self.ctx.request_id.as_deref().unwrap_or("-")
    }

    pub fn signed_in(&self) -> bool {
        self.ctx.actor.is_signed_in()
    }
}

pub fn request_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// `?lang=` on this request, then the `lang` cookie, then Vietnamese.
fn lang_of(parts: &Parts, jar: &CookieJar) -> Lang {
    let from_query = parts.uri.query().and_then(|q| {
        q.split('&')
            .filter_map(|kv| kv.split_once('='))
            .find(|(k, _)| *k == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    });
    from_query
        .or_else(|| jar.get("lang").and_then(|c| Lang::parse(c.value())))
        .unwrap_or_default()
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(v) = parts.extensions.get::<Viewer>() {
            return Ok(v.clone());
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let forwarded_for = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        let ip = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| {
            state
                .config
                .trusted_proxies
                .client(c.0.ip(), forwarded_for)
                .to_string()
        });
        let lang = lang_of(parts, &jar);
        let path = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| !t.is_empty());
        let session = jar
            .get(state.session_cookie())
            .map(|c| c.value().to_owned());
        let mut bad_token = false;
        let mut token_expired = false;
        let actor = match (bearer, &session) {
            (Some(token), _) => match auth::check_token(&state.app, token).await {
                Ok(auth::TokenCheck::Valid(a)) => a,
                Ok(auth::TokenCheck::Unknown) => {
                    bad_token = true;
                    Actor::anonymous()
                }
                Ok(auth::TokenCheck::Expired) => {
                    bad_token = true;
                    token_expired = true;
                    Actor::anonymous()
                }
                Err(e) => {
                    tracing::error!(error = %e, "resolving bearer token");
                    Actor::anonymous()
                }
            },
            (None, Some(s)) => auth::actor_for_session(&state.app, s)
                .await
                .unwrap_or_else(|e| {
                    tracing::error!(error = %e, "resolving session");
                    Actor::anonymous()
                }),
            (None, None) => Actor::anonymous(),
        };
        let name = actor.user_id.map(|_| actor.label.clone());
        let viewer = Viewer {
            ctx: Ctx {
                actor,
                ip,
                request_id: request_id(&parts.headers),
            },
            lang,
            session,
            name,
            path,
            bad_token,
            token_expired,
        };
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}
