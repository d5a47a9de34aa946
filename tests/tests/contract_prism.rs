//! Contract tests against Stoplight Prism in mock mode on `spec/openapi.json`: every
//! operation of the spec is called through the generated client with valid arguments;
//! Prism checks each request against the spec and answers with the spec's example,
//! which the client must decode into its typed model. `Prefer: code=…` then drives
//! the documented error responses through the typed errors.
//!
//! Needs `npm ci --prefix tools/prism` (the tests fail, never skip, without it).

mod common;

use std::collections::BTreeSet;
use std::fmt::Debug;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actuallycare::types::{
    ApiKeyScopes, AppointmentStatus, CheckoutRequest, ClientStatus, ClientType,
    CreateApiKeyRequest, CreateAppointmentRequest, CreateClientRequest, CreateContactRequest,
    CreateEscrowRequest, CreateLeadRequest, CreateListingRequest, CreateWebhookRequest, ErrorCode,
    EscrowStatus, LeadStatus, ListingStatus, LoginRequest, LogoutRequest, PublicCheckoutRequest,
    RefreshTokenRequest, RegisterRequest, ScopeAction, UpdateApiKeyScopesRequest,
    UpdateAppointmentRequest, UpdateClientRequest, UpdateContactRequest, UpdateEscrowRequest,
    UpdateLeadRequest, UpdateListingRequest, UpdateProfileRequest, UpdateWebhookRequest,
};
use actuallycare::{Client, Error, RequestOptions, Response};
use common::prism::{Prism, conforming, documented_error, repo_root};
use common::{API_KEY, builder, jwt};
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Any valid uuid works as a path id: Prism only checks the format.
const ID: &str = "0d4f8a9c-3b2e-4f6a-9d1c-7e5b2a8f4c10";

/// A client holding both credentials, so the runtime can pick what each operation accepts.
fn client(base_url: &str) -> Client {
    builder(base_url)
        .api_key(API_KEY)
        .bearer_token(jwt("agent-1", 3600))
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

/// Parses a literal into whatever typed argument the call needs (uuid, date, date-time).
fn parse<T: FromStr<Err: Debug>>(text: &str) -> T {
    text.parse().expect("valid literal")
}

/// The operationIds of the spec, read from `spec/openapi.json` itself.
fn spec_operation_ids() -> BTreeSet<String> {
    let spec =
        std::fs::read_to_string(repo_root().join("spec/openapi.json")).expect("spec readable");
    let spec: Value = serde_json::from_str(&spec).expect("spec is JSON");
    const METHODS: [&str; 8] = [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let paths = spec["paths"].as_object().expect("spec has paths");
    paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| METHODS.iter().filter_map(|method| item.get(*method)))
        .map(|operation| {
            operation["operationId"]
                .as_str()
                .expect("every operation has an operationId")
                .to_owned()
        })
        .collect()
}

/// Records the `operation` of every `http_request` span the runtime opens, i.e. the
/// operationId of each request actually sent, with the thread that sent it.
///
/// It is the process-wide subscriber, installed before any test sends a request:
/// a thread-local `set_default` races with span callsites that another test
/// thread registers first, and then sees no spans at all.
#[derive(Clone, Default)]
struct SentOperations {
    operations: Arc<Mutex<Vec<(std::thread::ThreadId, String)>>>,
    next_id: Arc<AtomicU64>,
}

impl SentOperations {
    /// The recorder, installed as the global subscriber on first use.
    fn installed() -> SentOperations {
        static RECORDER: std::sync::OnceLock<SentOperations> = std::sync::OnceLock::new();
        RECORDER
            .get_or_init(|| {
                let recorder = SentOperations::default();
                tracing::subscriber::set_global_default(recorder.clone())
                    .expect("no other global subscriber in this test binary");
                recorder
            })
            .clone()
    }

    /// The operations this thread sent since the last call (tests run on
    /// current-thread runtimes, so a test's requests are sent on its thread).
    fn take(&self) -> Vec<String> {
        let this_thread = std::thread::current().id();
        let mut operations = self.operations.lock().unwrap_or_else(|e| e.into_inner());
        let (mine, others): (Vec<_>, Vec<_>) = operations
            .drain(..)
            .partition(|(thread, _)| *thread == this_thread);
        *operations = others;
        mine.into_iter().map(|(_, operation)| operation).collect()
    }
}

struct OperationField(Option<String>);

impl Visit for OperationField {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "operation" {
            self.0 = Some(value.to_owned());
        }
    }
    fn record_debug(&mut self, _: &Field, _: &dyn Debug) {}
}

