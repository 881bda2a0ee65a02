//! Contributor statistics for the office: submissions, publications and review times.

use crate::accounts::deny;
use crate::{App, AppResult, Ctx};
use caunoi_domain::{Action, Target};
use caunoi_store::articles;
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Row {
    pub author: String,
    pub unit_code: String,
    pub unit_name: String,
    pub submitted: i64,
    pub published: i64,
    /// Mean hours from first submission to first review, when any article was reviewed.
    pub average_review_hours: Option<f64>,
}

pub async fn contributors(app: &App, ctx: &Ctx) -> AppResult<Vec<Row>> {
    if !ctx.actor.may(Action::ViewNewsroomStats, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    let scope = if ctx.actor.may(Action::ViewNewsroomStats, &Target::System) {
        None
    } else {
        ctx.actor
            .unit_for(Action::ViewNewsroomStats.roles())
            .map(|c| c.as_str().to_owned())
    };
    let mut tx = app.db.read().await?;
    let rows = articles::author_stats(&mut tx, scope.as_deref()).await?;
    let mut times: HashMap<String, (f64, u32)> = HashMap::new();
    for (author, submitted, reviewed) in articles::review_times(&mut tx, scope.as_deref()).await? {
        let e = times.entry(author).or_default();
        e.0 += (reviewed - submitted).as_seconds_f64() / 3600.0;
        e.1 += 1;
    }
    Ok(rows
        .into_iter()
        .map(|r| Row {
            average_review_hours: times
                .get(&r.author_name)
                .map(|(sum, n)| sum / f64::from(*n)),
            author: r.author_name,
            unit_code: r.unit_code,
            unit_name: r.unit_name,
            submitted: r.submitted,
            published: r.published,
        })
        .collect())
}
