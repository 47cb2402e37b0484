//! A read-only view of a parsed JSON document, so a format's reader is written once and reads what either parser
//! gave: `serde_json`'s values natively, and the browser's `JSON.parse` objects in the widget (`src/web`), which
//! then needs no JSON parser of its own for them.

use serde_json::Value;

/// What a reader asks of a JSON value. Each answer is `None` when the value is not of that kind.
pub trait JsonView: Sized {
    /// The member `name` of an object.
    fn field(&self, name: &str) -> Option<Self>;
    /// A string's text.
    fn text(&self) -> Option<String>;
    /// A whole number from 0 up (to 2^53, what a JSON number holds exactly everywhere).
    fn count(&self) -> Option<u64>;
    /// An array's items.
    fn items(&self) -> Option<Vec<Self>>;
    /// An object's members, in the order the parser keeps them.
    fn members(&self) -> Option<Vec<(String, Self)>>;
    /// The value as `serde_json` holds it, when it came from there: for a reader of an older form that only the
    /// command line still reads.
    fn as_serde(&self) -> Option<&Value> {
        None
    }
}

impl<'a> JsonView for &'a Value {
    fn field(&self, name: &str) -> Option<&'a Value> {
        self.get(name)
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }

    fn count(&self) -> Option<u64> {
        // A whole number written with a fraction or an exponent (`4.0`, `1e3`) counts, as the browser reads it.
        self.as_u64()
            .or_else(|| self.as_f64().filter(|n| *n >= 0.0 && n.fract() == 0.0).map(|n| n as u64))
            .filter(|&n| n <= 1 << 53)
    }

    fn items(&self) -> Option<Vec<&'a Value>> {
        self.as_array().map(|items| items.iter().collect())
    }

    fn members(&self) -> Option<Vec<(String, &'a Value)>> {
        self.as_object().map(|map| map.iter().map(|(key, value)| (key.clone(), value)).collect())
    }

    fn as_serde(&self) -> Option<&Value> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_only_for_its_kind() {
        let value: Value = serde_json::from_str(r#"{"s":"x","n":3,"big":9007199254740993,"neg":-1,"f":1.5,"a":[1,"y"],"o":{"k":true}}"#).unwrap();
        let view = &value;
        assert_eq!(view.field("s").and_then(|v| v.text()), Some("x".into()));
        assert_eq!(view.field("n").and_then(|v| v.count()), Some(3));
        let whole: Value = serde_json::from_str(r#"[4.0, 1e3, -0.0]"#).unwrap();
        assert_eq!((&whole).items().unwrap().iter().map(|v| v.count()).collect::<Vec<_>>(), [Some(4), Some(1000), Some(0)]);
        for not_a_count in ["big", "neg", "f", "s"] {
            assert_eq!(view.field(not_a_count).and_then(|v| v.count()), None, "{not_a_count}");
        }
        assert_eq!(view.field("a").and_then(|v| v.items()).map(|items| items.len()), Some(2));
        assert_eq!(view.field("o").and_then(|v| v.members()).map(|m| m.into_iter().map(|(k, _)| k).collect::<Vec<_>>()), Some(vec!["k".into()]));
        assert!(view.field("a").and_then(|v| v.members()).is_none() && view.field("o").and_then(|v| v.items()).is_none());
        assert!(view.field("missing").is_none() && view.field("s").and_then(|v| v.field("x")).is_none());
    }
}
