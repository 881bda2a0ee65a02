//! Demo content written for this project: Hà Nội's council and its 126 communes' councils,
//! two terms, the bodies of the current term with made-up delegates, and one account per role.
//! Written only into an empty database.

use crate::accounts::{self, NewUser};
use crate::councils::{create_council_in, create_term_in};
use crate::{App, AppResult, Ctx};
use caunoi_domain::{Role, UnitCode};
use caunoi_store::{councils, now, registry, units, users};
use time::macros::date;

pub const DEMO_UNIT: &str = "01";
pub const DEMO_DOMAIN: &str = "demo.caunoi.vn";

#[derive(Debug, Clone)]
pub struct DemoAccounts {
    pub admin_email: String,
    /// Shown once; every demo account signs in with it.
    pub password: String,
    pub accounts: Vec<(Role, String)>,
}

/// True when nothing but reference data is stored (no accounts, no councils).
pub async fn is_empty(app: &App) -> AppResult<bool> {
    let mut tx = app.db.read().await?;
    Ok(users::count(&mut tx).await? == 0 && councils::count(&mut tx).await? == 0)
}

/// Fills an empty database; returns `None` (and writes nothing) when it is not empty.
pub async fn seed(app: &App) -> AppResult<Option<DemoAccounts>> {
    crate::units::ensure_units(app).await?;
    if !is_empty(app).await? {
        return Ok(None);
    }
    let ctx = Ctx::operator();
    let hanoi = UnitCode::parse(DEMO_UNIT)?;
    let t = now();
    let mut tx = app.db.write().await?;
    let council_id = create_council_in(&mut tx, &ctx, &hanoi).await?;
    create_term_in(
        &mut tx,
        &ctx,
        &hanoi,
        "Khóa XVI, nhiệm kỳ 2021–2026",
        date!(2021 - 06 - 22),
        date!(2026 - 03 - 31),
    )
    .await?;
    let term_id = create_term_in(
        &mut tx,
        &ctx,
        &hanoi,
        "Khóa XVII, nhiệm kỳ 2026–2031",
        date!(2026 - 04 - 01),
        date!(2031 - 03 - 31),
    )
    .await?;
    let communes = units::children(&mut tx, Some(DEMO_UNIT), false, 1, 1000).await?;
    let mut commune_terms = Vec::new();
    for c in &communes.items {
        let code = UnitCode::parse(&c.code)?;
        let commune_council = create_council_in(&mut tx, &ctx, &code).await?;
        let commune_term = create_term_in(
            &mut tx,
            &ctx,
            &code,
            "Nhiệm kỳ 2026–2031",
            date!(2026 - 04 - 01),
            date!(2031 - 03 - 31),
        )
        .await?;
        commune_terms.push((commune_council, commune_term, c.name.clone()));
    }
    seed_bodies(&mut tx, council_id, term_id, t).await?;
    // The first three communes' councils get a few delegates so "who represents me?" shows
    // every level there.
    for (n, (commune_council, commune_term, name)) in commune_terms.iter().take(3).enumerate() {
        seed_commune_council(&mut tx, *commune_council, *commune_term, name, n, t).await?;
    }
    tx.commit().await?;

    let password = crate::auth::new_secret("").0[..16].to_owned();
    let mut accounts = Vec::new();
    for role in Role::ALL {
        let email = format!("{}@{DEMO_DOMAIN}", role.as_str().replace('_', "-"));
        accounts::add_user(
            app,
            &ctx,
            NewUser {
                email: email.clone(),
                name: format!("{} (demo)", role.label_vi()),
                role: role.as_str().into(),
                unit: (role != Role::Admin).then(|| DEMO_UNIT.to_owned()),
                password: password.clone(),
            },
        )
        .await?;
        accounts.push((role, email));
    }
    let as_role = |role: Role| {
        let app = app.clone();
        async move {
            let email = format!("{}@{DEMO_DOMAIN}", role.as_str().replace('_', "-"));
            let mut tx = app.db.read().await?;
            let user = users::find_by_email(&mut tx, &email)
                .await?
                .ok_or(crate::AppError::NotFound("demo account"))?;
            let actor = crate::auth::actor_for_user(&mut tx, user.id, email).await?;
            Ok::<_, crate::AppError>(Ctx::new(actor))
        }
    };
    crate::demo_record::seed(app, &ctx).await?;
    crate::demo_petitions::seed(app, &ctx).await?;
    crate::demo_news::seed(
        app,
        &as_role(Role::Contributor).await?,
        &as_role(Role::Editor).await?,
        &as_role(Role::Publisher).await?,
    )
    .await?;
    Ok(Some(DemoAccounts {
        admin_email: format!("admin@{DEMO_DOMAIN}"),
        password,
        accounts,
    }))
}

