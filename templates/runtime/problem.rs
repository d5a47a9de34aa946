//! RFC 9457 problem details (`application/problem+json` error bodies).

use serde_json::{Map, Value};

/// An RFC 9457 problem document, from [`ApiError::problem`](super::ApiError::problem).
///
/// A member of the wrong JSON type is ignored, as RFC 9457 §3.1 asks; members
/// beyond the standard ones are in [`extensions`](Self::extensions).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Problem {
    /// A URI reference naming the problem type; `about:blank` when absent.
    pub type_uri: String,
    /// A short summary of the problem type.
    pub title: Option<String>,
    /// The HTTP status the server set in the document.
    pub status: Option<u16>,
    /// What went wrong this time.
    pub detail: Option<String>,
    /// A URI reference for this occurrence.
    pub instance: Option<String>,
    /// Every other member (`errors`, `balance`, …).
    pub extensions: Map<String, Value>,
}

impl Problem {
    /// Reads a problem document; `None` unless `json` is an object.
    pub(crate) fn from_json(json: &Value) -> Option<Self> {
        let mut members = json.as_object()?.clone();
        let mut text = |name: &str| match members.remove(name) {
            Some(Value::String(text)) => Some(text),
            _ => None,
        };
        let type_uri = text("type").unwrap_or_else(|| "about:blank".to_owned());
        let (title, detail, instance) = (text("title"), text("detail"), text("instance"));
        let status = members.remove("status").and_then(|status| status.as_u64()).and_then(|status| u16::try_from(status).ok());
        Some(Self { type_uri, title, status, detail, instance, extensions: members })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rfc_9457_example_and_wrong_types() {
        let problem = Problem::from_json(&json!({
            "type": "https://example.com/probs/out-of-credit",
            "title": "You do not have enough credit.",
            "detail": "Your current balance is 30, but that costs 50.",
            "instance": "/account/12345/msgs/abc",
            "balance": 30,
            "accounts": ["/account/12345", "/account/67890"]
        }))
        .unwrap();
        assert_eq!(problem.type_uri, "https://example.com/probs/out-of-credit");
        assert_eq!(problem.detail.as_deref(), Some("Your current balance is 30, but that costs 50."));
        assert_eq!(problem.status, None);
        assert_eq!(problem.extensions.get("balance"), Some(&json!(30)));
        let odd = Problem::from_json(&json!({ "type": 7, "status": "400", "title": "Bad" })).unwrap();
        assert_eq!((odd.type_uri.as_str(), odd.status, odd.title.as_deref()), ("about:blank", None, Some("Bad")));
        assert!(Problem::from_json(&json!("text")).is_none());
    }
}
