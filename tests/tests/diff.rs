//! `generator::diff`: each kind of spec change is detected and classed by
//! what it does to users of the generated crate, and a realistic drift of the
//! ActuallyCare spec reads as a reviewable report.
//!
//! Run with `cargo test -p integration-tests --test diff`.

use generator::Config;
use generator::diff::{Bump, Change, ChangeKind, Impact, Section, diff, next_version};
use serde_json::{Value, json};

#[path = "common/drifts.rs"]
mod drifts;
#[path = "common/spec_changes.rs"]
mod spec_changes;

use spec_changes::{LIST, PETS, at, edited, named, pets};

fn changes(old: &Value, new: &Value) -> Vec<Change> {
    diff(&old.to_string(), &new.to_string(), &Config::default())
        .expect("both specs load")
        .changes
}

/// Every change the named spec change makes, as the report classes them.
fn changes_of(name: &str) -> Vec<Change> {
    let change = named(name);
    changes(&change.old, &change.new)
}

/// The one change the named spec change makes.
fn only(name: &str) -> Change {
    match <[Change; 1]>::try_from(changes_of(name)) {
        Ok([change]) => change,
        Err(found) => panic!("{name}: expected exactly one change, got {found:#?}"),
    }
}

/// The one change of `kind` among those the named spec change makes.
fn the(kind: ChangeKind, name: &str) -> Change {
    let found = changes_of(name);
    let matching: Vec<&Change> = found.iter().filter(|c| c.kind == kind).collect();
    match matching.as_slice() {
        [change] => (*change).clone(),
        _ => panic!("{name}: expected one {kind:?}, got {found:#?}"),
    }
}

fn assert_change(change: &Change, kind: ChangeKind, subject: &str, impact: Impact) {
    assert_eq!(
        (change.kind, change.subject.as_str(), change.impact),
        (kind, subject, impact),
        "{change:#?}"
    );
}

// ----- the whole diff -----

#[test]
fn identical_specs_have_no_changes_and_need_no_bump() {
    let report = diff(PETS, PETS, &Config::default()).unwrap();
    assert!(report.is_empty());
    assert_eq!(report.bump(), Bump::None);
    assert!(
        report
            .to_markdown()
            .contains("No change to the crate's API.")
    );
}

#[test]
fn yaml_and_json_of_the_same_spec_do_not_differ() {
    let yaml = serde_yaml::to_string(&pets()).unwrap();
    assert!(diff(PETS, &yaml, &Config::default()).unwrap().is_empty());
}

#[test]
fn a_spec_that_does_not_load_is_named_in_the_error() {
    let err = diff(PETS, "{}", &Config::default()).unwrap_err();
    assert!(err.location.starts_with("new spec"), "{err}");
}

#[test]
fn every_spec_change_in_the_catalogue_is_detected() {
    for change in spec_changes::all() {
        assert!(
            !changes(&change.old, &change.new).is_empty(),
            "{} is not detected",
            change.name
        );
    }
}

#[test]
fn the_bump_is_the_largest_any_change_needs() {
    let diff_of = |new: Value| diff(PETS, &new.to_string(), &Config::default()).unwrap();
    let query = json!({ "name": "q", "in": "query", "schema": { "type": "string" } });
    let additive = diff_of(edited(|s| {
        at(s, &format!("{LIST}/parameters"))
            .as_array_mut()
            .unwrap()
            .push(query.clone());
    }));
    assert_eq!(additive.bump(), Bump::Minor);
    let breaking = diff_of(edited(|s| {
        at(s, "/paths")
            .as_object_mut()
            .unwrap()
            .remove("/pets/{id}");
        at(s, &format!("{LIST}/parameters"))
            .as_array_mut()
            .unwrap()
            .push(query.clone());
    }));
    assert_eq!(breaking.bump(), Bump::Major);
    assert_eq!(breaking.breaking().count(), 1);
}

// ----- server and operations -----

#[test]
fn server_url_change_breaks_at_runtime_and_is_called_out() {
    let change = only("server_url_changed");
    assert_change(
        &change,
        ChangeKind::ServerUrlChanged,
        "default base URL",
        Impact::BreaksAtRuntime,
    );
    assert_eq!(change.section, Section::Client);
    let spec = named("server_url_changed");
    let report = diff(
        &spec.old.to_string(),
        &spec.new.to_string(),
        &Config::default(),
    )
    .unwrap();
    assert_eq!(report.bump(), Bump::Major);
    assert!(
        report
            .to_markdown()
            .contains("**Default server URL changed**"),
        "{}",
        report.to_markdown()
    );
}

