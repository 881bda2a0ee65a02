//! Intake: a citizen's online submission (with anti-abuse checks that never lock people out)
//! and a clerk's record of petitions raised at a voter meeting.

use super::RETENTION_MONTHS;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::petition::TrackingCode;
use caunoi_domain::{Action, Email, FieldError, Target};
use caunoi_store::petitions::{self, Contact, NewPetition};
use caunoi_store::{Tx, councils, now, units};
use sha2::{Digest, Sha256};
use time::Duration;

/// What the online form sends.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct OnlineInput {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub field: String,
    /// Commune typed with or without accents, or its code.
    #[serde(default)]
    pub commune: String,
    #[serde(default)]
    pub place: String,
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: String,
    /// "on" when the citizen agrees to show their name with the petition.
    #[serde(default)]
    pub show_name: Option<String>,
    /// "on" when the citizen consents to the processing of their personal data.
    #[serde(default)]
    pub consent: Option<String>,
    /// The honeypot: hidden from people, filled in by bots.
    #[serde(default)]
    pub website: String,
}

/// Facts about the request, not typed by the citizen.
#[derive(Debug, Clone, Default)]
pub struct SubmitMeta {
    pub ip: Option<String>,
    /// Seconds between showing the form and sending it (`None` when unknown, e.g. the API).
    pub fill_seconds: Option<i64>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Submitted {
    pub id: i64,
    pub code: String,
}

/// Fewer seconds than this to fill the form is a machine.
pub const MIN_FILL_SECONDS: i64 = 4;
/// Submissions allowed per hour from one address, and with one e-mail address.
pub const PER_IP_PER_HOUR: i64 = 10;
pub const PER_EMAIL_PER_HOUR: i64 = 3;

/// A checkbox or flag that is really set ("on" from a form, "true" from an API), never "false".
fn ticked(v: &Option<String>) -> bool {
    matches!(
        v.as_deref()
            .map(|s| s.trim().to_ascii_lowercase())
            .as_deref(),
        Some("on" | "true" | "1" | "yes" | "co" | "có")
    )
}

fn hash(s: &str) -> String {
    if s.is_empty() {
        return String::new();
    }
    hex::encode(Sha256::digest(format!("caunoi-submission:{s}").as_bytes()))
}

fn text(
    s: &str,
    field: &'static str,
    min: usize,
    max: usize,
    what_vi: &str,
    errors: &mut Vec<FieldError>,
) -> String {
    let s = vntext::nfc(s.trim());
    let n = s.chars().count();
    if n < min || n > max {
        errors.push(FieldError::new(
            field,
            format!("{what_vi} cần từ {min} đến {max} ký tự (hiện có {n})."),
            format!("Needs {min} to {max} characters (now {n})."),
        ));
    }
    s
}

/// Finds today's commune for what the citizen typed: a code, or a name with or without
/// accents (a name from before 2025 leads to its successor when there is exactly one).
pub(crate) async fn commune_of(tx: &mut Tx, typed: &str) -> AppResult<Option<i64>> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(None);
    }
    if typed.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(units::find_current(tx, typed).await?.map(|u| u.id));
    }
    let folded = vntext::fold(&vntext::nfc(typed));
    let name = folded.split(',').next().unwrap_or("").trim().to_owned();
    let candidates = units::search_by_name(tx, &name, 50).await?;
    let exact: Vec<_> = candidates
        .iter()
        .filter(|u| vntext::fold(&u.short_name) == name || vntext::fold(&u.name) == name)
        .collect();
    let current: Vec<_> = exact
        .iter()
        .filter(|u| u.valid_to.is_none() && u.code.len() == 5)
        .collect();
    if let [one] = current.as_slice() {
        return Ok(Some(one.id));
    }
    if let [one] = exact.as_slice() {
        let s = units::successors(tx, one.id).await?;
        if let [succ] = s.as_slice() {
            return Ok(Some(succ.id));
        }
    }
    Err(AppError::invalid(
        "commune",
        "Không xác định được xã, phường này; hãy ghi đủ tên, ví dụ “Phường Ba Đình, Hà Nội”, hoặc mã xã.",
        "The commune could not be identified; write its full name (e.g. “Phường Ba Đình, Hà Nội”) or its code.",
    ))
}

async fn new_code(tx: &mut Tx) -> AppResult<String> {
    loop {
        let code = TrackingCode::from_random(rand::random());
        if petitions::find_by_code(tx, code.as_str()).await?.is_none() {
            return Ok(code.as_str().to_owned());
        }
    }
}

