//! Status sets grow: a match on an open enum must keep a wildcard arm.

use digicert_certcentral::types::ReissueStatus;

fn describe(status: &ReissueStatus) -> &'static str {
    match status {
        ReissueStatus::Issued => "issued",
        ReissueStatus::Pending => "pending",
        ReissueStatus::Rejected => "rejected",
        ReissueStatus::Unknown(_) => "unknown",
    }
}

fn main() {
    let _ = describe;
}
