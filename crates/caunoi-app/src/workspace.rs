//! The staff workspace home: who you are and what you may open.

use crate::accounts::{self, Me, deny};
use crate::{App, AppResult, Ctx};
use caunoi_domain::{Action, Target};

#[derive(Debug, Clone)]
pub struct Dashboard {
    pub me: Me,
    pub can_view_audit: bool,
    pub can_manage_users: bool,
    pub can_write_articles: bool,
    pub can_view_news_stats: bool,
    pub can_manage_newsroom: bool,
    /// Clerks and council admins keep the council's record: people, events, resolutions.
    pub can_manage_registry: bool,
    /// The council office: moderates, classifies, forwards and publishes petitions.
    pub can_process_petitions: bool,
    /// The office and agency responders: the petition queue.
    pub can_answer_petitions: bool,
    /// Records the days off and working Saturdays the government announces.
    pub can_manage_work_calendar: bool,
}

pub async fn dashboard(app: &App, ctx: &Ctx) -> AppResult<Dashboard> {
    if !ctx.actor.may(Action::OpenWorkspace, &Target::Anywhere) {
        return Err(deny(ctx));
    }
    Ok(Dashboard {
        me: accounts::me(app, ctx).await?,
        can_view_audit: ctx.actor.may(Action::ViewAuditLog, &Target::Anywhere),
        can_manage_users: ctx.actor.may(Action::ManageUsers, &Target::Anywhere),
        can_write_articles: ctx.actor.may(Action::WriteArticles, &Target::Anywhere),
        can_view_news_stats: ctx.actor.may(Action::ViewNewsroomStats, &Target::Anywhere),
        can_manage_newsroom: ctx.actor.may(Action::ManageNewsroom, &Target::Anywhere),
        can_manage_registry: ctx.actor.may(Action::ManageRegistry, &Target::Anywhere),
        can_process_petitions: ctx.actor.may(Action::ProcessPetitions, &Target::Anywhere),
        can_answer_petitions: ctx.actor.may(Action::AnswerPetitions, &Target::Anywhere),
        can_manage_work_calendar: ctx.actor.may(Action::ManageWorkCalendar, &Target::Anywhere),
    })
}