impl Subscriber for SentOperations {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        if span.metadata().name() == "http_request" {
            let mut field = OperationField(None);
            span.record(&mut field);
            if let Some(operation) = field.0 {
                let thread = std::thread::current().id();
                self.operations
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((thread, operation));
            }
        }
        Id::from_u64(self.next_id.fetch_add(1, Ordering::SeqCst) + 1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, _: &Event<'_>) {}
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// Runs the calls one after the other and collects every failure instead of
/// stopping at the first.
struct Contract {
    sent: SentOperations,
    /// The operationIds the client sent.
    called: BTreeSet<String>,
    failures: Vec<String>,
}

impl Contract {
    /// Awaits one call labelled `operation_id`: it must send exactly that operation,
    /// get a 2xx without request violations, and decode into the typed model.
    async fn check<T>(
        &mut self,
        operation_id: &str,
        call: impl Future<Output = Result<Response<T>, Error>>,
    ) {
        self.sent.take();
        let result = call.await;
        let sent = self.sent.take();
        if sent != [operation_id] {
            self.failures.push(format!(
                "{operation_id}: expected one request of {operation_id}, the client sent {sent:?}"
            ));
        }
        if let Err(why) = conforming(result) {
            self.failures.push(format!("{operation_id}: {why}"));
        }
        // Coverage counts what was sent, not the labels.
        for operation in sent {
            if !self.called.insert(operation.clone()) {
                self.failures.push(format!("{operation}: sent twice"));
            }
        }
    }
}

#[tokio::test]
async fn every_operation_of_the_spec_conforms_in_mock_mode() {
    let prism = Prism::mock();
    let sent = SentOperations::installed();
    let mut contract = Contract {
        sent,
        called: BTreeSet::new(),
        failures: Vec::new(),
    };
    let base = prism.base_url();
    // A fresh client per call: login, refresh and logout change the session.
    let c = || client(&base);
    let id = || parse(ID);

    // API keys (JWT only).
    let mut scopes = ApiKeyScopes::new();
    scopes.listings = Some(vec![ScopeAction::Read, ScopeAction::Write]);
    scopes.clients = Some(vec![ScopeAction::Read]);
    let mut new_key = CreateApiKeyRequest::new("CI deploy key".to_owned());
    new_key.expires_in_days = Some(90);
    new_key.scopes = Some(scopes.clone());
    contract
        .check("listApiKeys", c().api_keys().list().send_response())
        .await;
    contract
        .check(
            "createApiKey",
            c().api_keys().create(new_key).send_response(),
        )
        .await;
    contract
        .check("deleteApiKey", c().api_keys().delete(id()).send_response())
        .await;
    contract
        .check("revokeApiKey", c().api_keys().revoke(id()).send_response())
        .await;
    let new_scopes = UpdateApiKeyScopesRequest::new(scopes);
    contract
        .check(
            "updateApiKeyScopes",
            c().api_keys()
                .update_scopes(id(), new_scopes)
                .send_response(),
        )
        .await;

    // Appointments.
    let mut appointment = CreateAppointmentRequest::new(
        parse("2026-07-01T15:00:00Z"),
        "Showing at Oak Ave".to_owned(),
    );
    appointment.end_time = Some(parse("2026-07-01T16:00:00Z"));
    appointment.location = Some(Some("456 Oak Ave, Tehachapi, CA 93561".to_owned()));
    appointment.listing_id = Some(Some(id()));
    appointment.status = Some(AppointmentStatus::Scheduled);
    let mut appointment_change = UpdateAppointmentRequest::new();
    appointment_change.status = Some(AppointmentStatus::Confirmed);
    appointment_change.description = Some(None);
    contract
        .check(
            "listAppointments",
            c().appointments().list().page(1).limit(25).send_response(),
        )
        .await;
    contract
        .check(
            "createAppointment",
            c().appointments().create(appointment).send_response(),
        )
        .await;
    contract
        .check(
            "getAppointmentById",
            c().appointments().get(id()).send_response(),
        )
        .await;
    contract
        .check(
            "updateAppointment",
            c().appointments()
                .update(id(), appointment_change)
                .send_response(),
        )
        .await;
    contract
        .check(
            "deleteAppointment",
            c().appointments().delete(id()).send_response(),
        )
        .await;

    // Authentication.
    let mut login = LoginRequest::new("correct horse battery staple".to_owned());
    login.email = Some("agent@example.com".to_owned());
    let mut logout = LogoutRequest::new();
    logout.refresh_token = Some("rt_0123456789abcdef".to_owned());
    let mut profile = UpdateProfileRequest::new();
    profile.first_name = Some("Dana".to_owned());
    profile.phone = Some(Some("+1 661 555 0100".to_owned()));
    let mut registration = RegisterRequest::new(
        "new.agent@example.com".to_owned(),
        "a long passphrase".to_owned(),
    );
    registration.first_name = Some("Ari".to_owned());
    registration.last_name = Some("Nguyen".to_owned());
    contract
        .check("loginUser", c().auth().login(login).send_response())
        .await;
    contract
        .check(
            "logoutUser",
            c().auth().logout().body(logout).send_response(),
        )
        .await;
    contract
        .check("logoutAllDevices", c().auth().logout_all().send_response())
        .await;
    contract
        .check("getUserProfile", c().auth().get_profile().send_response())
        .await;
    contract
        .check(
            "updateUserProfile",
            c().auth().update_profile(profile).send_response(),
        )
        .await;
    let refresh = RefreshTokenRequest::new("rt_0123456789abcdef".to_owned());
    contract
        .check(
            "refreshAccessToken",
            c().auth().refresh(refresh).send_response(),
        )
        .await;
    contract
        .check(
            "registerUser",
            c().auth().register(registration).send_response(),
        )
        .await;
    contract
        .check(
            "listActiveSessions",
            c().auth().list_sessions().page(1).limit(10).send_response(),
        )
        .await;
    contract
        .check("verifyToken", c().auth().verify().send_response())
        .await;

    // Billing.
    let mut checkout = CheckoutRequest::new("chk_pro_monthly".to_owned());
    checkout.success_url = Some("https://app.example.com/billing/done".to_owned());
    checkout.cancel_url = Some("https://app.example.com/billing".to_owned());
    let public_checkout =
        PublicCheckoutRequest::new("buyer@example.com".to_owned(), "pro".to_owned());
    contract
        .check(
            "startSubscriptionCheckout",
            c().billing()
                .start_subscription_checkout(checkout)
                .send_response(),
        )
        .await;
    contract
        .check(
            "getPlansWithCheckoutIds",
            c().billing().get_plans_with_checkout_ids().send_response(),
        )
        .await;
    contract
        .check(
            "openBillingPortal",
            c().billing().open_portal().send_response(),
        )
        .await;
    contract
        .check(
            "startPublicCheckout",
            c().billing()
                .start_public_checkout(public_checkout)
                .send_response(),
        )
        .await;
    contract
        .check(
            "getPublicPlanPricing",
            c().billing().get_public_plan_pricing().send_response(),
        )
        .await;
    contract
        .check(
            "getSubscriptionStatus",
            c().billing().get_subscription_status().send_response(),
        )
        .await;

    // Clients.
    let mut new_client = CreateClientRequest::new("Maria".to_owned(), "Ortiz".to_owned());
    new_client.email = Some(Some("maria.ortiz@example.com".to_owned()));
    new_client.client_type = Some(ClientType::Buyer);
    new_client.status = Some(ClientStatus::Active);
    let mut client_change = UpdateClientRequest::new();
    client_change.phone = Some(Some("+1 661 555 0101".to_owned()));
    client_change.notes = Some(None);
    contract
        .check(
            "listClients",
            c().clients().list().page(1).limit(25).send_response(),
        )
        .await;
    contract
        .check(
            "createClient",
            c().clients().create(new_client).send_response(),
        )
        .await;
    contract
        .check("getClientById", c().clients().get(id()).send_response())
        .await;
    contract
        .check(
            "updateClient",
            c().clients().update(id(), client_change).send_response(),
        )
        .await;
    contract
        .check("deleteClient", c().clients().delete(id()).send_response())
        .await;

    // Contacts (JWT only).
    let mut contact = CreateContactRequest::new("Sam".to_owned());
    contact.last_name = Some("Lee".to_owned());
    contact.company = Some(Some("Lee Escrow".to_owned()));
    contact.tags = Some(vec!["lender".to_owned()]);
    let mut contact_change = UpdateContactRequest::new();
    contact_change.email = Some(Some("sam.lee@example.com".to_owned()));
    contract
        .check(
            "listContacts",
            c().contacts().list().page(1).limit(25).send_response(),
        )
        .await;
    contract
        .check(
            "createContact",
            c().contacts().create(contact).send_response(),
        )
        .await;
    contract
        .check(
            "searchContacts",
            c().contacts().search("ortiz").limit(10).send_response(),
        )
        .await;
    contract
        .check("getContact", c().contacts().get(id()).send_response())
        .await;
    contract
        .check(
            "updateContact",
            c().contacts().update(id(), contact_change).send_response(),
        )
        .await;
    contract
        .check("deleteContact", c().contacts().delete(id()).send_response())
        .await;
    contract
        .check(
            "archiveContact",
            c().contacts().archive(id()).send_response(),
        )
        .await;
    contract
        .check(
            "restoreContact",
            c().contacts().restore(id()).send_response(),
        )
        .await;

    // Escrows.
    let mut escrow = CreateEscrowRequest::new("456 Oak Ave, Tehachapi, CA 93561".to_owned());
    escrow.purchase_price = Some(Some(415_000.0));
    escrow.opening_date = Some(Some(parse("2026-07-01")));
    escrow.closing_date = Some(Some(parse("2026-08-15")));
    escrow.status = Some(EscrowStatus::Open);
    let mut escrow_change = UpdateEscrowRequest::new();
    escrow_change.status = Some(EscrowStatus::Pending);
    contract
        .check(
            "listEscrows",
            c().escrows().list().page(1).limit(25).send_response(),
        )
        .await;
    contract
        .check("createEscrow", c().escrows().create(escrow).send_response())
        .await;
    contract
        .check("getEscrow", c().escrows().get(id()).send_response())
        .await;
    contract
        .check(
            "updateEscrow",
            c().escrows().update(id(), escrow_change).send_response(),
        )
        .await;
    contract
        .check("deleteEscrow", c().escrows().delete(id()).send_response())
        .await;
    contract
        .check("archiveEscrow", c().escrows().archive(id()).send_response())
        .await;
    contract
        .check("restoreEscrow", c().escrows().restore(id()).send_response())
        .await;
    contract
        .check(
            "getEscrowTimeline",
            c().escrows().get_timeline(id()).send_response(),
        )
        .await;

    // Leads.
    let mut lead = CreateLeadRequest::new("Jo".to_owned(), "Park".to_owned());
    lead.source = Some(Some("website".to_owned()));
    lead.status = Some(LeadStatus::New);
    let mut lead_change = UpdateLeadRequest::new();
    lead_change.status = Some(LeadStatus::Qualified);
    contract
        .check(
            "listLeads",
            c().leads().list().page(1).limit(25).send_response(),
        )
        .await;
    contract
        .check("createLead", c().leads().create(lead).send_response())
        .await;
    contract
        .check("getLeadById", c().leads().get(id()).send_response())
        .await;
    contract
        .check(
            "updateLead",
            c().leads().update(id(), lead_change).send_response(),
        )
        .await;
    contract
        .check("deleteLead", c().leads().delete(id()).send_response())
        .await;
    contract
        .check(
            "convertLeadToClient",
            c().leads().convert_to_client(id()).send_response(),
        )
        .await;

    // Listings.
    let mut listing =
        CreateListingRequest::new("456 Oak Ave, Tehachapi, CA 93561".to_owned(), 425_000.0);
    listing.bedrooms = Some(Some(3));
    listing.bathrooms = Some(Some(2.5));
    listing.listing_date = Some(Some(parse("2026-06-01")));
    listing.status = Some(ListingStatus::ComingSoon);
    let mut listing_change = UpdateListingRequest::new();
    listing_change.list_price = Some(419_000.0);
    listing_change.mls_number = Some(None);
    let listings = c()
        .listings()
        .list()
        .page(1)
        .limit(25)
        .status(ListingStatus::Active);
    contract
        .check("listListings", listings.send_response())
        .await;
    contract
        .check(
            "createListing",
            c().listings().create(listing).send_response(),
        )
        .await;
    contract
        .check("getListingById", c().listings().get(id()).send_response())
        .await;
    contract
        .check(
            "updateListing",
            c().listings().update(id(), listing_change).send_response(),
        )
        .await;
    contract
        .check("deleteListing", c().listings().delete(id()).send_response())
        .await;

    // Webhooks (JWT only).
    let mut webhook = CreateWebhookRequest::new(
        vec!["listing.created".to_owned()],
        "https://hooks.example.com/actuallycare".to_owned(),
    );
    webhook.description = Some(Some("CRM sync".to_owned()));
    let mut webhook_change = UpdateWebhookRequest::new();
    webhook_change.is_active = Some(false);
    contract
        .check(
            "listWebhooks",
            c().webhooks().list().page(1).limit(25).send_response(),
        )
        .await;
    contract
        .check(
            "createWebhook",
            c().webhooks().create(webhook).send_response(),
        )
        .await;
    contract
        .check(
            "listWebhookEvents",
            c().webhooks().list_events().send_response(),
        )
        .await;
    contract
        .check(
            "listWebhookEventCategories",
            c().webhooks().list_event_categories().send_response(),
        )
        .await;
    contract
        .check(
            "updateWebhook",
            c().webhooks().update(id(), webhook_change).send_response(),
        )
        .await;
    contract
        .check(
            "deactivateWebhook",
            c().webhooks().deactivate(id()).send_response(),
        )
        .await;
    contract
        .check(
            "getWebhookLogs",
            c().webhooks()
                .get_logs(id())
                .page(1)
                .limit(10)
                .send_response(),
        )
        .await;

    let spec_operations = spec_operation_ids();
    let missing: Vec<&String> = spec_operations.difference(&contract.called).collect();
    let unknown: Vec<&String> = contract.called.difference(&spec_operations).collect();
    if !missing.is_empty() {
        contract.failures.push(format!("not called: {missing:?}"));
    }
    if !unknown.is_empty() {
        contract
            .failures
            .push(format!("called but not in the spec: {unknown:?}"));
    }
    assert!(
        contract.failures.is_empty(),
        "{} of {} operations failed the contract ({} called):\n- {}\n\nPrism's log:\n{}",
        contract.failures.len(),
        spec_operations.len(),
        contract.called.len(),
        contract.failures.join("\n- "),
        prism.log()
    );
    assert_eq!(
        contract.called, spec_operations,
        "every operation of the spec was called exactly once"
    );
}

/// Resolves a local `$ref` (`#/components/...`) against the spec.
fn resolve<'a>(spec: &'a Value, value: &'a Value) -> &'a Value {
    match value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|reference| reference.strip_prefix('#'))
    {
        Some(pointer) => spec.pointer(pointer).expect("$ref resolves"),
        None => value,
    }
}

#[tokio::test]
async fn documented_error_responses_map_to_typed_errors() {
    // Install the recorder before this test's requests register the span callsite.
    let _ = SentOperations::installed();
    let prism = Prism::mock();
    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("spec/openapi.json")).expect("spec readable"),
    )
    .expect("spec is JSON");
    let responses = &spec["paths"]["/listings/{id}"]["get"]["responses"];
    let client = client(&prism.base_url());
    let mut failures = Vec::new();
    for status in [401, 403, 404, 429, 500] {
        let example = &resolve(&spec, &responses[status.to_string()])["content"]["application/json"]
            ["example"]["error"];
        // The code the spec's example carries (403's is ACCOUNT_NOT_ACTIVE): it must
        // be one the client knows as a variant, not kept as `Unknown`.
        let expected_code = ErrorCode::from(example["code"].as_str().unwrap_or_default());
        if matches!(expected_code, ErrorCode::Unknown(_)) {
            failures.push(format!(
                "{status}: the example's code {:?} is not a known ErrorCode",
                example["code"]
            ));
        }
        // One attempt: the runtime would otherwise retry 429 and 500.
        let options = RequestOptions::default()
            .max_attempts(1)
            .header("Prefer", format!("code={status}"));
        let result = client
            .listings()
            .get(parse(ID))
            .request_options(options)
            .send()
            .await;
        let api = match documented_error(result) {
            Ok(api) => api,
            Err(why) => {
                failures.push(format!("{status}: {why}"));
                continue;
            }
        };
        let checks = [
            (
                "status",
                api.status().as_u16().to_string(),
                status.to_string(),
            ),
            (
                "code",
                format!("{:?}", api.code()),
                format!("{:?}", Some(expected_code)),
            ),
            (
                "message",
                format!("{:?}", api.message()),
                format!("{:?}", example["message"].as_str()),
            ),
            (
                "error id",
                format!("{:?}", api.error_id()),
                format!("{:?}", example["errorId"].as_str()),
            ),
            (
                "correlation id",
                format!("{:?}", api.correlation_id()),
                format!("{:?}", example["correlationId"].as_str()),
            ),
            (
                "operation",
                api.operation().to_owned(),
                "getListingById".to_owned(),
            ),
        ];
        for (what, actual, expected) in checks {
            if actual != expected {
                failures.push(format!("{status}: {what} is {actual}, expected {expected}"));
            }
        }
        for (what, present) in [
            ("message", api.message()),
            ("error id", api.error_id()),
            ("correlation id", api.correlation_id()),
        ] {
            if present.is_none_or(str::is_empty) {
                failures.push(format!("{status}: no {what} in {}", api.body()));
            }
        }
        if status == 429 && api.retry_after().is_none() {
            failures.push(format!(
                "429: no Retry-After exposed (headers {:?})",
                api.headers()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "error responses:\n- {}\n\nPrism's log:\n{}",
        failures.join("\n- "),
        prism.log()
    );
}
