//! Where Stoplight Prism (5.14) judges a correct request wrong: the reviewed list the wire check
//! consults before it counts a violation. Each entry names the clause that shows the client is
//! right; a violation it matches is reported as a deviation, every other violation of the same
//! request still counts.

/// One known way Prism is wrong.
pub struct Deviation {
    pub id: &'static str,
    /// Whether a violation (`location: message`) of a request whose body has this media type
    /// (if any) is this deviation.
    pub matches: fn(violation: &str, body_type: Option<&str>) -> bool,
    /// Why the client is right.
    pub clause: &'static str,
}

pub const DEVIATIONS: &[Deviation] = &[
    Deviation {
        id: "multipart-reserved-characters",
        matches: |violation, body_type| {
            violation.ends_with("Reserved characters used in request body")
                && body_type.is_some_and(|t| t.starts_with("multipart/"))
        },
        clause: "OpenAPI 3.0.3, Encoding Object, `allowReserved`: \"This property SHALL be ignored \
                 if the request body media type is not application/x-www-form-urlencoded\"; a \
                 multipart part is not percent-encoded (RFC 7578 §4.5), so its JSON or text may \
                 hold `,` or `:`. Prism applies the check to multipart parts.",
    },
    Deviation {
        id: "form-repeated-field",
        matches: |violation, body_type| {
            violation.ends_with("must be array")
                && body_type.is_some_and(|t| {
                    t == "application/x-www-form-urlencoded" || t.starts_with("multipart/")
                })
        },
        clause: "OpenAPI 3.0.3, Encoding Object: `style` defaults to `form` and `explode` to true \
                 for it, which writes a list as the field repeated (RFC 6570 §3.2.8: \
                 `list=red&list=green`; RFC 7578 §4.3 for multipart). Prism keeps only the last \
                 field of a name, and reads a field without an Encoding Object as one string.",
    },
    Deviation {
        id: "form-object-as-json",
        matches: |violation, body_type| {
            violation.ends_with("must be object")
                && body_type.is_some_and(|t| {
                    t == "application/x-www-form-urlencoded" || t.starts_with("multipart/")
                })
        },
        clause: "OpenAPI 3.0.3, Encoding Object, `contentType`: the default \"for object - \
                 application/json\"; OpenAPI 3.1.1 adds that only an explicit `style` sets it \
                 aside. A field whose Encoding Object gives no style is the object's JSON; Prism \
                 reads such a field as a plain string.",
    },
];

/// The deviation a violation is, if it is a known one.
pub fn known(violation: &str, body_type: Option<&str>) -> Option<&'static Deviation> {
    DEVIATIONS
        .iter()
        .find(|d| (d.matches)(violation, body_type))
}
