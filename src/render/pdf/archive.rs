//! PDF/A: the sRGB output intent and the ICC profile it embeds.
//!
//! PDF/A-2 lets a file use device colours (`rg`, `RG`, DeviceRGB images) only when
//! an output intent says what they mean; for screen documents that is sRGB. The
//! profile is generated here rather than shipped: a minimal ICC v2 display profile
//! (header, tag table, `desc`, `cprt`, `wtpt`, the three colorants and one shared
//! tone curve) of under a kilobyte, built from the published sRGB definition (IEC
//! 61966-2-1), so the project carries no third-party file and no licence question.
//! The numbers are facts of the standard; the unit tests recompute the colorants from
//! the sRGB primaries and check the curve against the sRGB formula.

use std::sync::OnceLock;

use lopdf::{Dictionary, Object, Stream, StringFormat};

use crate::error::{Error, Result};

/// The output condition we declare, as registered with the ICC.
const CONDITION: &str = "sRGB IEC61966-2.1";

/// Adds `/OutputIntents` with the sRGB profile to the catalog.
pub fn add_output_intent(lo: &mut lopdf::Document) -> Result<()> {
    let mut dict = Dictionary::new();
    dict.set("N", Object::Integer(3));
    let profile = lo.add_object(Stream::new(dict, srgb_profile().to_vec()));
    let literal = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let intent = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"OutputIntent".to_vec())),
        // GTS_PDFA1 is the subtype every PDF/A part uses.
        ("S", Object::Name(b"GTS_PDFA1".to_vec())),
        ("OutputConditionIdentifier", literal(CONDITION)),
        ("Info", literal(CONDITION)),
        ("RegistryName", literal("http://www.color.org")),
        ("DestOutputProfile", Object::Reference(profile)),
    ]);
    let intent = lo.add_object(intent);
    let catalog = lo.catalog_mut().map_err(|e| {
        Error::failed(
            format!("de PDF mist zijn catalogus: {e}"),
            "dit is een fout in raadsbrief; meld het alstublieft",
        )
    })?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    Ok(())
}

/// The sRGB colorants adapted to the D50 profile connection space (Bradford), as in
/// the ICC's own sRGB profiles: columns red, green, blue; rows X, Y, Z.
const COLORANTS: [[f64; 3]; 3] = [
    [0.436_074_7, 0.385_064_9, 0.143_080_4],
    [0.222_504_5, 0.716_878_6, 0.060_616_9],
    [0.013_932_2, 0.097_104_5, 0.714_173_3],
];

/// The D50 illuminant of the profile connection space.
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// Points of the sampled sRGB tone curve: linear interpolation between 256 samples
/// stays within 0.02 % of the formula, and keeps the profile small.
const CURVE_POINTS: usize = 256;

/// The profile, built once per process.
pub fn srgb_profile() -> &'static [u8] {
    static PROFILE: OnceLock<Vec<u8>> = OnceLock::new();
    PROFILE.get_or_init(build_profile)
}

/// The sRGB transfer function: encoded value (0–1) → linear light.
fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// An s15Fixed16Number.
fn s15f16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

fn xyz_tag(xyz: [f64; 3]) -> Vec<u8> {
    let mut t = b"XYZ \0\0\0\0".to_vec();
    for v in xyz {
        t.extend_from_slice(&s15f16(v));
    }
    t
}

/// textDescriptionType (ICC v2): ASCII description, empty Unicode and ScriptCode parts.
fn desc_tag(text: &str) -> Vec<u8> {
    let mut t = b"desc\0\0\0\0".to_vec();
    t.extend_from_slice(&(text.len() as u32 + 1).to_be_bytes());
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t.extend_from_slice(&[0; 8]); // Unicode language code and count
    t.extend_from_slice(&[0; 3]); // ScriptCode code and count
    t.extend_from_slice(&[0; 67]); // ScriptCode string
    t
}

fn text_tag(text: &str) -> Vec<u8> {
    let mut t = b"text\0\0\0\0".to_vec();
    t.extend_from_slice(text.as_bytes());
    t.push(0);
    t
}

fn curve_tag() -> Vec<u8> {
    let mut t = b"curv\0\0\0\0".to_vec();
    t.extend_from_slice(&(CURVE_POINTS as u32).to_be_bytes());
    for i in 0..CURVE_POINTS {
        let v = srgb_to_linear(i as f64 / (CURVE_POINTS - 1) as f64);
        t.extend_from_slice(&((v * 65535.0).round() as u16).to_be_bytes());
    }
    t
}

