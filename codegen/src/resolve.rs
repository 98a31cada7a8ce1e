//! Following local `$ref`s. A [`Resolver`] finds what a reference points at (through chains of
//! references), decodes it into the `openapiv3` type wanted, and keeps one decoded copy per
//! target in a cache of that kind, so a parameter shared by a hundred operations is decoded once.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;
use std::rc::Rc;

use openapiv3::{Example, Header, Parameter, ReferenceOr, RequestBody, Response, Schema};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Pointer};

/// How many `$ref`s may follow each other before the chain is called a loop.
const MAX_REF_HOPS: usize = 32;

/// Decoded targets of one kind, by reference, with the place each really lives.
type Cache<T> = RefCell<HashMap<String, (Rc<T>, Pointer)>>;

/// Resolves references against a document's tree.
pub struct Resolver<'a> {
    tree: &'a Value,
    parameters: Cache<Parameter>,
    request_bodies: Cache<RequestBody>,
    responses: Cache<Response>,
    schemas: Cache<Schema>,
    examples: Cache<Example>,
    headers: Cache<Header>,
}

/// A kind of thing a `$ref` can point at, with its cache.
pub trait Resolvable: DeserializeOwned + Sized {
    fn cache<'r>(resolver: &'r Resolver<'_>) -> &'r Cache<Self>;
}

macro_rules! resolvable {
    ($($ty:ty => $field:ident),* $(,)?) => {$(
        impl Resolvable for $ty {
            fn cache<'r>(resolver: &'r Resolver<'_>) -> &'r Cache<Self> {
                &resolver.$field
            }
        }
    )*};
}

resolvable!(
    Parameter => parameters,
    RequestBody => request_bodies,
    Response => responses,
    Schema => schemas,
    Example => examples,
    Header => headers,
);

/// What a `ReferenceOr` stands for: the inline item, or the shared decoded target.
pub enum Resolved<'a, T> {
    Inline(&'a T),
    Shared(Rc<T>),
}

impl<T> Deref for Resolved<'_, T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self {
            Resolved::Inline(item) => item,
            Resolved::Shared(item) => item,
        }
    }
}

/// A schema or a reference to one, whether the spec boxed it or not.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Item(s),
        }
    }
}

impl<'a> Resolver<'a> {
    pub fn new(tree: &'a Value) -> Self {
        Resolver {
            tree,
            parameters: Cache::default(),
            request_bodies: Cache::default(),
            responses: Cache::default(),
            schemas: Cache::default(),
            examples: Cache::default(),
            headers: Cache::default(),
        }
    }

    /// The item, or what its reference points at, with the pointer where it really lives.
    pub fn resolve<'b, T: Resolvable>(
        &self,
        item: &'b ReferenceOr<T>,
        at: &Pointer,
    ) -> Result<(Resolved<'b, T>, Pointer), Error> {
        match item {
            ReferenceOr::Item(item) => Ok((Resolved::Inline(item), at.clone())),
            ReferenceOr::Reference { reference } => {
                let (target, pointer) = self.lookup(reference, at)?;
                Ok((Resolved::Shared(target), pointer))
            }
        }
    }

    /// [`Resolver::resolve`] for a schema, boxed or not.
    pub fn schema<'b>(
        &self,
        schema: SchemaRef<'b>,
        at: &Pointer,
    ) -> Result<(Resolved<'b, Schema>, Pointer), Error> {
        match schema {
            SchemaRef::Item(item) => Ok((Resolved::Inline(item), at.clone())),
            SchemaRef::Ref(reference) => {
                let (target, pointer) = self.lookup(reference, at)?;
                Ok((Resolved::Shared(target), pointer))
            }
        }
    }

    /// What a local `$ref` (found at `at`) points at, decoded once per reference.
    pub fn lookup<T: Resolvable>(
        &self,
        reference: &str,
        at: &Pointer,
    ) -> Result<(Rc<T>, Pointer), Error> {
        if let Some((value, pointer)) = T::cache(self).borrow().get(reference) {
            return Ok((Rc::clone(value), pointer.clone()));
        }
        let (node, pointer) = self.target(reference, at)?;
        let value = Rc::new(T::deserialize(node).map_err(|e| {
            Error::invalid(
                &pointer,
                format!("not what `{reference}` should point to: {e}"),
            )
        })?);
        T::cache(self)
            .borrow_mut()
            .insert(reference.to_owned(), (Rc::clone(&value), pointer.clone()));
        Ok((value, pointer))
    }

    /// The node a reference leads to, following chains of references, and where it lives.
    fn target(&self, reference: &str, at: &Pointer) -> Result<(&'a Value, Pointer), Error> {
        let unresolved = || Error::UnresolvedRef {
            pointer: at.clone(),
            reference: reference.to_owned(),
        };
        let mut target = Pointer::from_ref(reference).ok_or_else(unresolved)?;
        for _ in 0..MAX_REF_HOPS {
            let node = self.node(&target).ok_or_else(unresolved)?;
            match node.get("$ref").and_then(Value::as_str) {
                Some(next) => target = Pointer::from_ref(next).ok_or_else(unresolved)?,
                None => return Ok((node, target)),
            }
        }
        Err(Error::invalid(
            at,
            format!("`$ref` chain from `{reference}` does not end"),
        ))
    }

    /// The node at a pointer, if there is one.
    pub fn node(&self, pointer: &Pointer) -> Option<&'a Value> {
        let mut node = self.tree;
        for segment in pointer.segments() {
            node = match node {
                Value::Object(map) => map.get(&segment),
                Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }?;
        }
        Some(node)
    }
}
