//! Response types may gain fields: code outside the crate cannot build them with a literal.

use digicert_certcentral::types::CaCert;

fn main() {
    let _ = CaCert { id: "1".to_owned(), name: "CA".to_owned() };
}
