//! Walks the document's paths and builds the [`Api`].

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody};

use super::deep_refs::{self, DeepRefs};
use super::names::{self, NameSet};
use super::naming::Naming;
use super::references::{OperationEntry, OperationIndex, Problems, closest, op_key};
use super::schema::TypeBuilder;
use super::serialization;
use super::views;
use super::*;
use crate::error::escape_pointer;
use crate::{Config, Error, Warning};

mod responses;

/// Methods every request builder has; a parameter with one of these names
/// gets a `_param` suffix.
const BUILDER_METHODS: &[&str] = &[
    "send",
    "send_response",
    "stream",
    "pages",
    "request_options",
    "new",
    "clone",
    "client",
    "options",
    "body",
    "send_streaming",
];

pub fn build(doc: &OpenAPI, raw: &serde_json::Value, config: &Config) -> Result<Api, Error> {
    build_with(doc, raw, config, Vec::new())
}

/// [`build`], with the warnings loading recorded, so the model reports (and
/// documents) every assumption in one place.
pub fn build_with(
    doc: &OpenAPI,
    raw: &serde_json::Value,
    config: &Config,
    mut warnings: Vec<Warning>,
) -> Result<Api, Error> {
    // References in generator.toml and generator.lock that match nothing are
    // collected here and reported together at the end.
    let mut problems = Problems::default();
    let empty_schemas = indexmap::IndexMap::new();
    let components = doc.components.as_ref();
    let schemas = components.map(|c| &c.schemas).unwrap_or(&empty_schemas);
    for (schema, name) in &config.rename.types {
        if !names::is_identifier(name) || names::PRELUDE.contains(&name.as_str()) {
            problems.push(
                format!("generator.toml: [rename.types].\"{schema}\""),
                format!("`{name}` is not a usable type name"),
            );
        }
        if !schemas.contains_key(schema) {
            problems.push(
                format!("generator.toml: [rename.types].\"{schema}\""),
                format!(
                    "there is no schema `{schema}` in #/components/schemas{}",
                    closest(schemas.keys().map(String::as_str), schema, "")
                ),
            );
        }
    }
    let deep_refs = deep_refs::collect(raw);
    let mut types = TypeBuilder::new(schemas, &deep_refs, &config.rename.types);
    types.define_components()?;

    let security_schemes = security_schemes(doc, &mut warnings);
    let scheme_names: BTreeSet<&str> = security_schemes.iter().map(|s| s.name.as_str()).collect();
    let extra_operations = extra_operations(raw, &mut warnings);

    let base_url = doc.servers.first().map(server_url);
    if let Some(unresolved) = base_url.as_deref().and_then(undeclared_variable) {
        warnings.push(Warning::new(
            "#/servers/0/url".to_owned(),
            format!(
                "the server URL names `{{{unresolved}}}`, which its `variables` do not declare; \
                 the URL is kept as written, so the client has no usable default base URL and \
                 callers must set one with `ClientBuilder::base_url`"
            ),
        ));
    }
    let index = OperationIndex::new(
        operation_entries(doc),
        crate::lock::base_path(base_url.as_deref()),
        config.lock.base_path.clone(),
    );
    let naming = Naming::new(&index, &config.lock, config, &mut problems);
    let mut builder = OperationBuilder {
        doc,
        raw,
        config,
        types,
        scheme_names,
        builder_names: naming.reserved_builder_names(&mut problems),
        operation_ids: NameSet::default(),
        warnings: Vec::new(),
        naming: &naming,
        deep: &deep_refs,
        param_sites: Vec::new(),
    };
    let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
    for (path, item) in &doc.paths.paths {
        let item_pointer = format!("#/paths/{}", escape_pointer(path));
        let item = match item {
            ReferenceOr::Item(item) => item,
            // Loading copies path item references in place; one left here leads nowhere.
            ReferenceOr::Reference { reference } => {
                builder.warnings.push(Warning::new(
                    item_pointer,
                    format!("`$ref: {reference}` does not lead to a path item; ignored"),
                ));
                continue;
            }
        };
        let extra = extra_operations.get(path.as_str()).into_iter().flatten();
        let extra =
            extra.map(|(method, pointer, operation)| (method.as_str(), operation, pointer.clone()));
        let fixed = item
            .iter()
            .map(|(method, operation)| (method, operation, format!("{item_pointer}/{method}")));
        for (method, operation, pointer) in fixed.chain(extra) {
            let tag = operation.tags.first().cloned().unwrap_or_default();
            let op = builder.operation(path, method, item, operation, &pointer)?;
            by_tag.entry(tag).or_default().push(op);
        }
    }

    let groups = super::naming::groups(by_tag, config, &naming);
    let mut types = builder.types;
    let (error_code_type, error_details_type) =
        super::error_types::error_types(doc, &mut types, config, &mut problems);
    warnings.extend(types.take_warnings());
    warnings.extend(std::mem::take(&mut builder.warnings));
    let param_sites = std::mem::take(&mut builder.param_sites);
    let defs = types.finish();
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        base_url,
        security_schemes,
        groups,
        types: defs,
        pages: Vec::new(),
        error_code_type,
        error_details_type,
        session: None,
        warnings,
    };
    api.session = naming.session.as_ref().map(|keys| {
        let id_of = |key: &str| {
            api.operations()
                .find(|(_, op)| op_key(&op.method, &op.path) == key)
                .map(|(_, op)| op.id.clone())
                .unwrap_or_default()
        };
        SessionOperations {
            login: id_of(&keys.login),
            refresh: id_of(&keys.refresh),
            logout: keys.logout.iter().map(|key| id_of(key)).collect(),
        }
    });
    if let Some(pagination) = &config.pagination {
        detect_pagination(&mut api, pagination);
    }
    let sensitive = sensitive_pointers(&api, &index, config, &mut problems);
    super::sensitive::mark(&mut api, raw, &sensitive, &mut problems);
    problems.finish()?;
    views::split(&mut api);
    let aliases = super::dedupe::merge_identical(&mut api);
    gate_types_by_group(&mut api, &aliases);
    super::dedupe::gate_aliases(&mut api, &aliases);
    super::directions::mark(&mut api, &aliases);
    let undefined = serialization::undefined_combinations(&api);
    api.warnings.extend(undefined);
    api.warnings.sort();
    api.warnings.dedup();
    super::assumed::document_assumptions(&mut api, &param_sites);
    Ok(api)
}

