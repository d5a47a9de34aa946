//! Models' `Serialize` and `Deserialize` are written out by the generator
//! (`emit/struct_serde.rs`, `runtime::de`, `runtime::ser`) instead of derived,
//! because serde's derives were about half of rustc's time on big specs. The
//! oracle here is serde's derive itself: a twin of each generated struct, with the
//! same field types and the derives and attributes the generator used to emit,
//! must decode every input the same way (to the same value or the same error
//! message, line and column included) and encode each value to the same bytes.
//!
//! One difference is intended and asserted separately: serde's derive also reads a
//! struct from a JSON array (its fields in order), which no OpenAPI object schema
//! describes; the written-out impl refuses it.

use actuallycare::types::{
    CreateListingRequest, ListingStatus, LoginSession, PlanInterval, PlanWithCheckout, User,
};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

/// `with` module of the `Option<Option<T>>` fields the generator emitted
/// before (a copy of `runtime::double_option`, which is private to the crate).
mod double_option {
    use super::*;

    pub fn serialize<T: Serialize, S: serde::Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(inner)) => inner.serialize(serializer),
            Some(None) | None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

mod twins {
    use super::*;

    #[derive(Serialize, Deserialize)]
    pub struct CreateListingRequest {
        pub address: String,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub bathrooms: Option<Option<f64>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub bedrooms: Option<Option<i64>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub description: Option<Option<String>>,
        pub list_price: f64,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub listing_date: Option<Option<chrono::NaiveDate>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub mls_number: Option<Option<String>>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub square_feet: Option<Option<i64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<ListingStatus>,
    }

    /// Declared in an order that is not its JSON names' sorted order, read from
    /// keys in yet another order (the written-out impl looks a key up from the
    /// field after the last one read).
    #[derive(Serialize, Deserialize)]
    pub struct PlanWithCheckout {
        pub currency: String,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            with = "double_option"
        )]
        pub description: Option<Option<String>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub features: Option<Vec<String>>,
        pub id: String,
        pub interval: PlanInterval,
        pub name: String,
        pub price: i64,
        pub checkout_id: String,
    }

    #[derive(Serialize, Deserialize)]
    pub struct LoginSession {
        #[serde(rename = "accessToken")]
        pub access_token: String,
        #[serde(rename = "expiresIn")]
        pub expires_in: String,
        #[serde(rename = "refreshToken")]
        pub refresh_token: String,
        #[serde(rename = "tokenType")]
        pub token_type: String,
        pub user: User,
    }
}

/// Decodes `json` with the generated type and its derived twin and asserts the
/// same outcome (and, when both decode, the same encoding of the values);
/// returns the generated type's.
#[track_caller]
fn same_as_derive<Ours, Twin>(json: &str) -> Result<Ours, String>
where
    Ours: DeserializeOwned + Serialize,
    Twin: DeserializeOwned + Serialize,
{
    let ours = serde_json::from_str::<Ours>(json);
    let twin = serde_json::from_str::<Twin>(json);
    match (&ours, &twin) {
        (Ok(ours), Ok(twin)) => {
            // The same bytes: field order, absent fields and `null`s.
            assert_eq!(
                serde_json::to_string(ours).unwrap(),
                serde_json::to_string(twin).unwrap(),
                "{json}"
            );
            assert_eq!(
                serde_json::to_value(ours).unwrap(),
                serde_json::to_value(twin).unwrap(),
                "{json}"
            );
        }
        (Err(ours), Err(twin)) => assert_eq!(ours.to_string(), twin.to_string(), "{json}"),
        _ => panic!(
            "{json}: generated {:?}, derived {:?}",
            ours.as_ref().map(|_| ()).map_err(ToString::to_string),
            twin.as_ref().map(|_| ()).map_err(ToString::to_string)
        ),
    }
    ours.map_err(|error| error.to_string())
}

