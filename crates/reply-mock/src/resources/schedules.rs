//! Schedules (one default per team, linked holiday calendars), holiday
//! calendar CSV export, and copies of templates and AI SDR resources.

use serde_json::{Value, json};

use super::catalog::resource;
use super::crud;
use crate::answer::Answer;
use crate::state::{Ctx, State};
use crate::store::int;
use reply_core::OperationId as Op;

pub(super) fn handle(state: &mut State, ctx: &Ctx) -> Option<Answer> {
    let id = ctx.input.path_id("id");
    let answer = match ctx.op.key {
        Op::SetDefaultSchedule => {
            for schedule in state.store.all_mut("schedules") {
                let mine = int(schedule, "id") == Some(id);
                if mine || int(schedule, "_team") == Some(ctx.who.team_id) {
                    schedule["isDefault"] = json!(mine);
                }
            }
            Ok(Answer::empty(204))
        }
        Op::ListScheduleHolidayCalendars => {
            let items = linked(state, id).into_iter().filter_map(|c| state.store.get("holiday-calendars", c));
            Ok(crud::page(ctx, items))
        }
        Op::LinkHolidayCalendarToSchedule => {
            let calendar = ctx.input.member("calendarId").as_i64().unwrap_or_default();
            crud::get(state, ctx, resource("holiday-calendars"), calendar).map(|_| ()).map(|()| {
                let mut calendars = linked(state, id);
                if !calendars.contains(&calendar) {
                    calendars.push(calendar);
                }
                set_links(state, id, calendars);
                Answer::json(201, json!({}))
            })
        }
        Op::UnlinkHolidayCalendarFromSchedule => {
            let calendar = ctx.input.path_id("calendarId");
            let calendars = linked(state, id);
            if calendars.contains(&calendar) {
                set_links(state, id, calendars.into_iter().filter(|c| *c != calendar).collect());
                Ok(Answer::empty(204))
            } else {
                Err(Answer::not_found(
                    "holidayCalendar.notFound",
                    format!("calendar {calendar} is not linked to schedule {id}"),
                ))
            }
        }
        Op::ExportHolidayCalendarCsv => {
            let doc = state.store.get("holiday-calendars", id).cloned().unwrap_or_default();
            let mut csv = String::from("name,startDate,endDate\n");
            for holiday in doc["holidays"].as_array().into_iter().flatten() {
                let field = |k: &str| holiday[k].as_str().unwrap_or_default().replace('"', "\"\"");
                csv.push_str(&format!("\"{}\",{},{}\n", field("name"), field("startDate"), field("endDate")));
            }
            Ok(Answer::raw(200, "text/csv", csv.into_bytes()))
        }
        Op::CloneEmailTemplate => copy(state, ctx, "email-templates"),
        Op::DuplicateKnowledgeBase => copy(state, ctx, "knowledge-bases"),
        Op::DuplicateOffer => copy(state, ctx, "offers"),
        Op::DuplicatePlaybook => copy(state, ctx, "playbooks"),
        Op::DuplicateReengagementFlow => copy(state, ctx, "reengagement-flows"),
        _ => return None,
    };
    Some(answer.unwrap_or_else(|a| a))
}

fn linked(state: &State, schedule: i64) -> Vec<i64> {
    let doc = state.store.get("schedules", schedule);
    doc.and_then(|d| d["_calendars"].as_array()).into_iter().flatten().filter_map(Value::as_i64).collect()
}

fn set_links(state: &mut State, schedule: i64, calendars: Vec<i64>) {
    if let Some(doc) = state.store.get_mut("schedules", schedule) {
        doc["_calendars"] = json!(calendars);
    }
}

/// Copies the item the path names, named "… (copy)".
fn copy(state: &mut State, ctx: &Ctx, collection: &str) -> Result<Answer, Answer> {
    let res = resource(collection);
    let key = crud::find(state, ctx, res)?;
    let mut doc = state.store.get(collection, key).cloned().unwrap_or_default();
    if let Some(name) = doc["name"].as_str() {
        doc["name"] = json!(format!("{name} (copy)"));
    }
    if let Value::Object(members) = &mut doc {
        members.remove("_key");
        if members.contains_key("isDefault") {
            members.insert("isDefault".into(), json!(false));
        }
    }
    let copy = crud::insert(state, res, doc);
    Ok(crud::reply(state, ctx, res, copy))
}
