// Copied by the generator from templates/runtime/client.rs: edit the template, not this file.

//! The client, its builder and its configuration checks.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;

use super::auth::{Available, Secret};
use super::error::Error;
use super::options::RetryPolicy;
use super::request::{Operation, RequestBuilder};
use super::session::{Session, SessionTokens};

const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_REDIRECTS: usize = 10;

/// The API client. Cloning is cheap and clones share connections and the session.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) http: Http,
    /// Without a trailing slash; operation paths start with one.
    pub(crate) base_url: String,
    pub(crate) api_key: Option<Secret>,
    pub(crate) basic: Option<(String, Secret)>,
    pub(crate) session: Session,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeout: Duration,
    /// `None` when the caller brought the HTTP client (its own setting applies).
    connect_timeout: Option<Duration>,
}

/// The HTTP stack requests go through: the runtime's own client, the caller's, or
/// the caller's behind reqwest-middleware.
#[derive(Clone)]
pub(crate) enum Http {
    Plain(reqwest::Client),
    #[cfg(feature = "middleware")]
    Middleware(reqwest_middleware::ClientWithMiddleware),
}

impl Http {
    /// The client that builds requests (the one under the middleware, if any).
    pub(crate) fn client(&self) -> &reqwest::Client {
        match self {
            Self::Plain(client) => client,
            #[cfg(feature = "middleware")]
            Self::Middleware(client) => client.as_ref(),
        }
    }
}

impl Client {
    /// A client for the default base URL, without credentials.
    pub fn new() -> Result<Self, Error> {
        Self::builder().build()
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The tokens of the current session, to persist and later restore with
    /// [`ClientBuilder::session_tokens`]. `None` when not signed in.
    pub fn session_tokens(&self) -> Option<SessionTokens> {
        self.inner.session.tokens()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The redirect policy the runtime's own HTTP client uses: redirects are followed
    /// within the base URL's origin only; leaving it fails with [`Error::RedirectRefused`]
    /// before anything is sent to the other origin. Install it on a client you bring
    /// (see [`ClientBuilder::http_client`]):
    ///
    /// ```no_run
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    #[doc = concat!("let http = reqwest::Client::builder().redirect(", env!("CARGO_CRATE_NAME"), "::Client::redirect_policy()).build()?;")]
    #[doc = concat!("let client = ", env!("CARGO_CRATE_NAME"), "::Client::builder().http_client(http).build()?;")]
    /// # Ok(()) }
    /// ```
    pub fn redirect_policy() -> reqwest::redirect::Policy {
        same_origin_redirects()
    }

    pub(crate) fn request(&self, op: &'static Operation) -> RequestBuilder {
        RequestBuilder::new(self.clone(), op)
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    pub(crate) fn available(&self) -> Available {
        Available {
            api_key: self.inner.api_key.is_some(),
            bearer: self.inner.session.is_active(),
            basic: self.inner.basic.is_some(),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("api_key", &inner.api_key)
            .field("basic", &inner.basic)
            .field("session", &inner.session)
            .field("retry", &inner.retry)
            .field("timeout", &inner.timeout)
            .field("connect_timeout", &inner.connect_timeout)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`].
#[derive(Default)]
#[must_use]
pub struct ClientBuilder {
    base_url: Option<String>,
    api_key: Option<Secret>,
    basic: Option<(String, Secret)>,
    session: Option<SessionTokens>,
    allow_insecure_http: bool,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    http: Option<Http>,
}

impl ClientBuilder {
    /// The API root, e.g. a staging server or a local mock. Must be `https://`
    /// unless it is a loopback address or [`allow_insecure_http`](Self::allow_insecure_http) is set.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        self.base_url = Some(url.as_ref().to_owned());
        self
    }

    /// An API key, sent only to operations whose security accepts an API key.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(Secret::new(key.into()));
        self
    }

    /// A bearer token obtained elsewhere; it cannot be refreshed by the client.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.session = Some(SessionTokens::new(token, None));
        self
    }

    /// Username and password for HTTP Basic authentication, where the API accepts it.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((username.into(), Secret::new(password.into())));
        self
    }

    /// Restores a session exported with [`Client::session_tokens`].
    pub fn session_tokens(mut self, tokens: SessionTokens) -> Self {
        self.session = Some(tokens);
        self
    }

    /// Allows a plain `http://` base URL on a non-loopback host. Credentials then
    /// travel unencrypted: only for trusted networks.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Time allowed to establish a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for each attempt of a request, body included (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retry settings for every request (see [`RetryPolicy`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The `User-Agent` header (defaults to the crate name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends every request through your `reqwest::Client`: its proxy, root
    /// certificates, client certificate (mTLS), connection pool and default headers apply.
    ///
    /// What still holds, and what becomes yours:
    /// - **Credentials** are added by this client to each request, as without it.
    /// - **Redirects** follow *your* client's policy, which this client cannot change.
    ///   Build it with `.redirect(Client::redirect_policy())` (or
    ///   `reqwest::redirect::Policy::none()`) to keep credentials on the base URL's origin.
    ///   With reqwest's default policy, reqwest drops `Authorization` and `Cookie` when a
    ///   redirect leaves the host, but an API key in any other header or in the query
    ///   *would* reach the other origin; the answer from the other origin is then refused
    ///   with [`Error::RedirectRefused`].
    /// - **Timeouts**: [`timeout`](Self::timeout) and per-request timeouts still bound each
    ///   attempt (they override your client's). The connect timeout and `User-Agent` are
    ///   your client's: setting [`connect_timeout`](Self::connect_timeout) or
    ///   [`user_agent`](Self::user_agent) here as well is a configuration error.
    /// - **Retries** stay this client's ([`retry_policy`](Self::retry_policy)); your client
    ///   does not retry by itself.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(Http::Plain(client));
        self
    }