const LISTING: &[&str] = &[
    r#"{"address": "1 Main St", "list_price": 500000}"#,
    r#"{"address": "1 Main St", "list_price": 5e5, "bathrooms": 2.5, "bedrooms": 3,
        "description": "Sunny", "listing_date": "2026-11-30", "mls_number": "M1",
        "square_feet": 1800, "status": "active"}"#,
    // null in optional-and-nullable fields: `Some(None)`.
    r#"{"address": "a", "list_price": 1, "bathrooms": null, "description": null, "listing_date": null}"#,
    // null in an optional field that is not nullable: `None`.
    r#"{"address": "a", "list_price": 1, "status": null}"#,
    // An enum value this client does not know.
    r#"{"address": "a", "list_price": 1, "status": "auctioned"}"#,
    // Unknown fields are skipped, whatever their value.
    r#"{"extra": {"deep": [1, {"x": null}]}, "address": "a", "list_price": 1, "z": true}"#,
    // Missing required fields.
    r#"{"list_price": 1}"#,
    r#"{"address": "a"}"#,
    "{}",
    // A field given twice.
    r#"{"address": "a", "list_price": 1, "address": "b"}"#,
    r#"{"address": "a", "list_price": 1, "bathrooms": null, "bathrooms": 2}"#,
    // Wrong types, in a field and for the whole.
    r#"{"address": 7, "list_price": 1}"#,
    r#"{"address": null, "list_price": 1}"#,
    r#"{"address": "a", "list_price": "cheap"}"#,
    r#"{"address": "a", "list_price": 1, "listing_date": "yesterday"}"#,
    r#""a listing""#,
    "null",
    "42",
    // Broken JSON.
    r#"{"address": "a", "list_price": 1"#,
    r#"{"address": "a",, "list_price": 1}"#,
];

#[test]
fn a_request_body_with_optional_nullable_and_required_fields_decodes_as_the_derive_did() {
    for json in LISTING {
        let _ = same_as_derive::<CreateListingRequest, twins::CreateListingRequest>(json);
    }
    // And the values are the ones the fields document.
    let listing =
        same_as_derive::<CreateListingRequest, twins::CreateListingRequest>(LISTING[2]).unwrap();
    assert_eq!(listing.bathrooms, Some(None));
    assert_eq!(listing.bedrooms, None);
    assert_eq!(listing.address, "a");
    let error = same_as_derive::<CreateListingRequest, twins::CreateListingRequest>(LISTING[6])
        .unwrap_err();
    assert!(error.starts_with("missing field `address`"), "{error}");
    let error = same_as_derive::<CreateListingRequest, twins::CreateListingRequest>(LISTING[9])
        .unwrap_err();
    assert!(error.starts_with("duplicate field `address`"), "{error}");
}

#[test]
fn a_response_with_renamed_fields_and_a_nested_model_decodes_as_the_derive_did() {
    let user = r#"{"id": "u1", "email": "a@b.c", "phone": null, "role": "agent", "other": 1}"#;
    let inputs = [
        format!(
            r#"{{"accessToken": "t", "expiresIn": "15m", "refreshToken": "r", "tokenType": "Bearer", "user": {user}}}"#
        ),
        // The Rust names are not the JSON names: they are unknown fields here.
        format!(
            r#"{{"access_token": "t", "expiresIn": "15m", "refreshToken": "r", "tokenType": "Bearer", "user": {user}}}"#
        ),
        // An error inside the nested model, reported where it is.
        r#"{"accessToken": "t", "expiresIn": "15m", "refreshToken": "r", "tokenType": "Bearer",
            "user": {"phone": 5}}"#
            .to_owned(),
        r#"{"accessToken": "t", "expiresIn": "15m", "refreshToken": "r", "tokenType": "Bearer",
            "user": {"id": "a", "id": "b"}}"#
            .to_owned(),
        r#"{"accessToken": "t", "expiresIn": "15m", "refreshToken": "r", "tokenType": "Bearer"}"#
            .to_owned(),
        r#"{"accessToken": "t", "expiresIn": "15m", "refreshToken": "r", "tokenType": "Bearer",
            "user": "u1"}"#
            .to_owned(),
    ];
    for json in &inputs {
        let _ = same_as_derive::<LoginSession, twins::LoginSession>(json);
    }
    let session = same_as_derive::<LoginSession, twins::LoginSession>(&inputs[0]).unwrap();
    assert_eq!(session.user.phone, Some(None));
    assert_eq!(session.user.id.as_deref(), Some("u1"));
    let error = same_as_derive::<LoginSession, twins::LoginSession>(&inputs[1]).unwrap_err();
    assert!(error.starts_with("missing field `accessToken`"), "{error}");
}

