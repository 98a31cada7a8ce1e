//! The `mappings` golden compiles as a module of a consumer crate that has the type it replaces
//! `Money` with.

#[path = "../../goldens/mappings.rs"]
mod generated;

mod mappings {
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Money {
        pub amount: rust_decimal::Decimal,
        pub currency: String,
    }
}

fn main() {
    let _ = generated::Client::builder();
}
