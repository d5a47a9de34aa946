// Written by tests/tests/mock_operations.rs from the model of spec/openapi.json: do not edit.
// UPDATE_MOCK_OPERATIONS=1 cargo test -p integration-tests --test mock_operations

#![allow(clippy::clone_on_copy, reason = "samples of every type are passed alike")]

use actuallycare::Client;
use actuallycare::mock::MockApi;

fn sample<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).expect("a sample of the type")
}

/// Stubs and calls every operation, each with a new client (signing out ends a
/// session); returns the operations called.
pub async fn every_operation(api: &MockApi, new_client: impl Fn() -> Client) -> Vec<&'static str> {
    let mut called = Vec::new();
    // GET /api-keys
    {
        let client = new_client();
        let value = sample::<Vec<actuallycare::types::ApiKey>>(r#"[{"created_at":"2025-01-02T03:04:05Z","expires_at":"2025-01-02T03:04:05Z","id":"00000000-0000-4000-8000-000000000001","is_active":true,"key_preview":"text","last_used_at":"2025-01-02T03:04:05Z","name":"text"}]"#);
        api.api_keys().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.api_keys().list().send().await.expect("GET /api-keys"), value, "GET /api-keys");
        called.push("GET /api-keys");
    }
    // POST /api-keys
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateApiKeyRequest>(r#"{"expiresInDays":1,"name":"text","scopes":{"activity":["read"],"all":["read"],"analytics":["read"],"appointments":["read"],"clients":["read"],"communications":["read"],"contacts":["read"],"details":["read"],"documents":["read"],"emails":["read"],"escrows":["read"],"integrations":["read"],"leads":["read"],"listings":["read"],"notes":["read"],"notifications":["read"],"open-houses":["read"],"search":["read"],"settings":["read"],"showings":["read"],"tasks":["read"],"teams":["read"],"users":["read"],"vendor-applications":["read"]}}"#);
        let value = sample::<actuallycare::types::CreatedApiKey>(r#"{"created_at":"2025-01-02T03:04:05Z","expires_at":"2025-01-02T03:04:05Z","id":"00000000-0000-4000-8000-000000000001","key":"Sx0000ab-leak-S-middle-0000-zz00","key_prefix":"text","name":"text","scopes":{"activity":["read"],"all":["read"],"analytics":["read"],"appointments":["read"],"clients":["read"],"communications":["read"],"contacts":["read"],"details":["read"],"documents":["read"],"emails":["read"],"escrows":["read"],"integrations":["read"],"leads":["read"],"listings":["read"],"notes":["read"],"notifications":["read"],"open-houses":["read"],"search":["read"],"settings":["read"],"showings":["read"],"tasks":["read"],"teams":["read"],"users":["read"],"vendor-applications":["read"]}}"#);
        api.api_keys().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.api_keys().create(body).send().await.expect("POST /api-keys"), value, "POST /api-keys");
        called.push("POST /api-keys");
    }
    // DELETE /api-keys/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.api_keys().delete(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.api_keys().delete(id.clone()).send().await.expect("DELETE /api-keys/{id}"), value, "DELETE /api-keys/{id}");
        called.push("DELETE /api-keys/{id}");
    }
    // PUT /api-keys/{id}/revoke
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::ApiKeyRevocation>(r#"{"id":"00000000-0000-4000-8000-000000000001"}"#);
        api.api_keys().revoke(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.api_keys().revoke(id.clone()).send().await.expect("PUT /api-keys/{id}/revoke"), value, "PUT /api-keys/{id}/revoke");
        called.push("PUT /api-keys/{id}/revoke");
    }
    // PATCH /api-keys/{id}/scopes
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateApiKeyScopesRequest>(r#"{"scopes":{"activity":["read"],"all":["read"],"analytics":["read"],"appointments":["read"],"clients":["read"],"communications":["read"],"contacts":["read"],"details":["read"],"documents":["read"],"emails":["read"],"escrows":["read"],"integrations":["read"],"leads":["read"],"listings":["read"],"notes":["read"],"notifications":["read"],"open-houses":["read"],"search":["read"],"settings":["read"],"showings":["read"],"tasks":["read"],"teams":["read"],"users":["read"],"vendor-applications":["read"]}}"#);
        let value = sample::<actuallycare::types::ApiKeyScopesUpdate>(r#"{"id":"00000000-0000-4000-8000-000000000001","scopes":{"activity":["read"],"all":["read"],"analytics":["read"],"appointments":["read"],"clients":["read"],"communications":["read"],"contacts":["read"],"details":["read"],"documents":["read"],"emails":["read"],"escrows":["read"],"integrations":["read"],"leads":["read"],"listings":["read"],"notes":["read"],"notifications":["read"],"open-houses":["read"],"search":["read"],"settings":["read"],"showings":["read"],"tasks":["read"],"teams":["read"],"users":["read"],"vendor-applications":["read"]}}"#);
        api.api_keys().update_scopes(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.api_keys().update_scopes(id.clone(), body).send().await.expect("PATCH /api-keys/{id}/scopes"), value, "PATCH /api-keys/{id}/scopes");
        called.push("PATCH /api-keys/{id}/scopes");
    }
    // GET /appointments
    {
        let client = new_client();
        let value = sample::<actuallycare::types::AppointmentList>(r#"{"appointments":[{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","description":"text","end_time":"2025-01-02T03:04:05Z","id":"00000000-0000-4000-8000-000000000001","listing_id":"00000000-0000-4000-8000-000000000001","location":"text","start_time":"2025-01-02T03:04:05Z","status":"scheduled","title":"text","updated_at":"2025-01-02T03:04:05Z"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.appointments().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.appointments().list().send().await.expect("GET /appointments"), value, "GET /appointments");
        called.push("GET /appointments");
    }
    // POST /appointments
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateAppointmentRequest>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","description":"text","end_time":"2025-01-02T03:04:05Z","listing_id":"00000000-0000-4000-8000-000000000001","location":"text","start_time":"2025-01-02T03:04:05Z","status":"scheduled","title":"text"}"#);
        let value = sample::<actuallycare::types::Appointment>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","description":"text","end_time":"2025-01-02T03:04:05Z","id":"00000000-0000-4000-8000-000000000001","listing_id":"00000000-0000-4000-8000-000000000001","location":"text","start_time":"2025-01-02T03:04:05Z","status":"scheduled","title":"text","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.appointments().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.appointments().create(body).send().await.expect("POST /appointments"), value, "POST /appointments");
        called.push("POST /appointments");
    }
    // GET /appointments/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Appointment>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","description":"text","end_time":"2025-01-02T03:04:05Z","id":"00000000-0000-4000-8000-000000000001","listing_id":"00000000-0000-4000-8000-000000000001","location":"text","start_time":"2025-01-02T03:04:05Z","status":"scheduled","title":"text","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.appointments().get(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.appointments().get(id.clone()).send().await.expect("GET /appointments/{id}"), value, "GET /appointments/{id}");
        called.push("GET /appointments/{id}");
    }
    // PUT /appointments/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateAppointmentRequest>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","description":"text","end_time":"2025-01-02T03:04:05Z","listing_id":"00000000-0000-4000-8000-000000000001","location":"text","start_time":"2025-01-02T03:04:05Z","status":"scheduled","title":"text"}"#);
        let value = sample::<actuallycare::types::Appointment>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","description":"text","end_time":"2025-01-02T03:04:05Z","id":"00000000-0000-4000-8000-000000000001","listing_id":"00000000-0000-4000-8000-000000000001","location":"text","start_time":"2025-01-02T03:04:05Z","status":"scheduled","title":"text","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.appointments().update(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.appointments().update(id.clone(), body).send().await.expect("PUT /appointments/{id}"), value, "PUT /appointments/{id}");
        called.push("PUT /appointments/{id}");
    }
    // DELETE /appointments/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.appointments().delete(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.appointments().delete(id.clone()).send().await.expect("DELETE /appointments/{id}"), value, "DELETE /appointments/{id}");
        called.push("DELETE /appointments/{id}");
    }
    // POST /auth/login
    {
        let client = new_client();
        let body = sample::<actuallycare::types::LoginRequest>(r#"{"email":"text","password":"Sx0001ab-leak-S-middle-0001-zz01","username":"text"}"#);
        let value = sample::<actuallycare::types::LoginResult>(r#"{"accessToken":"Sx0002ab-leak-S-middle-0002-zz02","redirect":"text","status":"waitlisted"}"#);
        api.auth().login().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().login(body).send().await.expect("POST /auth/login"), value, "POST /auth/login");
        called.push("POST /auth/login");
    }
    // POST /auth/logout
    {
        let client = new_client();
        let body = sample::<actuallycare::types::LogoutRequest>(r#"{"refreshToken":"Sx0003ab-leak-S-middle-0003-zz03"}"#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.auth().logout().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().logout().body(body).send().await.expect("POST /auth/logout"), value, "POST /auth/logout");
        called.push("POST /auth/logout");
    }
    // POST /auth/logout-all
    {
        let client = new_client();
        let value = sample::<actuallycare::types::LogoutAllResult>(r#"{"sessions_revoked":1}"#);
        api.auth().logout_all().expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().logout_all().send().await.expect("POST /auth/logout-all"), value, "POST /auth/logout-all");
        called.push("POST /auth/logout-all");
    }
    // GET /auth/profile
    {
        let client = new_client();
        let value = sample::<actuallycare::types::User>(r#"{"created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"text","last_name":"text","phone":"text","role":"text","status":"text","updated_at":"2025-01-02T03:04:05Z","username":"text"}"#);
        api.auth().get_profile().expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().get_profile().send().await.expect("GET /auth/profile"), value, "GET /auth/profile");
        called.push("GET /auth/profile");
    }
    // PUT /auth/profile
    {
        let client = new_client();
        let body = sample::<actuallycare::types::UpdateProfileRequest>(r#"{"email":"text","first_name":"text","last_name":"text","phone":"text"}"#);
        let value = sample::<actuallycare::types::User>(r#"{"created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"text","last_name":"text","phone":"text","role":"text","status":"text","updated_at":"2025-01-02T03:04:05Z","username":"text"}"#);
        api.auth().update_profile().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().update_profile(body).send().await.expect("PUT /auth/profile"), value, "PUT /auth/profile");
        called.push("PUT /auth/profile");
    }
    // POST /auth/refresh
    {
        let client = new_client();
        let body = sample::<actuallycare::types::RefreshTokenRequest>(r#"{"refreshToken":"Sx0004ab-leak-S-middle-0004-zz04"}"#);
        let value = sample::<actuallycare::types::TokenPair>(r#"{"accessToken":"Sx0005ab-leak-S-middle-0005-zz05","expiresIn":"text","refreshToken":"Sx0006ab-leak-S-middle-0006-zz06","tokenType":"text"}"#);
        api.auth().refresh().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().refresh(body).send().await.expect("POST /auth/refresh"), value, "POST /auth/refresh");
        called.push("POST /auth/refresh");
    }
    // POST /auth/register
    {
        let client = new_client();
        let body = sample::<actuallycare::types::RegisterRequest>(r#"{"email":"text","first_name":"text","last_name":"text","password":"Sx0007ab-leak-S-middle-0007-zz07","username":"text"}"#);
        let value = sample::<actuallycare::types::Registration>(r#"{"status":"waitlisted","user":{"created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"text","last_name":"text","phone":"text","role":"text","status":"text","updated_at":"2025-01-02T03:04:05Z","username":"text"}}"#);
        api.auth().register().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().register(body).send().await.expect("POST /auth/register"), value, "POST /auth/register");
        called.push("POST /auth/register");
    }
    // GET /auth/sessions
    {
        let client = new_client();
        let value = sample::<actuallycare::types::SessionList>(r#"{"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1},"sessions":[{"created_at":"2025-01-02T03:04:05Z","expires_at":"2025-01-02T03:04:05Z","id":"00000000-0000-4000-8000-000000000001","ip_address":"text","is_current":true,"last_active_at":"2025-01-02T03:04:05Z","user_agent":"text"}]}"#);
        api.auth().list_sessions().expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().list_sessions().send().await.expect("GET /auth/sessions"), value, "GET /auth/sessions");
        called.push("GET /auth/sessions");
    }
    // GET /auth/verify
    {
        let client = new_client();
        let value = sample::<actuallycare::types::TokenVerification>(r#"{"user":{"created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"text","last_name":"text","phone":"text","role":"text","status":"text","updated_at":"2025-01-02T03:04:05Z","username":"text"},"valid":true}"#);
        api.auth().verify().expect(1).returns(value.clone()).await;
        assert_eq!(client.auth().verify().send().await.expect("GET /auth/verify"), value, "GET /auth/verify");
        called.push("GET /auth/verify");
    }
    // POST /billing/checkout
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CheckoutRequest>(r#"{"cancel_url":"text","checkout_id":"text","success_url":"text"}"#);
        let value = sample::<actuallycare::types::CheckoutSession>(r#"{"checkout_url":"text","session_id":"text"}"#);
        api.billing().start_subscription_checkout().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.billing().start_subscription_checkout(body).send().await.expect("POST /billing/checkout"), value, "POST /billing/checkout");
        called.push("POST /billing/checkout");
    }
    // GET /billing/plans
    {
        let client = new_client();
        let value = sample::<actuallycare::types::PlanWithCheckoutList>(r#"{"plans":[{"currency":"text","description":"text","features":["text"],"id":"text","interval":"month","name":"text","price":1,"checkout_id":"text"}]}"#);
        api.billing().get_plans_with_checkout_ids().expect(1).returns(value.clone()).await;
        assert_eq!(client.billing().get_plans_with_checkout_ids().send().await.expect("GET /billing/plans"), value, "GET /billing/plans");
        called.push("GET /billing/plans");
    }
    // POST /billing/portal
    {
        let client = new_client();
        let value = sample::<actuallycare::types::BillingPortalSession>(r#"{"portal_url":"Sx0008ab-leak-S-middle-0008-zz08"}"#);
        api.billing().open_portal().expect(1).returns(value.clone()).await;
        assert_eq!(client.billing().open_portal().send().await.expect("POST /billing/portal"), value, "POST /billing/portal");
        called.push("POST /billing/portal");
    }
    // POST /billing/public-checkout
    {
        let client = new_client();
        let body = sample::<actuallycare::types::PublicCheckoutRequest>(r#"{"cancel_url":"text","email":"text","plan_id":"text","success_url":"text"}"#);
        let value = sample::<actuallycare::types::CheckoutSession>(r#"{"checkout_url":"text","session_id":"text"}"#);
        api.billing().start_public_checkout().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.billing().start_public_checkout(body).send().await.expect("POST /billing/public-checkout"), value, "POST /billing/public-checkout");
        called.push("POST /billing/public-checkout");
    }
    // GET /billing/public-plans
    {
        let client = new_client();
        let value = sample::<actuallycare::types::PlanList>(r#"{"plans":[{"currency":"text","description":"text","features":["text"],"id":"text","interval":"month","name":"text","price":1}]}"#);
        api.billing().get_public_plan_pricing().expect(1).returns(value.clone()).await;
        assert_eq!(client.billing().get_public_plan_pricing().send().await.expect("GET /billing/public-plans"), value, "GET /billing/public-plans");
        called.push("GET /billing/public-plans");
    }
    // GET /billing/subscription
    {
        let client = new_client();
        let value = sample::<actuallycare::types::Subscription>(r#"{"cancel_at_period_end":true,"current_period_end":"2025-01-02T03:04:05Z","plan_id":"text","status":"none"}"#);
        api.billing().get_subscription_status().expect(1).returns(value.clone()).await;
        assert_eq!(client.billing().get_subscription_status().send().await.expect("GET /billing/subscription"), value, "GET /billing/subscription");
        called.push("GET /billing/subscription");
    }
    // GET /clients
    {
        let client = new_client();
        let value = sample::<actuallycare::types::ClientList>(r#"{"clients":[{"client_type":"buyer","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","lead_id":"00000000-0000-4000-8000-000000000001","notes":"text","phone":"text","status":"active","updated_at":"2025-01-02T03:04:05Z"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.clients().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.clients().list().send().await.expect("GET /clients"), value, "GET /clients");
        called.push("GET /clients");
    }
    // POST /clients
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateClientRequest>(r#"{"client_type":"buyer","email":"text","first_name":"text","last_name":"text","notes":"text","phone":"text","status":"active"}"#);
        let value = sample::<actuallycare::types::Client>(r#"{"client_type":"buyer","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","lead_id":"00000000-0000-4000-8000-000000000001","notes":"text","phone":"text","status":"active","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.clients().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.clients().create(body).send().await.expect("POST /clients"), value, "POST /clients");
        called.push("POST /clients");
    }
    // GET /clients/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Client>(r#"{"client_type":"buyer","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","lead_id":"00000000-0000-4000-8000-000000000001","notes":"text","phone":"text","status":"active","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.clients().get(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.clients().get(id.clone()).send().await.expect("GET /clients/{id}"), value, "GET /clients/{id}");
        called.push("GET /clients/{id}");
    }
    // PUT /clients/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateClientRequest>(r#"{"client_type":"buyer","email":"text","first_name":"text","last_name":"text","notes":"text","phone":"text","status":"active"}"#);
        let value = sample::<actuallycare::types::Client>(r#"{"client_type":"buyer","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","lead_id":"00000000-0000-4000-8000-000000000001","notes":"text","phone":"text","status":"active","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.clients().update(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.clients().update(id.clone(), body).send().await.expect("PUT /clients/{id}"), value, "PUT /clients/{id}");
        called.push("PUT /clients/{id}");
    }
    // DELETE /clients/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.clients().delete(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.clients().delete(id.clone()).send().await.expect("DELETE /clients/{id}"), value, "DELETE /clients/{id}");
        called.push("DELETE /clients/{id}");
    }
    // GET /contacts
    {
        let client = new_client();
        let value = sample::<actuallycare::types::ContactList>(r#"{"contacts":[{"archived_at":"2025-01-02T03:04:05Z","company":"text","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"last_name":"text","notes":"text","phone":"text","tags":["text"],"updated_at":"2025-01-02T03:04:05Z"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.contacts().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().list().send().await.expect("GET /contacts"), value, "GET /contacts");
        called.push("GET /contacts");
    }
    // POST /contacts
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateContactRequest>(r#"{"company":"text","email":"text","first_name":"text","last_name":"text","notes":"text","phone":"text","tags":["text"]}"#);
        let value = sample::<actuallycare::types::Contact>(r#"{"archived_at":"2025-01-02T03:04:05Z","company":"text","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"last_name":"text","notes":"text","phone":"text","tags":["text"],"updated_at":"2025-01-02T03:04:05Z"}"#);
        api.contacts().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().create(body).send().await.expect("POST /contacts"), value, "POST /contacts");
        called.push("POST /contacts");
    }
    // GET /contacts/search
    {
        let client = new_client();
        let q = sample::<String>(r#""text""#);
        let value = sample::<actuallycare::types::ContactList>(r#"{"contacts":[{"archived_at":"2025-01-02T03:04:05Z","company":"text","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"last_name":"text","notes":"text","phone":"text","tags":["text"],"updated_at":"2025-01-02T03:04:05Z"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.contacts().search().expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().search(q.clone()).send().await.expect("GET /contacts/search"), value, "GET /contacts/search");
        called.push("GET /contacts/search");
    }
    // GET /contacts/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Contact>(r#"{"archived_at":"2025-01-02T03:04:05Z","company":"text","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"last_name":"text","notes":"text","phone":"text","tags":["text"],"updated_at":"2025-01-02T03:04:05Z"}"#);
        api.contacts().get(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().get(id.clone()).send().await.expect("GET /contacts/{id}"), value, "GET /contacts/{id}");
        called.push("GET /contacts/{id}");
    }
    // PUT /contacts/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateContactRequest>(r#"{"company":"text","email":"text","first_name":"text","last_name":"text","notes":"text","phone":"text","tags":["text"]}"#);
        let value = sample::<actuallycare::types::Contact>(r#"{"archived_at":"2025-01-02T03:04:05Z","company":"text","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"last_name":"text","notes":"text","phone":"text","tags":["text"],"updated_at":"2025-01-02T03:04:05Z"}"#);
        api.contacts().update(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().update(id.clone(), body).send().await.expect("PUT /contacts/{id}"), value, "PUT /contacts/{id}");
        called.push("PUT /contacts/{id}");
    }
    // DELETE /contacts/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.contacts().delete(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().delete(id.clone()).send().await.expect("DELETE /contacts/{id}"), value, "DELETE /contacts/{id}");
        called.push("DELETE /contacts/{id}");
    }
    // PATCH /contacts/{id}/archive
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Contact>(r#"{"archived_at":"2025-01-02T03:04:05Z","company":"text","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"last_name":"text","notes":"text","phone":"text","tags":["text"],"updated_at":"2025-01-02T03:04:05Z"}"#);
        api.contacts().archive(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().archive(id.clone()).send().await.expect("PATCH /contacts/{id}/archive"), value, "PATCH /contacts/{id}/archive");
        called.push("PATCH /contacts/{id}/archive");
    }
    // PATCH /contacts/{id}/restore
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Contact>(r#"{"archived_at":"2025-01-02T03:04:05Z","company":"text","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"last_name":"text","notes":"text","phone":"text","tags":["text"],"updated_at":"2025-01-02T03:04:05Z"}"#);
        api.contacts().restore(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.contacts().restore(id.clone()).send().await.expect("PATCH /contacts/{id}/restore"), value, "PATCH /contacts/{id}/restore");
        called.push("PATCH /contacts/{id}/restore");
    }
    // GET /escrows
    {
        let client = new_client();
        let value = sample::<actuallycare::types::EscrowList>(r#"{"escrows":[{"archived_at":"2025-01-02T03:04:05Z","client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","created_at":"2025-01-02T03:04:05Z","escrow_number":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open","updated_at":"2025-01-02T03:04:05Z"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.escrows().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().list().send().await.expect("GET /escrows"), value, "GET /escrows");
        called.push("GET /escrows");
    }
    // POST /escrows
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateEscrowRequest>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","escrow_number":"text","listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open"}"#);
        let value = sample::<actuallycare::types::Escrow>(r#"{"archived_at":"2025-01-02T03:04:05Z","client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","created_at":"2025-01-02T03:04:05Z","escrow_number":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.escrows().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().create(body).send().await.expect("POST /escrows"), value, "POST /escrows");
        called.push("POST /escrows");
    }
    // GET /escrows/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Escrow>(r#"{"archived_at":"2025-01-02T03:04:05Z","client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","created_at":"2025-01-02T03:04:05Z","escrow_number":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.escrows().get(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().get(id.clone()).send().await.expect("GET /escrows/{id}"), value, "GET /escrows/{id}");
        called.push("GET /escrows/{id}");
    }
    // PUT /escrows/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateEscrowRequest>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","escrow_number":"text","listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open"}"#);
        let value = sample::<actuallycare::types::Escrow>(r#"{"archived_at":"2025-01-02T03:04:05Z","client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","created_at":"2025-01-02T03:04:05Z","escrow_number":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.escrows().update(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().update(id.clone(), body).send().await.expect("PUT /escrows/{id}"), value, "PUT /escrows/{id}");
        called.push("PUT /escrows/{id}");
    }
    // DELETE /escrows/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.escrows().delete(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().delete(id.clone()).send().await.expect("DELETE /escrows/{id}"), value, "DELETE /escrows/{id}");
        called.push("DELETE /escrows/{id}");
    }
    // PATCH /escrows/{id}/archive
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Escrow>(r#"{"archived_at":"2025-01-02T03:04:05Z","client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","created_at":"2025-01-02T03:04:05Z","escrow_number":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.escrows().archive(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().archive(id.clone()).send().await.expect("PATCH /escrows/{id}/archive"), value, "PATCH /escrows/{id}/archive");
        called.push("PATCH /escrows/{id}/archive");
    }
    // PATCH /escrows/{id}/restore
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Escrow>(r#"{"archived_at":"2025-01-02T03:04:05Z","client_id":"00000000-0000-4000-8000-000000000001","closing_date":"2025-01-02","created_at":"2025-01-02T03:04:05Z","escrow_number":"text","id":"00000000-0000-4000-8000-000000000001","is_archived":true,"listing_id":"00000000-0000-4000-8000-000000000001","opening_date":"2025-01-02","property_address":"text","purchase_price":1.5,"status":"open","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.escrows().restore(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().restore(id.clone()).send().await.expect("PATCH /escrows/{id}/restore"), value, "PATCH /escrows/{id}/restore");
        called.push("PATCH /escrows/{id}/restore");
    }
    // GET /escrows/{id}/timeline
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::EscrowTimeline>(r#"{"escrow_id":"00000000-0000-4000-8000-000000000001","events":[{"actor_id":"00000000-0000-4000-8000-000000000001","description":"text","event_type":"text","id":"00000000-0000-4000-8000-000000000001","occurred_at":"2025-01-02T03:04:05Z"}]}"#);
        api.escrows().get_timeline(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.escrows().get_timeline(id.clone()).send().await.expect("GET /escrows/{id}/timeline"), value, "GET /escrows/{id}/timeline");
        called.push("GET /escrows/{id}/timeline");
    }
    // GET /leads
    {
        let client = new_client();
        let value = sample::<actuallycare::types::LeadList>(r#"{"leads":[{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","notes":"text","phone":"text","source":"text","status":"new","updated_at":"2025-01-02T03:04:05Z"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.leads().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.leads().list().send().await.expect("GET /leads"), value, "GET /leads");
        called.push("GET /leads");
    }
    // POST /leads
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateLeadRequest>(r#"{"email":"text","first_name":"text","last_name":"text","notes":"text","phone":"text","source":"text","status":"new"}"#);
        let value = sample::<actuallycare::types::Lead>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","notes":"text","phone":"text","source":"text","status":"new","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.leads().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.leads().create(body).send().await.expect("POST /leads"), value, "POST /leads");
        called.push("POST /leads");
    }
    // GET /leads/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Lead>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","notes":"text","phone":"text","source":"text","status":"new","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.leads().get(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.leads().get(id.clone()).send().await.expect("GET /leads/{id}"), value, "GET /leads/{id}");
        called.push("GET /leads/{id}");
    }
    // PUT /leads/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateLeadRequest>(r#"{"email":"text","first_name":"text","last_name":"text","notes":"text","phone":"text","source":"text","status":"new"}"#);
        let value = sample::<actuallycare::types::Lead>(r#"{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","notes":"text","phone":"text","source":"text","status":"new","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.leads().update(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.leads().update(id.clone(), body).send().await.expect("PUT /leads/{id}"), value, "PUT /leads/{id}");
        called.push("PUT /leads/{id}");
    }
    // DELETE /leads/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.leads().delete(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.leads().delete(id.clone()).send().await.expect("DELETE /leads/{id}"), value, "DELETE /leads/{id}");
        called.push("DELETE /leads/{id}");
    }
    // POST /leads/{id}/convert
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::LeadConversion>(r#"{"client":{"client_type":"buyer","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","lead_id":"00000000-0000-4000-8000-000000000001","notes":"text","phone":"text","status":"active","updated_at":"2025-01-02T03:04:05Z"},"lead":{"client_id":"00000000-0000-4000-8000-000000000001","created_at":"2025-01-02T03:04:05Z","email":"text","first_name":"text","id":"00000000-0000-4000-8000-000000000001","last_name":"text","notes":"text","phone":"text","source":"text","status":"new","updated_at":"2025-01-02T03:04:05Z"}}"#);
        api.leads().convert_to_client(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.leads().convert_to_client(id.clone()).send().await.expect("POST /leads/{id}/convert"), value, "POST /leads/{id}/convert");
        called.push("POST /leads/{id}/convert");
    }
    // GET /listings
    {
        let client = new_client();
        let value = sample::<actuallycare::types::ListingList>(r#"{"listings":[{"address":"text","bathrooms":1.5,"bedrooms":1,"created_at":"2025-01-02T03:04:05Z","description":"text","id":"00000000-0000-4000-8000-000000000001","list_price":1.5,"listing_date":"2025-01-02","mls_number":"text","square_feet":1,"status":"active","updated_at":"2025-01-02T03:04:05Z"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.listings().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.listings().list().send().await.expect("GET /listings"), value, "GET /listings");
        called.push("GET /listings");
    }
    // POST /listings
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateListingRequest>(r#"{"address":"text","bathrooms":1.5,"bedrooms":1,"description":"text","list_price":1.5,"listing_date":"2025-01-02","mls_number":"text","square_feet":1,"status":"active"}"#);
        let value = sample::<actuallycare::types::Listing>(r#"{"address":"text","bathrooms":1.5,"bedrooms":1,"created_at":"2025-01-02T03:04:05Z","description":"text","id":"00000000-0000-4000-8000-000000000001","list_price":1.5,"listing_date":"2025-01-02","mls_number":"text","square_feet":1,"status":"active","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.listings().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.listings().create(body).send().await.expect("POST /listings"), value, "POST /listings");
        called.push("POST /listings");
    }
    // GET /listings/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Listing>(r#"{"address":"text","bathrooms":1.5,"bedrooms":1,"created_at":"2025-01-02T03:04:05Z","description":"text","id":"00000000-0000-4000-8000-000000000001","list_price":1.5,"listing_date":"2025-01-02","mls_number":"text","square_feet":1,"status":"active","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.listings().get(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.listings().get(id.clone()).send().await.expect("GET /listings/{id}"), value, "GET /listings/{id}");
        called.push("GET /listings/{id}");
    }
    // PUT /listings/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateListingRequest>(r#"{"address":"text","bathrooms":1.5,"bedrooms":1,"description":"text","list_price":1.5,"listing_date":"2025-01-02","mls_number":"text","square_feet":1,"status":"active"}"#);
        let value = sample::<actuallycare::types::Listing>(r#"{"address":"text","bathrooms":1.5,"bedrooms":1,"created_at":"2025-01-02T03:04:05Z","description":"text","id":"00000000-0000-4000-8000-000000000001","list_price":1.5,"listing_date":"2025-01-02","mls_number":"text","square_feet":1,"status":"active","updated_at":"2025-01-02T03:04:05Z"}"#);
        api.listings().update(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.listings().update(id.clone(), body).send().await.expect("PUT /listings/{id}"), value, "PUT /listings/{id}");
        called.push("PUT /listings/{id}");
    }
    // DELETE /listings/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<std::collections::BTreeMap<String, serde_json::Value>>(r#"{"entry":{"free":"form"}}"#);
        api.listings().delete(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.listings().delete(id.clone()).send().await.expect("DELETE /listings/{id}"), value, "DELETE /listings/{id}");
        called.push("DELETE /listings/{id}");
    }
    // GET /webhooks
    {
        let client = new_client();
        let value = sample::<actuallycare::types::WebhookList>(r#"{"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1},"webhooks":[{"created_at":"2025-01-02T03:04:05Z","description":"text","events":["text"],"id":"00000000-0000-4000-8000-000000000001","is_active":true,"secret":"Sx0009ab-leak-S-middle-0009-zz09","updated_at":"2025-01-02T03:04:05Z","url":"text"}]}"#);
        api.webhooks().list().expect(1).returns(value.clone()).await;
        assert_eq!(client.webhooks().list().send().await.expect("GET /webhooks"), value, "GET /webhooks");
        called.push("GET /webhooks");
    }
    // POST /webhooks
    {
        let client = new_client();
        let body = sample::<actuallycare::types::CreateWebhookRequest>(r#"{"description":"text","events":["text"],"url":"text"}"#);
        let value = sample::<actuallycare::types::Webhook>(r#"{"created_at":"2025-01-02T03:04:05Z","description":"text","events":["text"],"id":"00000000-0000-4000-8000-000000000001","is_active":true,"secret":"Sx0009ab-leak-S-middle-0009-zz09","updated_at":"2025-01-02T03:04:05Z","url":"text"}"#);
        api.webhooks().create().with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.webhooks().create(body).send().await.expect("POST /webhooks"), value, "POST /webhooks");
        called.push("POST /webhooks");
    }
    // GET /webhooks/events
    {
        let client = new_client();
        let value = sample::<actuallycare::types::WebhookEventList>(r#"{"events":[{"category":"text","description":"text","name":"text"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.webhooks().list_events().expect(1).returns(value.clone()).await;
        assert_eq!(client.webhooks().list_events().send().await.expect("GET /webhooks/events"), value, "GET /webhooks/events");
        called.push("GET /webhooks/events");
    }
    // GET /webhooks/events/categories
    {
        let client = new_client();
        let value = sample::<actuallycare::types::WebhookEventCategoryList>(r#"{"categories":[{"description":"text","event_count":1,"name":"text"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.webhooks().list_event_categories().expect(1).returns(value.clone()).await;
        assert_eq!(client.webhooks().list_event_categories().send().await.expect("GET /webhooks/events/categories"), value, "GET /webhooks/events/categories");
        called.push("GET /webhooks/events/categories");
    }
    // PUT /webhooks/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let body = sample::<actuallycare::types::UpdateWebhookRequest>(r#"{"description":"text","events":["text"],"is_active":true,"url":"text"}"#);
        let value = sample::<actuallycare::types::Webhook>(r#"{"created_at":"2025-01-02T03:04:05Z","description":"text","events":["text"],"id":"00000000-0000-4000-8000-000000000001","is_active":true,"secret":"Sx0009ab-leak-S-middle-0009-zz09","updated_at":"2025-01-02T03:04:05Z","url":"text"}"#);
        api.webhooks().update(id.clone()).with_body(&body).expect(1).returns(value.clone()).await;
        assert_eq!(client.webhooks().update(id.clone(), body).send().await.expect("PUT /webhooks/{id}"), value, "PUT /webhooks/{id}");
        called.push("PUT /webhooks/{id}");
    }
    // DELETE /webhooks/{id}
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::Webhook>(r#"{"created_at":"2025-01-02T03:04:05Z","description":"text","events":["text"],"id":"00000000-0000-4000-8000-000000000001","is_active":true,"secret":"Sx0009ab-leak-S-middle-0009-zz09","updated_at":"2025-01-02T03:04:05Z","url":"text"}"#);
        api.webhooks().deactivate(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.webhooks().deactivate(id.clone()).send().await.expect("DELETE /webhooks/{id}"), value, "DELETE /webhooks/{id}");
        called.push("DELETE /webhooks/{id}");
    }
    // GET /webhooks/{id}/logs
    {
        let client = new_client();
        let id = sample::<uuid::Uuid>(r#""00000000-0000-4000-8000-000000000001""#);
        let value = sample::<actuallycare::types::WebhookDeliveryList>(r#"{"logs":[{"attempt":1,"created_at":"2025-01-02T03:04:05Z","error":"text","event":"text","id":"00000000-0000-4000-8000-000000000001","status_code":1,"success":true,"webhook_id":"00000000-0000-4000-8000-000000000001"}],"meta":{"hasMore":true,"limit":1,"page":1,"total":1,"totalPages":1}}"#);
        api.webhooks().get_logs(id.clone()).expect(1).returns(value.clone()).await;
        assert_eq!(client.webhooks().get_logs(id.clone()).send().await.expect("GET /webhooks/{id}/logs"), value, "GET /webhooks/{id}/logs");
        called.push("GET /webhooks/{id}/logs");
    }
    called
}