/// A citizen's online petition to the site's council. Acknowledged with a tracking code only
/// after it is committed, so a code once shown is never lost.
pub async fn submit_online(
    app: &App,
    ctx: &Ctx,
    input: &OnlineInput,
    meta: &SubmitMeta,
) -> AppResult<Submitted> {
    submit_online_with_photos(app, ctx, input, meta, Vec::new()).await
}

/// [`submit_online`] with the citizen's photos (at most three): the petition and its photo rows
/// are one transaction, and files written for a transaction that fails are removed.
pub async fn submit_online_with_photos(
    app: &App,
    ctx: &Ctx,
    input: &OnlineInput,
    meta: &SubmitMeta,
    photos: Vec<super::photos::PhotoUpload>,
) -> AppResult<Submitted> {
    // Machines fill the hidden field or send the form faster than anyone can type: they get the
    // same refusal as a hurried person, which tells a person what to do.
    // Accounts (an office's intake desk, a trusted client's API token) are accountable through
    // the audit log and are not held to the anonymous limits; the honeypot applies to all.
    let anonymous = !ctx.actor.is_signed_in();
    if !input.website.trim().is_empty()
        || (anonymous && meta.fill_seconds.is_some_and(|s| s < MIN_FILL_SECONDS))
    {
        return Err(AppError::invalid(
            "form",
            "Biểu mẫu được gửi quá nhanh. Vui lòng kiểm tra lại nội dung và gửi lại sau vài giây.",
            "The form was sent too quickly. Check it and send it again in a few seconds.",
        ));
    }
    let mut errors = Vec::new();
    let title = text(&input.title, "title", 10, 200, "Tiêu đề", &mut errors);
    let body = text(&input.body, "body", 30, 10_000, "Nội dung", &mut errors);
    let name = text(&input.name, "name", 2, 100, "Họ và tên", &mut errors);
    let place = vntext::nfc(input.place.trim());
    if place.chars().count() > 300 {
        errors.push(FieldError::new(
            "place",
            "Địa điểm tối đa 300 ký tự.",
            "The place has at most 300 characters.",
        ));
    }
    let email = match input.email.trim() {
        "" => None,
        e => match Email::parse(e) {
            Ok(e) => Some(e.as_str().to_owned()),
            Err(e) => {
                errors.push(e);
                None
            }
        },
    };
    let phone: String = input
        .phone
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .collect();
    let phone = match phone.as_str() {
        "" => None,
        p if p.len() >= 9
            && p.len() <= 15
            && p.trim_start_matches('+')
                .bytes()
                .all(|b| b.is_ascii_digit()) =>
        {
            Some(p.to_owned())
        }
        _ => {
            errors.push(FieldError::new(
                "phone",
                "Số điện thoại gồm 9 đến 15 chữ số, ví dụ 0912 345 678.",
                "A phone number has 9 to 15 digits.",
            ));
            None
        }
    };
    if email.is_none()
        && phone.is_none()
        && !errors
            .iter()
            .any(|e| e.field == "email" || e.field == "phone")
    {
        errors.push(FieldError::new(
            "email",
            "Hãy để lại e-mail hoặc số điện thoại để nhận mã theo dõi và kết quả trả lời.",
            "Leave an e-mail or a phone number to get your tracking code and the answer.",
        ));
    }
    let address = vntext::nfc(input.address.trim());
    if address.chars().count() > 300 {
        errors.push(FieldError::new(
            "address",
            "Địa chỉ tối đa 300 ký tự.",
            "The address has at most 300 characters.",
        ));
    }
    if !ticked(&input.consent) {
        errors.push(FieldError::new(
            "consent",
            "Cần có sự đồng ý của bạn cho việc xử lý dữ liệu cá nhân để tiếp nhận kiến nghị (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).",
            "Your consent to the processing of your personal data is needed to receive the petition.",
        ));
    }
    // Lookups first, in a read transaction, so the write lock is held only for the writes.
    let mut tx = app.db.read().await?;
    let council = councils::primary(&mut tx)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let field_id = match input.field.trim() {
        "" => None,
        slug => match petitions::fields(&mut tx, council.id)
            .await?
            .into_iter()
            .find(|f| f.slug == slug)
        {
            Some(f) => Some(f.id),
            None => {
                errors.push(FieldError::new(
                    "field",
                    "Hãy chọn lĩnh vực trong danh sách.",
                    "Choose a field from the list.",
                ));
                None
            }
        },
    };
    let unit_id = match commune_of(&mut tx, &input.commune).await {
        Ok(u) => u,
        Err(AppError::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(e) => return Err(e),
    };
    // Decoding photos is the costly part of a submission: a sender already over the limit is
    // refused before it (the check in the write transaction stays the one that counts).
    if anonymous && !photos.is_empty() {
        within_limits(
            &mut tx,
            &hash(meta.ip.as_deref().unwrap_or("")),
            &hash(email.as_deref().unwrap_or("")),
            now(),
        )
        .await?;
    }
    drop(tx);
    let processed = super::photos::check(photos, &mut errors).await?;
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (photos, written) = super::photos::write(app, &processed).await?;
    let online = Online {
        ctx: ctx.clone(),
        anonymous,
        council_id: council.id,
        council_unit_id: council.unit_id,
        title,
        body,
        field_id,
        unit_id,
        place,
        name,
        email,
        phone,
        address,
        show_name: ticked(&input.show_name),
        ip: meta.ip.clone(),
        photos,
    };
    // Shares its commit with the submissions arriving at the same moment (one disk sync for
    // all of them); the code is returned only once that commit is done.
    let result = app
        .db
        .write_grouped(move |tx| Box::pin(store_online(tx, online)))
        .await;
    if result.is_err() {
        super::photos::discard(written).await;
    }
    result
}

/// Refuses an anonymous sender past the hourly limits per address or per e-mail.
async fn within_limits(
    tx: &mut Tx,
    ip_hash: &str,
    email_hash: &str,
    t: time::OffsetDateTime,
) -> AppResult<()> {
    let (by_ip, by_email) =
        petitions::submissions_since(tx, ip_hash, email_hash, t - Duration::hours(1)).await?;
    if by_ip >= PER_IP_PER_HOUR || by_email >= PER_EMAIL_PER_HOUR {
        return Err(AppError::TooManyAttempts {
            retry_after_secs: 3600,
        });
    }
    Ok(())
}

/// A checked online petition, ready to be written.
struct Online {
    ctx: Ctx,
    anonymous: bool,
    council_id: i64,
    council_unit_id: i64,
    title: String,
    body: String,
    field_id: Option<i64>,
    unit_id: Option<i64>,
    place: String,
    name: String,
    email: Option<String>,
    phone: Option<String>,
    address: String,
    show_name: bool,
    ip: Option<String>,
    photos: Vec<caunoi_store::petition_photos::NewPhoto>,
}

/// Writes a checked online petition: the rate limits (counted in the same transaction, so two
/// submissions in one batch see each other), the petition, its contact apart, the first step
/// of its timeline, the e-mail job, the audit row and the outbox event.
async fn store_online(tx: &mut Tx, p: Online) -> AppResult<Submitted> {
    let Online {
        ctx,
        anonymous,
        council_id,
        council_unit_id,
        title,
        body,
        field_id,
        unit_id,
        place,
        name,
        email,
        phone,
        address,
        show_name,
        ip,
        photos,
    } = p;
    let t = now();
    let ip_hash = hash(ip.as_deref().unwrap_or(""));
    let email_hash = hash(email.as_deref().unwrap_or(""));
    if anonymous {
        within_limits(tx, &ip_hash, &email_hash, t).await?;
    }
    // 60 random bits: a clash is all but impossible, and the unique constraint would refuse
    // it (the citizen sends again) rather than store two petitions under one code.
    let code = TrackingCode::from_random(rand::random())
        .as_str()
        .to_owned();
    let id = petitions::insert(
        tx,
        &NewPetition {
            council_id,
            code: code.clone(),
            channel: "online".into(),
            state: "received".into(),
            moderation: "pending".into(),
            title,
            body,
            field_id,
            unit_id,
            place: (!place.is_empty()).then_some(place),
            event_id: None,
            voters: 1,
            public_name: show_name.then(|| name.clone()),
        },
        t,
    )
    .await?;
    let today = crate::registry::today();
    let retain_until = today
        .replace_day(1)
        .ok()
        .and_then(|d| d.checked_add(Duration::days(31 * i64::from(RETENTION_MONTHS))))
        .unwrap_or(today);
    petitions::insert_contact(
        tx,
        &Contact {
            petition_id: id,
            name,
            email,
            phone,
            address: (!address.is_empty()).then_some(address),
            consent_at: t,
            retain_until,
        },
    )
    .await?;
    petitions::insert_transition(
        tx,
        id,
        &petitions::Transition {
            from_state: None,
            to_state: "received".into(),
            action: "submit".into(),
            actor_label: "citizen".into(),
            note: String::new(),
            public: true,
            at: t,
        },
    )
    .await?;
    for photo in &photos {
        caunoi_store::petition_photos::insert(tx, id, photo, t).await?;
    }
    petitions::log_submission(tx, &ip_hash, &email_hash, t).await?;
    super::notify::enqueue(tx, id, "received").await?;
    record::change(
        tx,
        &ctx,
        t,
        Change {
            action: "received",
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(council_unit_id),
            // Never personal data: the code and channel only.
            details: serde_json::json!({ "code": code, "channel": "online", "photos": photos.len() }),
        },
    )
    .await?;
    Ok(Submitted { id, code })
}

/// One petition as a clerk types it from the minutes of a voter meeting.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct MeetingInput {
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub field: String,
    /// Voters who raised it at the meeting.
    #[serde(default)]
    pub voters: String,
    /// Commune concerned, when it differs from the meeting's.
    #[serde(default)]
    pub commune: String,
}