/// Every operation's identity, for resolving references to it.
fn operation_entries(doc: &OpenAPI) -> Vec<OperationEntry> {
    let mut entries = Vec::new();
    for (path, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, operation) in item.iter() {
            entries.push(OperationEntry {
                method: method_of(method),
                path: path.clone(),
                operation_id: operation
                    .operation_id
                    .clone()
                    .filter(|id| !id.trim().is_empty()),
                tag: operation.tags.first().cloned().unwrap_or_default(),
            });
        }
    }
    entries
}

fn method_of(method: &str) -> Method {
    match method {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        "query" => Method::Query,
        other => Method::Other(other.to_owned()),
    }
}

/// `[sensitive]` with the entries written as places in the API
/// (`POST /billing/portal response /data/portal_url`) resolved to the schema
/// pointers of the fields they name.
fn sensitive_pointers(
    api: &Api,
    index: &OperationIndex,
    config: &Config,
    problems: &mut Problems,
) -> crate::config::Sensitive {
    let envelope_data = config.envelope.as_ref().map(|e| e.data.as_str());
    let mut resolve = |list: &str, entries: &[String]| -> Vec<String> {
        let mut pointers = Vec::new();
        for entry in entries {
            if !super::field_places::is_place(entry) {
                pointers.push(entry.clone());
                continue;
            }
            match super::field_places::resolve(api, index, envelope_data, entry) {
                Ok(found) => pointers.extend(found),
                Err(message) => {
                    problems.push(format!("generator.toml: [sensitive].{list}"), message)
                }
            }
        }
        pointers
    };
    let add = resolve("add", &config.sensitive.add);
    let exempt = resolve("exempt", &config.sensitive.exempt);
    crate::config::Sensitive { add, exempt }
}

/// An operation the path item type of `openapiv3` does not have a field for.
type ExtraOperation = (String, String, openapiv3::Operation);

/// OpenAPI 3.2's `query` operations and `additionalOperations`, by path:
/// (method as the model reads it, pointer, operation).
fn extra_operations(
    raw: &serde_json::Value,
    warnings: &mut Vec<Warning>,
) -> BTreeMap<String, Vec<ExtraOperation>> {
    const FIXED: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    let mut extra: BTreeMap<String, Vec<ExtraOperation>> = BTreeMap::new();
    let Some(paths) = raw.get("paths").and_then(serde_json::Value::as_object) else {
        return extra;
    };
    for (path, item) in paths {
        let item_pointer = format!("#/paths/{}", escape_pointer(path));
        let mut found: Vec<(String, String, &serde_json::Value)> = Vec::new();
        if let Some(operation) = item.get("query") {
            found.push((
                "query".to_owned(),
                format!("{item_pointer}/query"),
                operation,
            ));
        }
        if let Some(operations) = item
            .get("additionalOperations")
            .and_then(serde_json::Value::as_object)
        {
            for (method, operation) in operations {
                let pointer = format!(
                    "{item_pointer}/additionalOperations/{}",
                    escape_pointer(method)
                );
                let lower = method.to_ascii_lowercase();
                let known = FIXED.contains(&lower.as_str()) || lower == "query";
                if known && item.get(&lower).is_some() {
                    warnings.push(Warning::new(
                        pointer,
                        format!(
                            "`{method}` is also the fixed `{lower}` operation of this path; ignored"
                        ),
                    ));
                } else if known {
                    found.push((lower, pointer, operation));
                } else if !is_method_token(method) {
                    warnings.push(Warning::new(
                        pointer,
                        format!("`{method}` is not an HTTP method name; ignored"),
                    ));
                } else {
                    found.push((method.clone(), pointer, operation));
                }
            }
        }
        for (method, pointer, operation) in found {
            match serde_json::from_value::<openapiv3::Operation>(operation.clone()) {
                Ok(operation) => extra
                    .entry(path.clone())
                    .or_default()
                    .push((method, pointer, operation)),
                Err(err) => warnings.push(Warning::new(
                    pointer,
                    format!("not a valid operation ({err}); ignored"),
                )),
            }
        }
    }
    extra
}

