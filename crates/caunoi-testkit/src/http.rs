//! The HTTP steps front-door tests repeat: a GET or a form or multipart POST with any client,
//! pages and JSON API calls by a new client (with a bearer token when given), read back as
//! plain values, and clients signed in as a role. Every helper panics when the request cannot
//! be sent or its body read, so a test only asserts on what the server answered.
//!
//! Clients from [`TestApp::client`] do not follow redirects, so a POST's `location` is there
//! to check; [`post`] returns it.

use crate::{PASSWORD, TestApp};
use caunoi_domain::Role;
use reqwest::multipart::Form;
use reqwest::{Client, IntoUrl, Response};
use serde_json::Value;

/// A GET: the status and the body as text.
pub async fn get(c: &Client, url: impl IntoUrl) -> (u16, String) {
    let r = c.get(url).send().await.expect("GET");
    (r.status().as_u16(), r.text().await.expect("body"))
}

/// A GET of a JSON resource: the status and the body parsed (panics when it is not JSON).
pub async fn get_json(c: &Client, url: impl IntoUrl) -> (u16, Value) {
    let r = c.get(url).send().await.expect("GET");
    (r.status().as_u16(), r.json().await.expect("JSON body"))
}

/// A GET of a file: the status and the body's bytes.
pub async fn get_bytes(c: &Client, url: impl IntoUrl) -> (u16, Vec<u8>) {
    let r = c.get(url).send().await.expect("GET");
    let status = r.status().as_u16();
    (status, r.bytes().await.expect("body").to_vec())
}

/// A form POST (`fields` as pairs of name and value): the status, where it redirects (empty
/// when it does not) and the body.
pub async fn post(c: &Client, url: impl IntoUrl, fields: &[(&str, &str)]) -> (u16, String, String) {
    answered(c.post(url).form(fields).send().await.expect("POST")).await
}

/// [`post`] with values the test made (ids, codes, a list it built): the same answer.
pub async fn post_owned(
    c: &Client,
    url: impl IntoUrl,
    fields: &[(&str, String)],
) -> (u16, String, String) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post(c, url, &pairs).await
}

/// A multipart POST: the status, where it redirects (empty when it does not) and the body.
pub async fn post_multipart(c: &Client, url: impl IntoUrl, form: Form) -> (u16, String, String) {
    answered(c.post(url).multipart(form).send().await.expect("POST")).await
}

/// The status, the `location` header (empty when there is none) and the body of a response.
async fn answered(r: Response) -> (u16, String, String) {
    let status = r.status().as_u16();
    let to = r
        .headers()
        .get("location")
        .map(|l| l.to_str().expect("location").to_owned())
        .unwrap_or_default();
    (status, to, r.text().await.expect("body"))
}

impl TestApp {
    /// A GET of `path` by a new anonymous client (no cookies, redirects not followed): the
    /// status and the body as text.
    pub async fn page(&self, path: &str) -> (u16, String) {
        get(&self.client(), self.at(path)).await
    }

    /// A GET of `path` by a new anonymous client: the status and the body parsed as JSON.
    pub async fn json(&self, path: &str) -> (u16, Value) {
        get_json(&self.client(), self.at(path)).await
    }

    /// An API GET of `path` by a new client, with the bearer `token` when given: the status and
    /// the body parsed as JSON.
    pub async fn api_get(&self, path: &str, token: Option<&str>) -> (u16, Value) {
        let mut req = self.client().get(self.at(path));
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let r = req.send().await.expect("GET");
        (r.status().as_u16(), r.json().await.expect("JSON body"))
    }

    /// An API POST of `body` as JSON to `path` by a new client, with the bearer `token` when
    /// given: the status and the body parsed as JSON.
    pub async fn api_post(&self, path: &str, token: Option<&str>, body: &Value) -> (u16, Value) {
        let mut req = self.client().post(self.at(path)).json(body);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        let r = req.send().await.expect("POST");
        (r.status().as_u16(), r.json().await.expect("JSON body"))
    }

    /// A client signed in as a new account with `role` for `unit`, and the account's e-mail.
    /// (An admin's account has no unit whatever `unit` says.)
    pub async fn signed_in_as(&self, role: Role, unit: &str) -> (Client, String) {
        let email = self.with_user(role, Some(unit)).await;
        let c = self.client();
        self.sign_in(&c, &email, PASSWORD).await;
        (c, email)
    }
}