fn build_profile() -> Vec<u8> {
    let column = |c: usize| [COLORANTS[0][c], COLORANTS[1][c], COLORANTS[2][c]];
    let curve = curve_tag();
    // Tag data; the three tone curves share one block, as the ICC format allows.
    let data: Vec<(&[u8; 4], Vec<u8>)> = vec![
        (b"desc", desc_tag("sRGB IEC61966-2.1 (raadsbrief)")),
        (b"cprt", text_tag("No copyright, use freely")),
        (b"wtpt", xyz_tag(D50)),
        (b"rXYZ", xyz_tag(column(0))),
        (b"gXYZ", xyz_tag(column(1))),
        (b"bXYZ", xyz_tag(column(2))),
        (b"rTRC", curve),
    ];
    let shared = [b"gTRC", b"bTRC"];
    let count = data.len() + shared.len();
    let mut offset = 128 + 4 + 12 * count;
    let mut table = Vec::new();
    let mut body = Vec::new();
    let mut curve_at = (0, 0);
    for (sig, bytes) in &data {
        table.extend_from_slice(*sig);
        table.extend_from_slice(&(offset as u32).to_be_bytes());
        table.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
        if *sig == b"rTRC" {
            curve_at = (offset, bytes.len());
        }
        body.extend_from_slice(bytes);
        offset += bytes.len();
        // Every tag starts on a four-byte boundary.
        while !offset.is_multiple_of(4) {
            body.push(0);
            offset += 1;
        }
    }
    for sig in shared {
        table.extend_from_slice(sig);
        table.extend_from_slice(&(curve_at.0 as u32).to_be_bytes());
        table.extend_from_slice(&(curve_at.1 as u32).to_be_bytes());
    }
    let size = offset;

    let mut p = Vec::with_capacity(size);
    p.extend_from_slice(&(size as u32).to_be_bytes());
    p.extend_from_slice(&[0; 4]); // preferred CMM: none
    p.extend_from_slice(&[0x02, 0x10, 0, 0]); // version 2.1.0
    p.extend_from_slice(b"mntr"); // display device profile
    p.extend_from_slice(b"RGB ");
    p.extend_from_slice(b"XYZ "); // profile connection space
    for v in [2026u16, 1, 1, 0, 0, 0] {
        p.extend_from_slice(&v.to_be_bytes()); // a fixed creation date: same bytes every build
    }
    p.extend_from_slice(b"acsp");
    p.extend_from_slice(&[0; 4]); // primary platform: none
    p.extend_from_slice(&[0; 4]); // flags
    p.extend_from_slice(&[0; 8]); // device manufacturer and model
    p.extend_from_slice(&[0; 8]); // device attributes
    p.extend_from_slice(&[0, 0, 0, 0]); // rendering intent: perceptual
    for v in D50 {
        p.extend_from_slice(&s15f16(v));
    }
    p.extend_from_slice(&[0; 4]); // creator
    p.resize(128, 0); // profile ID (v4 only) and reserved bytes
    p.extend_from_slice(&(count as u32).to_be_bytes());
    p.extend_from_slice(&table);
    p.extend_from_slice(&body);
    p
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    #[test]
    fn profile_is_a_well_formed_icc_v2_display_profile() {
        let p = srgb_profile();
        assert_eq!(u32_at(p, 0) as usize, p.len());
        assert!(p.len() < 1024, "{} bytes", p.len());
        assert_eq!(&p[8..10], &[2, 0x10]);
        assert_eq!(&p[12..24], b"mntrRGB XYZ ");
        assert_eq!(&p[36..40], b"acsp");
        let count = u32_at(p, 128) as usize;
        let mut sigs = Vec::new();
        for i in 0..count {
            let at = 132 + 12 * i;
            let (offset, size) = (u32_at(p, at + 4) as usize, u32_at(p, at + 8) as usize);
            assert_eq!(offset % 4, 0);
            assert!(offset + size <= p.len());
            sigs.push(
                std::str::from_utf8(&p[at..at + 4])
                    .unwrap_or("?")
                    .to_owned(),
            );
        }
        for required in [
            "desc", "cprt", "wtpt", "rXYZ", "gXYZ", "bXYZ", "rTRC", "gTRC", "bTRC",
        ] {
            assert!(sigs.iter().any(|s| s == required), "{required} missing");
        }
    }

    /// The colorants are the sRGB primaries under D65, adapted to D50 with Bradford.
    #[test]
    fn colorants_follow_from_the_srgb_primaries() {
        let xy = [(0.64, 0.33), (0.30, 0.60), (0.15, 0.06)];
        let white = [0.9505, 1.0, 1.0890];
        let prim: Vec<[f64; 3]> = xy
            .iter()
            .map(|(x, y)| [x / y, 1.0, (1.0 - x - y) / y])
            .collect();
        let m = [
            [prim[0][0], prim[1][0], prim[2][0]],
            [prim[0][1], prim[1][1], prim[2][1]],
            [prim[0][2], prim[1][2], prim[2][2]],
        ];
        let s = mul_vec(inverse(m), white);
        let rgb_to_xyz = [
            [m[0][0] * s[0], m[0][1] * s[1], m[0][2] * s[2]],
            [m[1][0] * s[0], m[1][1] * s[1], m[1][2] * s[2]],
            [m[2][0] * s[0], m[2][1] * s[1], m[2][2] * s[2]],
        ];
        let bradford = [
            [0.8951, 0.2664, -0.1614],
            [-0.7502, 1.7135, 0.0367],
            [0.0389, -0.0685, 1.0296],
        ];
        let (src, dst) = (mul_vec(bradford, white), mul_vec(bradford, D50));
        let scale = [
            [dst[0] / src[0], 0.0, 0.0],
            [0.0, dst[1] / src[1], 0.0],
            [0.0, 0.0, dst[2] / src[2]],
        ];
        let adapt = mul(inverse(bradford), mul(scale, bradford));
        let d50 = mul(adapt, rgb_to_xyz);
        for r in 0..3 {
            for c in 0..3 {
                assert!(
                    (d50[r][c] - COLORANTS[r][c]).abs() < 5e-4,
                    "{r},{c}: {} vs {}",
                    d50[r][c],
                    COLORANTS[r][c]
                );
            }
        }
    }

    #[test]
    fn curve_matches_the_srgb_formula() {
        let p = srgb_profile();
        let curve = curve_tag();
        assert!(p.windows(curve.len()).any(|w| w == curve.as_slice()));
        let sample = |i: usize| {
            f64::from(u16::from_be_bytes([curve[12 + 2 * i], curve[13 + 2 * i]])) / 65535.0
        };
        assert_eq!(sample(0), 0.0);
        assert_eq!(sample(CURVE_POINTS - 1), 1.0);
        // Between samples, linear interpolation stays close to the formula.
        for k in 0..1000 {
            let v = k as f64 / 999.0;
            let pos = v * (CURVE_POINTS - 1) as f64;
            let i = (pos.floor() as usize).min(CURVE_POINTS - 2);
            let t = pos - i as f64;
            let interp = sample(i) * (1.0 - t) + sample(i + 1) * t;
            assert!((interp - srgb_to_linear(v)).abs() < 2e-4, "at {v}");
        }
    }

    type M = [[f64; 3]; 3];

    fn mul(a: M, b: M) -> M {
        let mut r = [[0.0; 3]; 3];
        for i in 0..3 {
            for j in 0..3 {
                r[i][j] = (0..3).map(|k| a[i][k] * b[k][j]).sum();
            }
        }
        r
    }

    fn mul_vec(a: M, v: [f64; 3]) -> [f64; 3] {
        [0, 1, 2].map(|i| (0..3).map(|k| a[i][k] * v[k]).sum())
    }

    fn inverse(m: M) -> M {
        let det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        let c = |r0: usize, r1: usize, c0: usize, c1: usize| {
            m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0]
        };
        [
            [
                c(1, 2, 1, 2) / det,
                -c(0, 2, 1, 2) / det,
                c(0, 1, 1, 2) / det,
            ],
            [
                -c(1, 2, 0, 2) / det,
                c(0, 2, 0, 2) / det,
                -c(0, 1, 0, 2) / det,
            ],
            [
                c(1, 2, 0, 1) / det,
                -c(0, 2, 0, 1) / det,
                c(0, 1, 0, 1) / det,
            ],
        ]
    }
}