/// RFC 9110 `token`: what a method name may be.
fn is_method_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The first `{variable}` left in a server URL once the declared ones are filled in.
fn undeclared_variable(url: &str) -> Option<&str> {
    let start = url.find('{')? + 1;
    let end = start + url[start..].find('}')?;
    Some(&url[start..end])
}

/// Server URLs may hold `{variables}`; use their defaults.
fn server_url(server: &openapiv3::Server) -> String {
    let mut url = server.url.clone();
    if let Some(variables) = &server.variables {
        for (name, variable) in variables {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
    }
    url.trim_end_matches('/').to_owned()
}

fn security_schemes(doc: &OpenAPI, warnings: &mut Vec<Warning>) -> Vec<SecurityScheme> {
    use openapiv3::{APIKeyLocation, SecurityScheme as Spec};
    let mut schemes = Vec::new();
    let Some(components) = &doc.components else {
        return schemes;
    };
    for (name, scheme) in &components.security_schemes {
        let pointer = format!("#/components/securitySchemes/{}", escape_pointer(name));
        // Loading copies scheme references in place; one left here leads nowhere.
        let ReferenceOr::Item(scheme) = scheme else {
            warnings.push(Warning::new(
                pointer,
                "the `$ref` does not lead to a security scheme; ignored",
            ));
            continue;
        };
        let kind = match scheme {
            Spec::APIKey { location, name, .. } => match location {
                APIKeyLocation::Header => SchemeKind::ApiKeyHeader(name.clone()),
                APIKeyLocation::Query => SchemeKind::ApiKeyQuery(name.clone()),
                APIKeyLocation::Cookie => SchemeKind::ApiKeyCookie(name.clone()),
            },
            Spec::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => SchemeKind::Basic,
            Spec::HTTP { .. } | Spec::OAuth2 { .. } | Spec::OpenIDConnect { .. } => {
                SchemeKind::Bearer
            }
        };
        schemes.push(SecurityScheme {
            name: name.clone(),
            kind,
        });
    }
    schemes.sort_by(|a, b| a.name.cmp(&b.name));
    schemes
}

struct OperationBuilder<'a> {
    doc: &'a OpenAPI,
    /// The (3.0-shaped) document as JSON, for what `openapiv3` does not keep
    /// (an absent `explode`, `itemSchema`).
    raw: &'a serde_json::Value,
    config: &'a Config,
    types: TypeBuilder<'a>,
    scheme_names: BTreeSet<&'a str>,
    builder_names: NameSet,
    operation_ids: NameSet,
    warnings: Vec<Warning>,
    naming: &'a Naming,
    /// Parameters, responses and bodies referenced from outside their section.
    deep: &'a DeepRefs,
    /// Where each parameter came from: (its pointer, the operation's pointer,
    /// its index), to document assumptions on it.
    param_sites: Vec<(String, String, usize)>,
}