/// Records a petition raised at a voter meeting, linked to the meeting and its commune.
pub async fn record_from_meeting(
    app: &App,
    ctx: &Ctx,
    event_id: i64,
    input: &MeetingInput,
) -> AppResult<Submitted> {
    let mut errors = Vec::new();
    let title = text(&input.title, "title", 5, 200, "Tiêu đề", &mut errors);
    let body = vntext::nfc(input.body.trim());
    if body.chars().count() > 10_000 {
        errors.push(FieldError::new(
            "body",
            "Nội dung tối đa 10.000 ký tự.",
            "At most 10,000 characters.",
        ));
    }
    let voters = match input.voters.trim() {
        "" => 1,
        v => match v.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => n,
            _ => {
                errors.push(FieldError::new(
                    "voters",
                    "Số cử tri là số nguyên từ 1.",
                    "The number of voters is a whole number from 1.",
                ));
                1
            }
        },
    };
    let mut tx = app.db.write().await?;
    let event = caunoi_store::events::find(&mut tx, event_id)
        .await?
        .ok_or(AppError::NotFound("voter meeting"))?;
    if event.kind != "voter_meeting" {
        return Err(AppError::invalid(
            "event",
            "Chỉ ghi kiến nghị vào một buổi tiếp xúc cử tri.",
            "Petitions are recorded on a voter meeting.",
        ));
    }
    let council = councils::find(&mut tx, event.council_id)
        .await?
        .ok_or(AppError::NotFound("council"))?;
    let anc = super::ancestry(&mut tx, council.unit_id).await?;
    if !ctx
        .actor
        .may(Action::ProcessPetitions, &Target::Unit { ancestry: &anc })
    {
        return Err(crate::accounts::deny(ctx));
    }
    let field_id = match input.field.trim() {
        "" => None,
        slug => match petitions::fields(&mut tx, council.id)
            .await?
            .into_iter()
            .find(|f| f.slug == slug)
        {
            Some(f) => Some(f.id),
            None => {
                errors.push(FieldError::new(
                    "field",
                    "Hãy chọn lĩnh vực trong danh sách.",
                    "Choose a field from the list.",
                ));
                None
            }
        },
    };
    let unit_id = match commune_of(&mut tx, &input.commune).await {
        Ok(Some(u)) => Some(u),
        Ok(None) => event.unit_id,
        Err(AppError::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(e) => return Err(e),
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let t = now();
    let code = new_code(&mut tx).await?;
    let id = petitions::insert(
        &mut tx,
        &NewPetition {
            council_id: council.id,
            code: code.clone(),
            channel: "voter_meeting".into(),
            state: "received".into(),
            moderation: "approved".into(),
            title,
            body,
            field_id,
            unit_id,
            place: None,
            event_id: Some(event_id),
            voters,
            public_name: None,
        },
        t,
    )
    .await?;
    petitions::insert_transition(
        &mut tx,
        id,
        &petitions::Transition {
            from_state: None,
            to_state: "received".into(),
            action: "record".into(),
            actor_label: ctx.actor.label.clone(),
            note: event.title.clone(),
            public: true,
            at: t,
        },
    )
    .await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "received",
            target_kind: "petition",
            target_id: Some(id.to_string()),
            unit_id: Some(council.unit_id),
            details: serde_json::json!({ "code": code, "channel": "voter_meeting", "event_id": event_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Submitted { id, code })
}
