//! Open311 replies in both of its formats from one tree: XML (mandatory, with a
//! declaration, no namespace) and JSON by the "Spark convention" (the root and
//! the repeated item element disappear: a list is a bare array, a single object
//! an object).

use std::fmt::Write;

use serde_json::{Map, Value};

/// A value in a reply.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// Text (a string in JSON).
    Text(String),
    /// A number, or nothing (`null` in JSON, an empty element in XML).
    Number(Option<f64>),
    /// A whole number (an error's code).
    Int(i64),
    /// `true` or `false`.
    Bool(bool),
    /// Named fields, in order.
    Object(Vec<(&'static str, Node)>),
    /// Items, each wrapped in the element named (`service`, `request`, …).
    List(&'static str, Vec<Node>),
}

/// XML's special characters escaped.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn write_xml(out: &mut String, name: &str, node: &Node) {
    match node {
        Node::Text(t) => {
            let _ = write!(out, "<{name}>{}</{name}>", escape(t));
        }
        Node::Number(Some(x)) => {
            let _ = write!(out, "<{name}>{x}</{name}>");
        }
        Node::Number(None) => {
            let _ = write!(out, "<{name}/>");
        }
        Node::Int(n) => {
            let _ = write!(out, "<{name}>{n}</{name}>");
        }
        Node::Bool(b) => {
            let _ = write!(out, "<{name}>{b}</{name}>");
        }
        Node::Object(fields) => {
            let _ = write!(out, "<{name}>");
            for (k, v) in fields {
                write_xml(out, k, v);
            }
            let _ = write!(out, "</{name}>");
        }
        Node::List(item, items) => {
            let _ = write!(out, "<{name}>");
            for i in items {
                write_xml(out, item, i);
            }
            let _ = write!(out, "</{name}>");
        }
    }
}

/// The reply as XML, under the root element `root`.
pub fn xml(root: &str, node: &Node) -> String {
    let mut out = String::from(r#"<?xml version="1.0" encoding="utf-8"?>"#);
    write_xml(&mut out, root, node);
    out
}

/// The reply as JSON.
pub fn json(node: &Node) -> Value {
    match node {
        Node::Text(t) => Value::String(t.clone()),
        Node::Number(x) => x
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(n) => Value::from(*n),
        Node::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| ((*k).to_string(), json(v)))
                .collect::<Map<String, Value>>(),
        ),
        Node::List(_, items) => Value::Array(items.iter().map(json).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_tree_gives_spec_shaped_xml_and_spark_json() {
        let node = Node::List(
            "request",
            vec![Node::Object(vec![
                ("service_request_id", Node::Text("a&1".into())),
                ("lat", Node::Number(None)),
                ("metadata", Node::Bool(false)),
            ])],
        );
        assert_eq!(
            xml("service_requests", &node),
            r#"<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>a&amp;1</service_request_id><lat/><metadata>false</metadata></request></service_requests>"#
        );
        assert_eq!(
            json(&node),
            serde_json::json!([{"service_request_id": "a&1", "lat": null, "metadata": false}])
        );
    }
}
