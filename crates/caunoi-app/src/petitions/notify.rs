//! Telling the petitioner at each public step. Each step queues a job in the same transaction
//! as the change (so a step is never announced that did not happen, and one job is delivered
//! once even with several nodes); the job writes the message through the mail transport.
//! The transport ([`crate::mail`]) is a folder of `.eml` files (`DATA_DIR/mail`) by default, or
//! an SMTP relay when `smtp_url` is set.

use super::find;
use crate::{App, AppError, AppResult};
use caunoi_store::petition_followup::Followup;
use caunoi_store::petitions;
use caunoi_store::{Tx, jobs, now};

pub const PETITION_MAIL: &str = "petition_mail";

/// Queues the message for `step` (received, forward, publish, close, reopen, merge, reject).
pub(crate) async fn enqueue(tx: &mut Tx, petition_id: i64, step: &str) -> AppResult<()> {
    enqueue_with(tx, petition_id, step, serde_json::Value::Null).await
}

/// Queues a step's message with what it must name as it was at the step (a granted
/// extension's deadline, a follow-up's id), since the petition may move on before delivery.
pub(crate) async fn enqueue_with(
    tx: &mut Tx,
    petition_id: i64,
    step: &str,
    about: serde_json::Value,
) -> AppResult<()> {
    jobs::enqueue(
        tx,
        PETITION_MAIL,
        &serde_json::json!({ "petition_id": petition_id, "step": step, "about": about }),
        now(),
        5,
    )
    .await?;
    Ok(())
}

/// The part of a follow-up step's message that names it: the new deadline of a granted
/// extension, or the follow-up's kind and note.
fn about_text(step: &str, about: &serde_json::Value, followup: Option<&Followup>) -> String {
    match (step, followup) {
        ("extension", _) => about["deadline"]
            .as_str()
            .and_then(caunoi_domain::vntime::parse_date)
            .map(caunoi_domain::vntime::format_date)
            .unwrap_or_default(),
        ("follow_up", Some(f)) => {
            let kind = caunoi_domain::petition_followup::FollowupKind::parse(&f.kind)
                .map(|k| k.label_vi())
                .unwrap_or("Theo dõi, giám sát");
            let event = f
                .event_title
                .as_deref()
                .map(|t| format!(" ({t})"))
                .unwrap_or_default();
            format!("{kind}{event}: {}", f.note)
        }
        _ => String::new(),
    }
}

fn subject_and_text(
    step: &str,
    p: &petitions::Petition,
    track: &str,
    about: &str,
) -> Option<(String, String)> {
    let code = &p.code;
    let (what, more) = match step {
        "extension" if !about.is_empty() => (
            "được gia hạn trả lời".to_owned(),
            format!(
                "Hội đồng đồng ý cho {} gia hạn trả lời kiến nghị “{}” đến {about}. Bạn tiếp tục theo dõi tại {track} (nhập mã {code}).",
                p.agency_name.as_deref().unwrap_or("cơ quan giải quyết"),
                p.title
            ),
        ),
        "follow_up" if !about.is_empty() => (
            "được Hội đồng theo dõi, giám sát".to_owned(),
            format!(
                "Hội đồng tiếp tục theo dõi, giám sát việc giải quyết kiến nghị “{}”.\n\n{about}\n\nBạn tiếp tục theo dõi tại {track} (nhập mã {code}).",
                p.title
            ),
        ),
        "received" => (
            "đã được tiếp nhận".to_owned(),
            format!(
                "Cảm ơn bạn đã gửi kiến nghị “{}”.\n\nMã theo dõi của bạn: {code}\nHãy giữ mã này; bạn có thể theo dõi kết quả, tải hoặc xóa dữ liệu cá nhân của mình tại {track}.",
                p.title
            ),
        ),
        "forward" => (
            "đã được chuyển cơ quan giải quyết".to_owned(),
            format!(
                "Kiến nghị “{}” đã được chuyển tới {}{}.",
                p.title,
                p.agency_name.as_deref().unwrap_or("cơ quan có thẩm quyền"),
                p.deadline
                    .map(|d| format!(", hạn trả lời {}", caunoi_domain::vntime::format_date(d)))
                    .unwrap_or_default()
            ),
        ),
        "publish" => (
            "đã có trả lời".to_owned(),
            format!(
                "Kiến nghị “{}” đã có trả lời của {}:\n\n{}\n\nVấn đề của bạn đã được giải quyết chưa? Hãy cho chúng tôi biết tại {track} (nhập mã {code}).",
                p.title,
                p.agency_name.as_deref().unwrap_or("cơ quan có thẩm quyền"),
                p.answer.as_deref().unwrap_or("")
            ),
        ),
        "close" => (
            "đã kết thúc".to_owned(),
            format!("Việc giải quyết kiến nghị “{}” đã kết thúc.", p.title),
        ),
        "reopen" => (
            "được tiếp tục giải quyết".to_owned(),
            format!(
                "Kiến nghị “{}” được mở lại để giải quyết tiếp: {}",
                p.title,
                p.reason.as_deref().unwrap_or("")
            ),
        ),
        "merge" => (
            "được gộp với kiến nghị cùng nội dung".to_owned(),
            format!(
                "Kiến nghị “{}” có cùng nội dung với kiến nghị của cử tri khác nên được gộp để trả lời một lần; bạn vẫn theo dõi bằng mã {code}.",
                p.title
            ),
        ),
        "reject" => (
            "không được thụ lý".to_owned(),
            format!(
                "Kiến nghị “{}” không được thụ lý. Lý do: {}",
                p.title,
                p.reason.as_deref().unwrap_or("")
            ),
        ),
        _ => return None,
    };
    Some((format!("Kiến nghị {code} {what}"), more))
}

