//! Petitions (kiến nghị): intake online and from voter meetings, processing through the
//! lifecycle with deadlines in working days, the public record, and the submitter's own data.

mod admin;
mod answer_files;
mod followup;
pub mod groups;
mod import;
mod intake;
pub mod notify;
mod photos;
mod process;
mod public;
pub mod report;
pub mod stats;

pub use admin::{
    Adjustment, Agencies, AgencyInput, AgencyRow, Calendar, DayInput, FieldInput, Fields,
    MeetingDesk, Responder, ResponderInput, YearDays, add_field, add_responder, agencies,
    answer_deadline, calendar, create_agency, fields, meeting_desk, remove_day, set_day,
};
pub(crate) use answer_files::answer_published;
pub use answer_files::{
    AnswerFiles, MAX_ANSWER_FILE_BYTES, answer_file, answer_files_for, attach_answer_file,
    check_answer_file_right, public_answer_files, remove_answer_file,
};
pub use followup::{
    DeadlineRules, DecisionInput, ExtensionInput, FieldEdit, FollowupHistory, FollowupInput,
    PublicHistory, RuleInput, deadline_rules, decide_extension, edit_field, follow_up, history,
    public_followups, public_history, remove_responder, request_extension, rule_for,
    set_deadline_rule,
};
pub use groups::SimilarCache;
pub use import::{PetitionImport, import_petitions};
pub use intake::{
    MIN_FILL_SECONDS, MeetingInput, OnlineInput, PER_EMAIL_PER_HOUR, PER_IP_PER_HOUR, SubmitMeta,
    Submitted, record_from_meeting, submit_online, submit_online_with_photos,
};
pub use photos::{
    MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_FIELDS, PHOTO_VARIANTS, PhotoUpload, first_public_photos,
    own_photo_file, own_photos, photo_file, public_photos,
};
pub use process::StaffView;
pub use process::{ActInput, QueueQuery, act, moderate, queue, queue_councils, staff_view};
pub(crate) use public::public as is_public;
pub use public::{
    PUBLIC_COUNT_LIMIT, PetitionPage, PublicQuery, SEARCH_COUNT_LIMIT, count_limit, delete_my_data,
    list, my_data, page, rate_answer, track,
};

use crate::{AppError, AppResult};
use caunoi_domain::UnitCode;
use caunoi_domain::petition::{PetitionState, Timeliness};
use caunoi_domain::workdays::WorkCalendar;
use caunoi_store::petitions::{self, Petition};
use caunoi_store::{Tx, units};

/// Working days an agency has to answer a forwarded petition.
pub const ANSWER_WORKING_DAYS: u32 = 20;
/// Working days past the deadline after which an unanswered petition is "very overdue".
pub const VERY_OVERDUE_AFTER: i64 = 15;
/// How long a petitioner's contact details are kept (then a job deletes them).
pub const RETENTION_MONTHS: u8 = 24;

/// The fields (lĩnh vực) a new council starts with; each council edits its own list.
pub const DEFAULT_FIELDS: [(&str, &str); 11] = [
    ("dat-dai", "Đất đai"),
    ("xay-dung-do-thi", "Xây dựng, đô thị"),
    ("giao-thong", "Giao thông"),
    ("moi-truong", "Môi trường"),
    ("y-te", "Y tế"),
    ("giao-duc", "Giáo dục"),
    ("an-sinh-xa-hoi", "An sinh xã hội"),
    ("nong-nghiep", "Nông nghiệp, nông thôn"),
    ("an-ninh-trat-tu", "An ninh, trật tự"),
    ("van-hoa", "Văn hóa, thể thao"),
    ("khac", "Lĩnh vực khác"),
];

pub(crate) async fn add_default_fields(tx: &mut Tx, council_id: i64) -> AppResult<()> {
    for (i, (slug, name)) in DEFAULT_FIELDS.iter().enumerate() {
        petitions::insert_field(tx, council_id, slug, name, i as i64).await?;
    }
    Ok(())
}