#[test]
fn operation_removed_breaks_compilation() {
    let change = only("operation_removed");
    assert_change(
        &change,
        ChangeKind::OperationRemoved,
        "GET /pets/{id}",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.section, Section::Resource("pets".into()));
    assert_eq!(change.detail, "`pets().get(id: i64) -> Pet`");
    assert_eq!(change.reason, "the method and its request builder are gone");
}

#[test]
fn operation_added_is_additive() {
    let change = only("operation_added");
    assert_change(
        &change,
        ChangeKind::OperationAdded,
        "DELETE /pets/{id}",
        Impact::Additive,
    );
    assert_eq!(change.impact.bump(), Bump::Minor);
}

#[test]
fn operation_id_change_that_renames_the_method_breaks_compilation() {
    let change = only("operation_id_changed_renaming_the_method");
    assert_change(
        &change,
        ChangeKind::OperationRenamed,
        "GET /pets",
        Impact::BreaksCompilation,
    );
    assert_eq!(
        change.detail,
        "`pets().list()` → `pets().fetch_all()` \
         (builder `apis::pets::ListPets` → `apis::pets::FetchAllPets`)"
    );
    assert_eq!(
        change.reason,
        "the operationId `listPets` → `fetchAllPets` renames the method to `fetch_all`"
    );
}

#[test]
fn operation_id_change_that_keeps_the_rust_names_is_a_patch() {
    let change = only("operation_id_changed_keeping_the_rust_names");
    assert_change(
        &change,
        ChangeKind::OperationIdChanged,
        "GET /pets",
        Impact::Patch,
    );
    assert_eq!(change.detail, "operationId `listPets` → `list_pets`");
    assert_eq!(change.impact.bump(), Bump::Patch);
}

#[test]
fn operation_deprecated_is_additive() {
    let change = only("operation_deprecated");
    assert_change(
        &change,
        ChangeKind::OperationDeprecated,
        "GET /pets",
        Impact::Additive,
    );
}

#[test]
fn path_moved_behind_the_same_method_breaks_at_runtime_only() {
    let change = only("path_moved");
    assert_change(
        &change,
        ChangeKind::OperationMoved,
        "GET /animals/{id}",
        Impact::BreaksAtRuntime,
    );
    assert_eq!(change.section, Section::Resource("pets".into()));
    assert_eq!(change.detail, "`GET /pets/{id}` → `GET /animals/{id}`");
    assert_eq!(
        change.reason,
        "deployed clients still call `GET /pets/{id}`, which the new spec no longer has; \
         the upgraded `pets().get()` calls `GET /animals/{id}`"
    );
}

#[test]
fn http_method_moved_behind_the_same_method_breaks_at_runtime_only() {
    let change = only("http_method_moved");
    assert_change(
        &change,
        ChangeKind::OperationMoved,
        "PUT /pets",
        Impact::BreaksAtRuntime,
    );
    assert_eq!(change.detail, "`POST /pets` → `PUT /pets`");
}

#[test]
fn path_parameter_renamed_in_place_is_a_patch() {
    let change = only("path_parameter_renamed");
    assert_change(
        &change,
        ChangeKind::ParameterRenamed,
        "GET /pets/{petId} · petId",
        Impact::Patch,
    );
    assert_eq!(change.detail, "`id` → `petId`");
}

#[test]
fn tag_move_changes_the_accessor_and_says_so() {
    let change = only("tag_moved");
    assert_change(
        &change,
        ChangeKind::OperationRegrouped,
        "GET /pets/{id}",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.section, Section::Resource("owners".into()));
    assert_eq!(
        change.detail,
        "`pets().get()` → `owners().get_pet()` \
         (builder `apis::pets::GetPet` → `apis::owners::GetPet`)"
    );
    assert_eq!(
        change.reason,
        "the tag `Pets` → `Owners` moves the method to `owners()` and renames it to `get_pet`"
    );
    assert!(!change.reason.contains("operationId"), "{}", change.reason);
}

