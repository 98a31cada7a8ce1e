//! Where Stoplight Prism (5.14) judges a correct request wrong: the reviewed list the wire check
//! consults before it counts a violation. Each entry names the clause that shows the client is
//! right; a violation it matches is reported as a deviation, every other violation of the same
//! request still counts.

/// What the check knows of the request a violation is about.
pub struct Request<'a> {
    /// The media type of its body, if it has one.
    pub body_type: Option<&'a str>,
    /// Whether the spec is a Swagger 2.0 document (Prism reads it as such).
    pub swagger2: bool,
    /// Whether an input is a `oneOf` with a discriminator whose members overlap as JSON
    /// Schemas (no value fits exactly one of them).
    pub discriminated_overlap: bool,
}

/// One known way Prism is wrong.
pub struct Deviation {
    pub id: &'static str,
    /// Whether a violation (`location: message`) of this request is this deviation.
    pub matches: fn(violation: &str, request: &Request<'_>) -> bool,
    /// Why the client is right.
    pub clause: &'static str,
}

fn is_form(body_type: Option<&str>) -> bool {
    body_type
        .is_some_and(|t| t == "application/x-www-form-urlencoded" || t.starts_with("multipart/"))
}

pub const DEVIATIONS: &[Deviation] = &[
    Deviation {
        id: "multipart-reserved-characters",
        matches: |violation, request| {
            violation.ends_with("Reserved characters used in request body")
                && request
                    .body_type
                    .is_some_and(|t| t.starts_with("multipart/"))
        },
        clause: "OpenAPI 3.0.3, Encoding Object, `allowReserved`: \"This property SHALL be ignored \
                 if the request body media type is not application/x-www-form-urlencoded\"; a \
                 multipart part is not percent-encoded (RFC 7578 §4.5), so its JSON or text may \
                 hold `,` or `:`. Prism applies the check to multipart parts.",
    },
    Deviation {
        id: "form-repeated-field",
        matches: |violation, request| {
            violation.ends_with("must be array") && is_form(request.body_type)
        },
        clause: "OpenAPI 3.0.3, Encoding Object: `style` defaults to `form` and `explode` to true \
                 for it, which writes a list as the field repeated (RFC 6570 §3.2.8: \
                 `list=red&list=green`; RFC 7578 §4.3 for multipart). Prism keeps only the last \
                 field of a name, and reads a field without an Encoding Object as one string.",
    },
    Deviation {
        id: "form-object-as-json",
        matches: |violation, request| {
            violation.ends_with("must be object") && is_form(request.body_type)
        },
        clause: "OpenAPI 3.0.3, Encoding Object, `contentType`: the default \"for object - \
                 application/json\"; OpenAPI 3.1.1 adds that only an explicit `style` sets it \
                 aside. A field whose Encoding Object gives no style is the object's JSON; Prism \
                 reads such a field as a plain string.",
    },
    Deviation {
        id: "oneof-discriminator",
        matches: |violation, request| {
            violation.ends_with("must match exactly one schema in oneOf")
                && request.discriminated_overlap
        },
        clause: "OpenAPI 3.0.3, Discriminator Object: with a discriminator, \"the value of the \
                 property named in propertyName is used as the name of the associated schema\" \
                 (the member is chosen by the tag). The members of these `oneOf`s overlap as \
                 JSON Schemas (no `required` or `additionalProperties` tells them apart), and \
                 Prism validates the `oneOf` without the discriminator, so it refuses every \
                 value, the correctly tagged one the client sends included.",
    },
    Deviation {
        id: "swagger2-body-without-consumes",
        matches: |violation, request| {
            violation.ends_with("No supported content types, but request included a non-empty body")
                && request.swagger2
        },
        clause: "Swagger 2.0, Parameter Object, `in: body`: \"The payload that's appended to the \
                 HTTP request\"; `consumes` is optional, and without it the JSON Schema of the \
                 body is sent as `application/json`. Prism reads an operation with a body \
                 parameter but no `consumes` as accepting no body at all, even a required one.",
    },
    Deviation {
        id: "mutual-tls",
        matches: |violation, _| {
            violation
                .ends_with("We currently do not support this type of security scheme: mutualTLS")
        },
        clause: "OpenAPI 3.1.0, Security Scheme Object, `mutualTLS`: the credential is the TLS \
                 client certificate, which is not part of the HTTP request. Prism refuses every \
                 request to such an operation; it checks nothing else of it.",
    },
    Deviation {
        id: "ignored-header-parameter",
        matches: |violation, _| {
            ["authorization", "accept", "content-type"]
                .iter()
                .any(|name| {
                    violation.ends_with(&format!(
                        "Request header must have required property '{name}'"
                    ))
                })
        },
        clause: "OpenAPI 3.0.3, Parameter Object, `name`: \"If in is \"header\" and the name \
                 field is \"Accept\", \"Content-Type\" or \"Authorization\", the parameter \
                 definition SHALL be ignored.\" Prism requires such a parameter anyway.",
    },
    Deviation {
        id: "prism-answer-breaks-schema",
        // Judged on the answer, not on a violation (`wire_check`'s `judge_answer`).
        matches: |_, _| false,
        clause: "OpenAPI 3.0.3, Response Object, `content`: the schema describes the response \
                 payload. Prism's answer does not fit it (it ends recursive examples with `{}`, \
                 dropping required members); a client that refuses it is right.",
    },
];

/// The deviation a violation is, if it is a known one.
pub fn known(violation: &str, request: &Request<'_>) -> Option<&'static Deviation> {
    DEVIATIONS.iter().find(|d| (d.matches)(violation, request))
}
