//! A municipality's signature images (`ondertekening.handtekeningen`), read for its
//! letter. Templates place them by token (`gemeente.ondertekening.handtekeningen.*` in
//! the context); [`super::markdown`] puts each into the signer whose definition
//! carries its token.

use std::path::Path;

use super::{load_image, Picture};
use crate::document::open_fields;
use crate::document::Image;
use crate::error::Result;
use crate::model::Gemeente;

/// The pictures a letter's template output may refer to, by the name in their token.
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    entries: Vec<(String, Image)>,
}

impl Pictures {
    pub fn get(&self, name: &str) -> Option<&Image> {
        self.entries.iter().find(|(n, _)| n == name).map(|(_, i)| i)
    }
}

/// Reads `gemeente`'s signature images, paths relative to `base_dir`. The alternative
/// text is the region's, or "Handtekening van" and the signer's name; a name still to
/// be filled in (an open field) gives "Handtekening van de burgemeester" instead, so
/// the open field is reported once, at the name.
pub fn load(base_dir: &Path, gemeente: &Gemeente) -> Result<Pictures> {
    let mut pictures = Pictures::default();
    let Some(ondertekening) = &gemeente.ondertekening else {
        return Ok(pictures);
    };
    for (role, name, image) in ondertekening.signers() {
        let Some(image) = image else { continue };
        let alt = match image.alt.as_deref().map(str::trim) {
            Some(alt) if !alt.is_empty() => alt.to_owned(),
            _ if name.trim().is_empty() || !open_fields::find(name).is_empty() => {
                format!("Handtekening van de {role}")
            }
            _ => format!("Handtekening van {}", name.trim()),
        };
        let loaded = load_image(&base_dir.join(&image.afbeelding), alt, Picture::Signature)?;
        pictures
            .entries
            .push((format!("handtekening-{role}"), loaded));
    }
    Ok(pictures)
}
