// Copied by the generator from templates/runtime/pagination.rs: edit the template, not this file.

//! Streams over paginated list operations (`page`/`limit` until `hasMore` is false).
#![allow(dead_code, reason = "only APIs with paginated list operations use this module")]

use futures_core::Stream;
use futures_util::{TryStreamExt as _, stream};

use super::error::Error;

/// One page of a list response; generated for each list payload type.
pub trait Paginated {
    /// The element type.
    type Item;
    /// The elements of this page, in order.
    fn into_items(self) -> Vec<Self::Item>;
    /// Whether the server has pages after this one.
    fn has_more(&self) -> bool;
}

/// A list request that can ask for any page; generated for each list builder.
pub trait PagedRequest: Clone + Send + Sync + 'static {
    /// The page type.
    type Page: Paginated + Send + 'static;
    /// The page this request asks for (`None` = the server's default, the first).
    fn page_number(&self) -> Option<i64>;
    /// The same request for another page.
    fn with_page(self, page: i64) -> Self;
    /// Fetches the page this request asks for.
    fn fetch_page(self) -> impl Future<Output = Result<Self::Page, Error>> + Send;
}

/// Every page from the request's page on, ending after the page without `hasMore`
/// or after the first error.
pub fn pages<R: PagedRequest>(request: R) -> impl Stream<Item = Result<R::Page, Error>> + Send + 'static {
    stream::unfold(Some(request), |next| async move {
        let request = next?;
        let following = request
            .page_number()
            .unwrap_or(1)
            .checked_add(1)
            .map(|page| request.clone().with_page(page));
        match request.fetch_page().await {
            Ok(page) => {
                let next = if page.has_more() { following } else { None };
                Some((Ok(page), next))
            }
            Err(error) => Some((Err(error), None)),
        }
    })
}

/// Every item of every page, in order; an error ends the stream.
pub fn items<R>(request: R) -> impl Stream<Item = Result<<R::Page as Paginated>::Item, Error>> + Send + 'static
where
    R: PagedRequest,
    <R::Page as Paginated>::Item: Send + 'static,
{
    pages(request)
        .map_ok(|page| stream::iter(page.into_items().into_iter().map(Ok)))
        .try_flatten()
}