#[test]
fn tag_rename_removes_a_group_and_adds_one() {
    let found = changes_of("tag_renamed");
    let kinds: Vec<(ChangeKind, &str, Impact)> = found
        .iter()
        .map(|c| (c.kind, c.subject.as_str(), c.impact))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                ChangeKind::GroupRemoved,
                "owners()",
                Impact::BreaksCompilation
            ),
            (
                ChangeKind::OperationRegrouped,
                "GET /owners",
                Impact::BreaksCompilation
            ),
            (ChangeKind::GroupAdded, "people()", Impact::Additive),
        ],
        "{found:#?}"
    );
    let removed = &found[0];
    assert_eq!(
        removed.reason,
        "`Client::owners()`, the module `apis::owners` and the cargo feature `owners` are gone"
    );
}

#[test]
fn a_method_name_taken_over_by_another_endpoint_also_breaks_at_runtime() {
    let found = changes_of("method_name_taken_over");
    let list = found
        .iter()
        .find(|c| c.subject == "GET /pets")
        .unwrap_or_else(|| panic!("{found:#?}"));
    assert_change(
        list,
        ChangeKind::OperationRenamed,
        "GET /pets",
        Impact::BreaksCompilationAndRuntime,
    );
    assert!(
        list.reason
            .contains("`pets().list()` now calls `GET /pets/{id}`"),
        "{}",
        list.reason
    );
}

