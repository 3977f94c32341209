//! The safe workflows as commands beside the generated ones:
//! `reply contacts find`, `reply contacts ensure` and `reply sequences enrol`.
//! Each prints one row per contact in the chosen format and exits
//! [`EXIT_NOT_AS_ASKED`](crate::failure::EXIT_NOT_AS_ASKED) when a contact did
//! not get the outcome asked for.

mod input;

use std::path::PathBuf;

use clap::{Arg, ArgAction, ArgGroup, ArgMatches, Command, value_parser};
use reply_client::WorkflowError;
use reply_client::workflows::{
    EnrolOptions, EnrolProgress, EnrolReport, EnrolStage, EnrolTarget, Ensured, IfAlready, OnExisting, StartStep,
};
use reply_core::models::ContactsImportRequestItemsItem;
use serde_json::{Map, Value, json};

use crate::failure::Failure;
use crate::globals::Globals;
use crate::output::Printer;

/// The person members `contacts ensure` takes as flags (the rest come by CSV).
const PERSON_FLAGS: [(&str, &str); 4] =
    [("first-name", "firstName"), ("last-name", "lastName"), ("company", "company"), ("title", "title")];

/// Adds the workflow commands to the generated resource commands they belong to.
pub fn extend(resource: Command) -> Command {
    match resource.get_name() {
        "contacts" => resource.subcommand(find_command()).subcommand(ensure_command()),
        "sequences" => resource.subcommand(enrol_command()),
        _ => resource,
    }
}

/// Whether `reply RESOURCE METHOD` is a workflow command.
pub fn handles(resource: &str, m: &ArgMatches) -> bool {
    matches!((resource, m.subcommand_name()), ("contacts", Some("find" | "ensure")) | ("sequences", Some("enrol")))
}

pub async fn run(resource: &str, m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let (method, sub) = m.subcommand().expect("a method is required");
    match (resource, method) {
        ("contacts", "find") => find(sub, globals).await,
        ("contacts", "ensure") => ensure(sub, globals).await,
        ("sequences", "enrol") => enrol(sub, globals).await,
        _ => unreachable!("`handles` chose this command"),
    }
}

fn find_command() -> Command {
    Command::new("find")
        .about("Find the one contact with exactly this email address (safe workflow)")
        .long_about(
            "Find the one contact whose address is exactly EMAIL, ignoring case. Reply's search matches by \
             containment (ann@example.com also finds joann@example.com); this compares addresses itself and \
             refuses when Reply holds two contacts with the address or the candidates do not fit in 5 pages \
             of 100.\n\nExit codes: 0 found, 5 no such contact, 1 refused (ambiguous or incomplete).",
        )
        .arg(Arg::new("email").long("email").value_name("EMAIL").required(true).help("The address to look up"))
}

fn ensure_command() -> Command {
    let mut cmd = Command::new("ensure")
        .about("Create a contact or match the one with this email, never blanking a member (safe workflow)")
        .long_about(
            "Create a contact or match the one Reply holds under the email, through the import endpoint: \
             unlike `contacts create`, it never blanks a member you did not send. By default only empty \
             members are filled (--on-existing fill-empty); `overwrite` replaces the members sent; `keep` \
             changes nothing.\n\nReply requires a first name on every import, also for a contact it already \
             holds: without --first-name the contact's own is used, and a new address needs one.\n\n\
             --from-csv FILE takes a header row of contact members (email, firstName, lastName, company, \
             title, ...); empty cells are left out.\n\nExit codes: 0 every person ensured, 5 some were refused \
             (see each row's code).",
        )
        .arg(Arg::new("email").long("email").value_name("EMAIL").help("The contact's address"))
        .arg(
            Arg::new("from-csv")
                .long("from-csv")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .conflicts_with("email")
                .help("Ensure every person of a CSV file (header row of contact members)"),
        )
        .group(ArgGroup::new("people").args(["email", "from-csv"]).required(true))
        .arg(
            Arg::new("on-existing")
                .long("on-existing")
                .value_name("MODE")
                .value_parser(["fill-empty", "overwrite", "keep"])
                .default_value("fill-empty")
                .help("What to do with a contact Reply already holds"),
        );
    for (flag, member) in PERSON_FLAGS {
        cmd = cmd.arg(
            Arg::new(flag).long(flag).value_name("TEXT").requires("email").help(format!("The contact's `{member}`")),
        );
    }
    cmd
}

