//! The safe workflows of `reply_client::workflows`, each one delegation in a
//! blocking and an asyncio flavour. Arguments arrive as JSON-like Python
//! values, answers leave as plain dicts and tuples that `reply/_workflows.py`
//! wraps in typed results; refusals become `reply` exceptions through
//! [`crate::errors::workflow_to_pyerr`].

use std::future::Future;

use pyo3::prelude::*;
use pyo3::types::PyList;
use reply_client::models::ContactsImportRequestItemsItem;
use reply_client::workflows::{EnrolOptions, EnrolTarget, IfAlready, OnExisting, StartStep};
use reply_client::{Error, WorkflowError};
use serde_json::Value;

use crate::client::NativeClient;
use crate::convert::{from_py, to_py};
use crate::errors::workflow_to_pyerr;

/// What a workflow answers, converted to Python once the GIL is held.
enum Answer {
    One(Value),
    /// `ensure_many`: a value or a refusal per person.
    Each(Vec<Result<Value, WorkflowError>>),
}

struct Outcome(Result<Answer, WorkflowError>);

impl<'py> IntoPyObject<'py> for Outcome {
    type Target = PyAny;
    type Output = Bound<'py, PyAny>;
    type Error = PyErr;

    fn into_pyobject(self, py: Python<'py>) -> PyResult<Self::Output> {
        match self.0 {
            Ok(Answer::One(value)) => to_py(py, &value),
            Ok(Answer::Each(answers)) => {
                let list = PyList::empty(py);
                for answer in answers {
                    match answer {
                        Ok(value) => list.append(to_py(py, &value)?)?,
                        // A refusal is handed back as the exception object, not raised.
                        Err(e) => list.append(workflow_to_pyerr(py, e).into_value(py))?,
                    }
                }
                Ok(list.into_any())
            }
            Err(e) => Err(workflow_to_pyerr(py, e)),
        }
    }
}

/// Runs the workflow: blocking with the GIL released, or as an awaitable.
fn run<'py>(
    py: Python<'py>,
    asynchronous: bool,
    fut: impl Future<Output = Result<Answer, WorkflowError>> + Send + 'static,
) -> PyResult<Bound<'py, PyAny>> {
    crate::logs::refresh(py);
    if asynchronous {
        crate::exit::used_async();
        pyo3_async_runtimes::tokio::future_into_py(py, async move { Ok(Outcome(fut.await)) })
    } else {
        let answer = py.detach(|| pyo3_async_runtimes::tokio::get_runtime().block_on(fut));
        Outcome(answer).into_pyobject(py)
    }
}

fn person(value: Value) -> Result<ContactsImportRequestItemsItem, WorkflowError> {
    serde_json::from_value(value)
        .map_err(|e| WorkflowError::InvalidInput(format!("a person must be a contact import item: {e}")))
}

fn on_existing(name: &str) -> Result<OnExisting, WorkflowError> {
    match name {
        "fill_empty" => Ok(OnExisting::FillEmpty),
        "overwrite" => Ok(OnExisting::Overwrite),
        "keep" => Ok(OnExisting::Keep),
        other => Err(WorkflowError::InvalidInput(format!(
            "on_existing must be fill_empty, overwrite or keep, not `{other}`"
        ))),
    }
}

/// An int is a contact id, a str an address, anything else a person.
fn target(item: &Bound<'_, PyAny>) -> PyResult<Result<EnrolTarget, WorkflowError>> {
    Ok(match from_py(item)? {
        Value::Number(n) if n.is_i64() => Ok(EnrolTarget::Id(n.as_i64().unwrap_or_default())),
        Value::String(email) => Ok(EnrolTarget::Email(email)),
        other => person(other).map(|p| EnrolTarget::Person(Box::new(p))),
    })
}

/// The engine client; a view with options of its own is refused rather than its options dropped.
fn client(native: &NativeClient) -> Result<reply_client::Client, WorkflowError> {
    if native.has_own_options() {
        let why =
            "the safe workflows use the client's own settings; call them on the client, not a with_options() view";
        return Err(Error::Config(why.into()).into());
    }
    native.client().map_err(WorkflowError::from)
}

