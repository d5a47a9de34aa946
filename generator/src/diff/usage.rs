//! Where each named type is used: in requests, in responses, and by which
//! resource groups. Field changes are judged by it.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Api, TypeRef};

/// How a type reaches the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Sent: reachable from a parameter or a request body.
    pub request: bool,
    /// Received: reachable from a success or error body.
    pub response: bool,
}

impl Usage {
    /// A type neither sent nor received is public all the same: judge it by both rules.
    fn or_both(self) -> Usage {
        if self.request || self.response {
            self
        } else {
            Usage {
                request: true,
                response: true,
            }
        }
    }

    fn union(self, other: Usage) -> Usage {
        Usage {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }
}

#[derive(Debug, Default)]
pub struct TypeUses {
    usage: BTreeMap<String, Usage>,
    groups: BTreeMap<String, BTreeSet<String>>,
}

impl TypeUses {
    /// The uses of each type in both versions of the API together: a type
    /// that changes roles is held to both.
    pub fn of(old: &Api, new: &Api) -> TypeUses {
        let mut uses = TypeUses::default();
        uses.collect(old);
        uses.collect(new);
        uses
    }

    pub fn usage(&self, type_name: &str) -> Usage {
        self.usage
            .get(type_name)
            .copied()
            .unwrap_or_default()
            .or_both()
    }

    /// The one group that uses the type, if exactly one does.
    pub fn only_group(&self, type_name: &str) -> Option<&str> {
        match self.groups.get(type_name) {
            Some(groups) if groups.len() == 1 => groups.first().map(String::as_str),
            _ => None,
        }
    }

    fn collect(&mut self, api: &Api) {
        let sent = Usage {
            request: true,
            response: false,
        };
        let received = Usage {
            request: false,
            response: true,
        };
        for (group, op) in api.operations() {
            let params = op.params.iter().map(|param| (&param.ty, sent));
            let body = op.body.iter().map(|body| (&body.ty, sent));
            let responses = op
                .responses
                .iter()
                .flat_map(|r| r.types())
                .map(|ty| (ty, received));
            for (ty, usage) in params.chain(body).chain(responses) {
                self.mark(api, ty, usage, Some(&group.accessor));
            }
        }
        // Error bodies are decoded like responses, by every group.
        for name in [&api.error_code_type, &api.error_details_type]
            .into_iter()
            .flatten()
        {
            self.mark(api, &TypeRef::Named(name.clone()), received, None);
        }
    }

    /// Marks every type reachable from `ty`.
    fn mark(&mut self, api: &Api, ty: &TypeRef, usage: Usage, group: Option<&str>) {
        let mut pending: Vec<&str> = ty.named_type().into_iter().collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if !seen.insert(name) {
                continue;
            }
            let entry = self.usage.entry(name.to_owned()).or_default();
            *entry = entry.union(usage);
            if let Some(group) = group {
                self.groups
                    .entry(name.to_owned())
                    .or_default()
                    .insert(group.to_owned());
            }
            if let Some(def) = api.type_def(name) {
                pending.extend(def.referenced_types());
            }
        }
    }
}