/// Saves a petition's processing with its answer time in working days, which the figures'
/// average answer time sums: every use case that changes a petition saves through here.
pub(crate) async fn save_processing(
    tx: &mut Tx,
    id: i64,
    w: &petitions::Processing,
    t: time::OffsetDateTime,
) -> AppResult<()> {
    petitions::save_processing(tx, id, w, t).await?;
    let days = match w.answered_on {
        Some(_) => stats::answer_days(w, &work_calendar(tx).await?),
        None => None,
    };
    caunoi_store::petition_stats::set_answer_days(tx, id, days).await?;
    Ok(())
}

/// Vietnam's working-day calendar with the adjustments admins recorded.
pub async fn work_calendar(tx: &mut Tx) -> AppResult<WorkCalendar> {
    let mut cal = WorkCalendar::vietnam();
    for (day, kind, reason) in petitions::calendar_adjustments(tx).await? {
        cal = if kind == "working_day" {
            cal.with_working_day(day, reason)
        } else {
            cal.with_day_off(day, reason)
        };
    }
    Ok(cal)
}

/// A petition's timeliness today.
pub fn timeliness(p: &Petition, cal: &WorkCalendar) -> Timeliness {
    let state = p
        .state
        .parse::<PetitionState>()
        .unwrap_or(PetitionState::Received);
    let deadline = if state.awaits_answer() || p.answered_on.is_some() {
        p.deadline
    } else {
        None
    };
    Timeliness::of(
        deadline,
        p.answered_on,
        crate::registry::today(),
        cal,
        p.very_overdue_after.unwrap_or(VERY_OVERDUE_AFTER),
    )
}

/// Deletes contact details whose retention period has ended (each deletion audited) and the
/// rate-limit log older than a day. Runs with the hourly housekeeping job.
pub async fn enforce_retention(app: &crate::App) -> AppResult<u64> {
    let t = caunoi_store::now();
    let mut tx = app.db.write().await?;
    let expired = petitions::expired_contacts(&mut tx, crate::registry::today()).await?;
    let ctx = crate::Ctx::new(caunoi_domain::Actor {
        user_id: None,
        label: "retention".into(),
        grants: Vec::new(),
    });
    let mut orphan_photos = Vec::new();
    for id in &expired {
        petitions::delete_contact(&mut tx, *id).await?;
        petitions::clear_public_name(&mut tx, *id).await?;
        // The citizen's photos are kept no longer than their contact.
        orphan_photos
            .extend(caunoi_store::petition_photos::delete_of_petition(&mut tx, *id).await?);
        crate::record::audit_only(
            &mut tx,
            &ctx,
            t,
            &crate::record::Change {
                action: "contact_deleted",
                target_kind: "petition",
                target_id: Some(id.to_string()),
                unit_id: None,
                details: serde_json::json!({ "by": "retention" }),
            },
        )
        .await?;
    }
    let pruned = petitions::prune_submission_log(&mut tx, t - time::Duration::days(1)).await?;
    if expired.is_empty() && pruned == 0 {
        // Nothing changed: do not commit, so page caches stay warm.
        return Ok(0);
    }
    tx.commit().await?;
    photos::remove_files(app, &orphan_photos).await;
    Ok(expired.len() as u64)
}

/// A petition's public page: `/kien-nghi/{slug of the title}-{id}`.
pub fn petition_path(title: &str, id: i64) -> String {
    match vntext::slug(title) {
        s if s.is_empty() => format!("/kien-nghi/{id}"),
        s => format!("/kien-nghi/{s}-{id}"),
    }
}

pub(crate) async fn ancestry(tx: &mut Tx, unit_id: i64) -> AppResult<Vec<UnitCode>> {
    Ok(units::ancestry(tx, unit_id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect())
}

pub(crate) async fn find(tx: &mut Tx, id: i64) -> AppResult<Petition> {
    petitions::find(tx, id)
        .await?
        .ok_or(AppError::NotFound("petition"))
}