#[pyfunction]
pub fn find_by_email<'py>(
    py: Python<'py>,
    native: &NativeClient,
    email: String,
    asynchronous: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let client = client(native);
    run(py, asynchronous, async move {
        let found = client?.contacts().find_by_email(&email).await?;
        Ok(Answer::One(serde_json::to_value(found).map_err(|e| Error::Config(e.to_string()))?))
    })
}

#[pyfunction]
pub fn ensure<'py>(
    py: Python<'py>,
    native: &NativeClient,
    people: &Bound<'py, PyList>,
    on_existing: &str,
    asynchronous: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let client = client(native);
    let people: Vec<Value> = people.iter().map(|p| from_py(&p)).collect::<PyResult<_>>()?;
    let mode = self::on_existing(on_existing);
    run(py, asynchronous, async move {
        let (client, mode) = (client?, mode?);
        // Each person is read on its own, so one malformed person is refused alone.
        let mut answers: Vec<Option<Result<Value, WorkflowError>>> = Vec::with_capacity(people.len());
        let mut valid = Vec::new();
        for value in people {
            match person(value) {
                Ok(p) => {
                    valid.push(p);
                    answers.push(None);
                }
                Err(e) => answers.push(Some(Err(e))),
            }
        }
        let mut settled = client.contacts().ensure_many(valid, mode).await.into_iter();
        let each = answers
            .into_iter()
            .map(|a| a.unwrap_or_else(|| settled.next().expect("one answer per person").map(|e| e.to_json())))
            .collect();
        Ok(Answer::Each(each))
    })
}

#[pyfunction]
#[pyo3(signature = (native, sequence_id, contacts, *, start_step, start_step_id, ignore_step_delay, if_already,
    remove_from_existing, asynchronous))]
#[allow(clippy::too_many_arguments)]
pub fn enrol<'py>(
    py: Python<'py>,
    native: &NativeClient,
    sequence_id: i64,
    contacts: &Bound<'py, PyList>,
    start_step: Option<u32>,
    start_step_id: Option<i64>,
    ignore_step_delay: bool,
    if_already: &str,
    remove_from_existing: bool,
    asynchronous: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let client = client(native);
    let targets: Vec<Result<EnrolTarget, WorkflowError>> =
        contacts.iter().map(|c| target(&c)).collect::<PyResult<_>>()?;
    let options = (|| {
        let start_step = match (start_step, start_step_id) {
            (Some(_), Some(_)) => {
                return Err(WorkflowError::InvalidInput("give start_step or start_step_id, not both".into()));
            }
            (Some(position), None) => Some(StartStep::Position(position)),
            (None, Some(id)) => Some(StartStep::Id(id)),
            (None, None) => None,
        };
        let if_already = match if_already {
            "skip" => IfAlready::Skip,
            "fail" => IfAlready::Fail,
            other => {
                return Err(WorkflowError::InvalidInput(format!("if_already must be skip or fail, not `{other}`")));
            }
        };
        Ok(EnrolOptions { start_step, ignore_step_delay, if_already, remove_from_existing })
    })();
    run(py, asynchronous, async move {
        let targets = targets.into_iter().collect::<Result<Vec<_>, _>>()?;
        let answer = client?.sequences().enrol(sequence_id, targets, options?).await?;
        Ok(Answer::One(answer.to_json()))
    })
}

#[pyfunction]
pub fn resolve<'py>(
    py: Python<'py>,
    native: &NativeClient,
    sequence_id: i64,
    position: u32,
    asynchronous: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let client = client(native);
    run(py, asynchronous, async move {
        Ok(Answer::One(Value::from(client?.sequence_steps().resolve(sequence_id, position).await?)))
    })
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(find_by_email, m)?)?;
    m.add_function(wrap_pyfunction!(ensure, m)?)?;
    m.add_function(wrap_pyfunction!(enrol, m)?)?;
    m.add_function(wrap_pyfunction!(resolve, m)?)?;
    Ok(())
}
