//! How much of a template package is read before it is refused (see SECURITY.md).
//!
//! A real house-style template is well under a megabyte: styles, a theme, two headers
//! and footers and a logo. The limits leave a wide margin above that and stop a zip
//! bomb (a few kilobytes that inflate to gigabytes) long before memory is at risk.
//! Sizes are counted while decompressing; the sizes the zip's headers claim are never
//! trusted (a claim only sizes the first buffer, and never beyond these limits).

/// The template file on disk. A letterhead with a high-resolution logo stays far below.
pub const MAX_FILE_BYTES: u64 = 20 * 1024 * 1024;
/// Entries in the zip. Word writes about twenty; thousands only serve to exhaust us.
pub const MAX_ENTRIES: usize = 1000;
/// One part, decompressed. Word's styles part, the largest text part, is some 350 kB.
pub const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;
/// All parts together, decompressed.
pub const MAX_TOTAL_BYTES: u64 = 64 * 1024 * 1024;
/// Decompressed bytes per compressed byte, once a part has produced more than
/// [`RATIO_FLOOR`]. Word's XML compresses some 10 to 30 times; deflate's ceiling is
/// about 1000, which is what a zip bomb uses.
pub const MAX_RATIO: u64 = 200;
/// Below this a part may compress as well as it likes: small repetitive parts (an empty
/// header) reach high ratios without being a risk.
pub const RATIO_FLOOR: u64 = 1024 * 1024;
