//! `--format json`: the record itself (schema 2). Keys may be added; none is
//! removed or renamed without raising `schema`.

use confauth_checks::record::Record;

pub fn render_json(record: &Record) -> String {
    record.to_json()
}
