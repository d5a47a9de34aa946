// Copied by the generator from templates/runtime/file.rs: edit the template, not this file.

//! [`File`]: a `format: binary` value, sent as a multipart file part with a file name and
//! content type the caller can set, from memory, from disk or from a stream.

use std::fmt;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use futures_core::Stream;

/// The bytes of a file part, in chunks.
pub type FileStream = Pin<Box<dyn Stream<Item = Result<Vec<u8>, std::io::Error>> + Send>>;

/// A file to upload (a `format: binary` property).
///
/// Every kind can be sent again when a request is retried: bytes are kept, a path is
/// opened again for each attempt, and a stream is made by calling its opener again.
///
/// ```text
/// let photo = File::from_path("listing.jpg").content_type("image/jpeg");
/// let report = File::from_bytes(csv.into_bytes()).file_name("report.csv").content_type("text/csv");
/// ```
#[derive(Clone)]
pub struct File {
    source: Source,
    file_name: Option<String>,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
}

#[derive(Clone)]
enum Source {
    Bytes(Vec<u8>),
    Path(PathBuf),
    Stream(Arc<dyn Fn() -> FileStream + Send + Sync>),
}

impl File {
    /// A file held in memory.
    pub fn from_bytes(data: impl Into<Vec<u8>>) -> Self {
        Self::new(Source::Bytes(data.into()))
    }

    /// A file read from disk as it is sent, never held in memory whole. Its file name is
    /// the path's last component unless [`file_name`](Self::file_name) says otherwise. A
    /// file that cannot be read fails the request when it is sent.
    pub fn from_path(path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Self { file_name, ..Self::new(Source::Path(path)) }
    }

    /// A file streamed from `open`, which is called once per attempt (a retried request
    /// streams it again from the start). The part is sent with chunked encoding, its
    /// length unknown in advance.
    pub fn from_stream<F, S>(open: F) -> Self
    where
        F: Fn() -> S + Send + Sync + 'static,
        S: Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static,
    {
        Self::new(Source::Stream(Arc::new(move || Box::pin(open()) as FileStream)))
    }

    fn new(source: Source) -> Self {
        Self { source, file_name: None, content_type: None, headers: Vec::new() }
    }

    /// The file name sent in the part's `Content-Disposition`.
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type`; without one, the type the API declares for the field,
    /// or `application/octet-stream`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Adds a header to the part (the spec's `encoding.<field>.headers`, e.g. `Content-ID`).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The bytes, when the file is held in memory.
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.source {
            Source::Bytes(data) => Some(data),
            Source::Path(_) | Source::Stream(_) => None,
        }
    }

    /// The path, when the file is read from disk.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Path(path) => Some(path),
            Source::Bytes(_) | Source::Stream(_) => None,
        }
    }

    /// The file as a multipart part for one attempt; `field` names it when nothing else does.
    pub(crate) fn to_part(&self, field: &str, declared_type: Option<&str>) -> Result<reqwest::multipart::Part, String> {
        use reqwest::multipart::Part;
        let part = match &self.source {
            Source::Bytes(data) => Part::bytes(data.clone()),
            Source::Path(path) => {
                let body = reqwest::Body::wrap_stream(read_chunks(path.clone()));
                match std::fs::metadata(path) {
                    Ok(metadata) => Part::stream_with_length(body, metadata.len()),
                    Err(error) => return Err(format!("file `{}`: {error}", path.display())),
                }
            }
            Source::Stream(open) => Part::stream(reqwest::Body::wrap_stream(open())),
        };
        let content_type = self.content_type.as_deref().or(declared_type).unwrap_or("application/octet-stream");
        let part = part
            .file_name(self.file_name.clone().unwrap_or_else(|| field.to_owned()))
            .mime_str(content_type)
            .map_err(|_| format!("`{content_type}` is not a valid content type"))?;
        if self.headers.is_empty() {
            return Ok(part);
        }
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in &self.headers {
            let name = reqwest::header::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` is not a valid header name"))?;
            let value = reqwest::header::HeaderValue::from_str(value)
                .map_err(|_| format!("part header `{name}` has a value that cannot be sent"))?;
            headers.append(name, value);
        }
        Ok(part.headers(headers))
    }
}

/// Reads `path` in chunks as the body is sent, opening it at the first read.
fn read_chunks(path: PathBuf) -> impl Stream<Item = Result<Vec<u8>, std::io::Error>> + Send + 'static {
    futures_util::stream::try_unfold(None::<tokio::fs::File>, move |file| {
        let path = path.clone();
        async move {
            let mut file = match file {
                Some(file) => file,
                None => tokio::fs::File::open(&path).await?,
            };
            let mut chunk = vec![0; 64 * 1024];
            let read = tokio::io::AsyncReadExt::read(&mut file, &mut chunk).await?;
            if read == 0 {
                return Ok(None);
            }
            chunk.truncate(read);
            Ok(Some((chunk, Some(file))))
        }
    })
}

impl From<Vec<u8>> for File {
    fn from(data: Vec<u8>) -> Self {
        Self::from_bytes(data)
    }
}

impl From<&[u8]> for File {
    fn from(data: &[u8]) -> Self {
        Self::from_bytes(data)
    }
}

/// Shows where the data comes from, never the data.
impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("File");
        match &self.source {
            Source::Bytes(data) => debug.field("bytes", &data.len()),
            Source::Path(path) => debug.field("path", path),
            Source::Stream(_) => debug.field("stream", &".."),
        };
        debug.field("file_name", &self.file_name).field("content_type", &self.content_type).finish()
    }
}

/// Files in memory are equal when their bytes, names and types are; files on disk when
/// their paths are; streams only when they are clones of one another.
impl PartialEq for File {
    fn eq(&self, other: &Self) -> bool {
        let same_source = match (&self.source, &other.source) {
            (Source::Bytes(a), Source::Bytes(b)) => a == b,
            (Source::Path(a), Source::Path(b)) => a == b,
            (Source::Stream(a), Source::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        same_source && self.file_name == other.file_name && self.content_type == other.content_type && self.headers == other.headers
    }
}

/// In a JSON body a file in memory is its bytes, as a `Vec<u8>` would be; a file on
/// disk or a stream can only be sent as a multipart part.
impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.source {
            Source::Bytes(data) => serializer.collect_seq(data),
            Source::Path(_) | Source::Stream(_) => Err(serde::ser::Error::custom(
                "a file on disk or a stream can only be sent as a multipart part",
            )),
        }
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<u8>::deserialize(deserializer).map(Self::from_bytes)
    }
}