fn enrol_command() -> Command {
    Command::new("enrol")
        .about("Enrol contacts, never moving or double-enrolling one, with a result per contact (safe workflow)")
        .long_about(
            "Enrol contacts in a sequence safely: who is already in the sequence is read first and never sent \
             (Reply would move them forward silently), removeFromExisting is always sent (false unless \
             --remove-from-existing), a batch whose outcome is unknown is settled by reading the sequence \
             back, and every contact gets a result: enrolled, already_in_sequence, opted_out, blacklisted, \
             not_found or failed (with Reply's code).\n\nContacts come by id, by email (an existing contact) or \
             from a CSV file: a row with an `id` is that contact, a row with only an `email` the existing \
             contact with that address, a row with more members a person created or matched first.\n\n\
             Exit codes: 0 every contact got the asked outcome (already_in_sequence counts with \
             --if-already skip), 5 some did not.",
        )
        .arg(
            Arg::new("sequence")
                .required(true)
                .value_name("SEQUENCE")
                .value_parser(value_parser!(i64))
                .help("Sequence id"),
        )
        .arg(
            Arg::new("contact-id")
                .long("contact-id")
                .value_name("ID")
                .action(ArgAction::Append)
                .value_delimiter(',')
                .value_parser(value_parser!(i64))
                .help("A contact id (repeat, or separate with commas)"),
        )
        .arg(
            Arg::new("email")
                .long("email")
                .value_name("EMAIL")
                .action(ArgAction::Append)
                .value_delimiter(',')
                .help("The address of an existing contact (repeat, or separate with commas)"),
        )
        .arg(
            Arg::new("from-csv")
                .long("from-csv")
                .value_name("FILE")
                .value_parser(value_parser!(PathBuf))
                .help("Contacts from a CSV file (id, email, or person columns)"),
        )
        .group(ArgGroup::new("contacts").args(["contact-id", "email", "from-csv"]).required(true).multiple(true))
        .arg(
            Arg::new("start-step")
                .long("start-step")
                .value_name("N")
                .value_parser(value_parser!(u32).range(1..))
                .help("Start at the N-th step (refused where branches make N ambiguous)"),
        )
        .arg(
            Arg::new("start-step-id")
                .long("start-step-id")
                .value_name("ID")
                .value_parser(value_parser!(i64))
                .conflicts_with("start-step")
                .help("Start at this step id"),
        )
        .arg(
            Arg::new("if-already")
                .long("if-already")
                .value_name("WHAT")
                .value_parser(["skip", "fail"])
                .default_value("skip")
                .help("A contact already in the sequence is left alone; `fail` counts that as a failure"),
        )
        .arg(
            Arg::new("ignore-step-delay")
                .long("ignore-step-delay")
                .action(ArgAction::SetTrue)
                .help("Skip the delay before the first step"),
        )
        .arg(
            Arg::new("remove-from-existing")
                .long("remove-from-existing")
                .action(ArgAction::SetTrue)
                .help("Take the contacts out of their other sequences (off by default)"),
        )
}

async fn find(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let email = m.get_one::<String>("email").expect("required");
    let printer = Printer::new(globals)?;
    let session = crate::context::connect(globals).await?;
    match session.client.contacts().find_by_email(email).await? {
        Some(contact) => printer.print(&serde_json::to_value(&contact).expect("a contact encodes")),
        None => Err(Failure::NotAsAsked(format!("no contact has the address {email}"))),
    }
}

fn on_existing(m: &ArgMatches) -> OnExisting {
    match m.get_one::<String>("on-existing").map(String::as_str) {
        Some("overwrite") => OnExisting::Overwrite,
        Some("keep") => OnExisting::Keep,
        _ => OnExisting::FillEmpty,
    }
}

/// The person the flags describe; without --first-name, the contact Reply holds lends its own.
async fn person_from_flags(
    m: &ArgMatches,
    client: &reply_client::Client,
) -> Result<ContactsImportRequestItemsItem, Failure> {
    let email = m.get_one::<String>("email").expect("the group requires it").clone();
    let mut cells = Map::new();
    cells.insert("email".into(), Value::from(email.as_str()));
    for (flag, member) in PERSON_FLAGS {
        if let Some(value) = m.get_one::<String>(flag) {
            cells.insert(member.into(), Value::from(value.as_str()));
        }
    }
    if !cells.contains_key("firstName") {
        let held = client.contacts().find_by_email(&email).await?;
        let first_name = held.and_then(|c| c.first_name).filter(|n| !n.is_empty()).ok_or_else(|| {
            Failure::Usage(format!(
                "Reply requires a first name to import a contact, and no contact named {email} has one: pass --first-name"
            ))
        })?;
        cells.insert("firstName".into(), Value::from(first_name));
    }
    input::person(cells, "the flags")
}

