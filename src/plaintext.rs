//! The token's plaintext: compact JSON with the keys in the official order
//! `app_id, user_id, nonce, ctime, expire, payload`, strings escaped as JSON.stringify does
//! (`"`, `\` and control characters; non-ASCII kept as UTF-8).

use std::io::Write;

use crate::Error;

/// The claims that go into a token's plaintext.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields<'a> {
    pub app_id: u32,
    pub user_id: &'a str,
    pub nonce: i64,
    pub ctime: i64,
    pub expire: i64,
    pub payload: &'a str,
}

/// Appends the plaintext JSON to `out` (which may already hold the token header).
pub(crate) fn write(out: &mut Vec<u8>, f: &Fields<'_>) -> Result<(), Error> {
    write_inner(out, f).map_err(|_| Error::Internal)
}

fn write_inner(out: &mut Vec<u8>, f: &Fields<'_>) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"app_id\":");
    serde_json::to_writer(&mut *out, &f.app_id)?;
    out.extend_from_slice(b",\"user_id\":");
    serde_json::to_writer(&mut *out, f.user_id)?;
    out.extend_from_slice(b",\"nonce\":");
    serde_json::to_writer(&mut *out, &f.nonce)?;
    out.extend_from_slice(b",\"ctime\":");
    serde_json::to_writer(&mut *out, &f.ctime)?;
    out.extend_from_slice(b",\"expire\":");
    serde_json::to_writer(&mut *out, &f.expire)?;
    out.extend_from_slice(b",\"payload\":");
    serde_json::to_writer(&mut *out, f.payload)?;
    out.write_all(b"}").map_err(serde_json::Error::io)
}

/// An upper bound of the plaintext length for a user id and payload of these byte lengths
/// (every byte escaped as `\u00XX`, every number at its widest).
pub(crate) const fn max_len(user_id_len: usize, payload_len: usize) -> usize {
    const FIXED: usize =
        r#"{"app_id":,"user_id":"","nonce":,"ctime":,"expire":,"payload":""}"#.len();
    const NUMBERS: usize = 10 + 20 + 20 + 20; // u32, and three i64 with sign
    FIXED
        .saturating_add(NUMBERS)
        .saturating_add(user_id_len.saturating_mul(6))
        .saturating_add(payload_len.saturating_mul(6))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_and_escaping() {
        let mut out = Vec::new();
        write(
            &mut out,
            &Fields {
                app_id: 7,
                user_id: "a\"b\\c/é😀",
                nonce: -5,
                ctime: 10,
                expire: 20,
                payload: "\n\u{1}\u{7f}\u{2028}",
            },
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"app_id\":7,\"user_id\":\"a\\\"b\\\\c/é😀\",\"nonce\":-5,\"ctime\":10,\"expire\":20,\"payload\":\"\\n\\u0001\u{7f}\u{2028}\"}"
        );
    }

    #[test]
    fn max_len_bounds_worst_case() {
        let user = "\u{1}".repeat(64);
        let payload = "\u{1f}".repeat(100);
        let mut out = Vec::new();
        write(
            &mut out,
            &Fields {
                app_id: u32::MAX,
                user_id: &user,
                nonce: i64::MIN,
                ctime: i64::MIN,
                expire: i64::MIN,
                payload: &payload,
            },
        )
        .unwrap();
        assert!(out.len() <= max_len(user.len(), payload.len()));
        assert!(out.len() + 10 >= max_len(user.len(), payload.len()));
    }
}
