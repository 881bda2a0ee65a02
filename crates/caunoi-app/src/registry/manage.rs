//! Staff forms for the registry: people, their positions, constituencies, photos. Each action
//! checks `ManageRegistry` over the council concerned and is audited with its outbox event.

use crate::accounts::deny;
use crate::record::{self, Change};
use crate::{App, AppError, AppResult, Ctx};
use caunoi_domain::body::{BodyKind, MemberRole};
use caunoi_domain::{Action, FieldError, Target, UnitCode};
use caunoi_store::registry::{self, MembershipFields, PersonFields};
use caunoi_store::{Tx, now, units};
use time::Date;

/// Fails unless the actor may manage the registry of the unit `unit_id` (and below).
pub(crate) async fn check_unit(tx: &mut Tx, ctx: &Ctx, unit_id: i64) -> AppResult<()> {
    let ancestry: Vec<UnitCode> = units::ancestry(tx, unit_id)
        .await?
        .iter()
        .filter_map(|c| UnitCode::parse(c).ok())
        .collect();
    if ctx.actor.may(
        Action::ManageRegistry,
        &Target::Unit {
            ancestry: &ancestry,
        },
    ) {
        Ok(())
    } else {
        Err(deny(ctx))
    }
}

/// Refuses at once those who keep no council's record, before their input is even read, so a
/// refusal never depends on whether the form was filled in well.
pub(crate) fn require_registry_role(ctx: &Ctx) -> AppResult<()> {
    if ctx.actor.may(Action::ManageRegistry, &Target::Anywhere) {
        Ok(())
    } else {
        Err(deny(ctx))
    }
}

/// A person with every position, for the staff's edit page: also someone with no position yet.
pub async fn person_for_staff(
    app: &App,
    ctx: &Ctx,
    id: i64,
) -> AppResult<(registry::Person, Vec<registry::Position>)> {
    let mut tx = app.db.read().await?;
    check_person(&mut tx, ctx, id).await?;
    let person = registry::find_person(&mut tx, id)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let positions = registry::positions_of(&mut tx, id).await?;
    Ok((person, positions))
}

/// A person as the form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PersonInput {
    pub full_name: String,
    #[serde(default)]
    pub birth_year: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub occupation: String,
    #[serde(default)]
    pub workplace: String,
    #[serde(default)]
    pub party: String,
}

fn optional(
    s: &str,
    field: &'static str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let s = vntext::nfc(s.trim());
    if s.chars().count() > max {
        errors.push(FieldError::new(
            field,
            format!("Tối đa {max} ký tự."),
            format!("At most {max} characters."),
        ));
    }
    (!s.is_empty()).then_some(s)
}

/// Checks a person's fields, naming every bad one.
pub(crate) fn person_fields(
    input: &PersonInput,
    this_year: i32,
) -> Result<PersonFields, Vec<FieldError>> {
    let mut errors = Vec::new();
    let full_name = match caunoi_domain::PersonName::parse(&vntext::nfc(&input.full_name)) {
        Ok(n) => n.as_str().to_owned(),
        Err(e) => {
            errors.push(FieldError {
                field: "full_name",
                ..e
            });
            String::new()
        }
    };
    let birth_year = match input.birth_year.trim() {
        "" => None,
        y => match y.parse::<i64>() {
            Ok(y) if (1900..=i64::from(this_year) - 18).contains(&y) => Some(y),
            _ => {
                errors.push(FieldError::new(
                    "birth_year",
                    format!(
                        "Năm sinh là số có 4 chữ số, từ 1900 đến {}.",
                        this_year - 18
                    ),
                    format!(
                        "The birth year is a 4-digit year from 1900 to {}.",
                        this_year - 18
                    ),
                ));
                None
            }
        },
    };
    let gender = match vntext::fold(input.gender.trim()).as_str() {
        "" => None,
        "nam" | "male" => Some("male".to_owned()),
        "nu" | "female" => Some("female".to_owned()),
        _ => {
            errors.push(FieldError::new(
                "gender",
                "Giới tính ghi “Nam” hoặc “Nữ”, hoặc để trống.",
                "Gender is “male” or “female”, or left empty.",
            ));
            None
        }
    };
    let fields = PersonFields {
        full_name,
        birth_year,
        gender,
        ethnicity: optional(&input.ethnicity, "ethnicity", 60, &mut errors),
        occupation: optional(&input.occupation, "occupation", 300, &mut errors),
        workplace: optional(&input.workplace, "workplace", 300, &mut errors),
        party: optional(&input.party, "party", 120, &mut errors),
        photo: None,
    };
    if errors.is_empty() {
        Ok(fields)
    } else {
        Err(errors)
    }
}

