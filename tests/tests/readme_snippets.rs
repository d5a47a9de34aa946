//! The generated README's snippets for an own HTTP client and for the test doubles are
//! this file's code: each region between `// README` markers must appear verbatim in
//! `generated-client/README.md`, and the functions around them compile and run here.

use std::error::Error;

fn own_client(api_key: &str) -> Result<actuallycare::Client, Box<dyn Error>> {
    // README own-client
    let http = reqwest::Client::builder()
        .proxy(reqwest::Proxy::all("http://proxy.internal:3128")?)
        .redirect(actuallycare::Client::redirect_policy())
        .build()?;
    let client = actuallycare::Client::builder().api_key(api_key).http_client(http).build()?;
    // README end
    Ok(client)
}

async fn test_double() -> Result<(), Box<dyn Error>> {
    // README test-double
    let api = actuallycare::mock::MockApi::start().await;
    api.appointments().list().expect(1).fails(503, "UNAVAILABLE").await;
    let client = api.client_builder().api_key("test-key").retry_policy(actuallycare::RetryPolicy::none()).build()?;
    let error = client.appointments().list().send().await.unwrap_err();
    assert_eq!(error.status().map(|status| status.as_u16()), Some(503));
    // README end
    Ok(())
}

/// The marked regions of this file, de-indented.
fn snippets() -> Vec<(String, String)> {
    let source = include_str!("readme_snippets.rs");
    let mut found = Vec::new();
    let mut current: Option<(String, Vec<&str>)> = None;
    for line in source.lines() {
        let trimmed = line.trim();
        match (trimmed.strip_prefix("// README "), current.take()) {
            (Some("end"), Some((name, lines))) => {
                found.push((name, lines.iter().map(|l| l.strip_prefix("    ").unwrap_or(l)).collect::<Vec<_>>().join("\n")))
            }
            (Some(name), None) if !name.contains('"') => current = Some((name.to_owned(), Vec::new())),
            (_, Some((name, mut lines))) => {
                lines.push(line);
                current = Some((name, lines));
            }
            (_, None) => {}
        }
    }
    found
}

#[test]
fn the_readme_shows_these_snippets() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../generated-client/README.md"))
        .expect("generated-client/README.md");
    let snippets = snippets();
    assert_eq!(snippets.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>(), ["own-client", "test-double"]);
    for (name, code) in snippets {
        assert!(readme.contains(&code), "the README does not show the {name} snippet:\n{code}");
    }
}

#[test]
fn the_own_client_snippet_builds_a_client() {
    let client = own_client("key").expect("builds without a network");
    assert_eq!(client.base_url(), "https://api.actuallycare.com/v1");
}

#[tokio::test]
async fn the_test_double_snippet_runs() {
    test_double().await.expect("the snippet's assertions hold");
}
