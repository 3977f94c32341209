//! `reply api METHOD PATH`: any endpoint by method and path. A path of the
//! operation table goes through the same dynamic pipeline as the resource
//! commands, so its body is checked and reporting calls draw from the stricter
//! budget; any other path under the API (one newer than this release) is sent
//! as the engine's raw request, a write when the method is not GET or HEAD.
//! Either way writes are never retried blindly.

use clap::ArgMatches;
use reply_client::{DynamicBody, RequestOptions};
use reply_core::Method;
use reply_core::operation::OperationInfo;
use reply_core::route::{Route, query_decode};
use serde_json::{Map, Value};

use crate::failure::Failure;
use crate::globals::Globals;
use crate::output::Printer;

/// `contacts`, `/contacts` and `/v3/contacts` all mean `/v3/contacts`
/// (the engine's rule, which also refuses paths that leave the API).
fn full_path(path: &str) -> Result<String, Failure> {
    reply_client::api_path(path).map_err(|e| Failure::Usage(e.to_string()))
}

/// Path parameters by name, as found in a concrete path.
type PathParams = Vec<(&'static str, String)>;

/// The operation a method and path belong to, and its path parameters
/// (routed by the core, as the mock routes); `None` for a path the table does not have.
fn route(method: Method, path: &str) -> Option<(&'static OperationInfo, PathParams)> {
    match reply_core::route::route(method.as_str(), path) {
        Route::Found { op, params } => Some((op, params)),
        Route::WrongMethod(_) | Route::NotFound => None,
    }
}

/// The query pairs of a raw request, decoded.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    let pairs = query.split('&').filter(|p| !p.is_empty());
    pairs
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .map(|(n, v)| (query_decode(n), query_decode(v)))
        .collect()
}

/// A parameter's text as the JSON type the table gives it.
fn typed_value(info: &OperationInfo, name: &str, text: String) -> Result<Value, Failure> {
    let ty = info.params.iter().find(|p| p.name == name).map_or("string", |p| p.ty);
    let bad = || Failure::Usage(format!("parameter `{name}` of {} must be {ty}, not {text:?}", info.id));
    Ok(match ty {
        "integer" => Value::from(text.parse::<i64>().map_err(|_| bad())?),
        "number" => Value::from(text.parse::<f64>().map_err(|_| bad())?),
        "boolean" => Value::from(text.parse::<bool>().map_err(|_| bad())?),
        _ => Value::from(text),
    })
}

/// The path and query parameters of a raw call, by wire name.
fn params(info: &OperationInfo, found: Vec<(&str, String)>, query: &str) -> Result<Map<String, Value>, Failure> {
    let mut params = Map::new();
    for (name, value) in found {
        params.insert(name.to_owned(), typed_value(info, name, value)?);
    }
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = query_decode(name);
        let value = typed_value(info, &name, query_decode(value))?;
        match params.get_mut(&name) {
            // A repeated name is an array parameter.
            Some(Value::Array(values)) => values.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
            None => {
                params.insert(name, value);
            }
        }
    }
    Ok(params)
}

pub async fn run(m: &ArgMatches, globals: &Globals) -> Result<(), Failure> {
    let method_text = m.get_one::<String>("method").expect("required");
    let method = Method::parse(&method_text.to_ascii_uppercase())
        .ok_or_else(|| Failure::Usage(format!("unknown HTTP method {method_text:?}")))?;
    let target = m.get_one::<String>("path").expect("required");
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = full_path(path)?;
    let printer = Printer::new(globals)?;
    let Some((info, found)) = route(method, &path) else {
        if m.get_flag("paginate") {
            return Err(Failure::Usage(format!(
                "{} {path} is not an operation this SDK can page through",
                method.as_str()
            )));
        }
        let body = crate::body::json(m)?;
        let session = crate::context::connect(globals).await?;
        let options = RequestOptions::default();
        let response =
            session.client.request(method.as_str(), &path, &query_pairs(query), body.as_ref(), &options).await?;
        return printer.print(&response.body);
    };
    let params = params(info, found, query)?;
    let body = crate::body::json(m)?.map_or(DynamicBody::None, DynamicBody::Json);
    if m.get_flag("paginate") && info.paging.is_none() {
        return Err(Failure::Usage(format!("{} {} is not paginated", method.as_str(), info.path)));
    }
    let session = crate::context::connect(globals).await?;
    if m.get_flag("paginate") {
        let page_size = m.get_one::<u32>("page-size").copied();
        return crate::operations::walk(&session.client, info, params, body, page_size, &printer, globals.quiet).await;
    }
    let response = session.client.call_dynamic(info, &params, &body, &RequestOptions::default()).await?;
    printer.print(&response.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_route_to_operations() {
        let (op, params) = route(Method::Get, &full_path("sequences/count").unwrap()).unwrap();
        assert_eq!((op.id, params.len()), ("CountSequences", 0));
        let (op, params) = route(Method::Get, &full_path("/v3/sequences/42").unwrap()).unwrap();
        assert_eq!(op.id, "GetSequenceById");
        assert_eq!(params, vec![("id", "42".to_owned())]);
        // Not in the table: sent as a raw request instead.
        assert!(route(Method::Patch, "/v3/webhooks").is_none());
        assert!(route(Method::Get, "/v3/nothing-here").is_none());
        assert!(matches!(full_path("https://evil.example/v3"), Err(Failure::Usage(_))));
        assert!(matches!(full_path("contacts/../users"), Err(Failure::Usage(_))));
        assert_eq!(
            query_pairs("a=1&b=x%20y&c"),
            [("a", "1"), ("b", "x y"), ("c", "")].map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
    }

    #[test]
    fn query_values_take_their_types() {
        let info = reply_client::operation("GetContacts").unwrap();
        let params = params(info, Vec::new(), "top=5&skip=10").unwrap();
        assert_eq!(params["top"], 5);
        assert_eq!(params["skip"], 10);
        assert!(matches!(super::params(info, Vec::new(), "top=lots"), Err(Failure::Usage(_))));
    }
}
