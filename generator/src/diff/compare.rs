//! What the operation and type comparisons share: the collected changes, the
//! types' uses, and the types renamed between the two versions.

use std::collections::BTreeMap;

use super::usage::TypeUses;
use super::{Change, ChangeKind, Impact, Section, operations, types};
use crate::emit::surface::type_text;
use crate::model::{Api, TypeRef};

/// Every change from `old` to `new`, unsorted.
pub fn changes(old: &Api, new: &Api) -> Vec<Change> {
    let mut cx = Context {
        uses: TypeUses::of(old, new),
        renames: types::renames(old, new),
        scope: Vec::new(),
        changes: Vec::new(),
    };
    if old.base_url != new.base_url {
        let url = |url: &Option<String>| {
            url.as_deref()
                .map_or("none".to_owned(), |url| format!("`{url}`"))
        };
        cx.push(
            Section::Client,
            ChangeKind::ServerUrlChanged,
            "default base URL",
            format!("{} → {}", url(&old.base_url), url(&new.base_url)),
            Impact::BreaksAtRuntime,
            "clients built without an explicit base URL now send every request to the new URL",
        );
    }
    operations::compare(&mut cx, old, new);
    types::compare(&mut cx, old, new);
    cx.changes
}

pub struct Context {
    pub uses: TypeUses,
    /// Old Rust type name → new, for types that only changed name.
    pub renames: BTreeMap<String, String>,
    /// The Rust items the changes pushed next touch (`apis::pets::Pets::get`,
    /// `types::Pet`), set by whoever compares an operation or a type.
    pub scope: Vec<String>,
    pub changes: Vec<Change>,
}

impl Context {
    pub fn push(
        &mut self,
        section: Section,
        kind: ChangeKind,
        subject: impl Into<String>,
        detail: impl Into<String>,
        impact: Impact,
        reason: impl Into<String>,
    ) {
        self.changes.push(Change {
            section,
            kind,
            subject: subject.into(),
            detail: detail.into(),
            impact,
            reason: reason.into(),
            items: self.scope.clone(),
        });
    }

    /// The report section of a type: its one group, or the shared types.
    pub fn type_section(&self, type_name: &str) -> Section {
        match self.uses.only_group(type_name) {
            Some(group) => Section::Resource(group.to_owned()),
            None => Section::SharedTypes,
        }
    }

    /// An old type reference under the new names, so that a renamed type
    /// does not also show up as a retyped field everywhere it is used.
    pub fn renamed(&self, ty: &TypeRef) -> TypeRef {
        match ty {
            TypeRef::Named(name) => TypeRef::Named(self.renames.get(name).unwrap_or(name).clone()),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(self.renamed(inner))),
            TypeRef::Array(inner) => TypeRef::Array(Box::new(self.renamed(inner))),
            TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(self.renamed(inner))),
            other => other.clone(),
        }
    }

    /// Whether an old and a new type reference spell the same Rust type.
    pub fn same_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        self.renamed(old) == *new
    }
}

/// `` `Vec<Listing>` ``: a type reference as the report quotes it.
pub fn quoted(ty: &TypeRef) -> String {
    format!("`{}`", type_text(ty))
}