/// Creates (`id` = None) or edits a person. Creating needs the right somewhere; editing needs it
/// over one of the councils the person sits in.
pub async fn save_person(
    app: &App,
    ctx: &Ctx,
    id: Option<i64>,
    input: &PersonInput,
) -> AppResult<i64> {
    require_registry_role(ctx)?;
    let fields = person_fields(input, super::today().year()).map_err(AppError::Invalid)?;
    let mut tx = app.db.write().await?;
    let t = now();
    let id = match id {
        None => {
            if !ctx.actor.may(Action::ManageRegistry, &Target::Anywhere) {
                return Err(deny(ctx));
            }
            registry::insert_person(&mut tx, &fields, t).await?
        }
        Some(id) => {
            check_person(&mut tx, ctx, id).await?;
            registry::update_person(&mut tx, id, &fields, t).await?;
            id
        }
    };
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "saved",
            target_kind: "person",
            target_id: Some(id.to_string()),
            unit_id: None,
            details: serde_json::json!({ "full_name": fields.full_name }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// The actor may edit this person: they manage one of the councils the person sits in, or the
/// person holds no position yet and the actor manages some registry.
async fn check_person(tx: &mut Tx, ctx: &Ctx, id: i64) -> AppResult<()> {
    registry::find_person(tx, id)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let positions = registry::positions_of(tx, id).await?;
    if positions.is_empty() {
        return if ctx.actor.may(Action::ManageRegistry, &Target::Anywhere) {
            Ok(())
        } else {
            Err(deny(ctx))
        };
    }
    for p in &positions {
        if check_unit(tx, ctx, p.unit_id).await.is_ok() {
            return Ok(());
        }
    }
    Err(deny(ctx))
}

/// A position as the form sends it.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct PositionInput {
    pub body_id: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: String,
    #[serde(default)]
    pub constituency_id: String,
    #[serde(default)]
    pub full_time: Option<String>,
}

pub(crate) fn parse_date(
    s: &str,
    field: &'static str,
    errors: &mut Vec<FieldError>,
) -> Option<Date> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    match caunoi_domain::vntime::parse_date(s) {
        Some(d) => Some(d),
        None => {
            errors.push(FieldError::new(
                field,
                "Ngày ghi dạng 31/12/2026 hoặc 2026-12-31.",
                "Write the date as 31/12/2026 or 2026-12-31.",
            ));
            None
        }
    }
}

