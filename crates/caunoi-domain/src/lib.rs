//! The council's concepts as types: newtypes that can only exist valid, roles, and who may do what.
//! No IO and no async, so every rule here is tested in isolation.

pub mod article;
pub mod body;
pub mod event;
pub mod fields;
pub mod letterhead;
pub mod lunar;
pub mod permission;
pub mod petition;
pub mod petition_followup;
pub mod resolution;
pub mod role;
pub mod unit;
pub mod vntime;
pub mod workdays;

pub use fields::{Email, FieldError, Password, PersonName, TokenLabel};
pub use permission::{Action, Actor, Grant, Scope, Target};
pub use role::Role;
pub use unit::{AdminUnitKind, CouncilLevel, UnitCode};
