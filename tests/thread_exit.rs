//! The library works from a thread-exit destructor (a thread-local's `Drop` in the host program),
//! after its own thread-locals are gone: no panic (which would print to stderr and return
//! `ZEGO_INTERNAL_ERROR`), the same tokens as anywhere else.

use std::cell::Cell;
use std::ffi::{CStr, CString};
use std::ptr;
use std::sync::mpsc;

use zego_token::ffi::*;

const SECRET: &str = "fa94dd0f974cf2e293728a526b028271";

/// On drop, makes a CBC and a GCM token through the C ABI, one with the Rust API, decodes each,
/// and sends the codes back.
struct AtExit(Cell<Option<mpsc::Sender<Vec<i32>>>>);

impl Drop for AtExit {
    fn drop(&mut self) {
        let Some(tx) = self.0.take() else { return };
        let (u, s) = (CString::new("user").unwrap(), CString::new(SECRET).unwrap());
        let mut codes = Vec::new();
        for gcm in [false, true] {
            let mut out = ptr::null_mut();
            let rc = unsafe {
                if gcm {
                    zego_generate_token04_gcm(1, u.as_ptr(), s.as_ptr(), 60, ptr::null(), &mut out)
                } else {
                    zego_generate_token04(1, u.as_ptr(), s.as_ptr(), 60, ptr::null(), &mut out)
                }
            };
            codes.push(rc);
            if rc == 0 {
                let token = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_owned();
                unsafe { zego_string_free(out) };
                let claims = zego_token::decode_token04(&token, SECRET);
                codes.push(claims.map_or_else(|e| e.code(), |c| i32::from(c.user_id != "user")));
            }
        }
        let g = zego_token::Generator::new(1, SECRET, zego_token::Mode::Gcm).unwrap();
        codes.push(g.generate("user", 60, "").map_or_else(|e| e.code(), |_| 0));
        let _ = tx.send(codes);
    }
}

thread_local! {
    static AT_EXIT: AtExit = const { AtExit(Cell::new(None)) };
}

#[test]
fn generating_from_a_thread_exit_destructor_works() {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        // Registered first, so destroyed last: after the library's own thread-locals, which the
        // token below creates.
        AT_EXIT.with(|a| a.0.set(Some(tx)));
        zego_token::generate_token04_gcm(1, "warm", SECRET, 60, "").unwrap();
        zego_token::generate_token04(1, "warm", SECRET, 60, "").unwrap();
    })
    .join()
    .unwrap();
    let codes = rx.recv().unwrap();
    assert_eq!(
        codes,
        vec![0, 0, 0, 0, 0],
        "codes from the thread-exit destructor"
    );
}