/// Encodes a header value as RFC 2047 UTF-8 base64 (subjects are Vietnamese).
fn encode_header(s: &str) -> String {
    use base64::Engine;
    format!(
        "=?UTF-8?B?{}?=",
        base64::engine::general_purpose::STANDARD.encode(s.as_bytes())
    )
}

/// The job: renders the message and sends it. No e-mail address, no message.
pub async fn deliver(app: &App, payload: &serde_json::Value) -> AppResult<()> {
    let id = payload["petition_id"]
        .as_i64()
        .ok_or_else(|| AppError::Internal("petition_mail without petition_id".into()))?;
    let step = payload["step"].as_str().unwrap_or("");
    let (p, contact) = {
        let mut tx = app.db.read().await?;
        let p = find(&mut tx, id).await?;
        let c = petitions::contact(&mut tx, id).await?;
        (p, c)
    };
    let Some(email) = contact.and_then(|c| c.email) else {
        return Ok(());
    };
    // A petition merged into a group hears the group's answer, under its own code and title.
    let p = match p.merged_into {
        Some(lead) if step == "publish" => {
            let mut tx = app.db.read().await?;
            let lead = find(&mut tx, lead).await?;
            petitions::Petition {
                agency_name: lead.agency_name,
                answer: lead.answer,
                ..p
            }
        }
        _ => p,
    };
    let track = format!(
        "{}/kien-nghi/theo-doi",
        app.settings.public_url.trim_end_matches('/')
    );
    let followup = match payload["about"]["followup"].as_i64() {
        Some(fid) => {
            let mut tx = app.db.read().await?;
            caunoi_store::petition_followup::followups(&mut tx, id)
                .await?
                .into_iter()
                .find(|f| f.id == fid)
        }
        None => None,
    };
    let about = about_text(step, &payload["about"], followup.as_ref());
    let Some((subject, text)) = subject_and_text(step, &p, &track, &about) else {
        return Ok(());
    };
    let t = now();
    let message = format!(
        "From: {from_name} <{from_addr}>\r\nTo: <{email}>\r\nSubject: {subject}\r\nDate: {date}\r\nMessage-ID: <{code}.{step}.{n}@caunoi>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n\r\n-- \r\n{council}\r\n",
        from_name = encode_header(&p.council_name),
        from_addr = app.settings.mail_from,
        subject = encode_header(&subject),
        date = t
            .format(&time::format_description::well_known::Rfc2822)
            .unwrap_or_default(),
        code = p.code,
        n = t.unix_timestamp_nanos(),
        body = text.replace('\n', "\r\n"),
        council = p.council_name,
    );
    crate::mail::send(
        app,
        &crate::mail::Outgoing {
            from: app.settings.mail_from.clone(),
            to: email,
            file_name: format!("{}-{}-{}.eml", t.unix_timestamp_nanos(), p.code, step),
            message,
        },
    )
    .await
}
