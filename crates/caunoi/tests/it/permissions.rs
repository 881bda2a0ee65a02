//! Every route × every role: who is let through and who is refused.

use caunoi_domain::Role;
use caunoi_testkit::{Data, PASSWORD, TestApp, both_engines};
use reqwest::Method;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Anonymous,
    Role(Role),
}

/// Which actors may use a route.
#[derive(Clone, Copy)]
enum Allow {
    Everyone,
    SignedIn,
    Staff,
    Admins,
    /// Contributor, editor, publisher, council admin, admin.
    Writers,
    /// Editor, publisher, council admin, admin.
    Reviewers,
    /// Publisher, council admin, admin.
    Publishers,
    /// Editor, publisher, clerk, council admin, admin.
    Stats,
    /// Clerk, council admin, admin: those who keep the council's record.
    Registry,
    /// Clerk, council admin, admin: the council office that processes petitions.
    PetitionOffice,
    /// The petition office and agency responders: the queue.
    PetitionDesk,
    /// Only a responder of the agency the petition was forwarded to; the matrix's agency
    /// account answers for no agency, so every caller is refused.
    LinkedResponder,
}

impl Allow {
    fn admits(self, who: Who) -> bool {
        match (self, who) {
            (Allow::Everyone, _) => true,
            (_, Who::Anonymous) => false,
            (Allow::SignedIn, Who::Role(_)) => true,
            (Allow::Staff, Who::Role(r)) => r != Role::Citizen,
            (Allow::Admins, Who::Role(r)) => matches!(r, Role::CouncilAdmin | Role::Admin),
            (Allow::Writers, Who::Role(r)) => matches!(
                r,
                Role::Contributor
                    | Role::Editor
                    | Role::Publisher
                    | Role::CouncilAdmin
                    | Role::Admin
            ),
            (Allow::Reviewers, Who::Role(r)) => matches!(
                r,
                Role::Editor | Role::Publisher | Role::CouncilAdmin | Role::Admin
            ),
            (Allow::Publishers, Who::Role(r)) => {
                matches!(r, Role::Publisher | Role::CouncilAdmin | Role::Admin)
            }
            (Allow::Stats, Who::Role(r)) => matches!(
                r,
                Role::Editor | Role::Publisher | Role::Clerk | Role::CouncilAdmin | Role::Admin
            ),
            (Allow::Registry, Who::Role(r)) => {
                matches!(r, Role::Clerk | Role::CouncilAdmin | Role::Admin)
            }
            (Allow::PetitionOffice, Who::Role(r)) => {
                matches!(r, Role::Clerk | Role::CouncilAdmin | Role::Admin)
            }
            (Allow::LinkedResponder, Who::Role(_)) => false,
            (Allow::PetitionDesk, Who::Role(r)) => {
                matches!(
                    r,
                    Role::Agency | Role::Clerk | Role::CouncilAdmin | Role::Admin
                )
            }
        }
    }
}

struct Route {
    method: Method,
    path: &'static str,
    allow: Allow,
    /// Form fields (pages) or JSON (API) sent with a POST.
    body: Option<&'static str>,
}

const fn r(method: Method, path: &'static str, allow: Allow) -> Route {
    Route {
        method,
        path,
        allow,
        body: None,
    }
}

