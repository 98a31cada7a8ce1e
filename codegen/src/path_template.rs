//! Path templates (`/order/{order_id}/reissues`), parsed once into literal text and parameter
//! names; validation checks them against the declared parameters and the model builds paths.

/// One piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    Literal(String),
    Param(String),
}

/// A parsed path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub parts: Vec<TemplatePart>,
}

impl PathTemplate {
    /// Parses a template; an error for unbalanced, nested or empty braces.
    pub fn parse(path: &str) -> Result<Self, String> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find(['{', '}']) {
            if rest[open..].starts_with('}') {
                return Err(format!("unbalanced `}}` in path `{path}`"));
            }
            if open > 0 {
                parts.push(TemplatePart::Literal(rest[..open].to_owned()));
            }
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in path `{path}`"))?;
            let name = &after[..close];
            if name.is_empty() || name.contains('{') {
                return Err(format!("malformed parameter in path `{path}`"));
            }
            parts.push(TemplatePart::Param(name.to_owned()));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(TemplatePart::Literal(rest.to_owned()));
        }
        Ok(PathTemplate { parts })
    }

    /// The parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            TemplatePart::Param(name) => Some(name.as_str()),
            TemplatePart::Literal(_) => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{PathTemplate, TemplatePart};

    #[test]
    fn templates() {
        let parsed = PathTemplate::parse("/a/{x}/b/{y}.json").expect("valid");
        assert_eq!(parsed.params().collect::<Vec<_>>(), ["x", "y"]);
        assert_eq!(
            parsed.parts.last(),
            Some(&TemplatePart::Literal(".json".into()))
        );
        assert!(PathTemplate::parse("/a/{x").is_err());
        assert!(PathTemplate::parse("/a/}x{").is_err());
        assert!(PathTemplate::parse("/a/{}").is_err());
        assert!(PathTemplate::parse("/a/{{x}}").is_err());
    }
}