fn ensured_row(email: &str, answer: &Result<Ensured, WorkflowError>) -> Value {
    match answer {
        Ok(e) => json!({"email": email, "id": e.id, "created": e.created,
                        "outcome": if e.created { "created" } else { "matched" }, "code": null, "detail": null}),
        Err(e) => json!({"email": email, "id": null, "created": false, "outcome": e.kind(), "code": e.code(),
                         "detail": e.to_string()}),
    }
}

async fn ensure(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let from_csv = m.get_one::<PathBuf>("from-csv").map(|p| input::people_from_csv(p)).transpose()?;
    let printer = Printer::new(globals)?;
    let session = crate::context::connect(globals).await?;
    let people = match from_csv {
        Some(people) => people,
        None => vec![person_from_flags(m, &session.client).await?],
    };
    let emails: Vec<String> = people.iter().map(|p| p.email.clone().unwrap_or_default()).collect();
    let bar = crate::progress::waiting(globals.quiet, &format!("ensuring {} contact(s)", people.len()));
    let answers = session.client.contacts().ensure_many(people, on_existing(m)).await;
    bar.finish_and_clear();
    let rows: Vec<Value> = emails.iter().zip(&answers).map(|(email, answer)| ensured_row(email, answer)).collect();
    printer.print(&Value::Array(rows))?;
    let refused = answers.iter().filter(|a| a.is_err()).count();
    if refused > 0 {
        return Err(Failure::NotAsAsked(format!("{refused} of {} contact(s) were not ensured", answers.len())));
    }
    Ok(())
}

fn enrol_options(m: &ArgMatches) -> EnrolOptions {
    let start_step = match (m.get_one::<u32>("start-step"), m.get_one::<i64>("start-step-id")) {
        (Some(position), _) => Some(StartStep::Position(*position)),
        (None, Some(id)) => Some(StartStep::Id(*id)),
        (None, None) => None,
    };
    EnrolOptions {
        start_step,
        ignore_step_delay: m.get_flag("ignore-step-delay"),
        if_already: if m.get_one::<String>("if-already").map(String::as_str) == Some("fail") {
            IfAlready::Fail
        } else {
            IfAlready::Skip
        },
        remove_from_existing: m.get_flag("remove-from-existing"),
    }
}

fn enrol_targets(m: &ArgMatches) -> Result<Vec<EnrolTarget>, Failure> {
    let mut targets: Vec<EnrolTarget> =
        m.get_many::<i64>("contact-id").into_iter().flatten().map(|id| EnrolTarget::Id(*id)).collect();
    targets.extend(m.get_many::<String>("email").into_iter().flatten().map(|e| EnrolTarget::Email(e.clone())));
    if let Some(path) = m.get_one::<PathBuf>("from-csv") {
        targets.extend(input::targets_from_csv(path)?);
    }
    Ok(targets)
}

fn report_rows(report: &EnrolReport) -> Vec<Value> {
    report.results.iter().map(|r| r.to_json()).collect()
}

async fn enrol(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let sequence = *m.get_one::<i64>("sequence").expect("required");
    let targets = enrol_targets(m)?;
    let options = enrol_options(m);
    let printer = Printer::new(globals)?;
    let session = crate::context::connect(globals).await?;
    let bar = crate::progress::bar(globals.quiet, targets.len() as u64, "resolving contacts");
    let mut on_progress = {
        let bar = bar.clone();
        move |p: EnrolProgress| {
            let message = match p.stage {
                EnrolStage::Resolving => "resolving contacts",
                EnrolStage::ReadingMembership => "reading the sequence's contacts",
                EnrolStage::Enrolling => "enrolling",
            };
            bar.set_message(message);
            bar.set_length(p.total as u64);
            bar.set_position(p.done as u64);
        }
    };
    let result = session.client.sequences().enrol_with_progress(sequence, targets, options, &mut on_progress).await;
    bar.finish_and_clear();
    let report = result?;
    printer.print(&Value::Array(report_rows(&report)))?;
    let mut counts: Vec<String> = Vec::new();
    for kind in ["enrolled", "already_in_sequence", "opted_out", "blacklisted", "not_found", "failed"] {
        let n = report.count(kind);
        if n > 0 {
            counts.push(format!("{n} {kind}"));
        }
    }
    if !globals.quiet {
        eprintln!("sequence {sequence}: {}", if counts.is_empty() { "no contacts".into() } else { counts.join(", ") });
    }
    let missed = report.results.iter().filter(|r| !r.as_asked).count();
    if missed > 0 {
        return Err(Failure::NotAsAsked(format!(
            "{missed} of {} contact(s) did not get the asked outcome",
            report.results.len()
        )));
    }
    Ok(())
}
