//! Reading fields of `serde_json` values one by one, with errors that name the field at fault (the JSON itself is
//! parsed by `serde_json` natively and by [`crate::json_text`] in the browser).
//!
//! A wrong required field rejects the entry; a wrong optional field is dropped with a warning, so one bad value
//! never costs a reader the whole article. Hand-written rather than derived: serde's generic error paths would
//! pull float formatting and path tracking into the wasm file, and their messages do not name the field.

use serde_json::{Map, Value};

/// "a string", "an array"...: how a JSON value is named in messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One JSON object being read, collecting `(field, message)` warnings for optional fields it had to drop.
#[derive(Debug)]
pub struct Fields<'a> {
    map: &'a Map<String, Value>,
    prefix: String,
    pub warnings: Vec<(String, String)>,
}

impl<'a> Fields<'a> {
    pub fn new(value: &'a Value) -> Result<Self, String> {
        match value {
            Value::Object(map) => Ok(Fields { map, prefix: String::new(), warnings: Vec::new() }),
            other => Err(format!("expected an object, found {}", type_name(other))),
        }
    }

    /// Reads a nested object whose warnings are reported as `parent.field`.
    pub fn nested(&mut self, key: &str) -> Option<Fields<'a>> {
        match self.map.get(key)? {
            Value::Null => None,
            Value::Object(map) => Some(Fields { map, prefix: self.field(key), warnings: Vec::new() }),
            other => {
                self.warn(key, format!("expected an object, found {}; ignored", type_name(other)));
                None
            }
        }
    }

    /// Takes the warnings of a nested object into this one.
    pub fn absorb(&mut self, nested: Fields<'_>) {
        self.warnings.extend(nested.warnings);
    }

    fn field(&self, key: &str) -> String {
        if self.prefix.is_empty() { key.to_string() } else { format!("{}.{key}", self.prefix) }
    }

    pub fn warn(&mut self, key: &str, message: String) {
        let field = self.field(key);
        self.warnings.push((field, message));
    }

    pub fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    pub fn required_str(&self, key: &str) -> Result<String, String> {
        match self.get(key) {
            Some(Value::String(s)) => Ok(s.clone()),
            Some(other) => Err(format!("{}: expected a string, found {}", self.field(key), type_name(other))),
            None => Err(format!("missing field \"{}\"", self.field(key))),
        }
    }

    pub fn optional_str(&mut self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            other => {
                self.warn(key, format!("expected a string, found {}; ignored", type_name(other)));
                None
            }
        }
    }

    pub fn optional_u64(&mut self, key: &str) -> Option<u64> {
        let value = self.get(key)?;
        match value.as_u64().or_else(|| value.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0).map(|f| f as u64)) {
            Some(n) => Some(n),
            None => {
                // A whole number below 0 names itself ("-3"). (Formatting any JSON number would bring serde_json's
                // writer and float formatting into the wasm modules that read fields: 3.8 KB gzipped.)
                let found = match value.as_i64() {
                    Some(n) => n.to_string(),
                    None if value.is_number() => "a number with a fraction".to_string(),
                    None => type_name(value).to_string(),
                };
                self.warn(key, format!("expected a whole number from 0, found {found}; ignored"));
                None
            }
        }
    }

    /// A list of strings; other elements are dropped with a warning.
    pub fn str_list(&mut self, key: &str) -> Vec<String> {
        let Some(value) = self.get(key) else { return Vec::new() };
        let Value::Array(items) = value else {
            self.warn(key, format!("expected an array of strings, found {}; ignored", type_name(value)));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item {
                Value::String(s) => out.push(s.clone()),
                other => self.warn(&format!("{key}[{i}]"), format!("expected a string, found {}; dropped", type_name(other))),
            }
        }
        out
    }

    /// An object of string values (labels per language, variant forms); other values are dropped with a warning.
    pub fn str_map(&mut self, key: &str) -> Vec<(String, String)> {
        let Some(value) = self.get(key) else { return Vec::new() };
        let Value::Object(map) = value else {
            self.warn(key, format!("expected an object, found {}; ignored", type_name(value)));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(map.len());
        for (name, item) in map {
            match item {
                Value::String(s) => out.push((name.clone(), s.clone())),
                other => self.warn(&format!("{key}.{name}"), format!("expected a string, found {}; dropped", type_name(other))),
            }
        }
        out
    }
}

/// serde_json appends " at line L column C" to its messages; callers give the position separately.
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn required_and_optional_fields() {
        let value = json!({"id": "a", "n": 3, "title": 5, "tags": ["x", 1, "y"], "site": {"lang": 2}});
        let mut fields = Fields::new(&value).expect("object");
        assert_eq!(fields.required_str("id"), Ok("a".into()));
        assert_eq!(fields.required_str("title"), Err("title: expected a string, found a number".into()));
        assert_eq!(fields.required_str("url"), Err("missing field \"url\"".into()));
        assert_eq!(fields.optional_str("title"), None);
        assert_eq!(fields.optional_u64("n"), Some(3));
        assert_eq!(fields.str_list("tags"), ["x", "y"]);
        let mut site = fields.nested("site").expect("nested");
        assert_eq!(site.optional_str("lang"), None);
        fields.absorb(site);
        let warned: Vec<&str> = fields.warnings.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(warned, ["title", "tags[1]", "site.lang"]);
        assert!(Fields::new(&json!([1])).is_err());
        // A count that is no whole number from 0 says what it was.
        let value = json!({"width": -3, "height": "tall"});
        let mut fields = Fields::new(&value).expect("object");
        assert_eq!((fields.optional_u64("width"), fields.optional_u64("height")), (None, None));
        let messages: Vec<&str> = fields.warnings.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(messages, ["expected a whole number from 0, found -3; ignored", "expected a whole number from 0, found a string; ignored"]);
    }
}
