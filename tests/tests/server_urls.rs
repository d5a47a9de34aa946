//! A server URL whose `{variable}` is not declared (Asana's `url: "{siteUrl}"`,
//! with no `variables`) cannot be filled in: the client is generated, the URL is
//! kept as written, and the generator says the caller has to set a base URL.

use serde_json::json;

fn spec(url: &str, variables: serde_json::Value) -> String {
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Servers", "version": "1"},
        "servers": [{"url": url, "variables": variables}],
        "paths": {"/ping": {"get": {"operationId": "ping", "responses": {"204": {"description": "Pong."}}}}}
    });
    serde_json::to_string(&spec).expect("spec serializes")
}

fn server_warnings(text: &str) -> Vec<String> {
    let generated = generator::generate(text, &generator::Config::named("servers"))
        .expect("the spec generates");
    generated
        .warnings
        .iter()
        .filter(|w| w.location == "#/servers/0/url")
        .map(|w| w.message.clone())
        .collect()
}

#[test]
fn an_undeclared_server_variable_is_a_warning_naming_it() {
    let warnings = server_warnings(&spec("{siteUrl}", json!({})));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("`{siteUrl}`") && warnings[0].contains("ClientBuilder::base_url"),
        "{warnings:?}"
    );
}

#[test]
fn declared_server_variables_are_filled_in_without_a_warning() {
    let text = spec(
        "https://{region}.example.com/v1",
        json!({"region": {"default": "eu"}}),
    );
    assert_eq!(server_warnings(&text), Vec::<String>::new());
    let (document, raw) = generator::load::load_document(&text).expect("spec loads");
    let api = generator::model::build(&document, &raw, &generator::Config::default())
        .expect("spec builds");
    assert_eq!(api.base_url.as_deref(), Some("https://eu.example.com/v1"));
}
