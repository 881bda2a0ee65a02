//! Builders for the petition desk's tests: an agency by slug, a responder linked to agencies
//! through the office's page, a petition classified and forwarded to an agency (online, with a
//! title of the test's choosing, or the queue's first received one), answered and published,
//! its public page as a reader lands on it, and the petitions the store holds. The HTTP
//! helpers and signed-in clients are in [`crate::http`].

use crate::TestApp;
use crate::http::{get, post};
use caunoi_app::Ctx;
use caunoi_app::petitions::{self, ActInput, OnlineInput, QueueQuery, SubmitMeta};
use caunoi_domain::Role;
use reqwest::Client;

/// What [`ForwardedPetition::create`] made.
#[derive(Debug, Clone)]
pub struct Forwarded {
    pub id: i64,
    /// The tracking code the petitioner holds.
    pub code: String,
}

/// A petition of the primary council classified in a field (`giao-thong` unless told) and
/// forwarded to an agency with the council's deadline. By default a received one: the demo's
/// first in the queue, else one read from a sheet; [`Self::sent_online_by`] makes it an online
/// petition with the petitioner's e-mail, approved first.
pub struct ForwardedPetition<'a> {
    t: &'a TestApp,
    agency: i64,
    field: &'static str,
    online_email: Option<String>,
    title: Option<String>,
}

impl ForwardedPetition<'_> {
    /// Classified in this field (a slug of the council's fields).
    pub fn field(mut self, slug: &'static str) -> Self {
        self.field = slug;
        self
    }

    /// Sent online (title "Đề nghị lắp đèn chiếu sáng ngõ 12 phố Đội Cấn") by a petitioner
    /// who gives `email`, so they hear of its progress.
    pub fn sent_online_by(mut self, email: &str) -> Self {
        self.online_email = Some(email.to_owned());
        self
    }

    /// With this title instead (for an online petition; see [`Self::sent_online_by`]).
    pub fn titled(mut self, title: &str) -> Self {
        self.title = Some(title.to_owned());
        self
    }

    pub async fn create(self) -> Forwarded {
        let t = self.t;
        let (id, code) = match &self.online_email {
            Some(email) => online_approved(t, self.title.as_deref(), email).await,
            None => received(t).await,
        };
        t.classify_and_forward(id, self.field, self.agency).await;
        Forwarded { id, code }
    }
}

/// The first received petition of the queue, reading one from a sheet when there is none
/// (the demo has one).
async fn received(t: &TestApp) -> (i64, String) {
    let first = || async {
        petitions::queue(
            &t.app,
            &Ctx::operator(),
            &QueueQuery {
                state: Some("received".into()),
                ..Default::default()
            },
            1,
        )
        .await
        .expect("queue")
        .items
        .into_iter()
        .next()
        .map(|(p, _)| (p.id, p.code))
    };
    if let Some(found) = first().await {
        return found;
    }
    let csv = "Nội dung kiến nghị\nĐề nghị sửa chữa cầu dân sinh thôn Đông bị xuống cấp\n";
    petitions::import_petitions(&t.app, &Ctx::operator(), csv.as_bytes(), None, false, false)
        .await
        .expect("import");
    first().await.expect("the imported petition")
}

/// The title of an online petition unless [`ForwardedPetition::titled`] says otherwise.
const ONLINE_TITLE: &str = "Đề nghị lắp đèn chiếu sáng ngõ 12 phố Đội Cấn";

async fn online_approved(t: &TestApp, title: Option<&str>, email: &str) -> (i64, String) {
    let op = Ctx::operator();
    let s = petitions::submit_online(
        &t.app,
        &op,
        &OnlineInput {
            title: title.unwrap_or(ONLINE_TITLE).into(),
            body: "Ngõ tối vào ban đêm, người dân đi lại khó khăn và mất an toàn, đề nghị lắp đèn."
                .into(),
            field: "giao-thong".into(),
            commune: "phuc xa".into(),
            name: "Lê Thị Kiến Nghị".into(),
            email: email.into(),
            consent: Some("on".into()),
            ..Default::default()
        },
        &SubmitMeta {
            ip: Some("203.0.113.9".into()),
            fill_seconds: Some(30),
        },
    )
    .await
    .expect("submit online");
    petitions::moderate(&t.app, &op, s.id, true)
        .await
        .expect("approve");
    (s.id, s.code)
}