async fn seed_commune_council(
    tx: &mut caunoi_store::Tx,
    council_id: i64,
    term_id: i64,
    unit_name: &str,
    n: usize,
    t: time::OffsetDateTime,
) -> AppResult<()> {
    use caunoi_store::registry::{MembershipFields, PersonFields};
    let body = registry::insert_organization(
        tx,
        council_id,
        term_id,
        "council",
        &format!("Hội đồng nhân dân {unit_name} nhiệm kỳ 2026–2031"),
        0,
    )
    .await?;
    for i in 0..5usize {
        let (name, gender) = demo_name(40 + n * 5 + i);
        let person = registry::insert_person(
            tx,
            &PersonFields {
                full_name: name,
                birth_year: Some(1970 + ((i * 3 + n) % 20) as i64),
                gender: Some(gender.to_owned()),
                ethnicity: Some("Kinh".to_owned()),
                occupation: Some(
                    ["Cán bộ", "Giáo viên", "Bác sĩ", "Kỹ sư", "Hưu trí"][i].to_owned(),
                ),
                workplace: None,
                party: None,
                photo: None,
            },
            t,
        )
        .await?;
        let role = match i {
            0 => "chair",
            1 => "vice_chair",
            _ => "member",
        };
        registry::insert_membership(
            tx,
            person,
            body,
            &MembershipFields {
                role: role.to_owned(),
                starts_on: Some(date!(2026 - 04 - 01)),
                ends_on: None,
                constituency_id: None,
                full_time: i < 2,
            },
        )
        .await?;
    }
    Ok(())
}

/// Made-up people: names are combined from common Vietnamese name parts.
fn demo_name(i: usize) -> (String, &'static str) {
    const FAMILY: [&str; 10] = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
    ];
    const GIVEN: [(&str, &str); 16] = [
        ("Thị Minh", "Anh"),
        ("Văn", "Bình"),
        ("Đức", "Cường"),
        ("Thị", "Dung"),
        ("Hương", "Giang"),
        ("Thu", "Hà"),
        ("Văn", "Hải"),
        ("Thị", "Hòa"),
        ("Mạnh", "Hùng"),
        ("Ngọc", "Lan"),
        ("Thành", "Long"),
        ("Thị Tuyết", "Mai"),
        ("Hoài", "Nam"),
        ("Thúy", "Nga"),
        ("Hữu", "Phúc"),
        ("Minh", "Quang"),
    ];
    // 10 and 16 are coprime enough that the first 80 combinations are all different.
    let (middle, given) = GIVEN[(i * 7) % GIVEN.len()];
    let family = FAMILY[i % FAMILY.len()];
    let gender = if middle.contains("Thị") || ["Giang", "Hà", "Lan", "Nga", "Anh"].contains(&given)
    {
        "female"
    } else {
        "male"
    };
    (format!("{family} {middle} {given}"), gender)
}