    /// Sends every request through a [`reqwest_middleware`] stack (caching, metrics,
    /// request signing, tracing): each attempt passes through the middleware with its
    /// credentials already added, and a middleware error becomes [`Error::Middleware`].
    /// Everything [`http_client`](Self::http_client) says holds, plus:
    /// - **Retries**: this client retries already, outside the middleware. With a retry
    ///   middleware (`reqwest-retry`), set `retry_policy(RetryPolicy::none())` so that a
    ///   failing request is not retried by both, or leave the retries to this client,
    ///   which knows which operations are idempotent and honours `Retry-After`.
    /// - **Timeouts** bound each request the middleware passes to reqwest, not the time
    ///   spent inside the middleware itself.
    #[cfg(feature = "middleware")]
    pub fn http_middleware(mut self, client: reqwest_middleware::ClientWithMiddleware) -> Self {
        self.http = Some(Http::Middleware(client));
        self
    }

    /// Checks the configuration and creates the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.as_deref().unwrap_or(crate::conventions::DEFAULT_BASE_URL);
        let base_url = check_base_url(base_url, self.allow_insecure_http)?;
        let (http, connect_timeout) = match self.http {
            Some(http) => {
                let own = [("connect_timeout", self.connect_timeout.is_some()), ("user_agent", self.user_agent.is_some())];
                if let Some((setting, _)) = own.iter().find(|(_, set)| *set) {
                    return Err(Error::InvalidConfig(format!(
                        "{setting} is set on the reqwest::Client passed to http_client, not on ClientBuilder"
                    )));
                }
                (http, None)
            }
            None => {
                let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                let user_agent = self.user_agent.as_deref().unwrap_or(crate::conventions::USER_AGENT);
                let http = reqwest::Client::builder()
                    .user_agent(user_agent)
                    .connect_timeout(connect_timeout)
                    .redirect(same_origin_redirects())
                    .build()
                    .map_err(|error| Error::InvalidConfig(format!("HTTP client: {error}")))?;
                (Http::Plain(http), Some(connect_timeout))
            }
        };
        let inner = Inner {
            http,
            base_url,
            api_key: self.api_key,
            basic: self.basic,
            session: Session::new(self.session),
            retry: self.retry.unwrap_or_default(),
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            connect_timeout,
        };
        Ok(Client { inner: Arc::new(inner) })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("basic", &self.basic)
            .field("session", &self.session)
            .field("allow_insecure_http", &self.allow_insecure_http)
            .field("own_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

/// Accepts `https://`, and `http://` only for loopback hosts or when explicitly allowed.
fn check_base_url(raw: &str, allow_insecure_http: bool) -> Result<String, Error> {
    let url = Url::parse(raw).map_err(|error| Error::InvalidConfig(format!("base URL `{raw}`: {error}")))?;
    let loopback = match url.host_str() {
        Some("localhost") => true,
        Some(host) => host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
        None => false,
    };
    match url.scheme() {
        "https" => {}
        "http" if loopback || allow_insecure_http => {}
        "http" => {
            return Err(Error::InvalidConfig(format!(
                "base URL `{raw}` is plain http on a non-loopback host; use https, or call allow_insecure_http(true) to send credentials unencrypted"
            )));
        }
        scheme => return Err(Error::InvalidConfig(format!("base URL `{raw}`: unsupported scheme `{scheme}`"))),
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(Error::InvalidConfig(format!("base URL `{raw}` must not have a query or fragment")));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Raised by the redirect policy; recognised in the error chain as [`Error::RedirectRefused`].
#[derive(Debug)]
pub(crate) struct CrossOriginRedirect(pub(crate) String);

impl fmt::Display for CrossOriginRedirect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "redirect to another origin refused: {}", self.0)
    }
}

impl std::error::Error for CrossOriginRedirect {}

/// Follows redirects within the original origin only. reqwest strips `Authorization`
/// on cross-host redirects but not custom headers such as `X-API-Key`, nor API keys
/// in the query, so leaving the origin is refused outright.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt.previous().first().is_none_or(|origin| {
            let next = attempt.url();
            origin.scheme() == next.scheme()
                && origin.host_str() == next.host_str()
                && origin.port_or_known_default() == next.port_or_known_default()
        });
        if !same_origin {
            let location = attempt.url().to_string();
            attempt.error(CrossOriginRedirect(location))
        } else if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::check_base_url;

    #[test]
    fn plain_http_only_for_loopback_or_when_allowed() {
        assert!(check_base_url("https://api.example.com/v1/", false).is_ok_and(|url| url == "https://api.example.com/v1"));
        assert!(check_base_url("http://127.0.0.1:8080", false).is_ok());
        assert!(check_base_url("http://[::1]:8080", false).is_ok());
        assert!(check_base_url("http://localhost/v1", false).is_ok());
        assert!(check_base_url("http://api.example.com", false).is_err());
        assert!(check_base_url("http://api.example.com", true).is_ok());
        assert!(check_base_url("ftp://api.example.com", true).is_err());
    }
}