/// Gives a person a seat or position in a body (of a council the actor manages).
pub async fn add_position(
    app: &App,
    ctx: &Ctx,
    person_id: i64,
    input: &PositionInput,
) -> AppResult<i64> {
    require_registry_role(ctx)?;
    let mut errors = Vec::new();
    let body_id = input.body_id.trim().parse::<i64>().ok();
    if body_id.is_none() {
        errors.push(FieldError::new(
            "body_id",
            "Hãy chọn cơ quan.",
            "Choose a body.",
        ));
    }
    let role = match input.role.trim() {
        "" => Some(MemberRole::Member),
        r => r.parse::<MemberRole>().ok(),
    };
    if role.is_none() {
        errors.push(FieldError::new(
            "role",
            "Hãy chọn chức vụ trong danh sách.",
            "Choose a role from the list.",
        ));
    }
    let starts_on = parse_date(&input.starts_on, "starts_on", &mut errors);
    let ends_on = parse_date(&input.ends_on, "ends_on", &mut errors);
    if let (Some(a), Some(b)) = (starts_on, ends_on)
        && b < a
    {
        errors.push(FieldError::new(
            "ends_on",
            "Ngày kết thúc phải sau ngày bắt đầu.",
            "The end date must be after the start date.",
        ));
    }
    let constituency_id = match input.constituency_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.push(FieldError::new(
                    "constituency_id",
                    "Hãy chọn đơn vị bầu cử trong danh sách.",
                    "Choose a constituency from the list.",
                ));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let (body_id, role) = (
        body_id.unwrap_or_default(),
        role.unwrap_or(MemberRole::Member),
    );
    let mut tx = app.db.write().await?;
    registry::find_person(&mut tx, person_id)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let body = registry::find_body(&mut tx, body_id)
        .await?
        .ok_or_else(|| AppError::invalid("body_id", "Không có cơ quan này.", "No such body."))?;
    check_unit(&mut tx, ctx, body.unit_id).await?;
    if let Some(k) = constituency_id {
        let term_constituencies = registry::constituencies(&mut tx, body.term_id).await?;
        if !term_constituencies
            .iter()
            .any(|c| c.id == k && c.organization_id == body.id)
        {
            return Err(AppError::invalid(
                "constituency_id",
                "Đơn vị bầu cử này không thuộc cơ quan đã chọn.",
                "This constituency does not belong to the chosen body.",
            ));
        }
    }
    let t = now();
    let id = match registry::insert_membership(
        &mut tx,
        person_id,
        body_id,
        &MembershipFields {
            role: role.as_str().to_owned(),
            starts_on,
            ends_on,
            constituency_id,
            full_time: input
                .full_time
                .as_deref()
                .is_some_and(|v| !v.is_empty() && v != "false"),
        },
    )
    .await
    {
        Err(caunoi_store::StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "role",
                "Người này đã giữ chức vụ này trong cơ quan đã chọn.",
                "This person already holds this role in the chosen body.",
            ));
        }
        other => other?,
    };
    let kind = body.kind.parse::<BodyKind>().unwrap_or(BodyKind::Council);
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "added",
            target_kind: "position",
            target_id: Some(id.to_string()),
            unit_id: Some(body.unit_id),
            details: serde_json::json!({ "person_id": person_id, "body": body.name, "role": role.title_vi(kind) }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_position(app: &App, ctx: &Ctx, membership_id: i64) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let p = registry::find_position(&mut tx, membership_id)
        .await?
        .ok_or(AppError::NotFound("position"))?;
    check_unit(&mut tx, ctx, p.unit_id).await?;
    registry::delete_membership(&mut tx, membership_id).await?;
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "removed",
            target_kind: "position",
            target_id: Some(membership_id.to_string()),
            unit_id: Some(p.unit_id),
            details: serde_json::json!({ "person_id": p.person_id, "body": p.organization_name }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Records a constituency of a council body (or NA delegation) with the units it covers,
/// given as official codes separated by commas or spaces.
pub async fn add_constituency(
    app: &App,
    ctx: &Ctx,
    body_id: i64,
    number: &str,
    name: &str,
    seats: &str,
    unit_codes: &str,
) -> AppResult<i64> {
    require_registry_role(ctx)?;
    let mut errors = Vec::new();
    let number = number
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=999).contains(n));
    if number.is_none() {
        errors.push(FieldError::new(
            "number",
            "Số đơn vị bầu cử là số từ 1 đến 999.",
            "The constituency number is 1 to 999.",
        ));
    }
    let name = vntext::nfc(name.trim());
    if name.is_empty() || name.chars().count() > 200 {
        errors.push(FieldError::new(
            "name",
            "Tên đơn vị bầu cử là bắt buộc (tối đa 200 ký tự).",
            "A name is required (at most 200 characters).",
        ));
    }
    let seats = seats
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (1..=20).contains(n));
    if seats.is_none() {
        errors.push(FieldError::new(
            "seats",
            "Số đại biểu được bầu là số từ 1 đến 20.",
            "Seats is a number from 1 to 20.",
        ));
    }
    let mut tx = app.db.write().await?;
    let body = registry::find_body(&mut tx, body_id)
        .await?
        .ok_or(AppError::NotFound("body"))?;
    check_unit(&mut tx, ctx, body.unit_id).await?;
    let mut unit_ids = Vec::new();
    for code in unit_codes
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|c| !c.is_empty())
    {
        match units::find_current(&mut tx, code).await? {
            Some(u) => unit_ids.push(u.id),
            None => errors.push(FieldError::new(
                "units",
                format!("Không có đơn vị hành chính hiện hành mã {code}."),
                format!("No administrative unit in force has code {code}."),
            )),
        }
    }
    if unit_ids.is_empty() && errors.iter().all(|e| e.field != "units") {
        errors.push(FieldError::new(
            "units",
            "Nhập mã các xã, phường thuộc đơn vị bầu cử, cách nhau bởi dấu phẩy.",
            "Enter the codes of the communes the constituency covers, separated by commas.",
        ));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let id = match registry::insert_constituency(
        &mut tx,
        body_id,
        number.unwrap_or(1),
        &name,
        seats.unwrap_or(1),
        &unit_ids,
    )
    .await
    {
        Err(caunoi_store::StoreError::Conflict { .. }) => {
            return Err(AppError::invalid(
                "number",
                "Cơ quan này đã có đơn vị bầu cử số này.",
                "This body already has a constituency with this number.",
            ));
        }
        other => other?,
    };
    record::change(
        &mut tx,
        ctx,
        now(),
        Change {
            action: "created",
            target_kind: "constituency",
            target_id: Some(id.to_string()),
            unit_id: Some(body.unit_id),
            details: serde_json::json!({ "name": name, "units": unit_ids.len() }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets a person's photo: checked, stripped of metadata and resized like article images.
pub async fn set_photo(app: &App, ctx: &Ctx, person_id: i64, bytes: Vec<u8>) -> AppResult<String> {
    {
        let mut tx = app.db.read().await?;
        check_person(&mut tx, ctx, person_id).await?;
    }
    let sha = crate::articles::media::store_image(app, bytes).await?;
    let mut tx = app.db.write().await?;
    let person = registry::find_person(&mut tx, person_id)
        .await?
        .ok_or(AppError::NotFound("person"))?;
    let fields = PersonFields {
        full_name: person.full_name,
        birth_year: person.birth_year,
        gender: person.gender,
        ethnicity: person.ethnicity,
        occupation: person.occupation,
        workplace: person.workplace,
        party: person.party,
        photo: Some(sha.clone()),
    };
    let t = now();
    registry::update_person(&mut tx, person_id, &fields, t).await?;
    record::change(
        &mut tx,
        ctx,
        t,
        Change {
            action: "photo_set",
            target_kind: "person",
            target_id: Some(person_id.to_string()),
            unit_id: None,
            details: serde_json::json!({ "sha256": sha }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(sha)
}