impl TestApp {
    /// The id of the primary council's agency with this slug.
    pub async fn agency_id(&self, slug: &str) -> i64 {
        let mut tx = self.app.db.read().await.expect("read");
        let council = caunoi_store::councils::primary(&mut tx)
            .await
            .expect("council")
            .expect("a primary council");
        caunoi_store::petitions::agencies(&mut tx, council.id)
            .await
            .expect("agencies")
            .into_iter()
            .find(|a| a.slug == slug)
            .unwrap_or_else(|| panic!("no agency {slug}"))
            .id
    }

    /// Links the agency account `email` to `agency` through the office's page, as `clerk`.
    pub async fn link_responder(&self, clerk: &Client, agency: i64, email: &str) {
        let (status, _, _) = post(
            clerk,
            self.at(&format!(
                "/quan-tri/kien-nghi/co-quan/{agency}/nguoi-tra-loi"
            )),
            &[("email", email)],
        )
        .await;
        assert_eq!(status, 303, "link {email} to agency {agency}");
    }

    /// A new agency account of Hà Nội, signed in and linked by `clerk` to each of `agencies`.
    pub async fn responder(&self, clerk: &Client, agencies: &[i64]) -> (Client, String) {
        let (c, email) = self.signed_in_as(Role::Agency, "01").await;
        for agency in agencies {
            self.link_responder(clerk, *agency, &email).await;
        }
        (c, email)
    }

    /// Classifies petition `id` in `field` and forwards it to `agency`, as the operator.
    pub async fn classify_and_forward(&self, id: i64, field: &str, agency: i64) {
        for input in [
            ActInput {
                action: "classify".into(),
                field: field.into(),
                ..Default::default()
            },
            ActInput {
                action: "forward".into(),
                agency: agency.to_string(),
                ..Default::default()
            },
        ] {
            petitions::act(&self.app, &Ctx::operator(), id, &input)
                .await
                .unwrap_or_else(|e| panic!("{} petition {id}: {e}", input.action));
        }
    }

    /// The public page of petition `id` where an anonymous reader lands: `/kien-nghi/{id}`,
    /// then the address with the title's slug it redirects to. The status and the body.
    pub async fn petition_page(&self, id: i64) -> (u16, String) {
        let c = self.client();
        let r = c
            .get(self.at(&format!("/kien-nghi/{id}")))
            .send()
            .await
            .expect("GET");
        let to = match r.headers().get("location") {
            Some(to) if r.status().is_redirection() => to.to_str().expect("location").to_owned(),
            _ => return (r.status().as_u16(), r.text().await.expect("body")),
        };
        get(&c, self.at(&to)).await
    }

    /// Answers petition `id` with `answer` (resolved) and publishes the answer, as the operator.
    pub async fn answer_and_publish(&self, id: i64, answer: &str) {
        for input in [
            ActInput {
                action: "answer".into(),
                answer: answer.into(),
                answer_kind: "resolved".into(),
                ..Default::default()
            },
            ActInput {
                action: "publish".into(),
                ..Default::default()
            },
        ] {
            petitions::act(&self.app, &Ctx::operator(), id, &input)
                .await
                .unwrap_or_else(|e| panic!("{} petition {id}: {e}", input.action));
        }
    }

    /// The petitions in the store (the first 1,000 as it lists them), straight from the store.
    pub async fn stored_petitions(&self) -> Vec<caunoi_store::petitions::Petition> {
        let mut tx = self.app.db.read().await.expect("read");
        caunoi_store::petitions::list(
            &mut tx,
            &caunoi_store::petitions::Filter::default(),
            1,
            1000,
        )
        .await
        .expect("petitions")
        .items
    }

    /// Starts a petition forwarded to `agency`; see [`ForwardedPetition`].
    pub fn forwarded_petition(&self, agency: i64) -> ForwardedPetition<'_> {
        ForwardedPetition {
            t: self,
            agency,
            field: "giao-thong",
            online_email: None,
            title: None,
        }
    }
}