impl<'a> OperationBuilder<'a> {
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &'a PathItem,
        operation: &'a openapiv3::Operation,
        pointer: &str,
    ) -> Result<Operation, Error> {
        let method_kind = method_of(method);
        let pinned = self.naming.pinned(&op_key(&method_kind, path));
        let id = match &operation.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => format!("{method} {path}"),
        };
        let id = self.operation_ids.claim(id);
        let builder_name = match pinned {
            Some(pin) => pin.builder.clone(),
            None => self.builder_names.claim(names::avoid_prelude(
                names::pascal(&names::operation_stem(&id), "Operation"),
                "Request",
            )),
        };
        let static_name = names::shouty(&builder_name);

        let params = self.params(path, item, operation, &builder_name, pointer)?;
        let body = match &operation.request_body {
            Some(body) => self.body(body, &builder_name, &format!("{pointer}/requestBody"))?,
            None => None,
        };
        let mut responses =
            self.responses(operation, &builder_name, &format!("{pointer}/responses"))?;
        let output = match output_of(&responses) {
            // One body in several media types: an enum named after the builder; not
            // `…Response`, which specs often call the body schema itself.
            Some(Output::Single(Payload::ByMedia(_))) => Output::Single(Payload::ByMedia(
                self.builder_names.claim(format!("{builder_name}Output")),
            )),
            Some(output) => output,
            // Different bodies per status: an enum named after the builder.
            None => Output::PerStatus(match pinned.and_then(|pin| pin.response.clone()) {
                Some(pinned) => pinned,
                None => self.builder_names.claim(format!("{builder_name}Response")),
            }),
        };
        responses::name_media_enums(
            &mut responses,
            &output,
            &builder_name,
            &mut self.builder_names,
        );
        let accept = self.accept(operation, &responses);
        let security = self.security(operation, pointer)?;
        Ok(Operation {
            method_name: String::new(),
            id,
            method: method_kind,
            path: path.to_owned(),
            pointer: pointer.to_owned(),
            summary: operation.summary.clone().filter(|s| !s.trim().is_empty()),
            description: operation
                .description
                .clone()
                .filter(|s| !s.trim().is_empty()),
            deprecated: operation.deprecated,
            builder_name,
            static_name,
            params,
            body,
            responses,
            output,
            accept,
            security,
            paged: None,
        })
    }

    fn params(
        &mut self,
        path: &str,
        item: &'a PathItem,
        operation: &'a openapiv3::Operation,
        builder_name: &str,
        pointer: &str,
    ) -> Result<Vec<Param>, Error> {
        // Operation-level parameters override path-level ones with the same name and location.
        // (parameter, pointer where it is used, pointer where it is declared)
        let mut merged: Vec<(&Parameter, String, String)> = Vec::new();
        let item_pointer = pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or(pointer);
        let levels = [
            (&item.parameters, item_pointer.to_owned()),
            (&operation.parameters, pointer.to_owned()),
        ];
        for (list, base) in levels {
            for (index, param) in list.iter().enumerate() {
                let mut param_pointer = format!("{base}/parameters/{index}");
                let Some((param, declared)) = self.resolve_parameter(param, &mut param_pointer)
                else {
                    continue;
                };
                let data = param.parameter_data_ref();
                let location = location_of(param);
                if let Some(existing) = merged.iter_mut().find(|(p, _, _)| {
                    p.parameter_data_ref().name == data.name && location_of(p) == location
                }) {
                    *existing = (param, param_pointer, declared);
                } else {
                    merged.push((param, param_pointer, declared));
                }
            }
        }

        let template_names = path_template_names(path);
        let mut rust_names = NameSet::with_reserved(BUILDER_METHODS);
        let mut params = Vec::new();
        for (param, param_pointer, declared) in merged {
            let data = param.parameter_data_ref();
            let location = location_of(param);
            if location == Location::Path && !template_names.contains(&data.name) {
                self.warnings.push(Warning::new(
                    format!("{param_pointer}/name"),
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`; ignored",
                        data.name
                    ),
                ));
                continue;
            }
            let hint = format!("{builder_name}{}", names::pascal(&data.name, "Param"));
            let (ty, default) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let default = match schema {
                        ReferenceOr::Item(schema) => schema.schema_data.default.clone(),
                        ReferenceOr::Reference { .. } => None,
                    };
                    (
                        self.types
                            .type_of(schema, &hint, &format!("{param_pointer}/schema"))?,
                        default,
                    )
                }
                ParameterSchemaOrContent::Content(content) => {
                    match content.iter().find_map(|(_, media)| media.schema.as_ref()) {
                        Some(schema) => (
                            self.types.type_of(
                                schema,
                                &hint,
                                &format!("{param_pointer}/content"),
                            )?,
                            None,
                        ),
                        None => (TypeRef::String, None),
                    }
                }
            };
            let ty = match ty {
                TypeRef::Nullable(inner) => *inner,
                other => other,
            };
            let wanted = names::snake(&data.name, "param");
            let wanted = if BUILDER_METHODS.contains(&wanted.as_str()) {
                format!("{wanted}_param")
            } else {
                wanted
            };
            let serialization = serialization::of_parameter(param, &declared, &mut self.warnings);
            self.param_sites
                .push((param_pointer, pointer.to_owned(), params.len()));
            params.push(Param {
                rust_name: rust_names.claim(wanted),
                name: data.name.clone(),
                location,
                required: data.required || location == Location::Path,
                ty,
                description: data.description.clone().filter(|s| !s.trim().is_empty()),
                default,
                serialization,
                pointer: declared,
                sensitive: None,
            });
        }
        for name in &template_names {
            if !params
                .iter()
                .any(|p| p.location == Location::Path && &p.name == name)
            {
                // The template says it is there: a required string is what
                // any value of it is sent as.
                let assumption = format!(
                    "the path `{path}` has `{{{name}}}` but no path parameter describes it; read as a required string parameter"
                );
                self.warnings
                    .push(Warning::new(pointer, assumption.clone()));
                params.push(Param {
                    rust_name: rust_names.claim(names::snake(name, "param")),
                    name: name.clone(),
                    location: Location::Path,
                    required: true,
                    ty: TypeRef::String,
                    description: None,
                    default: None,
                    serialization: Serialization::default_for(Location::Path),
                    pointer: pointer.to_owned(),
                    sensitive: None,
                });
            }
        }
        Ok(params)
    }

    /// The parameter a reference leads to, and the pointer of its declaration;
    /// `None` (with a warning) when it leads nowhere, and the parameter is left
    /// out. A reference outside `#/components/parameters` moves `pointer` to
    /// its target, so the parameter's inline types are the ones named there.
    fn resolve_parameter(
        &mut self,
        param: &'a ReferenceOr<Parameter>,
        pointer: &mut String,
    ) -> Option<(&'a Parameter, String)> {
        let mut current = param;
        let mut declared = pointer.to_owned();
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(param) => return Some((param, declared)),
                ReferenceOr::Reference { reference } => {
                    declared = reference.clone();
                    let next = reference
                        .strip_prefix("#/components/parameters/")
                        .and_then(|name| {
                            self.doc
                                .components
                                .as_ref()?
                                .parameters
                                .get(&unescape(name))
                        })
                        .map(|next| (next, None))
                        .or_else(|| {
                            self.deep
                                .parameters
                                .get(reference)
                                .map(|next| (next, Some(reference)))
                        });
                    match next {
                        Some((next, deep)) => {
                            current = next;
                            if let Some(deep) = deep {
                                *pointer = deep.clone();
                            }
                        }
                        None => {
                            self.warnings.push(Warning::new(
                                pointer.as_str(),
                                format!(
                                    "`$ref: {reference}` does not lead to a parameter; ignored"
                                ),
                            ));
                            return None;
                        }
                    }
                }
            }
        }
        self.warnings.push(Warning::new(
            pointer.as_str(),
            "the parameter `$ref` chain is cyclic; ignored",
        ));
        None
    }

    fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        builder_name: &str,
        pointer: &str,
    ) -> Result<Option<Body>, Error> {
        let mut current = body;
        let mut body_pointer = pointer.to_owned();
        let mut hops = 0;
        let body = loop {
            match current {
                ReferenceOr::Item(body) => break body,
                ReferenceOr::Reference { .. } if hops >= 16 => {
                    self.warnings.push(Warning::new(
                        pointer,
                        "the request body `$ref` chain is cyclic; read as an optional body of any JSON value",
                    ));
                    break &self.deep.any_body;
                }
                ReferenceOr::Reference { reference } => {
                    hops += 1;
                    let name = reference
                        .strip_prefix("#/components/requestBodies/")
                        .map(unescape);
                    let component = name
                        .as_ref()
                        .and_then(|name| self.doc.components.as_ref()?.request_bodies.get(name));
                    match component.or_else(|| self.deep.request_bodies.get(reference)) {
                        Some(next) => current = next,
                        None => {
                            self.warnings.push(Warning::new(
                                pointer,
                                format!("`$ref: {reference}` does not lead to a request body; read as an optional body of any JSON value"),
                            ));
                            break &self.deep.any_body;
                        }
                    }
                    // Inline schemas of the body are named once, at its own place.
                    body_pointer = match (&name, component) {
                        (Some(name), Some(_)) => {
                            format!("#/components/requestBodies/{}", escape_pointer(name))
                        }
                        _ => reference.clone(),
                    };
                }
            }
        };
        let Some((content_type, media)) = pick_media(&body.content) else {
            return Ok(None);
        };
        let media_pointer = format!(
            "{body_pointer}/content/{}/schema",
            escape_pointer(content_type)
        );
        let hint = format!("{builder_name}Request");
        let ty = match (&media, &body.content[content_type].schema) {
            (Media::Binary(_), _) => TypeRef::Bytes,
            (Media::Text(_), _) => TypeRef::String,
            (_, Some(schema)) => self.types.type_of(schema, &hint, &media_pointer)?,
            (_, None) => TypeRef::Any,
        };
        // A multipart body is sent field by field; without an object schema
        // there are no fields, so the caller supplies the encoded form.
        let (media, ty) = if media == Media::Multipart && !self.types.is_struct(&ty) {
            (Media::Binary(content_type.to_owned()), TypeRef::Bytes)
        } else {
            (media, ty)
        };
        let sent_type = match &media {
            Media::Form => "application/x-www-form-urlencoded".to_owned(),
            Media::Multipart => "multipart/form-data".to_owned(),
            Media::Binary(essence) => essence.clone(),
            // A range (`text/*`) is not a type that can be sent.
            Media::Json if content_type.contains('*') => "application/json".to_owned(),
            Media::Text(_) if content_type.contains('*') => "text/plain".to_owned(),
            Media::Json | Media::Text(_) => content_type.trim().to_owned(),
        };
        let encoding = match &media {
            Media::Form | Media::Multipart => {
                let media_pointer =
                    format!("{body_pointer}/content/{}", escape_pointer(content_type));
                let raw = self.raw.pointer(media_pointer.trim_start_matches('#'));
                body.content[content_type]
                    .encoding
                    .iter()
                    .map(|(property, encoding)| {
                        let pointer = serialization::encoding_pointer(&media_pointer, property);
                        let raw = raw.and_then(|raw| raw.get("encoding")?.get(property));
                        serialization::of_encoding(
                            property,
                            encoding,
                            raw,
                            &pointer,
                            &mut self.warnings,
                        )
                    })
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(Some(Body {
            media,
            content_type: sent_type,
            ty,
            required: body.required,
            description: body.description.clone().filter(|s| !s.trim().is_empty()),
            encoding,
        }))
    }

    fn security(
        &mut self,
        operation: &openapiv3::Operation,
        pointer: &str,
    ) -> Result<Vec<Vec<String>>, Error> {
        let (requirements, base) = match &operation.security {
            Some(requirements) => (requirements, format!("{pointer}/security")),
            None => match &self.doc.security {
                Some(requirements) => (requirements, "#/security".to_owned()),
                None => return Ok(Vec::new()),
            },
        };
        let mut alternatives = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let mut schemes: Vec<String> = Vec::new();
            let mut unknown = false;
            for name in requirement.keys() {
                if !self.scheme_names.contains(name.as_str()) {
                    // The client cannot send what it does not know how to:
                    // this alternative is not one it can meet.
                    self.warnings.push(Warning::new(
                        format!("{base}/{index}/{}", escape_pointer(name)),
                        format!(
                            "the security requirement names `{name}`, which is not in #/components/securitySchemes; this alternative is ignored"
                        ),
                    ));
                    unknown = true;
                }
                schemes.push(name.clone());
            }
            if unknown {
                continue;
            }
            schemes.sort();
            if !alternatives.contains(&schemes) {
                alternatives.push(schemes);
            }
        }
        // `[{}]` alone means "no credential", like `[]`.
        if alternatives
            .iter()
            .all(|alternative| alternative.is_empty())
        {
            alternatives.clear();
        }
        Ok(alternatives)
    }
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn location_of(param: &Parameter) -> Location {
    match param {
        Parameter::Query { .. } => Location::Query,
        Parameter::Header { .. } => Location::Header,
        Parameter::Path { .. } => Location::Path,
        Parameter::Cookie { .. } => Location::Cookie,
    }
}

fn path_template_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        let name = after[..end].to_owned();
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &after[end + 1..];
    }
    names
}

/// Picks the body representation the client will use: JSON first, then
/// forms, then raw bytes or text.
fn pick_media(content: &indexmap::IndexMap<String, openapiv3::MediaType>) -> Option<(&str, Media)> {
    let classify = |content_type: &str| -> (u8, Media) {
        let essence = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        if essence == "application/json" || essence.ends_with("+json") {
            (0, Media::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            (1, Media::Form)
        } else if essence == "multipart/form-data" || essence.starts_with("multipart/") {
            (2, Media::Multipart)
        } else if essence.starts_with("text/") {
            (3, Media::Text(essence))
        } else if essence.contains("json") {
            (4, Media::Json)
        } else {
            (
                5,
                Media::Binary(if essence.contains('*') {
                    "application/octet-stream".to_owned()
                } else {
                    essence
                }),
            )
        }
    };
    content
        .keys()
        .map(|content_type| {
            let (rank, media) = classify(content_type);
            (rank, content_type.as_str(), media)
        })
        .min_by_key(|(rank, _, _)| *rank)
        .map(|(_, content_type, media)| (content_type, media))
}

/// `None` when the documented 2xx bodies differ, which needs a per-status enum.
fn output_of(responses: &[Response]) -> Option<Output> {
    let Some((first, rest)) = responses.split_first() else {
        return Some(Output::Empty);
    };
    if responses.iter().all(|r| r.payload.is_none()) {
        return Some(Output::Empty);
    }
    // Read the same way into the same types; several representations must also
    // share their media types, which choose the variant.
    let same = |r: &Response| {
        r.representations.len() == first.representations.len()
            && r.representations
                .iter()
                .zip(&first.representations)
                .all(|(a, b)| {
                    (a.format, &a.ty, a.enveloped) == (b.format, &b.ty, b.enveloped)
                        && (first.representations.len() == 1 || a.content_types == b.content_types)
                })
    };
    match &first.payload {
        Some(payload) if rest.iter().all(same) => Some(Output::Single(payload.clone())),
        _ => None,
    }
}

fn detect_pagination(api: &mut Api, pagination: &crate::config::Pagination) {
    let mut shapes: BTreeMap<String, PageShape> = BTreeMap::new();
    for group in &mut api.groups {
        for op in &mut group.operations {
            let Some(page_param) = op
                .params
                .iter()
                .find(|p| p.location == Location::Query && p.name == pagination.page_param)
            else {
                continue;
            };
            let Output::Single(Payload::Value(TypeRef::Named(page_type))) = &op.output else {
                continue;
            };
            let shape = match shapes.get(page_type) {
                Some(shape) => Some(shape.clone()),
                None => page_shape(&api.types, page_type, pagination),
            };
            let Some(shape) = shape else { continue };
            op.paged = Some(Paged {
                page_param: page_param.rust_name.clone(),
                page_type: page_type.clone(),
                item: shape.item.clone(),
            });
            shapes.insert(page_type.clone(), shape);
        }
    }
    api.pages = shapes.into_values().collect();
}

fn page_shape(
    types: &[TypeDef],
    page_type: &str,
    pagination: &crate::config::Pagination,
) -> Option<PageShape> {
    let find = |name: &str| types.iter().find(|def| def.name == name);
    let TypeKind::Struct(fields) = &find(page_type)?.kind else {
        return None;
    };
    let meta = fields.iter().find(|f| f.name == pagination.meta)?;
    let TypeRef::Named(meta_type) = meta.ty.non_null() else {
        return None;
    };
    let TypeKind::Struct(meta_fields) = &find(meta_type)?.kind else {
        return None;
    };
    let has_more = meta_fields.iter().find(|f| f.name == pagination.has_more)?;
    if has_more.ty.non_null() != &TypeRef::Bool {
        return None;
    }
    let arrays: Vec<&Field> = fields
        .iter()
        .filter(|f| f.name != pagination.meta && matches!(f.ty, TypeRef::Array(_)))
        .collect();
    let [items] = arrays.as_slice() else {
        return None;
    };
    let TypeRef::Array(item) = &items.ty else {
        return None;
    };
    Some(PageShape {
        type_name: page_type.to_owned(),
        items_field: items.rust_name.clone(),
        item: (**item).clone(),
        meta_field: meta.rust_name.clone(),
        meta_optional: !meta.required || meta.ty.is_nullable(),
        has_more_field: has_more.rust_name.clone(),
        has_more_optional: !has_more.required || has_more.ty.is_nullable(),
    })
}

/// Type aliases cannot refer to themselves, even through `Vec` or `Option`
/// (`A: {$ref: A}`, `A: {type: array, items: {$ref: A}}`): such an alias
/// becomes `serde_json::Value`, which is what the schema can hold.
pub(super) fn break_alias_cycles(defs: &mut [TypeDef]) {
    let index = positions_by_name(defs);
    let alias_target = |def: &TypeDef| match &def.kind {
        TypeKind::Alias(target) => target.named_type().map(str::to_owned),
        _ => None,
    };
    let cyclic: Vec<usize> = (0..defs.len())
        .filter(|&start| {
            // An alias names at most one type: follow the chain.
            let mut seen = BTreeSet::new();
            let mut next = alias_target(&defs[start]);
            while let Some(&position) = next.as_deref().and_then(|name| index.get(name)) {
                if position == start {
                    return true;
                }
                if !seen.insert(position) {
                    break;
                }
                next = alias_target(&defs[position]);
            }
            false
        })
        .collect();
    for position in cyclic {
        defs[position].kind = TypeKind::Alias(TypeRef::Any);
    }
}

fn positions_by_name(defs: &[TypeDef]) -> BTreeMap<String, usize> {
    defs.iter()
        .enumerate()
        .map(|(position, def)| (def.name.clone(), position))
        .collect()
}

/// Boxes struct fields and union variants that contain their own type
/// without indirection (`Vec`/map already indirect).
pub(super) fn box_recursive_fields(defs: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = defs
        .iter()
        .enumerate()
        .map(|(i, def)| (def.name.clone(), i))
        .collect();
    fn direct(ty: &TypeRef) -> Option<&str> {
        match ty {
            TypeRef::Named(name) => Some(name),
            TypeRef::Nullable(inner) => direct(inner),
            _ => None,
        }
    }
    let edges: Vec<Vec<usize>> = defs
        .iter()
        .map(|def| {
            let targets: Vec<&TypeRef> = match &def.kind {
                TypeKind::Struct(fields) => fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(union) => union.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(ty) => vec![ty],
                TypeKind::Enum(_) => Vec::new(),
            };
            targets
                .into_iter()
                .filter_map(direct)
                .filter_map(|name| index.get(name).copied())
                .collect()
        })
        .collect();
    let reaches = |from: usize, to: usize| -> bool {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            stack.extend(&edges[node]);
        }
        false
    };
    for (position, def) in defs.iter_mut().enumerate() {
        let cyclic = |ty: &TypeRef| {
            direct(ty)
                .and_then(|name| index.get(name))
                .is_some_and(|&target| reaches(target, position))
        };
        match &mut def.kind {
            TypeKind::Struct(fields) => {
                for field in fields {
                    field.boxed = cyclic(&field.ty);
                }
            }
            TypeKind::Union(union) => {
                for variant in &mut union.variants {
                    variant.boxed = cyclic(&variant.ty);
                }
            }
            _ => {}
        }
    }
}

/// Types no operation uses (a webhook payload, an error body the conventions
/// read) are kept for users. Each one is compiled by the groups that compile
/// everything it names (narrowed to a fixed point, since orphans name orphans),
/// so that a crate with only some group features still compiles; an orphan
/// that no single group can compile ends with no groups, and the caller
/// compiles it always. `users[orphan]` is empty on entry.
fn narrow_orphans(
    types: &[TypeDef],
    index: &BTreeMap<String, usize>,
    orphans: &[usize],
    all_groups: &BTreeSet<String>,
    users: &mut [BTreeSet<String>],
) {
    for &orphan in orphans {
        users[orphan] = all_groups.clone();
    }
    let mut changed = true;
    while changed {
        changed = false;
        for &orphan in orphans {
            let mut compiled_by = all_groups.clone();
            for name in types[orphan].referenced_types() {
                if let Some(&named) = index.get(name) {
                    compiled_by.retain(|group| users[named].contains(group));
                }
            }
            if compiled_by != users[orphan] {
                users[orphan] = compiled_by;
                changed = true;
            }
        }
    }
}

/// Marks each type with the groups whose operations reach it, so a crate
/// built with only some group features compiles only their types.
/// `merged_aliases` (sorted) are the names deduplication left as aliases: no
/// operation uses them, but they follow their target's gate (`dedupe::gate_aliases`).
fn gate_types_by_group(api: &mut Api, merged_aliases: &[String]) {
    let index = positions_by_name(&api.types);
    let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); api.types.len()];
    let mut always = vec![false; api.types.len()];
    let children = |def: &TypeDef| -> Vec<String> {
        def.referenced_types()
            .into_iter()
            .map(str::to_owned)
            .collect()
    };
    // Everything reachable from `roots` gets `mark` applied once.
    let reach = |roots: Vec<String>, mark: &mut dyn FnMut(usize)| {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            let Some(&position) = index.get(&name) else {
                continue;
            };
            if !seen.insert(position) {
                continue;
            }
            mark(position);
            stack.extend(children(&api.types[position]));
        }
    };
    for group in &api.groups {
        let mut roots = Vec::new();
        for op in &group.operations {
            let types = op.params.iter().map(|p| &p.ty);
            let types = types.chain(op.body.iter().map(|body| &body.ty));
            let types = types.chain(op.responses.iter().flat_map(|r| r.types()));
            roots.extend(types.filter_map(TypeRef::named_type).map(str::to_owned));
        }
        reach(roots, &mut |position| {
            users[position].insert(group.accessor.clone());
        });
    }
    let orphans: Vec<usize> = (0..api.types.len())
        .filter(|&position| {
            users[position].is_empty()
                && merged_aliases
                    .binary_search(&api.types[position].name)
                    .is_err()
        })
        .collect();
    let all_groups: BTreeSet<String> = api.groups.iter().map(|g| g.accessor.clone()).collect();
    narrow_orphans(&api.types, &index, &orphans, &all_groups, &mut users);
    // Always compiled: what the error conventions name, the orphans no single
    // group can compile, and everything either one reaches, since an ungated
    // type must not name a gated one.
    let ungated_roots: Vec<String> = api
        .error_code_type
        .iter()
        .chain(&api.error_details_type)
        .cloned()
        .chain(
            orphans
                .iter()
                .filter(|&&position| users[position].is_empty())
                .map(|&position| api.types[position].name.clone()),
        )
        .collect();
    reach(ungated_roots, &mut |position| always[position] = true);

    let group_count = api.groups.len();
    for (position, def) in api.types.iter_mut().enumerate() {
        let used_by = &users[position];
        def.feature_gate = if always[position] || used_by.is_empty() || used_by.len() == group_count
        {
            None
        } else {
            Some(used_by.iter().cloned().collect())
        };
    }
}
