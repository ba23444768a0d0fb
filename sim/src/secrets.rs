//! Realistic-looking secrets and ids, generated deterministically from a
//! name so every run of a scenario shows the same values (no `rand`).

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use std::sync::atomic::{AtomicU64, Ordering};

/// A splitmix64 stream seeded from a name (FNV-1a).
struct Seed(u64);

impl Seed {
    fn new(name: &str) -> Seed {
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        Seed(hash)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next().to_le_bytes()[0]).collect()
    }

    fn chars(&mut self, alphabet: &[u8], n: usize) -> String {
        let len = alphabet.len() as u64;
        (0..n)
            .map(|_| char::from(alphabet[(self.next() % len) as usize]))
            .collect()
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// A Cloud user API token, classic and scoped alike (docs/atlassian/cloud.md#token-crc32): 192 chars,
/// `ATATT3xFfGF0` + 171 token chars + `=` + the CRC32 (IEEE) of the 184
/// chars before it as 8 uppercase hex digits.
pub fn cloud_api_token(name: &str) -> String {
    crc_tailed_token("ATATT3xFfGF0", name)
}

/// A Bitbucket repository, project or workspace access token: the API
/// token's shape under the `ATCTT3xFfGN0` prefix (the prefix `ATCT`:
/// https://community.atlassian.com/forums/Bitbucket-questions/Can-we-confirm-BitBucket-s-token-prefixes/qaq-p/3093481 ;
/// the `=` + CRC32 tail holds on public samples).
pub fn access_token(name: &str) -> String {
    crc_tailed_token("ATCTT3xFfGN0", name)
}

fn crc_tailed_token(prefix: &str, name: &str) -> String {
    let mut body = String::from(prefix);
    body.push_str(&Seed::new(name).chars(TOKEN_ALPHABET, 171));
    body.push('=');
    let crc = crc32fast::hash(body.as_bytes());
    format!("{body}{crc:08X}")
}

/// A Bitbucket app password: `ATBB` + 24 letters and digits + the CRC32 of
/// those 28 chars as 8 uppercase hex digits, 36 chars in all (the prefix:
/// the same Atlassian answer as `access_token`; the tail holds on public samples).
pub fn app_password(name: &str) -> String {
    let body = format!("ATBB{}", Seed::new(name).chars(ALPHANUMERIC, 24));
    let crc = crc32fast::hash(body.as_bytes());
    format!("{body}{crc:08X}")
}

/// A git object id: 40 lowercase hex digits (SHA-1 sized; nothing hashes to it).
pub fn object_id(name: &str) -> String {
    Seed::new(name).bytes(20).iter().map(|b| format!("{b:02x}")).collect()
}

/// A Data Center personal access token: base64 of `<12-digit id>:<20 random
/// bytes>`, 44 chars, which is why real ones start `NjM0…`, `MTI3…` and so on.
pub fn data_center_pat(name: &str) -> String {
    let mut seed = Seed::new(name);
    let mut raw = format!("{:012}:", seed.next() % 1_000_000_000_000).into_bytes();
    raw.extend(seed.bytes(20));
    STANDARD.encode(raw)
}

/// An OAuth 2.0 (3LO) access token: an RS256 JWT issued by auth.atlassian.com.
pub fn oauth_jwt(name: &str, account_id: &str, scopes: &[&str]) -> String {
    let mut seed = Seed::new(name);
    let header = r#"{"kid":"auth.atlassian.io/ea2v2","typ":"JWT","alg":"RS256"}"#;
    let payload = serde_json::json!({
        "iss": "https://auth.atlassian.com",
        "sub": account_id,
        "aud": "api.atlassian.com",
        "scope": scopes.join(" "),
        "iat": 1_790_000_000_u64,
        "exp": 4_102_444_800_u64,
        "jti": uuid_from(&mut seed),
    });
    let signature = seed.bytes(256);
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode(signature)
    )
}

/// A version-4-looking UUID, the shape of a cloudId.
pub fn uuid(name: &str) -> String {
    uuid_from(&mut Seed::new(name))
}

/// An Atlassian accountId (`712020:` + a UUID).
pub fn account_id(name: &str) -> String {
    format!("712020:{}", uuid(name))
}

fn uuid_from(seed: &mut Seed) -> String {
    let mut b = seed.bytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

static REQUESTS: AtomicU64 = AtomicU64::new(1);

/// A fresh `ATL-TraceId` value: 32 lowercase hex digits.
pub fn trace_id() -> String {
    let n = REQUESTS.fetch_add(1, Ordering::Relaxed);
    format!("{:016x}{:016x}", mix(n), mix(!n))
}

/// A fresh Jira `X-AREQUESTID` value, shaped like `945x62874x1`.
pub fn request_id() -> String {
    let n = REQUESTS.fetch_add(1, Ordering::Relaxed);
    format!("{}x{}x1", 600 + n % 840, 40_000 + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cloud_tokens_have_the_observed_shape_and_checksum() {
        let token = cloud_api_token("jane");
        assert_eq!(token.len(), 192);
        assert!(token.starts_with("ATATT3xFfGF0"));
        let (body, crc) = token.split_at(184);
        assert!(body.ends_with('='));
        assert_eq!(crc, format!("{:08X}", crc32fast::hash(body.as_bytes())));
        assert_eq!(token, cloud_api_token("jane"));
        assert_ne!(token, cloud_api_token("omar"));
    }

    #[test]
    fn bitbucket_secrets_have_their_prefix_length_and_checksum() {
        let access = access_token("repo");
        assert_eq!(access.len(), 192);
        assert!(access.starts_with("ATCTT3xFfGN0"));
        let (body, crc) = access.split_at(184);
        assert!(body.ends_with('='));
        assert_eq!(crc, format!("{:08X}", crc32fast::hash(body.as_bytes())));

        let app = app_password("jane");
        assert_eq!(app.len(), 36);
        let (body, crc) = app.split_at(28);
        assert!(body.starts_with("ATBB") && body[4..].bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_eq!(crc, format!("{:08X}", crc32fast::hash(body.as_bytes())));

        let id = object_id("main");
        assert_eq!(id.len(), 40);
        assert!(id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
        assert_ne!(id, object_id("develop"));
    }

    #[test]
    fn pats_and_jwts_look_real() {
        let pat = data_center_pat("jane");
        assert_eq!(pat.len(), 44);
        let jwt = oauth_jwt("jane", "712020:x", &["read:me"]);
        assert!(jwt.starts_with("eyJ"));
        assert_eq!(jwt.split('.').count(), 3);
        assert_eq!(uuid("x").len(), 36);
    }
}