#[test]
fn response_retyped_breaks_compilation_and_decoding() {
    let change = only("response_retyped");
    assert_change(
        &change,
        ChangeKind::ResponseRetyped,
        "GET /pets/{id}",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`Pet` → `Owner`");
}

// ----- parameters -----

#[test]
fn required_parameter_added_breaks_compilation_and_runtime() {
    let change = only("required_parameter_added");
    assert_change(
        &change,
        ChangeKind::ParameterAdded,
        "GET /pets · region",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`region: String` (required query)");
}

#[test]
fn optional_parameter_added_is_additive() {
    let change = only("optional_parameter_added");
    assert_change(
        &change,
        ChangeKind::ParameterAdded,
        "GET /pets · X-Trace",
        Impact::Additive,
    );
}

#[test]
fn parameter_removed_breaks_compilation() {
    let change = only("optional_parameter_removed");
    assert_change(
        &change,
        ChangeKind::ParameterRemoved,
        "GET /pets · limit",
        Impact::BreaksCompilation,
    );
}

#[test]
fn parameter_retyped_breaks_compilation() {
    let change = only("parameter_retyped");
    assert_change(
        &change,
        ChangeKind::ParameterRetyped,
        "GET /pets · limit",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`i32` → `String`");
}

#[test]
fn parameter_optional_to_required_breaks_compilation_and_runtime() {
    let change = only("parameter_now_required");
    assert_change(
        &change,
        ChangeKind::ParameterNowRequired,
        "GET /pets · limit",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn parameter_required_to_optional_breaks_compilation() {
    let change = only("parameter_now_optional");
    assert_change(
        &change,
        ChangeKind::ParameterNowOptional,
        "GET /pets · limit",
        Impact::BreaksCompilation,
    );
}

// ----- request bodies -----

#[test]
fn request_body_now_optional_breaks_compilation() {
    let change = only("request_body_now_optional");
    assert_change(
        &change,
        ChangeKind::RequestBodyNowOptional,
        "POST /pets · body",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_body_retyped_breaks_compilation() {
    let change = only("request_body_retyped");
    assert_change(
        &change,
        ChangeKind::RequestBodyRetyped,
        "POST /pets · body",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_body_removed_breaks_compilation() {
    let change = only("request_body_removed");
    assert_change(
        &change,
        ChangeKind::RequestBodyRemoved,
        "POST /pets · body",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_body_now_required_breaks_compilation_and_runtime() {
    let change = only("request_body_now_required");
    assert_change(
        &change,
        ChangeKind::RequestBodyNowRequired,
        "POST /pets · body",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn optional_request_body_added_is_additive() {
    let change = the(ChangeKind::RequestBodyAdded, "optional_request_body_added");
    assert_change(
        &change,
        ChangeKind::RequestBodyAdded,
        "POST /pets · body",
        Impact::Additive,
    );
    // `NewPet` and what it reaches were used by no operation, so they derived
    // both serde traits; now they are only sent, and `Deserialize` needs the
    // `serde-both-ways` feature.
    let dropped: Vec<(String, String, Impact)> = changes_of("optional_request_body_added")
        .into_iter()
        .filter(|change| change.kind == ChangeKind::SerdeDirectionDropped)
        .map(|change| (change.subject, change.detail, change.impact))
        .collect();
    let expected: Vec<(String, String, Impact)> = ["Food", "NewPet", "PetKind"]
        .into_iter()
        .map(|name| {
            (
                name.to_owned(),
                "no longer derives `Deserialize`".to_owned(),
                Impact::BreaksCompilation,
            )
        })
        .collect();
    assert_eq!(dropped, expected);
    assert_eq!(changes_of("optional_request_body_added").len(), 4);
}

// ----- request fields (`NewPet` is only sent) -----

#[test]
fn required_request_field_added_breaks_compilation_and_runtime() {
    let change = only("required_request_field_added");
    assert_change(
        &change,
        ChangeKind::FieldAdded,
        "NewPet.age",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`age: i64`");
}

#[test]
fn optional_request_field_added_is_additive() {
    let change = only("optional_request_field_added");
    assert_change(
        &change,
        ChangeKind::FieldAdded,
        "NewPet.age",
        Impact::Additive,
    );
}

#[test]
fn request_field_removed_breaks_compilation() {
    let change = only("request_field_removed");
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "NewPet.tag",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_field_retyped_breaks_compilation() {
    let change = only("request_field_retyped");
    assert_change(
        &change,
        ChangeKind::FieldRetyped,
        "NewPet.tag",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`tag: Option<String>` → `tag: Option<i64>`");
}

#[test]
fn request_field_optional_to_required_breaks_compilation_and_runtime() {
    let change = only("request_field_now_required");
    assert_change(
        &change,
        ChangeKind::FieldNowRequired,
        "NewPet.tag",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn request_field_required_to_optional_breaks_compilation() {
    let change = only("request_field_now_optional");
    assert_change(
        &change,
        ChangeKind::FieldNowOptional,
        "NewPet.name",
        Impact::BreaksCompilation,
    );
}

#[test]
fn request_field_no_longer_nullable_breaks_compilation_and_runtime() {
    let change = only("request_field_no_longer_nullable");
    assert_change(
        &change,
        ChangeKind::FieldNoLongerNullable,
        "NewPet.tag",
        Impact::BreaksCompilationAndRuntime,
    );
}

// ----- response fields (`Pet` is only received) -----

#[test]
fn optional_response_field_added_is_additive() {
    let change = only("optional_response_field_added");
    assert_change(&change, ChangeKind::FieldAdded, "Pet.age", Impact::Additive);
}

#[test]
fn required_response_field_added_breaks_code_that_builds_the_type() {
    let change = only("required_response_field_added");
    assert_change(
        &change,
        ChangeKind::FieldAdded,
        "Pet.age",
        Impact::BreaksCompilation,
    );
    assert!(
        change.reason.contains("`Pet::new()`"),
        "the reason names what does change: {}",
        change.reason
    );
}

#[test]
fn required_response_field_removed_breaks_compilation_and_decoding() {
    let change = only("required_response_field_removed");
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "Pet.name",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn optional_response_field_removed_breaks_compilation() {
    let change = only("optional_response_field_removed");
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "Pet.tag",
        Impact::BreaksCompilation,
    );
}

#[test]
fn response_field_retyped_breaks_compilation_and_decoding() {
    let change = only("response_field_retyped");
    assert_change(
        &change,
        ChangeKind::FieldRetyped,
        "Pet.id",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`id: i64` → `id: Uuid`");
}

#[test]
fn response_field_required_to_optional_breaks_compilation_and_decoding() {
    let change = only("response_field_now_optional");
    assert_change(
        &change,
        ChangeKind::FieldNowOptional,
        "Pet.name",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`name: String` → `name: Option<String>`");
}

#[test]
fn response_field_optional_to_required_breaks_compilation() {
    let change = only("response_field_now_required");
    assert_change(
        &change,
        ChangeKind::FieldNowRequired,
        "Pet.tag",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`tag: Option<String>` → `tag: String`");
}

#[test]
fn required_response_field_made_nullable_breaks_compilation_and_decoding() {
    let change = only("required_response_field_now_nullable");
    assert_change(
        &change,
        ChangeKind::FieldNowNullable,
        "Pet.name",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "`name: String` → `name: Option<String>`");
}

#[test]
fn optional_response_field_made_nullable_breaks_compilation_only() {
    let change = only("optional_response_field_now_nullable");
    assert_change(
        &change,
        ChangeKind::FieldNowNullable,
        "Pet.tag",
        Impact::BreaksCompilation,
    );
}

// ----- a type both sent and received takes the stricter rule -----

#[test]
fn required_field_added_to_a_type_sent_and_received_breaks_both() {
    let change = only("required_field_added_to_a_shared_type");
    assert_change(
        &change,
        ChangeKind::FieldAdded,
        "Owner.email",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn required_field_removed_from_a_type_sent_and_received_breaks_both() {
    let change = the(
        ChangeKind::FieldRemoved,
        "required_field_removed_from_a_shared_type",
    );
    assert_change(
        &change,
        ChangeKind::FieldRemoved,
        "Owner.name",
        Impact::BreaksCompilationAndRuntime,
    );
}

// ----- enums and unions -----

#[test]
fn enum_value_added_is_additive() {
    let change = only("enum_value_added");
    assert_change(
        &change,
        ChangeKind::EnumValueAdded,
        "PetStatus::Adopted",
        Impact::Additive,
    );
    assert_eq!(change.detail, "`\"adopted\"`");
}

#[test]
fn enum_value_removed_breaks_compilation() {
    let change = only("received_enum_value_removed");
    assert_change(
        &change,
        ChangeKind::EnumValueRemoved,
        "PetStatus::Sold",
        Impact::BreaksCompilation,
    );
}

#[test]
fn enum_value_removed_from_a_sent_enum_also_breaks_at_runtime() {
    let change = only("sent_enum_value_removed");
    assert_change(
        &change,
        ChangeKind::EnumValueRemoved,
        "PetKind::Cat",
        Impact::BreaksCompilationAndRuntime,
    );
}

#[test]
fn variant_added_to_a_tagged_union_is_additive() {
    let added = the(ChangeKind::VariantAdded, "tagged_union_variant_added");
    assert_change(
        &added,
        ChangeKind::VariantAdded,
        "Toy::Stick",
        Impact::Additive,
    );
}

#[test]
fn variant_added_to_a_sent_untagged_union_is_additive() {
    // Unions are `#[non_exhaustive]`: matches already have a wildcard arm.
    let change = only("sent_untagged_union_variant_added");
    assert_change(
        &change,
        ChangeKind::VariantAdded,
        "Food::Integer",
        Impact::Additive,
    );
}

#[test]
fn variant_added_to_a_received_untagged_union_breaks_decoding() {
    let change = only("received_untagged_union_variant_added");
    assert_change(
        &change,
        ChangeKind::VariantAdded,
        "Food::Integer",
        Impact::BreaksAtRuntime,
    );
    assert!(change.reason.contains("cannot decode"), "{}", change.reason);
}

#[test]
fn variant_removed_breaks_compilation() {
    let change = the(ChangeKind::VariantRemoved, "union_variant_removed");
    assert_change(
        &change,
        ChangeKind::VariantRemoved,
        "Food::Ball",
        Impact::BreaksCompilation,
    );
}

#[test]
fn variant_retyped_breaks_compilation() {
    // `Ball` is no longer sent inside `Food`: it loses `Serialize` (without
    // the `serde-both-ways` feature).
    let dropped = the(ChangeKind::SerdeDirectionDropped, "union_variant_retyped");
    assert_change(
        &dropped,
        ChangeKind::SerdeDirectionDropped,
        "Ball",
        Impact::BreaksCompilation,
    );
    assert_eq!(dropped.detail, "no longer derives `Serialize`");
    assert_eq!(changes_of("union_variant_retyped").len(), 2);
    let change = the(ChangeKind::VariantRetyped, "union_variant_retyped");
    assert_change(
        &change,
        ChangeKind::VariantRetyped,
        "Food::Array",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`Vec<Ball>` → `Vec<Owner>`");
}

// ----- types -----

#[test]
fn type_added_is_additive_and_removed_breaks_compilation() {
    let added = only("type_added");
    assert_change(&added, ChangeKind::TypeAdded, "Vet", Impact::Additive);
    assert_eq!(added.section, Section::SharedTypes);
    let removed = only("type_removed");
    assert_change(
        &removed,
        ChangeKind::TypeRemoved,
        "Vet",
        Impact::BreaksCompilation,
    );
}

#[test]
fn type_renamed_breaks_compilation_without_retyping_its_uses() {
    let change = only("type_renamed");
    assert_change(
        &change,
        ChangeKind::TypeRenamed,
        "PetStatus",
        Impact::BreaksCompilation,
    );
    assert_eq!(change.detail, "`PetStatus` → `AdoptionStatus`");
}

#[test]
fn type_changing_kind_breaks_compilation() {
    let change = only("type_changed_kind");
    assert_change(
        &change,
        ChangeKind::TypeRetyped,
        "PetStatus",
        Impact::BreaksCompilationAndRuntime,
    );
    assert_eq!(change.detail, "enum → struct");
}

// ----- security -----

#[test]
fn operation_that_stops_accepting_api_keys_breaks_at_runtime() {
    let change = only("credential_no_longer_accepted");
    assert_change(
        &change,
        ChangeKind::SecurityRemoved,
        "GET /pets",
        Impact::BreaksAtRuntime,
    );
    assert_eq!(change.detail, "`ApiKeyAuth | BearerAuth` → `BearerAuth`");
    assert!(change.reason.contains("`ApiKeyAuth`"), "{}", change.reason);
}

#[test]
fn public_operation_that_starts_requiring_credentials_breaks_at_runtime() {
    let change = only("public_operation_now_needs_credentials");
    assert_change(
        &change,
        ChangeKind::SecurityRemoved,
        "GET /pets",
        Impact::BreaksAtRuntime,
    );
}

#[test]
fn operation_that_accepts_another_scheme_is_additive() {
    let change = only("credential_now_accepted");
    assert_change(
        &change,
        ChangeKind::SecurityAdded,
        "GET /pets",
        Impact::Additive,
    );
}

// ----- versions -----

#[test]
fn next_version_follows_cargo_semver() {
    let cases = [
        ("0.1.0", Bump::Major, "0.2.0"),
        ("0.1.3", Bump::Minor, "0.1.4"),
        ("0.1.3", Bump::Patch, "0.1.4"),
        ("0.1.3", Bump::None, "0.1.3"),
        ("1.2.3", Bump::Major, "2.0.0"),
        ("1.2.3", Bump::Minor, "1.3.0"),
        ("1.2.3", Bump::Patch, "1.2.4"),
        ("1.2.3", Bump::None, "1.2.3"),
        ("1.2.3-beta.1", Bump::Minor, "1.3.0"),
    ];
    for (current, bump, expected) in cases {
        assert_eq!(
            next_version(current, bump).unwrap(),
            expected,
            "{current} + {bump}"
        );
    }
    assert!(next_version("1.2", Bump::Patch).is_err());
    assert!(next_version("one.two.three", Bump::Patch).is_err());
}

// ----- a realistic drift of the ActuallyCare spec -----

#[test]
fn realistic_drift_of_the_actuallycare_spec() {
    let drift = drifts::actuallycare();
    let report = diff(&drift.old, &drift.new, &drift.config).expect("both specs load");
    let config = drift.config;
    assert_eq!(report.bump(), Bump::Major);
    assert_eq!(
        next_version(&config.package.version, report.bump()).unwrap(),
        "0.2.0"
    );
    insta::assert_snapshot!("actuallycare_drift", report.to_markdown());
}

#[test]
fn pagination_lost_breaks_compilation() {
    let drift = drifts::actuallycare();
    let report = diff(&drift.old, &drift.new, &drift.config).unwrap();
    let lost: Vec<&Change> = report
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::PaginationRemoved)
        .collect();
    match lost.as_slice() {
        [change] => assert_change(
            change,
            ChangeKind::PaginationRemoved,
            "GET /auth/sessions",
            Impact::BreaksCompilation,
        ),
        _ => panic!("{:#?}", report.changes),
    }
}

#[test]
fn realistic_drift_as_text_names_every_section() {
    let drift = drifts::actuallycare();
    let report = diff(&drift.old, &drift.new, &drift.config).unwrap();
    let text = report.to_text();
    for section in [
        "escrows()",
        "leads()",
        "listings()",
        "WARNING: default server URL changed",
    ] {
        assert!(text.contains(section), "{section} missing from\n{text}");
    }
    assert!(
        !text.contains("**"),
        "plain text has no Markdown emphasis:\n{text}"
    );
}
