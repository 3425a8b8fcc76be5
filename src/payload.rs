//! Strict-token payloads: the room and privilege JSON of the official samples.

use std::io::Write;

/// The privilege key for logging in to a room.
pub const PRIVILEGE_LOGIN_ROOM: &str = "1";
/// The privilege key for publishing streams.
pub const PRIVILEGE_PUBLISH_STREAM: &str = "2";

/// The payload of a strict token, exactly as the official samples build it:
/// `{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}`.
///
/// An empty `room_id` means any room; `stream_ids: None` gives `null` (any stream), `Some` gives an
/// array. Strings are JSON-escaped.
pub fn build_rtc_room_payload<S: AsRef<str>>(
    room_id: &str,
    can_login_room: bool,
    can_publish_stream: bool,
    stream_ids: Option<&[S]>,
) -> String {
    let mut out = Vec::with_capacity(64 + room_id.len());
    // Writing to a Vec<u8> cannot fail, and strings serialize without error.
    let _ = write_payload(
        &mut out,
        room_id,
        can_login_room,
        can_publish_stream,
        stream_ids,
    );
    String::from_utf8(out).unwrap_or_default()
}

fn write_payload<S: AsRef<str>>(
    out: &mut Vec<u8>,
    room_id: &str,
    login: bool,
    publish: bool,
    stream_ids: Option<&[S]>,
) -> serde_json::Result<()> {
    out.extend_from_slice(b"{\"room_id\":");
    serde_json::to_writer(&mut *out, room_id)?;
    write!(
        out,
        ",\"privilege\":{{\"{PRIVILEGE_LOGIN_ROOM}\":{},\"{PRIVILEGE_PUBLISH_STREAM}\":{}}},\"stream_id_list\":",
        u8::from(login),
        u8::from(publish)
    )
    .map_err(serde_json::Error::io)?;
    match stream_ids {
        None => out.extend_from_slice(b"null"),
        Some(ids) => {
            out.push(b'[');
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, id.as_ref())?;
            }
            out.push(b']');
        }
    }
    out.push(b'}');
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_sample() {
        assert_eq!(
            build_rtc_room_payload::<&str>("demo", true, false, None),
            r#"{"room_id":"demo","privilege":{"1":1,"2":0},"stream_id_list":null}"#
        );
    }

    #[test]
    fn streams_and_escaping() {
        assert_eq!(
            build_rtc_room_payload("r\"1", false, true, Some(&["s1", "a\\b"][..])),
            r#"{"room_id":"r\"1","privilege":{"1":0,"2":1},"stream_id_list":["s1","a\\b"]}"#
        );
        assert_eq!(
            build_rtc_room_payload::<String>("", true, true, Some(&[])),
            r#"{"room_id":"","privilege":{"1":1,"2":1},"stream_id_list":[]}"#
        );
    }
}
