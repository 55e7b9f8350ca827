//! A signer's scanned signature in the closing block, and the one place its drawn
//! size is decided, so that DOCX, PDF and HTML draw the same box.

use super::style::HouseStyle;
use super::{Block, Image};

/// Room between a column's signature image and the next column: the layout leaves
/// the same between the signers' texts.
pub const COLUMN_GAP: f64 = 8.0;

/// A signature image above a signer's name.
#[derive(Debug, Clone, PartialEq)]
pub struct Signature {
    /// The picture, with its alternative text.
    pub image: Image,
    /// The drawn size in points, decided by [`fit`] when the document is built
    /// ([`super::Document::new`]); renderers only read it.
    pub width: f64,
    pub height: f64,
}

impl Signature {
    /// A signature whose size is yet to be decided.
    pub fn new(image: Image) -> Signature {
        Signature {
            image,
            width: 0.0,
            height: 0.0,
        }
    }
}

/// Sizes every signature image: the house style's image height, the width by the
/// image's aspect ratio, and no wider than the signer's column (then lower, keeping
/// the ratio). The height never exceeds the room left for a handwritten signature,
/// so the names stand level whether a signer has an image or not.
pub fn fit(blocks: &mut [Block], style: &HouseStyle) {
    let height = style
        .signatures
        .image_height
        .min(style.signatures.signature_space)
        .max(1.0);
    for block in blocks {
        let Block::Signatures(s) = block else {
            continue;
        };
        let columns = s.signers.len().max(1) as f64;
        let column = (style.page.text_width() / columns - COLUMN_GAP).max(1.0);
        for signature in s.signers.iter_mut().filter_map(|x| x.signature.as_mut()) {
            let (w, h) = (
                f64::from(signature.image.width_px.max(1)),
                f64::from(signature.image.height_px.max(1)),
            );
            let width = height * w / h;
            (signature.width, signature.height) = if width > column {
                (column, column * h / w)
            } else {
                (width, height)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ImageFormat, Inline, Signatures, Signer};
    use std::sync::Arc;

    fn block(px: (u32, u32), signers: usize) -> Block {
        let image = Image {
            bytes: Arc::new(Vec::new()),
            format: ImageFormat::Png,
            width_px: px.0,
            height_px: px.1,
            alt: "Handtekening".into(),
        };
        Block::Signatures(Signatures {
            sender: vec![Inline::plain("Het college,")],
            signers: (0..signers)
                .map(|_| Signer {
                    role: vec![Inline::plain("de burgemeester,")],
                    name: vec![Inline::plain("Naam")],
                    signature: Some(Signature::new(image.clone())),
                })
                .collect(),
        })
    }

    fn size(block: &Block) -> (f64, f64) {
        match block {
            Block::Signatures(s) => {
                let sig = s.signers[0].signature.as_ref().unwrap();
                (sig.width, sig.height)
            }
            _ => unreachable!(),
        }
    }

    #[test]
    fn the_height_is_the_house_styles_and_the_width_follows() {
        let style = HouseStyle::default();
        let mut blocks = [block((300, 100), 2)];
        fit(&mut blocks, &style);
        let h = style.signatures.image_height;
        assert_eq!(size(&blocks[0]), (3.0 * h, h));
        assert!(h <= style.signatures.signature_space);
    }

    #[test]
    fn a_wide_image_is_capped_to_its_column_and_keeps_its_ratio() {
        let style = HouseStyle::default();
        let mut blocks = [block((4000, 100), 2)];
        fit(&mut blocks, &style);
        let column = style.page.text_width() / 2.0 - COLUMN_GAP;
        let (w, h) = size(&blocks[0]);
        assert!((w - column).abs() < 1e-9, "{w} vs {column}");
        assert!((h - column / 40.0).abs() < 1e-9);
    }
}
