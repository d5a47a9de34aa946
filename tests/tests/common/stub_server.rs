//! A tiny HTTP/1.1 server on 127.0.0.1 for tests that need what mock servers do not
//! offer: any `Content-Type`, chunked bodies sent piece by piece, a pause until the
//! client acknowledges what it received, a connection dropped mid-body.
//!
//! One request per connection (`Connection: close`), no TLS, no pipelining.
#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    /// The first header of that name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path without the query.
    pub fn path(&self) -> &str {
        self.target.split('?').next().unwrap_or("")
    }
}

/// One step of a chunked body.
#[derive(Debug, Clone)]
pub enum Step {
    /// Send these bytes as one chunk, and flush.
    Send(Vec<u8>),
    /// Wait until the client has acknowledged `n` (see [`Acks`]).
    WaitAck(u32),
    /// Close the connection without finishing the body.
    Drop,
}

/// What the server answers.
#[derive(Debug, Clone)]
pub enum Reply {
    Full {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    Chunked {
        status: u16,
        headers: Vec<(String, String)>,
        steps: Vec<Step>,
    },
}

impl Reply {
    pub fn new(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply::Full {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
        }
    }

    pub fn empty(status: u16) -> Self {
        Reply::Full {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn chunked(status: u16, content_type: &str, steps: Vec<Step>) -> Self {
        Reply::Chunked {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            steps,
        }
    }

    /// The same reply with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        match &mut self {
            Reply::Full { headers, .. } | Reply::Chunked { headers, .. } => {
                headers.push((name.into(), value.into()))
            }
        }
        self
    }
}

/// Acknowledgements from the client, which a chunked body can wait for: the proof
/// that the client saw one piece before the server sent the next.
#[derive(Debug, Clone)]
pub struct Acks {
    seen: Arc<watch::Sender<BTreeSet<u32>>>,
}

/// How long a paused body waits for an acknowledgement before it gives up and
/// drops the connection (a client that never acknowledges would hang the test).
const ACK_PATIENCE: Duration = Duration::from_secs(30);

impl Acks {
    fn new() -> Self {
        Acks {
            seen: Arc::new(watch::Sender::new(BTreeSet::new())),
        }
    }

    pub fn ack(&self, n: u32) {
        self.seen.send_modify(|seen| {
            seen.insert(n);
        });
    }

    /// Whether `n` arrived in time.
    async fn wait(&self, n: u32) -> bool {
        let mut seen = self.seen.subscribe();
        tokio::time::timeout(ACK_PATIENCE, seen.wait_for(|seen| seen.contains(&n)))
            .await
            .is_ok_and(|r| r.is_ok())
    }
}

type Handler = Arc<dyn Fn(&Recorded, &Acks) -> Reply + Send + Sync>;

/// A running server; it stops when dropped.
pub struct StubServer {
    pub base: String,
    pub acks: Acks,
    requests: Arc<Mutex<Vec<Recorded>>>,
    /// Acknowledgements a paused body waited for in vain.
    missed: Arc<Mutex<Vec<u32>>>,
    task: tokio::task::JoinHandle<()>,
}

impl StubServer {
    /// Serves `handler`'s replies on 127.0.0.1, on a free port.
    pub async fn start(
        handler: impl Fn(&Recorded, &Acks) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("local address"));
        let handler: Handler = Arc::new(handler);
        let acks = Acks::new();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let missed = Arc::new(Mutex::new(Vec::new()));
        let task = {
            let (acks, requests, missed) = (acks.clone(), requests.clone(), missed.clone());
            tokio::spawn(async move {
                while let Ok((socket, _)) = listener.accept().await {
                    let (handler, acks, requests, missed) = (
                        handler.clone(),
                        acks.clone(),
                        requests.clone(),
                        missed.clone(),
                    );
                    tokio::spawn(async move {
                        let _ = serve(socket, handler, acks, requests, missed).await;
                    });
                }
            })
        };
        StubServer {
            base,
            acks,
            requests,
            missed,
            task,
        }
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests lock").clone()
    }

    /// The requests to `path` (without query).
    pub fn requests_to(&self, path: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| r.path() == path)
            .collect()
    }

    /// Acknowledgements that never came: a body the client did not read as it arrived.
    pub fn missed_acks(&self) -> Vec<u32> {
        self.missed.lock().expect("missed lock").clone()
    }
}

impl Drop for StubServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut socket: TcpStream,
    handler: Handler,
    acks: Acks,
    requests: Arc<Mutex<Vec<Recorded>>>,
    missed: Arc<Mutex<Vec<u32>>>,
) -> std::io::Result<()> {
    let Some(request) = read_request(&mut socket).await? else {
        return Ok(());
    };
    requests
        .lock()
        .expect("requests lock")
        .push(request.clone());
    let reply = handler(&request, &acks);
    let (status, headers) = match &reply {
        Reply::Full {
            status, headers, ..
        }
        | Reply::Chunked {
            status, headers, ..
        } => (*status, headers),
    };
    let mut head = format!("HTTP/1.1 {status} Stub\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    match reply {
        Reply::Full { body, .. } => {
            head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
            socket.write_all(head.as_bytes()).await?;
            socket.write_all(&body).await?;
        }
        Reply::Chunked { steps, .. } => {
            head.push_str("Transfer-Encoding: chunked\r\n\r\n");
            socket.write_all(head.as_bytes()).await?;
            socket.flush().await?;
            for step in steps {
                match step {
                    Step::Send(bytes) => {
                        socket
                            .write_all(format!("{:x}\r\n", bytes.len()).as_bytes())
                            .await?;
                        socket.write_all(&bytes).await?;
                        socket.write_all(b"\r\n").await?;
                        socket.flush().await?;
                    }
                    Step::WaitAck(n) => {
                        if !acks.wait(n).await {
                            missed.lock().expect("missed lock").push(n);
                            return Ok(());
                        }
                    }
                    Step::Drop => return Ok(()),
                }
            }
            socket.write_all(b"0\r\n\r\n").await?;
        }
    }
    socket.flush().await?;
    socket.shutdown().await
}

/// Reads one request: head, then a `Content-Length` body.
async fn read_request(socket: &mut TcpStream) -> std::io::Result<Option<Recorded>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = socket.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or("").split(' ');
    let method = request_line.next().unwrap_or("").to_owned();
    let target = request_line.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = socket.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    Ok(Some(Recorded {
        method,
        target,
        headers,
        body,
    }))
}
