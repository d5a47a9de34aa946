//! Test support: a throwaway repository layout and a one-shot HTTP server on
//! 127.0.0.1.

use std::{
    collections::BTreeMap,
    fs,
    io::{Read, Write},
    net::TcpListener,
    path::Path,
    thread,
    time::Duration,
};

use tempfile::TempDir;

use crate::project::{CLIENT, CONFIG, Project, SPEC};

pub const VALID_SPEC: &str = r#"{"openapi":"3.0.3","info":{"title":"Fixture","version":"1"},
"paths":{"/things":{"get":{"operationId":"listThings","responses":{"200":{"description":"ok"}}}}}}"#;

pub const VALID_SPEC_V2: &str = r#"{"openapi":"3.0.3","info":{"title":"Fixture","version":"2"},
"paths":{"/things":{"get":{"operationId":"listThings","responses":{"200":{"description":"ok"}}}},
"/widgets":{"post":{"operationId":"createWidget","responses":{"201":{"description":"made"}}}}}}"#;

pub const HTML_PAGE: &str =
    "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>oops</body></html>\n";
pub const TRUNCATED_JSON: &str = r#"{"openapi":"3.0.3","info":{"title":"Fixture","vers"#;
pub const SWAGGER_1: &str = r#"{"swagger":"1.2","apis":[]}"#;
pub const SWAGGER_2: &str = r#"{"swagger":"2.0","info":{"title":"Old","version":"1"},"host":"api.example.com",
"paths":{"/widgets":{"get":{"operationId":"listWidgets","tags":["widgets"],"produces":["application/json"],
"responses":{"200":{"description":"ok","schema":{"type":"array","items":{"type":"string"}}}}}}}}"#;
/// A spec split over two files: the root and `schemas/widget.yaml`.
pub const MULTI_FILE_ROOT: &str = "openapi: 3.0.3
info: {title: Split, version: '1'}
paths:
  /widgets/{id}:
    get:
      operationId: getWidget
      tags: [widgets]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: './schemas/widget.yaml#/Widget'}
";
pub const MULTI_FILE_SCHEMA: &str = "Widget:
  type: object
  required: [id]
  properties:
    id: {type: string}
    owner: {$ref: '#/Widget'}
";

/// A repository with a config, a vendored spec and a (placeholder) client.
pub fn project() -> (TempDir, Project) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, CONFIG, "[package]\nname = \"fixture-client\"\n");
    write(root, SPEC, "{\"placeholder\": true}\n");
    write(root, &format!("{CLIENT}/src/lib.rs"), "// old\n");
    write(
        root,
        &format!("{CLIENT}/target/debug/build-output"),
        "cargo's\n",
    );
    let project = Project::new(root);
    (dir, project)
}

pub fn write(root: &Path, relative: &str, contents: &str) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    fs::write(path, contents).expect("write");
}

/// Every file under `root` and its bytes: compare before and after.
pub fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("read_dir") {
            let entry = entry.expect("entry");
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().expect("file type").is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, fs::read(entry.path()).expect("read"));
            }
        }
    }
    let mut files = BTreeMap::new();
    walk(root, "", &mut files);
    files
}

/// Serves one raw HTTP response (written as given, then the connection is
/// closed) to the first request, after `delay`. Returns the URL.
pub fn serve_once(response: String, delay: Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let address = listener.local_addr().expect("local address");
    thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else {
            return;
        };
        let mut request = Vec::new();
        let mut buffer = [0; 1024];
        while !request.windows(4).any(|window| window == b"\r\n\r\n") {
            match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(read) => request.extend_from_slice(&buffer[..read]),
            }
        }
        thread::sleep(delay);
        let _ = stream.write_all(response.as_bytes());
    });
    format!("http://{address}/openapi.json")
}

/// A complete response with a correct `Content-Length`.
pub fn response(status: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}
