//! A 204 (or 205) response never has content (RFC 9110 §15.3.5), whatever the
//! spec declares. Adyen's Balance Platform declares `content: {application/json: {}}`
//! on a 204; decoding the empty body as JSON failed the call (the contract check's
//! decode failure on `delete-…-settings-settingId`).

use serde_json::json;

#[test]
fn content_declared_on_a_204_is_ignored_with_a_warning() {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "No content", "version": "1"},
        "paths": {"/settings/{id}": {"delete": {
            "operationId": "deleteSetting",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {"204": {"description": "No Content.", "content": {"application/json": {}}}}
        }}}
    });
    let text = serde_json::to_string(&spec).expect("spec serializes");
    let generated = generator::generate(&text, &generator::Config::named("no-content"))
        .expect("the spec generates");
    assert!(
        generated.warnings.iter().any(|w| w.location
            == "#/paths/~1settings~1{id}/delete/responses/204/content"
            && w.message.contains("has no content")),
        "{:#?}",
        generated.warnings
    );
    let (document, raw) = generator::load::load_document(&text).expect("spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("spec builds");
    let (_, op) = api.operations().next().expect("one operation");
    assert_eq!(op.responses.len(), 1);
    assert!(op.responses[0].payload.is_none());
    assert!(op.responses[0].representations.is_empty());
}
