//! The staff workspace under `/quan-tri`. Every page asks its use case, which checks the role.

mod account;
mod articles;
mod audit;
mod home;
mod petitions;
mod petitions_admin;
pub(crate) mod petitions_answer_files;
mod petitions_followup;
mod petitions_groups;
mod petitions_stats;
mod registry;
mod registry_events;
mod registry_resolutions;
mod users;

use crate::AppState;
use axum::Router;
use axum::routing::{get, post};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(petitions_stats::router())
        .route("/quan-tri", get(home::page))
        .route("/quan-tri/nhat-ky", get(audit::page))
        .route("/quan-tri/nguoi-dung", get(users::page).post(users::add))
        .route("/quan-tri/tai-khoan", get(account::page))
        .route("/quan-tri/tai-khoan/ma-api", post(account::create_token))
        .route(
            "/quan-tri/tai-khoan/ma-api/{id}/thu-hoi",
            post(account::revoke_token),
        )
        .route("/quan-tri/tin-bai", get(articles::list))
        .route(
            "/quan-tri/tin-bai/moi",
            get(articles::new_form).post(articles::create),
        )
        .route("/quan-tri/tin-bai/thong-ke", get(articles::stats))
        .route(
            "/quan-tri/tin-bai/huong-dan",
            get(articles::guidance_form).post(articles::guidance_save),
        )
        .route(
            "/quan-tri/tin-bai/{id}",
            get(articles::view).post(articles::save),
        )
        .route("/quan-tri/tin-bai/{id}/nhan-xet", post(articles::comment))
        .route("/quan-tri/tin-bai/{id}/lien-quan", post(articles::related))
        .route("/quan-tri/tin-bai/{id}/phien-ban", get(articles::diff))
        .route(
            "/quan-tri/tin-bai/{id}/anh",
            post(articles::upload).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/tin-bai/{id}/chuyen-trang",
            post(articles::add_to_section),
        )
        .route("/quan-tri/tin-bai/{id}/{action}", post(articles::act))
        .route(
            "/quan-tri/chuyen-trang",
            get(articles::sections).post(articles::create_section),
        )
        // The council's record: people and positions, events, resolutions.
        .route(
            "/quan-tri/dai-bieu",
            get(registry::people).post(registry::create_person),
        )
        .route(
            "/quan-tri/dai-bieu/nhap",
            get(registry::import_form)
                .post(registry::import)
                .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/dai-bieu/don-vi-bau-cu",
            get(registry::constituencies).post(registry::add_constituency),
        )
        .route(
            "/quan-tri/dai-bieu/{id}",
            get(registry::person).post(registry::save_person),
        )
        .route(
            "/quan-tri/dai-bieu/{id}/anh",
            post(registry::upload_photo).layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/dai-bieu/{id}/chuc-vu",
            post(registry::add_position),
        )
        .route(
            "/quan-tri/dai-bieu/{id}/chuc-vu/{position}/xoa",
            post(registry::remove_position),
        )
        .route("/quan-tri/hoat-dong", get(registry_events::list))
        .route(
            "/quan-tri/hoat-dong/moi",
            get(registry_events::new_form)
                .post(registry_events::create)
                .layer(axum::extract::DefaultBodyLimit::max(
                    registry::LONG_FORM_LIMIT,
                )),
        )
        .route(
            "/quan-tri/hoat-dong/{id}",
            get(registry_events::view)
                .post(registry_events::save)
                .layer(axum::extract::DefaultBodyLimit::max(
                    registry::LONG_FORM_LIMIT,
                )),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/tham-du",
            post(registry_events::participants),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/chat-van",
            post(registry_events::add_question),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/kien-nghi",
            post(registry_events::add_recommendation),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/kien-nghi/{rid}",
            post(registry_events::update_recommendation),
        )
        // Petitions: the queue of the office or an agency, one petition's processing, the
        // petitions of a voter meeting, and the set-up (agencies, fields, working days).
        .route("/quan-tri/kien-nghi", get(petitions::queue))
        .route(
            "/quan-tri/kien-nghi/co-quan",
            get(petitions_admin::agencies).post(petitions_admin::create_agency),
        )
        .route(
            "/quan-tri/kien-nghi/co-quan/{id}/nguoi-tra-loi",
            post(petitions_admin::add_responder),
        )
        .route(
            "/quan-tri/kien-nghi/linh-vuc",
            get(petitions_admin::fields).post(petitions_admin::add_field),
        )
        // After forwarding: extensions, follow-up, deadline rules, the import form, set-up edits.
        .route(
            "/quan-tri/kien-nghi/thoi-han",
            get(petitions_followup::rules).post(petitions_followup::save_rule),
        )
        .route(
            "/quan-tri/kien-nghi/nhap",
            get(petitions_followup::import_form)
                .post(petitions_followup::import)
                .layer(axum::extract::DefaultBodyLimit::max(UPLOAD_LIMIT)),
        )
        .route(
            "/quan-tri/kien-nghi/linh-vuc/{id}",
            post(petitions_followup::edit_field),
        )
        .route(
            "/quan-tri/kien-nghi/co-quan/{id}/nguoi-tra-loi/{user}/xoa",
            post(petitions_followup::remove_responder),
        )
        .route(
            "/quan-tri/kien-nghi/{id}/gia-han",
            post(petitions_followup::request_extension),
        )
        .route(
            "/quan-tri/kien-nghi/{id}/gia-han/quyet-dinh",
            post(petitions_followup::decide_extension),
        )
        .route(
            "/quan-tri/kien-nghi/{id}/giam-sat",
            post(petitions_followup::follow_up),
        )
        .route("/quan-tri/kien-nghi/trung-lap", get(petitions_groups::list))
        .route(
            "/quan-tri/kien-nghi/trung-lap/gop",
            post(petitions_groups::confirm),
        )
        .route(
            "/quan-tri/kien-nghi/trung-lap/bo-qua",
            post(petitions_groups::dismiss),
        )
        .route("/quan-tri/kien-nghi/{id}", get(petitions::view))
        .route("/quan-tri/kien-nghi/{id}/xu-ly", post(petitions::act))
        .route(
            "/quan-tri/kien-nghi/{id}/kiem-duyet",
            post(petitions::moderate),
        )
        .route("/quan-tri/kien-nghi/{id}/lien-he", post(petitions::contact))
        .route(
            "/quan-tri/kien-nghi/{id}/tep-tra-loi",
            post(petitions_answer_files::attach).layer(axum::extract::DefaultBodyLimit::max(
                petitions_answer_files::ANSWER_FILE_LIMIT,
            )),
        )
        .route(
            "/quan-tri/kien-nghi/{id}/tep-tra-loi/{file_id}/xoa",
            post(petitions_answer_files::remove),
        )
        // Public once the answer is published; served here beside the upload it belongs to.
        .route(
            "/kien-nghi/tep-tra-loi/{id}/{name}",
            get(petitions_answer_files::download),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/kien-nghi",
            get(petitions_admin::meeting),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/kien-nghi/moi",
            post(petitions_admin::record),
        )
        .route(
            "/quan-tri/lich-nghi",
            get(petitions_admin::calendar).post(petitions_admin::set_day),
        )
        .route(
            "/quan-tri/lich-nghi/{day}/xoa",
            post(petitions_admin::remove_day),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/tiep-cong-dan",
            post(registry_events::reception),
        )
        .route(
            "/quan-tri/hoat-dong/{id}/tai-lieu",
            post(registry_events::attach).layer(axum::extract::DefaultBodyLimit::max(
                registry::DOCUMENT_LIMIT,
            )),
        )
        .route(
            "/quan-tri/tai-lieu/{id}/cong-bo",
            post(registry::release_document),
        )
        .route(
            "/quan-tri/tai-lieu/{id}/xoa",
            post(registry::remove_document),
        )
        .route("/quan-tri/nghi-quyet", get(registry_resolutions::list))
        .route(
            "/quan-tri/nghi-quyet/moi",
            get(registry_resolutions::new_form)
                .post(registry_resolutions::create)
                .layer(axum::extract::DefaultBodyLimit::max(
                    registry::LONG_FORM_LIMIT,
                )),
        )
        .route(
            "/quan-tri/nghi-quyet/{id}",
            get(registry_resolutions::view)
                .post(registry_resolutions::save)
                .layer(axum::extract::DefaultBodyLimit::max(
                    registry::LONG_FORM_LIMIT,
                )),
        )
        .route(
            "/quan-tri/nghi-quyet/{id}/tep",
            post(registry_resolutions::attach).layer(axum::extract::DefaultBodyLimit::max(
                registry::DOCUMENT_LIMIT,
            )),
        )
}

/// Uploads may be larger than forms: a 10 MB photo plus the multipart envelope.
const UPLOAD_LIMIT: usize = 11 * 1024 * 1024;

/// Formats a timestamp for a table cell, in Vietnam time.
pub(crate) fn when(t: time::OffsetDateTime) -> String {
    caunoi_domain::vntime::format_datetime(t)
}