fn routes() -> Vec<Route> {
    use Allow::*;
    vec![
        r(Method::GET, "/", Everyone),
        r(Method::GET, "/hdnd/00004", Everyone),
        r(Method::GET, "/tin-tuc", Everyone),
        r(Method::GET, "/dai-bieu", Everyone),
        r(Method::GET, "/ky-hop", Everyone),
        r(Method::GET, "/nghi-quyet", Everyone),
        r(Method::GET, "/kien-nghi", Everyone),
        // A photo's own rules (pending, rejected, staff) are tested in petitions_media.rs; the
        // demo has none, so every caller gets the same 404.
        r(Method::GET, "/kien-nghi/anh/1/desktop", Everyone),
        // The submitter's photos by tracking code (petitions_media_api.rs): none here either.
        r(
            Method::GET,
            "/kien-nghi/theo-doi/anh/1/phone?ma=KN-0000-0000-0000",
            Everyone,
        ),
        // Likewise for files of answers (petitions_media.rs).
        r(
            Method::GET,
            "/kien-nghi/tep-tra-loi/1/tra-loi.pdf",
            Everyone,
        ),
        r(Method::GET, "/lich", Everyone),
        r(Method::GET, "/tim-kiem?q=ha+noi", Everyone),
        r(Method::GET, "/don-vi", Everyone),
        r(Method::GET, "/don-vi/01", Everyone),
        r(Method::GET, "/ngon-ngu?lang=en&next=/", Everyone),
        r(Method::GET, "/dang-nhap", Everyone),
        r(Method::GET, "/healthz", Everyone),
        r(Method::GET, "/metrics", Everyone),
        r(Method::GET, "/static/site.css", Everyone),
        r(Method::GET, "/static/emblem.svg", Everyone),
        r(Method::GET, "/favicon.ico", Everyone),
        r(Method::POST, "/dang-xuat", Everyone),
        r(Method::GET, "/quan-tri", Staff),
        r(Method::GET, "/quan-tri/nhat-ky", Admins),
        r(Method::GET, "/quan-tri/nguoi-dung", Admins),
        Route {
            body: Some(
                "name=Ng%C6%B0%E1%BB%9Di+m%E1%BB%9Bi&email={email}&role=editor&unit=01&password=mat-khau-moi-du-dai",
            ),
            ..r(Method::POST, "/quan-tri/nguoi-dung", Admins)
        },
        r(Method::GET, "/quan-tri/tai-khoan", SignedIn),
        Route {
            body: Some("label=thu"),
            ..r(Method::POST, "/quan-tri/tai-khoan/ma-api", SignedIn)
        },
        r(
            Method::POST,
            "/quan-tri/tai-khoan/ma-api/999999/thu-hoi",
            SignedIn,
        ),
        r(Method::GET, "/api/v1/openapi.json", Everyone),
        r(Method::GET, "/api/v1/units", Everyone),
        r(Method::GET, "/api/v1/units/{code}", Everyone),
        r(Method::GET, "/api/v1/me", SignedIn),
        r(Method::GET, "/api/v1/users", Admins),
        Route {
            body: Some(
                r#"{"email":"{email}","name":"Người mới","role":"editor","unit":"01","password":"mat-khau-moi-du-dai"}"#,
            ),
            ..r(Method::POST, "/api/v1/users", Admins)
        },
        r(Method::GET, "/api/v1/tokens", SignedIn),
        Route {
            body: Some(r#"{"label":"thu"}"#),
            ..r(Method::POST, "/api/v1/tokens", SignedIn)
        },
        r(Method::DELETE, "/api/v1/tokens/{id}", SignedIn),
        r(Method::GET, "/api/v1/audit", Admins),
        // The council's record as open data.
        r(Method::GET, "/api/v1/councils", Everyone),
        r(Method::GET, "/api/v1/councils/{code}", Everyone),
        r(Method::GET, "/api/v1/delegates", Everyone),
        r(Method::GET, "/api/v1/delegates/{id}", Everyone),
        r(Method::GET, "/api/v1/delegates/lookup?q=ba+dinh", Everyone),
        r(Method::GET, "/api/v1/events", Everyone),
        r(Method::GET, "/api/v1/events/{id}", Everyone),
        r(Method::GET, "/api/v1/resolutions", Everyone),
        r(Method::GET, "/api/v1/resolutions/{id}", Everyone),
        r(Method::GET, "/api/v1/popolo.json", Everyone),
        // The newsroom. `{article}` is a fresh article submitted by another contributor for each
        // call, `{approved}` one already approved, `{published}` a published one's path.
        r(Method::GET, "/tin-tuc", Everyone),
        r(Method::GET, "/tin-tuc/ky-hop", Everyone),
        r(Method::GET, "/tin-tuc/{published}", Everyone),
        r(Method::GET, "/tin-tuc/{published}/ban-in", Everyone),
        r(Method::GET, "/the/giam-sat", Everyone),
        r(Method::GET, "/chuyen-trang/nhiem-ky-2026-2031", Everyone),
        r(
            Method::GET,
            "/chuyen-trang/nhiem-ky-2026-2031/atom.xml",
            Everyone,
        ),
        r(Method::GET, "/feeds/atom.xml", Everyone),
        r(Method::GET, "/feeds/rss.xml", Everyone),
        r(Method::GET, "/feeds/ky-hop/atom.xml", Everyone),
        r(Method::GET, "/feeds/ky-hop/rss.xml", Everyone),
        r(Method::GET, "/sitemap.xml", Everyone),
        r(Method::GET, "/quan-tri/tin-bai", Writers),
        r(Method::GET, "/quan-tri/tin-bai/moi", Writers),
        Route {
            body: Some(
                "title=Tin+th%E1%BB%AD&lead=&body=N%E1%BB%99i+dung&category=ky-hop&tags=&source=&credit=",
            ),
            ..r(Method::POST, "/quan-tri/tin-bai/moi", Writers)
        },
        r(Method::GET, "/quan-tri/tin-bai/thong-ke", Stats),
        r(Method::GET, "/quan-tri/tin-bai/huong-dan", Reviewers),
        Route {
            body: Some("body=H%C6%B0%E1%BB%9Bng+d%E1%BA%ABn"),
            ..r(Method::POST, "/quan-tri/tin-bai/huong-dan", Reviewers)
        },
        r(Method::GET, "/quan-tri/tin-bai/{article}", Reviewers),
        Route {
            body: Some(
                "title=S%E1%BB%ADa&lead=&body=N%E1%BB%99i+dung+s%E1%BB%ADa&category=ky-hop&tags=&source=&credit=",
            ),
            ..r(Method::POST, "/quan-tri/tin-bai/{article}", Reviewers)
        },
        Route {
            body: Some("comment=Nh%E1%BA%ADn+x%C3%A9t"),
            ..r(
                Method::POST,
                "/quan-tri/tin-bai/{article}/nhan-xet",
                Reviewers,
            )
        },
        Route {
            body: Some("related="),
            ..r(
                Method::POST,
                "/quan-tri/tin-bai/{article}/lien-quan",
                Reviewers,
            )
        },
        r(
            Method::GET,
            "/quan-tri/tin-bai/{article}/phien-ban?tu=1&den=1",
            Reviewers,
        ),
        r(
            Method::POST,
            "/quan-tri/tin-bai/{article}/approve",
            Reviewers,
        ),
        r(
            Method::POST,
            "/quan-tri/tin-bai/{approved}/publish",
            Publishers,
        ),
        r(Method::GET, "/quan-tri/chuyen-trang", Reviewers),
        Route {
            body: Some("name=Chuy%C3%AAn+trang+th%E1%BB%AD&description="),
            ..r(Method::POST, "/quan-tri/chuyen-trang", Reviewers)
        },
        Route {
            body: Some("section=nhiem-ky-2026-2031"),
            ..r(
                Method::POST,
                "/quan-tri/tin-bai/{article}/chuyen-trang",
                Reviewers,
            )
        },
        r(Method::GET, "/api/v1/articles", Everyone),
        r(Method::GET, "/api/v1/articles/{id}", Everyone),
        r(Method::GET, "/api/v1/categories", Everyone),
        r(Method::GET, "/api/v1/search?q=ha+noi", Everyone),
        Route {
            body: Some(r#"{"title":"Tin thử","body":"Nội dung","category":"ky-hop"}"#),
            ..r(Method::POST, "/api/v1/articles", Writers)
        },
        Route {
            body: Some(r#"{"lead":"Sa-pô mới"}"#),
            ..r(Method::PATCH, "/api/v1/articles/{article}", Reviewers)
        },
        r(
            Method::POST,
            "/api/v1/articles/{article}/approve",
            Reviewers,
        ),
        r(
            Method::POST,
            "/api/v1/articles/{approved}/publish",
            Publishers,
        ),
        // The council's record in the workspace. Body 1 is the demo council of the current
        // term and person 1 its chair; a second keeper creating the same constituency or
        // resolution number is refused as a duplicate (422), which is not a denial.
        r(Method::GET, "/quan-tri/dai-bieu", Registry),
        Route {
            body: Some("full_name=Nguy%E1%BB%85n+V%C4%83n+Th%E1%BB%AD&birth_year=1980"),
            ..r(Method::POST, "/quan-tri/dai-bieu", Registry)
        },
        r(Method::GET, "/quan-tri/dai-bieu/1", Registry),
        Route {
            body: Some(
                "full_name=Nguy%E1%BB%85n+Th%E1%BB%8B+Minh+Anh&birth_year=1965&gender=female&ethnicity=Kinh&occupation=K%E1%BB%B9+s%C6%B0+x%C3%A2y+d%E1%BB%B1ng&workplace=S%E1%BB%9F+X%C3%A2y+d%E1%BB%B1ng+Th%C3%A0nh+ph%E1%BB%91&party=%C4%90%E1%BA%A3ng+C%E1%BB%99ng+s%E1%BA%A3n+Vi%E1%BB%87t+Nam",
            ),
            ..r(Method::POST, "/quan-tri/dai-bieu/1", Registry)
        },
        Route {
            body: Some("body_id=8&role=member&constituency_id=&starts_on=01%2F04%2F2026&ends_on="),
            ..r(Method::POST, "/quan-tri/dai-bieu/1/chuc-vu", Registry)
        },
        r(Method::GET, "/quan-tri/dai-bieu/nhap", Registry),
        // Multipart only: the matrix checks the gate (a form body is refused as malformed).
        r(Method::POST, "/quan-tri/dai-bieu/nhap", Registry),
        r(Method::GET, "/quan-tri/dai-bieu/don-vi-bau-cu", Registry),
        Route {
            body: Some(
                "body_id=1&number=90&name=%C4%90%C6%A1n+v%E1%BB%8B+th%E1%BB%AD&seats=2&units=00004",
            ),
            ..r(Method::POST, "/quan-tri/dai-bieu/don-vi-bau-cu", Registry)
        },
        r(Method::GET, "/quan-tri/hoat-dong", Registry),
        r(Method::GET, "/quan-tri/hoat-dong?loai=session", Registry),
        r(Method::GET, "/quan-tri/hoat-dong/moi", Registry),
        Route {
            body: Some(
                "council=01&kind=briefing&title=Giao+ban+th%E1%BB%AD&start_date=31%2F12%2F2026&start_time=08%3A30&state=draft&agenda=N%E1%BB%99i+dung+th%E1%BB%AD",
            ),
            ..r(Method::POST, "/quan-tri/hoat-dong/moi", Registry)
        },
        r(Method::GET, "/quan-tri/nghi-quyet", Registry),
        r(Method::GET, "/quan-tri/nghi-quyet/moi", Registry),
        Route {
            body: Some(
                "council=01&number=77%2F2026%2FNQ-H%C4%90ND&title=Ngh%E1%BB%8B+quy%E1%BA%BFt+th%E1%BB%AD&adopted_on=01%2F10%2F2026&state=draft",
            ),
            ..r(Method::POST, "/quan-tri/nghi-quyet/moi", Registry)
        },
        // Petitions: the public record and intake for everyone (rate limits answer 429, not a
        // denial); the office's view and actions with a token. `{id}` is the demo's online
        // petition (received, approved), which classify keeps classified for every caller.
        r(Method::GET, "/api/v1/petitions", Everyone),
        r(Method::GET, "/api/v1/petitions/{id}", Everyone),
        Route {
            body: Some(
                r#"{"title":"Kiến nghị để thử quyền","body":"Nội dung kiến nghị gửi qua API để thử quyền của từng vai trò.","name":"Người thử","email":"{email}","consent":true}"#,
            ),
            ..r(Method::POST, "/api/v1/petitions", Everyone)
        },
        Route {
            body: Some(r#"{"action":"classify","field":"giao-thong"}"#),
            ..r(Method::POST, "/api/v1/petitions/{id}/actions", Registry)
        },
        r(Method::GET, "/api/v1/petitions/{id}/staff", Registry),
        // Answer files (rules by state in petitions_media_api.rs): the list is public; the
        // office may attach (it sends no file here: 400, the right is checked before reading)
        // and remove (no such file: 404, the right is checked before the lookup).
        r(Method::GET, "/api/v1/petitions/{id}/answer-files", Everyone),
        r(
            Method::POST,
            "/api/v1/petitions/{id}/answer-files",
            PetitionOffice,
        ),
        r(
            Method::DELETE,
            "/api/v1/petitions/{id}/answer-files/{file_id}",
            PetitionOffice,
        ),
        // Follow-up through the API: only a linked responder asks for more time (the matrix's
        // agency answers for none); the office decides (nothing pending: 422) and follows up
        // (the petition is neither answered nor overdue: 422); the council admin sets rules.
        Route {
            body: Some(r#"{"reason":"Cần thêm thời gian khảo sát hiện trường","extra_days":5}"#),
            ..r(
                Method::POST,
                "/api/v1/petitions/{id}/extensions",
                LinkedResponder,
            )
        },
        Route {
            body: Some(r#"{"decision":"grant"}"#),
            ..r(
                Method::POST,
                "/api/v1/petitions/{id}/extensions/decision",
                PetitionOffice,
            )
        },
        Route {
            body: Some(r#"{"kind":"supervision","note":"Theo dõi tiếp"}"#),
            ..r(
                Method::POST,
                "/api/v1/petitions/{id}/followups",
                PetitionOffice,
            )
        },
        r(Method::GET, "/api/v1/petitions/deadline-rules", Admins),
        Route {
            body: Some(r#"{"answer_days":20,"very_overdue_after":15}"#),
            ..r(Method::PUT, "/api/v1/petitions/deadline-rules", Admins)
        },
        // Open311 GeoReport v2: open to everyone, like the public record it mirrors.
        r(Method::GET, "/open311/v2/services.json", Everyone),
        r(Method::GET, "/open311/v2/services.xml", Everyone),
        r(Method::GET, "/open311/v2/requests.json", Everyone),
        r(
            Method::GET,
            "/open311/v2/requests.xml?status=open",
            Everyone,
        ),
        r(Method::GET, "/open311/v2/requests/1.json", Everyone),
        r(Method::GET, "/open311/v2/requests/1.xml", Everyone),
        Route {
            body: Some(
                "service_code=giao-thong&description=N%E1%BB%99i+dung+ki%E1%BA%BFn+ngh%E1%BB%8B+g%E1%BB%ADi+qua+Open311+%C4%91%E1%BB%83+th%E1%BB%AD+quy%E1%BB%81n&first_name=Th%E1%BB%AD&last_name=Ng%C6%B0%E1%BB%9Di&email={email}&consent=true",
            ),
            ..r(Method::POST, "/open311/v2/requests.json", Everyone)
        },
        // The petition desk in the workspace. `{petition}` is the demo's online petition (as
        // above), `{meeting}` the first voter meeting, agency 1 the first demo agency; a second
        // office caller meeting a duplicate or an already moderated petition gets 422.
        r(Method::GET, "/quan-tri/kien-nghi", PetitionDesk),
        r(Method::GET, "/quan-tri/kien-nghi?loc=qua-han", PetitionDesk),
        r(
            Method::GET,
            "/quan-tri/kien-nghi/{petition}",
            PetitionOffice,
        ),
        Route {
            body: Some("action=classify&field=giao-thong"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/{petition}/xu-ly",
                PetitionOffice,
            )
        },
        Route {
            body: Some("decision=approve"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/{petition}/kiem-duyet",
                PetitionOffice,
            )
        },
        r(
            Method::POST,
            "/quan-tri/kien-nghi/{petition}/lien-he",
            PetitionOffice,
        ),
        // Allowed callers send no file here and get 400; the right is checked before reading.
        r(
            Method::POST,
            "/quan-tri/kien-nghi/{petition}/tep-tra-loi",
            PetitionOffice,
        ),
        // No such file: 404 to the office; the right is checked before the file is looked up.
        r(
            Method::POST,
            "/quan-tri/kien-nghi/{petition}/tep-tra-loi/{file_id}/xoa",
            PetitionOffice,
        ),
        r(Method::GET, "/quan-tri/kien-nghi/co-quan", PetitionOffice),
        Route {
            body: Some("name=C%C6%A1+quan+th%E1%BB%AD&slug=co-quan-thu&email="),
            ..r(Method::POST, "/quan-tri/kien-nghi/co-quan", PetitionOffice)
        },
        Route {
            body: Some("email={email}"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/co-quan/1/nguoi-tra-loi",
                PetitionOffice,
            )
        },
        // Near-duplicate proposals: dismissing demo petitions 5 and 6 (again: still 303);
        // confirming a lead without another member is refused (422) to the office.
        r(Method::GET, "/quan-tri/kien-nghi/trung-lap", PetitionOffice),
        Route {
            body: Some("lead=5&members=5"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/trung-lap/gop",
                PetitionOffice,
            )
        },
        Route {
            body: Some("members=5&members=6"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/trung-lap/bo-qua",
                PetitionOffice,
            )
        },
        r(Method::GET, "/quan-tri/kien-nghi/linh-vuc", PetitionOffice),
        Route {
            body: Some("name=L%C4%A9nh+v%E1%BB%B1c+th%E1%BB%AD&slug="),
            ..r(Method::POST, "/quan-tri/kien-nghi/linh-vuc", PetitionOffice)
        },
        r(
            Method::GET,
            "/quan-tri/hoat-dong/{meeting}/kien-nghi",
            PetitionOffice,
        ),
        Route {
            body: Some("title=Ki%E1%BA%BFn+ngh%E1%BB%8B+th%E1%BB%AD+quy%E1%BB%81n&voters=2"),
            ..r(
                Method::POST,
                "/quan-tri/hoat-dong/{meeting}/kien-nghi/moi",
                PetitionOffice,
            )
        },
        // Petition follow-up: the supervision filter, deadline rules (the council admin's),
        // the import form, field edits, responder removal, extensions and follow-ups.
        r(
            Method::GET,
            "/quan-tri/kien-nghi?loc=giam-sat",
            PetitionDesk,
        ),
        r(Method::GET, "/quan-tri/kien-nghi/thoi-han", Admins),
        Route {
            body: Some("field=&answer_days=20&very_overdue_after=15"),
            ..r(Method::POST, "/quan-tri/kien-nghi/thoi-han", Admins)
        },
        r(Method::GET, "/quan-tri/kien-nghi/nhap", PetitionOffice),
        // Not multipart: the office gets 400/415, everyone else is refused first.
        r(Method::POST, "/quan-tri/kien-nghi/nhap", PetitionOffice),
        Route {
            body: Some("move_to=sideways"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/linh-vuc/1",
                PetitionOffice,
            )
        },
        r(
            Method::POST,
            "/quan-tri/kien-nghi/co-quan/1/nguoi-tra-loi/999999/xoa",
            PetitionOffice,
        ),
        Route {
            body: Some(
                "reason=C%E1%BA%A7n+th%C3%AAm+th%E1%BB%9Di+gian+kh%E1%BA%A3o+s%C3%A1t&extra_days=5",
            ),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/{petition}/gia-han",
                LinkedResponder,
            )
        },
        Route {
            body: Some("decision=grant"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/{petition}/gia-han/quyet-dinh",
                PetitionOffice,
            )
        },
        Route {
            body: Some("kind=supervision&note=Theo+d%C3%B5i+ti%E1%BA%BFp"),
            ..r(
                Method::POST,
                "/quan-tri/kien-nghi/{petition}/giam-sat",
                PetitionOffice,
            )
        },
        r(Method::GET, "/quan-tri/lich-nghi", Admins),
        Route {
            body: Some("day=02%2F01%2F2030&kind=day_off&reason=Ng%C3%A0y+ngh%E1%BB%89+th%E1%BB%AD"),
            ..r(Method::POST, "/quan-tri/lich-nghi", Admins)
        },
        r(Method::POST, "/quan-tri/lich-nghi/2030-01-02/xoa", Admins),
        // Petitions on the public site, open to everyone. The form is posted without its signed
        // render time: anonymous callers are refused as too fast (422, not a denial), accounts
        // are not held to that check (303); tracking with an unknown code is refused beside its
        // field (422).
        r(Method::GET, "/kien-nghi/gui", Everyone),
        Route {
            body: Some(
                "title=Ki%E1%BA%BFn+ngh%E1%BB%8B+%C4%91%E1%BB%83+th%E1%BB%AD+quy%E1%BB%81n&body=N%E1%BB%99i+dung+ki%E1%BA%BFn+ngh%E1%BB%8B+g%E1%BB%ADi+tr%E1%BB%B1c+tuy%E1%BA%BFn+%C4%91%E1%BB%83+th%E1%BB%AD+quy%E1%BB%81n&name=Ng%C6%B0%E1%BB%9Di+th%E1%BB%AD&email={email}&consent=on",
            ),
            ..r(Method::POST, "/kien-nghi/gui", Everyone)
        },
        r(
            Method::GET,
            "/kien-nghi/da-gui?ma=KN-0000-0000-0000",
            Everyone,
        ),
        r(Method::GET, "/kien-nghi/theo-doi", Everyone),
        Route {
            body: Some("ma=KN-0000-0000-0000&lien_he=khong-co%40example.vn"),
            ..r(Method::POST, "/kien-nghi/theo-doi", Everyone)
        },
        Route {
            body: Some("ma=KN-0000-0000-0000&lien_he=khong-co%40example.vn"),
            ..r(Method::POST, "/kien-nghi/theo-doi/du-lieu", Everyone)
        },
        Route {
            body: Some("ma=KN-0000-0000-0000&lien_he=khong-co%40example.vn&xac_nhan=on"),
            ..r(Method::POST, "/kien-nghi/theo-doi/xoa", Everyone)
        },
        r(Method::GET, "/kien-nghi/{petition}", Everyone),
        r(Method::GET, "/kien-nghi?trang_thai=closed", Everyone),
        // Petition figures: public pages and API; the office's dashboard and reports.
        r(Method::GET, "/kien-nghi/co-quan", Everyone),
        r(Method::GET, "/kien-nghi/co-quan/so-xay-dung", Everyone),
        r(Method::GET, "/kien-nghi/linh-vuc", Everyone),
        r(Method::GET, "/kien-nghi/linh-vuc/giao-thong", Everyone),
        r(Method::GET, "/api/v1/petitions/stats", Everyone),
        r(Method::GET, "/api/v1/petitions/stats?by=field", Everyone),
        r(Method::GET, "/quan-tri/kien-nghi/thong-ke", PetitionOffice),
        r(
            Method::GET,
            "/quan-tri/kien-nghi/thong-ke?tu=2026-01&den=2026-06",
            PetitionOffice,
        ),
        r(Method::GET, "/quan-tri/kien-nghi/bao-cao", PetitionOffice),
        r(
            Method::GET,
            "/quan-tri/kien-nghi/bao-cao/{session}/tong-hop/docx",
            PetitionOffice,
        ),
        r(
            Method::GET,
            "/quan-tri/kien-nghi/bao-cao/{session}/tra-loi/xlsx",
            PetitionOffice,
        ),
        r(
            Method::GET,
            "/quan-tri/kien-nghi/bao-cao/tai-ve?ky-hop={session}&loai=tong-hop&dinh-dang=docx&so=12&ngay=05%2F12%2F2026",
            PetitionOffice,
        ),
    ]
}

/// Articles the matrix acts on: each call gets its own, so one role's action cannot change
/// what the next role meets.
struct Desk {
    author: caunoi_app::Ctx,
    editor: caunoi_app::Ctx,
    published: String,
    published_id: i64,
}

impl Desk {
    async fn new(t: &TestApp) -> Desk {
        let ctx_of = |role: Role| async move {
            let email = t.with_user(role, None).await;
            let mut tx = t.app.db.read().await.unwrap();
            let id = caunoi_store::users::find_by_email(&mut tx, &email)
                .await
                .unwrap()
                .unwrap()
                .id;
            caunoi_app::Ctx::new(
                caunoi_app::auth::actor_for_user(&mut tx, id, email)
                    .await
                    .unwrap(),
            )
        };
        let page = caunoi_app::articles::public::list(&t.app, &Default::default(), 1, 1)
            .await
            .unwrap();
        let a = &page.items[0];
        Desk {
            author: ctx_of(Role::Contributor).await,
            editor: ctx_of(Role::Editor).await,
            published: format!("{}/{}-{}", a.category_slug, a.slug, a.id),
            published_id: a.id,
        }
    }

    async fn fresh(&self, t: &TestApp, approved: bool) -> i64 {
        use caunoi_app::articles::desk::{self, ActInput};
        use caunoi_domain::article::ArticleAction;
        let d = caunoi_app::articles::Draft {
            title: "Bài để thử quyền".into(),
            body: "Nội dung".into(),
            category: "ky-hop".into(),
            ..Default::default()
        };
        let id = desk::create(&t.app, &self.author, None, d).await.unwrap();
        desk::act(
            &t.app,
            &self.author,
            id,
            ArticleAction::Submit,
            ActInput::default(),
        )
        .await
        .unwrap();
        if approved {
            desk::act(
                &t.app,
                &self.editor,
                id,
                ArticleAction::Approve,
                ActInput::default(),
            )
            .await
            .unwrap();
        }
        id
    }

    async fn path(&self, t: &TestApp, path: &str) -> String {
        let path = if path.contains("{meeting}") {
            let mut tx = t.app.db.read().await.unwrap();
            let filter = caunoi_store::events::EventFilter {
                kind: Some("voter_meeting".into()),
                ..Default::default()
            };
            let first = caunoi_store::events::list(&mut tx, &filter, 1, 1)
                .await
                .unwrap()
                .items[0]
                .id;
            path.replace("{meeting}", &first.to_string())
        } else {
            path.to_owned()
        };
        let path = if path.contains("{session}") {
            let mut tx = t.app.db.read().await.unwrap();
            let filter = caunoi_store::events::EventFilter {
                kind: Some("session".into()),
                ..Default::default()
            };
            let first = caunoi_store::events::list(&mut tx, &filter, 1, 1)
                .await
                .unwrap()
                .items[0]
                .id;
            path.replace("{session}", &first.to_string())
        } else {
            path
        };
        let path = path.as_str();
        let mut p = path
            .replace("{published}", &self.published)
            .replace("{id}", &self.published_id.to_string());
        if p.contains("{article}") {
            p = p.replace("{article}", &self.fresh(t, false).await.to_string());
        }
        if p.contains("{approved}") {
            p = p.replace("{approved}", &self.fresh(t, true).await.to_string());
        }
        p
    }
}

fn concrete(path: &str) -> String {
    path.replace("{code}", "01")
        .replace("/tokens/{id}", "/tokens/999999")
        // Demo ids: the first delegate, and the first event and resolution when there are any.
        .replace("/delegates/{id}", "/delegates/1")
        .replace("/events/{id}", "/events/1")
        .replace("/resolutions/{id}", "/resolutions/1")
        .replace("/petitions/{id}", "/petitions/5")
        .replace("/kien-nghi/{petition}", "/kien-nghi/5")
        .replace("{file_id}", "999999")
}

#[allow(clippy::too_many_arguments)]
async fn call(
    t: &TestApp,
    desk: &Desk,
    who: Who,
    client: &reqwest::Client,
    token: Option<&str>,
    route: &Route,
    n: usize,
) -> u16 {
    let api = route.path.starts_with("/api/");
    let path = desk.path(t, &concrete(route.path)).await;
    let mut req = client.request(route.method.clone(), t.at(&path));
    if let (true, Some(tok)) = (api, token) {
        req = req.bearer_auth(tok);
    }
    // Browsers send the form content type even for a button with no fields.
    if route.body.is_none() && route.method == Method::POST && !api {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    if let Some(body) = route.body {
        let body = body.replace(
            "{email}",
            &format!("moi{n}-{who:?}@test.caunoi.vn")
                .to_lowercase()
                .replace(['(', ')'], ""),
        );
        req = if api {
            req.header("content-type", "application/json").body(body)
        } else {
            req.header("content-type", "application/x-www-form-urlencoded")
                .body(body)
        };
    }
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    // Someone else's article is not acknowledged to those who may not see it.
    if status == 404 && (route.path.contains("{article}") || route.path.contains("{approved}")) {
        return 403;
    }
    // Someone else's article is not acknowledged to those who may not see it.
    if status == 404 && (route.path.contains("{article}") || route.path.contains("{approved}")) {
        return 403;
    }
    // A petition is not acknowledged to those with no part in it (an agency it was not sent to);
    // a missing answer file is "not found" to those who may remove files.
    let missing_file = route.path.contains("{file_id}");
    if status == 404 && route.path.starts_with("/api/v1/petitions/{id}/") && !missing_file {
        return 403;
    }
    if status == 404 && route.path.contains("{petition}") && !missing_file {
        return 403;
    }
    if status == 303 {
        let to = resp.headers()["location"].to_str().unwrap();
        // Pages send people who must sign in to the sign-in page.
        if to.starts_with("/dang-nhap") {
            return 401;
        }
    }
    status
}

both_engines!(
    every_route_for_every_role,
    Data::Demo,
    |t: TestApp| async move {
        let desk = Desk::new(&t).await;
        let mut actors = vec![(Who::Anonymous, t.client(), None)];
        for role in Role::ALL {
            let email = t.with_user(role, None).await;
            let c = t.client();
            t.sign_in(&c, &email, PASSWORD).await;
            let token = caunoi_app::accounts::create_token(
                &t.app,
                &caunoi_app::Ctx::operator(),
                Some(&email),
                "matrix",
            )
            .await
            .unwrap()
            .0;
            actors.push((Who::Role(role), c, Some(token)));
        }
        let mut failures = Vec::new();
        for (n, route) in routes().iter().enumerate() {
            for (who, client, token) in &actors {
                // Sign-out would end the session the rest of the matrix uses; it runs last below.
                if route.path == "/dang-xuat" {
                    continue;
                }
                let status = call(&t, &desk, *who, client, token.as_deref(), route, n).await;
                let denied = matches!(status, 401 | 403);
                if route.allow.admits(*who) == denied {
                    failures.push(format!(
                        "{} {} as {who:?}: {status}",
                        route.method, route.path
                    ));
                }
                if status >= 500 {
                    failures.push(format!(
                        "{} {} as {who:?}: server error {status}",
                        route.method, route.path
                    ));
                }
            }
        }
        for (who, client, token) in &actors {
            let sign_out = routes()
                .into_iter()
                .find(|r| r.path == "/dang-xuat")
                .unwrap();
            let status = call(&t, &desk, *who, client, token.as_deref(), &sign_out, 0).await;
            assert_eq!(status, 303, "sign-out as {who:?}");
        }
        assert!(
            failures.is_empty(),
            "permission matrix failures:\n{}",
            failures.join("\n")
        );
    }
);

/// The matrix must list every API operation the OpenAPI document publishes.
#[tokio::test]
async fn matrix_covers_every_api_operation() {
    let t = TestApp::sqlite(Data::Units).await;
    let (_, doc) = t.json("/api/v1/openapi.json").await;
    let listed: BTreeSet<(String, String)> = routes()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/") && r.path != "/api/v1/openapi.json")
        .map(|r| {
            // The matrix's fixtures name the same operation as the document does.
            let path = r
                .path
                .split('?')
                .next()
                .unwrap_or(r.path)
                .replace("{article}", "{id}")
                .replace("{approved}", "{id}")
                .replace("/{id}/approve", "/{id}/{action}")
                .replace("/{id}/publish", "/{id}/{action}");
            (r.method.as_str().to_lowercase(), path)
        })
        .collect();
    let mut published = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            published.insert((method.clone(), path.clone()));
        }
    }
    assert_eq!(listed, published);
}