async fn seed_bodies(
    tx: &mut caunoi_store::Tx,
    council_id: i64,
    term_id: i64,
    t: time::OffsetDateTime,
) -> AppResult<()> {
    use caunoi_store::registry::{MembershipFields, PersonFields};
    let bodies: [(&str, &str); 9] = [
        ("council", "Hội đồng nhân dân Thành phố Hà Nội khóa XVII"),
        ("standing_board", "Thường trực HĐND Thành phố"),
        ("committee", "Ban Pháp chế"),
        ("committee", "Ban Kinh tế – Ngân sách"),
        ("committee", "Ban Văn hóa – Xã hội"),
        ("committee", "Ban Đô thị"),
        ("delegate_group", "Tổ đại biểu số 1"),
        ("office", "Văn phòng Đoàn ĐBQH và HĐND Thành phố"),
        ("na_delegation", "Đoàn đại biểu Quốc hội Thành phố Hà Nội"),
    ];
    let mut ids = Vec::new();
    for (pos, (kind, name)) in bodies.iter().enumerate() {
        ids.push(
            registry::insert_organization(tx, council_id, term_id, kind, name, pos as i64).await?,
        );
    }
    // Constituencies: the communes in code order, in six made-up groups for the council and
    // three for the NA delegation, so "who represents me?" has an answer for every commune.
    let communes = units::children(tx, Some(DEMO_UNIT), false, 1, 1000)
        .await?
        .items;
    let mut council_k = Vec::new();
    for (n, chunk) in communes
        .chunks(communes.len().div_ceil(6).max(1))
        .enumerate()
    {
        let ids_in: Vec<i64> = chunk.iter().map(|u| u.id).collect();
        let name = format!("Đơn vị bầu cử số {}", n + 1);
        council_k.push(
            registry::insert_constituency(tx, ids[0], n as i64 + 1, &name, 4, &ids_in).await?,
        );
    }
    let mut na_k = Vec::new();
    for (n, chunk) in communes
        .chunks(communes.len().div_ceil(3).max(1))
        .enumerate()
    {
        let ids_in: Vec<i64> = chunk.iter().map(|u| u.id).collect();
        let name = format!("Đơn vị bầu cử Quốc hội số {}", n + 1);
        na_k.push(
            registry::insert_constituency(tx, ids[8], n as i64 + 1, &name, 2, &ids_in).await?,
        );
    }
    const JOBS: [(&str, &str); 6] = [
        ("Kỹ sư xây dựng", "Sở Xây dựng Thành phố"),
        ("Bác sĩ", "Bệnh viện đa khoa Thành phố"),
        ("Giáo viên", "Trường THPT Chu Văn An"),
        ("Luật sư", "Đoàn Luật sư Thành phố"),
        ("Cán bộ", "Văn phòng Đoàn ĐBQH và HĐND Thành phố"),
        ("Doanh nhân", "Hiệp hội Doanh nghiệp nhỏ và vừa"),
    ];
    let seat = |role: &str, k: Option<i64>, full_time: bool| MembershipFields {
        role: role.to_owned(),
        starts_on: Some(date!(2026 - 04 - 01)),
        ends_on: None,
        constituency_id: k,
        full_time,
    };
    for i in 0..30usize {
        let (name, gender) = demo_name(i);
        let (occupation, workplace) = JOBS[i % JOBS.len()];
        let person = registry::insert_person(
            tx,
            &PersonFields {
                full_name: name,
                birth_year: Some(1965 + ((i * 5) % 25) as i64),
                gender: Some(gender.to_owned()),
                ethnicity: Some(if i % 7 == 3 { "Mường" } else { "Kinh" }.to_owned()),
                occupation: Some(occupation.to_owned()),
                workplace: Some(workplace.to_owned()),
                party: (i % 5 != 4).then(|| "Đảng Cộng sản Việt Nam".to_owned()),
                photo: None,
            },
            t,
        )
        .await?;
        if i >= 24 {
            // National Assembly deputies of the city's delegation.
            let role = if i == 24 {
                "chair"
            } else if i == 25 {
                "vice_chair"
            } else {
                "member"
            };
            registry::insert_membership(
                tx,
                person,
                ids[8],
                &seat(role, Some(na_k[(i - 24) / 2]), i < 26),
            )
            .await?;
            continue;
        }
        let seat_role = match i {
            0 => "chair",
            1 | 2 => "vice_chair",
            _ => "member",
        };
        registry::insert_membership(
            tx,
            person,
            ids[0],
            &seat(seat_role, Some(council_k[i % council_k.len()]), i < 7),
        )
        .await?;
        if i < 3 {
            registry::insert_membership(tx, person, ids[1], &seat(seat_role, None, true)).await?;
        }
        // Committees: heads are on the standing board; others are spread over the four.
        let committee = ids[2 + (i % 4)];
        let role = if (3..7).contains(&i) {
            "chair"
        } else {
            "member"
        };
        if i >= 3 {
            registry::insert_membership(tx, person, committee, &seat(role, None, i < 7)).await?;
        }
        if (3..7).contains(&i) {
            registry::insert_membership(tx, person, ids[1], &seat("member", None, true)).await?;
        }
        if i % 3 == 0 {
            let role = if i == 0 { "group_head" } else { "member" };
            registry::insert_membership(tx, person, ids[6], &seat(role, None, false)).await?;
        }
    }
    Ok(())
}