#[test]
fn a_model_decodes_from_a_json_value_and_through_a_union_as_from_text() {
    // `serde_json::Value` and `&Value` are the other deserializers generated code
    // uses (unions decode their variants from a `Value`).
    let json: Value = serde_json::from_str(LISTING[1]).unwrap();
    let from_text: CreateListingRequest = serde_json::from_str(LISTING[1]).unwrap();
    let from_value: CreateListingRequest = serde_json::from_value(json.clone()).unwrap();
    let from_ref = CreateListingRequest::deserialize(&json).unwrap();
    assert_eq!(from_text, from_value);
    assert_eq!(from_text, from_ref);
    let error =
        serde_json::from_value::<CreateListingRequest>(serde_json::json!({"list_price": 1}))
            .unwrap_err();
    assert_eq!(error.to_string(), "missing field `address`");
}

#[test]
fn a_json_array_is_not_read_as_a_struct() {
    // serde's derive reads the fields in order from an array; an object schema
    // does not describe that, and the written-out impl refuses it.
    let json = r#"["1 Main St", null, null, null, 500000]"#;
    assert!(serde_json::from_str::<twins::CreateListingRequest>(json).is_ok());
    let error = serde_json::from_str::<CreateListingRequest>(json).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid type: sequence, expected struct CreateListingRequest"),
        "{error}"
    );
}

#[test]
fn a_request_body_encodes_absent_null_and_set_fields_as_the_derive_did() {
    let mut listing = CreateListingRequest::new("1 Main St", 500000.0);
    listing.bathrooms = Some(None);
    listing.bedrooms = Some(Some(3));
    listing.status = Some(ListingStatus::from("active"));
    assert_eq!(
        serde_json::to_string(&listing).unwrap(),
        r#"{"address":"1 Main St","bathrooms":null,"bedrooms":3,"list_price":500000.0,"status":"active"}"#
    );
    let twin: twins::CreateListingRequest =
        serde_json::from_str(&serde_json::to_string(&listing).unwrap()).unwrap();
    assert_eq!(
        serde_json::to_string(&twin).unwrap(),
        serde_json::to_string(&listing).unwrap()
    );
}

#[test]
fn a_model_whose_keys_come_in_another_order_decodes_every_field_as_the_derive_did() {
    let plan = r#"{"id": "pro", "name": "Pro", "price": 4900, "currency": "usd", "interval": "month",
        "features": ["a"], "description": null, "checkout_id": "cs_1"}"#;
    let inputs = [
        plan.to_owned(),
        // A required field missing: the last declared, the first in name order, one between.
        // (Keys arrive in neither declaration nor name order.)
        plan.replace(r#", "checkout_id": "cs_1""#, ""),
        plan.replace(r#""currency": "usd", "#, ""),
        plan.replace(r#""id": "pro", "#, ""),
        // Given twice.
        plan.replace(
            r#""checkout_id": "cs_1""#,
            r#""checkout_id": "cs_1", "checkout_id": "cs_2""#,
        ),
        plan.replace(r#""price": 4900"#, r#""price": 4900, "price": 1"#),
        // Keys sorting before, between and after all of its fields.
        plan.replace(
            r#""id": "pro""#,
            r#""AAA": 1, "id": "pro", "d": 2, "zzz": [3]"#,
        ),
    ];
    for json in &inputs {
        let _ = same_as_derive::<PlanWithCheckout, twins::PlanWithCheckout>(json);
    }
    let decoded = same_as_derive::<PlanWithCheckout, twins::PlanWithCheckout>(&inputs[0]).unwrap();
    assert_eq!(decoded.checkout_id, "cs_1");
    assert_eq!(decoded.currency, "usd");
    assert_eq!(decoded.description, Some(None));
    let error =
        same_as_derive::<PlanWithCheckout, twins::PlanWithCheckout>(&inputs[1]).unwrap_err();
    assert!(error.starts_with("missing field `checkout_id`"), "{error}");
    let error =
        same_as_derive::<PlanWithCheckout, twins::PlanWithCheckout>(&inputs[4]).unwrap_err();
    assert!(
        error.starts_with("duplicate field `checkout_id`"),
        "{error}"
    );
}
